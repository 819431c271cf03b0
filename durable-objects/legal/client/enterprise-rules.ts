/**
 * An enterprise client's monthly case allowance and its collection analytics (SPEC D11), pure: the
 * allowance a package gives, the refusal of an upload past it, and the report's figures, each rate a
 * ratio of kept counters.
 */
import { AppError } from '../../../lib/errors';
import { ENTERPRISE_PACKAGES, type EnterprisePackageCode } from '../../../schema/dto/legal-enterprise';

export interface AllowanceState {
  package: EnterprisePackageCode | null;
  /** The business month (`YYYY-MM`, in the company's time zone) the count belongs to. */
  month: string;
  used: number;
}

export interface AllowanceView extends AllowanceState {
  allowance: number;
  remaining: number;
}

export function allowanceView(state: AllowanceState): AllowanceView {
  const allowance = state.package ? ENTERPRISE_PACKAGES[state.package].monthlyCaseAllowance : 0;
  return { ...state, allowance, remaining: Math.max(0, allowance - state.used) };
}

/** Refuses an upload of `requested` cases past the month's allowance (402, with the counts); answers the state after. */
export function takeAllowance(state: AllowanceState, requested: number): AllowanceState {
  const view = allowanceView(state);
  if (!state.package) {
    throw new AppError(
      402,
      'NO_ENTERPRISE_PACKAGE',
      'the company has no enterprise package, so no case allowance',
      {
        ...view,
        requested,
      },
    );
  }
  if (state.used + requested > view.allowance) {
    throw new AppError(
      402,
      'CASE_ALLOWANCE_EXCEEDED',
      `the ${state.package} package allows ${view.allowance} cases in ${state.month}: ${view.remaining} are left, the upload has ${requested}`,
      { ...view, requested },
    );
  }
  return { ...state, used: state.used + requested };
}

/** The counters kept per month, by the company's actor for itself and by the platform for everyone. */
export interface CollectionFigures {
  cases: number;
  owedFen: number;
  responded: number;
  responseMsTotal: number;
  completed: number;
  recovered: number;
  recoveredFen: number;
  /** Distinct lawyers who took a case, counted per month (so summed over months: lawyer-months). */
  lawyers: number;
}

export const NO_FIGURES: CollectionFigures = {
  cases: 0,
  owedFen: 0,
  responded: 0,
  responseMsTotal: 0,
  completed: 0,
  recovered: 0,
  recoveredFen: 0,
  lawyers: 0,
};

export function addFigures(a: CollectionFigures, b: CollectionFigures): CollectionFigures {
  return {
    cases: a.cases + b.cases,
    owedFen: a.owedFen + b.owedFen,
    responded: a.responded + b.responded,
    responseMsTotal: a.responseMsTotal + b.responseMsTotal,
    completed: a.completed + b.completed,
    recovered: a.recovered + b.recovered,
    recoveredFen: a.recoveredFen + b.recoveredFen,
    lawyers: a.lawyers + b.lawyers,
  };
}

export interface CollectionMetrics {
  casesProcessed: number;
  casesWithResponse: number;
  amountOwedFen: number;
  amountRecoveredFen: number;
  /** Hours from a case being handed to the dispatcher to a lawyer taking it, on average. */
  averageResponseHours: number | null;
  /** Lawyer utilisation: cases a lawyer took in a month, on average over the lawyers who took any. */
  casesPerLawyerMonth: number | null;
  /** Cases a lawyer took, of those processed. */
  responseRate: number | null;
  /** Amount recovered, of the amount owed. */
  recoveryRate: number | null;
  /** Cases recovered, of those completed. */
  completedRecoveryRate: number | null;
}

const HOUR_MS = 3_600_000;
const ratio = (part: number, whole: number, places = 4): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10 ** places) / 10 ** places;

export function metricsOf(f: CollectionFigures): CollectionMetrics {
  return {
    casesProcessed: f.cases,
    casesWithResponse: f.responded,
    amountOwedFen: f.owedFen,
    amountRecoveredFen: f.recoveredFen,
    averageResponseHours: ratio(f.responseMsTotal / HOUR_MS, f.responded, 2),
    casesPerLawyerMonth: ratio(f.responded, f.lawyers, 2),
    responseRate: ratio(f.responded, f.cases),
    recoveryRate: ratio(f.recoveredFen, f.owedFen),
    completedRecoveryRate: ratio(f.recovered, f.completed),
  };
}

export interface Recommendation {
  code: string;
  zh: string;
  en: string;
}

const below = (own: number | null, platform: number | null) =>
  own !== null && platform !== null && own < platform;

/** What the company might change, from how its figures stand beside the platform's; never a promise. */
export function recommendationsFor(own: CollectionMetrics, platform: CollectionMetrics): Recommendation[] {
  const out: Recommendation[] = [];
  if (own.casesProcessed === 0) {
    out.push({
      code: 'upload_cases',
      zh: '本期尚无案件：上传一批欠款即可开始催收并积累数据。',
      en: 'No cases in this period: upload a batch of debts to start collecting and gathering figures.',
    });
    return out;
  }
  if (below(own.responseRate, platform.responseRate)) {
    out.push({
      code: 'check_contact_data',
      zh: '律师接案率低于平台平均：请核对债务人电话与证件号码，完整资料更容易被接手。',
      en: "Fewer cases are taken than the platform's average: check debtors' phone and id numbers; complete files are taken sooner.",
    });
  }
  if (below(own.recoveryRate, platform.recoveryRate)) {
    out.push({
      code: 'upload_earlier',
      zh: '回收率低于平台平均：欠款越早交办，回收的可能越大。',
      en: "Recovery is below the platform's average: debts handed over sooner after falling due are recovered more often.",
    });
  }
  if (
    own.averageResponseHours !== null &&
    platform.averageResponseHours !== null &&
    own.averageResponseHours > platform.averageResponseHours
  ) {
    out.push({
      code: 'spread_uploads',
      zh: '平均响应时间长于平台平均：分批上传可让律师更快接手。',
      en: "Lawyers take your cases more slowly than the platform's average: smaller, more frequent batches are taken sooner.",
    });
  }
  if (out.length === 0) {
    out.push({
      code: 'keep_going',
      zh: '各项指标不低于平台平均，保持现有做法。',
      en: "Every figure is at or above the platform's average: keep going as you are.",
    });
  }
  return out;
}
