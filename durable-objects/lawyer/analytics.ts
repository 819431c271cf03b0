/**
 * The lawyer's data analysis (SPEC D4 `dataAnalysis`): their own figures per business month, from
 * the cases offered to them, their recovery records and their points ledger. Each figure counts in the month its event
 * happened (an offer when offered, an answer when answered, a completion when completed, a review
 * when reviewed). Every month keeps its sums, so the months add up to the totals and every average
 * is computed once from sums. Pure.
 */
import { addMonths, monthOf, monthsUpTo } from '../../lib/zoned';
import type { CaseType } from '../../schema/dto/legal-catalog';
import { serviceFeeFen } from '../legal/fees';

/** What the analysis reads of one case offered to the lawyer. */
export interface AnalyticsCase {
  caseType: string;
  amountFen: number;
  status: 'offered' | 'assigned' | 'declined' | 'lapsed' | 'completed';
  offeredAt: number;
  respondedAt: number | null;
  completedAt: number | null;
  outcome: 'success' | 'fail' | null;
  stars: number | null;
  reviewedAt: number | null;
}

/** What the analysis reads of one recovery record of a debt case (issue 21). */
export interface AnalyticsRecovery {
  kind: 'contact' | 'payment';
  at: number;
  responded: boolean | null;
  amountFen: number | null;
}

/** What the analysis reads of one points-ledger entry. */
export interface AnalyticsPoints {
  at: number;
  result: number;
}

export interface AnalyticsSums {
  offered: number;
  accepted: number;
  declined: number;
  lapsed: number;
  completed: number;
  succeeded: number;
  failed: number;
  responses: number;
  responseMinutesSum: number;
  reviews: number;
  starsSum: number;
  pointsEarned: number;
  pointsLost: number;
  feesEarnedFen: number;
  debtorContacts: number;
  debtorResponses: number;
  recoveredFen: number;
}

export interface AnalyticsFigures extends AnalyticsSums {
  /** Accepted of the offers answered or let lapse; null when none. */
  acceptanceRate: number | null;
  /** From offer to acceptance or decline; null when none. */
  averageResponseMinutes: number | null;
  /** Succeeded of completed; null when none. */
  successRate: number | null;
  averageStars: number | null;
}

export interface LawyerAnalytics {
  from: string;
  to: string;
  months: (AnalyticsFigures & { month: string })[];
  totals: AnalyticsFigures;
}

const empty = (): AnalyticsSums => ({
  offered: 0,
  accepted: 0,
  declined: 0,
  lapsed: 0,
  completed: 0,
  succeeded: 0,
  failed: 0,
  responses: 0,
  responseMinutesSum: 0,
  reviews: 0,
  starsSum: 0,
  pointsEarned: 0,
  pointsLost: 0,
  feesEarnedFen: 0,
  debtorContacts: 0,
  debtorResponses: 0,
  recoveredFen: 0,
});

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

const average = (sum: number, n: number): number | null =>
  n === 0 ? null : Math.round((sum / n) * 100) / 100;

/** The rates and averages of a month's (or the window's) sums. */
export function figuresOf(sums: AnalyticsSums): AnalyticsFigures {
  return {
    ...sums,
    acceptanceRate: ratio(sums.accepted, sums.accepted + sums.declined + sums.lapsed),
    averageResponseMinutes: average(sums.responseMinutesSum, sums.responses),
    successRate: ratio(sums.succeeded, sums.completed),
    averageStars: average(sums.starsSum, sums.reviews),
  };
}

/** The first business month of the last `months` ending with the one `now` falls in. */
export function windowStart(now: number, months: number, timeZone: string): string {
  return addMonths(monthOf(now, timeZone), 1 - months);
}

/** The lawyer's figures for the last `months` business months (the current one included), oldest first. */
export function lawyerAnalytics(input: {
  cases: readonly AnalyticsCase[];
  points: readonly AnalyticsPoints[];
  recovery: readonly AnalyticsRecovery[];
  now: number;
  months: number;
  timeZone: string;
}): LawyerAnalytics {
  const list = monthsUpTo(monthOf(input.now, input.timeZone), input.months);
  const byMonth = new Map(list.map((m) => [m, empty()]));
  const at = (ms: number | null) => (ms === null ? undefined : byMonth.get(monthOf(ms, input.timeZone)));

  for (const kase of input.cases) {
    const offered = at(kase.offeredAt);
    if (offered) offered.offered++;
    const answered = at(kase.respondedAt);
    if (answered) {
      if (kase.status === 'declined') answered.declined++;
      else if (kase.status === 'lapsed') answered.lapsed++;
      else answered.accepted++;
      if (kase.status !== 'lapsed') {
        answered.responses++;
        answered.responseMinutesSum += Math.round((kase.respondedAt! - kase.offeredAt) / 60_000);
      }
    }
    const completed = kase.status === 'completed' ? at(kase.completedAt) : undefined;
    if (completed) {
      completed.completed++;
      if (kase.outcome === 'success') completed.succeeded++;
      else completed.failed++;
      completed.feesEarnedFen += serviceFeeFen(kase.caseType as CaseType, kase.amountFen);
    }
    const reviewed = kase.stars === null ? undefined : at(kase.reviewedAt);
    if (reviewed) {
      reviewed.reviews++;
      reviewed.starsSum += kase.stars!;
    }
  }
  for (const record of input.recovery) {
    const month = at(record.at);
    if (!month) continue;
    if (record.kind === 'payment') month.recoveredFen += record.amountFen!;
    else {
      month.debtorContacts++;
      if (record.responded === true) month.debtorResponses++;
    }
  }
  for (const entry of input.points) {
    const month = at(entry.at);
    if (!month) continue;
    if (entry.result >= 0) month.pointsEarned += entry.result;
    else month.pointsLost -= entry.result;
  }

  const totals = empty();
  for (const sums of byMonth.values())
    for (const key of Object.keys(totals) as (keyof AnalyticsSums)[]) totals[key] += sums[key];
  return {
    from: list[0]!,
    to: list[list.length - 1]!,
    months: list.map((month) => ({ month, ...figuresOf(byMonth.get(month)!) })),
    totals: figuresOf(totals),
  };
}
