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

const PAID_MONTH_MS = 30 * 86_400_000;

/** The package that applies at `now`: one set by an admin (no end) always, a bought one until its end. */
export function packageInForce(
  code: EnterprisePackageCode | null,
  paidUntil: number | null,
  now: number,
): EnterprisePackageCode | null {
  if (!code) return null;
  return paidUntil === null || paidUntil > now ? code : null;
}

/**
 * When a package bought at `now` ends: 30 days on; the package in force bought again adds its 30
 * days to the time it still has; another package replaces it from now.
 */
export function paidUntilAfter(
  current: { package: EnterprisePackageCode | null; paidUntil: number | null },
  bought: EnterprisePackageCode,
  now: number,
): number {
  const running = current.package === bought && current.paidUntil !== null && current.paidUntil > now;
  return (running ? current.paidUntil! : now) + PAID_MONTH_MS;
}

/** The counters kept per month, by the company's actor for itself and by the platform for everyone. */
export interface CollectionFigures {
  cases: number;
  owedFen: number;
  /** Cases a lawyer took, and the time from hand-over to taking them, summed. */
  responded: number;
  responseMsTotal: number;
  completed: number;
  /** Cases closed as a success. */
  recovered: number;
  /** From the lawyers' recovery records: the amounts recovered, the cases whose debtor answered a contact, the cases with a payment and the time from hand-over to each one's first payment, summed. */
  recoveredFen: number;
  debtorResponded: number;
  paidCases: number;
  recoveryMsTotal: number;
  /** Cases a lawyer did not take within the package's SLA. */
  slaBreaches: number;
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
  debtorResponded: 0,
  paidCases: 0,
  recoveryMsTotal: 0,
  slaBreaches: 0,
  lawyers: 0,
};

export function addFigures(a: CollectionFigures, b: CollectionFigures): CollectionFigures {
  const sum = { ...a };
  for (const name of Object.keys(NO_FIGURES) as (keyof CollectionFigures)[]) sum[name] = a[name] + b[name];
  return sum;
}

export interface CollectionMetrics {
  casesProcessed: number;
  /** Cases a lawyer took. */
  casesTaken: number;
  /** Cases whose debtor answered at least one recorded contact. */
  casesWithResponse: number;
  /** Cases with at least one recorded payment. */
  casesWithPayment: number;
  amountOwedFen: number;
  amountRecoveredFen: number;
  /** Hours from a case being handed to the dispatcher to a lawyer taking it, on average. */
  averageResponseHours: number | null;
  /** Days from a case being handed to the dispatcher to its first recorded payment, on average over the cases with one. */
  averageRecoveryDays: number | null;
  /** Lawyer utilisation: cases a lawyer took in a month, on average over the lawyers who took any. */
  casesPerLawyerMonth: number | null;
  /** Cases whose debtor answered, of those processed. */
  responseRate: number | null;
  /** Amount recovered, of the amount owed. */
  recoveryRate: number | null;
  /** Cases closed as a success, of those closed. */
  completedRecoveryRate: number | null;
  slaBreaches: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ratio = (part: number, whole: number, places = 4): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10 ** places) / 10 ** places;

export function metricsOf(f: CollectionFigures): CollectionMetrics {
  return {
    casesProcessed: f.cases,
    casesTaken: f.responded,
    casesWithResponse: f.debtorResponded,
    casesWithPayment: f.paidCases,
    amountOwedFen: f.owedFen,
    amountRecoveredFen: f.recoveredFen,
    averageResponseHours: ratio(f.responseMsTotal / HOUR_MS, f.responded, 2),
    averageRecoveryDays: ratio(f.recoveryMsTotal / DAY_MS, f.paidCases, 2),
    casesPerLawyerMonth: ratio(f.responded, f.lawyers, 2),
    responseRate: ratio(f.debtorResponded, f.cases),
    recoveryRate: ratio(f.recoveredFen, f.owedFen),
    completedRecoveryRate: ratio(f.recovered, f.completed),
    slaBreaches: f.slaBreaches,
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
      zh: '债务人响应率低于平台平均：请核对债务人电话与证件号码，资料完整更容易联系到债务人。',
      en: "Fewer debtors answer than the platform's average: check debtors' phone and id numbers; complete files reach them more often.",
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
