import { mulDivRound } from '../../lib/money';

/**
 * How a company's administrator changes plan or billing cycle (SPEC A12), pure:
 * - an upgrade (a dearer plan on the same cycle) takes effect at once; the difference for the days left of
 *   the period already invoiced is charged on the next invoice, prorated to the day;
 * - a downgrade, an equal-priced plan, or any change of billing cycle waits for the end of the current
 *   period, which was billed in advance for the old terms;
 * - a company that has paid nothing in advance (a trial, an expired trial) changes at once, in full;
 * - any change is refused while usage exceeds the new plan's quotas, naming each.
 *
 * Days are calendar days in the company's time zone (`YYYY-MM-DD`); money is integer fen.
 */

export type Cycle = 'monthly' | 'quarterly' | 'yearly';

export interface Terms {
  plan: string;
  cycle: Cycle;
  /** The plan's price for one period of the cycle. */
  cyclePriceFen: number;
}

export type ChangeTiming = 'now' | 'period_end';

/** When a change from `current` to `target` takes effect. `prepaid`: the current period was billed in advance. */
export function changeTiming(current: Terms, target: Terms, prepaid: boolean): ChangeTiming {
  if (!prepaid) return 'now';
  if (target.cycle !== current.cycle) return 'period_end';
  return target.cyclePriceFen > current.cyclePriceFen ? 'now' : 'period_end';
}

/** What the company is called on to do: `upgrade` (dearer), `downgrade` (cheaper or equal) or a cycle change. */
export function changeKind(current: Terms, target: Terms): 'upgrade' | 'downgrade' | 'cycle' {
  if (target.plan === current.plan) return 'cycle';
  return target.cyclePriceFen > current.cyclePriceFen ? 'upgrade' : 'downgrade';
}

/** The quotas a smaller plan is checked against: what a company holds, not what it spends in a month. */
export const STANDING_QUOTAS = ['users', 'customers', 'storageMB'] as const;
export type StandingQuota = (typeof STANDING_QUOTAS)[number];

export interface QuotaExcess {
  quota: StandingQuota;
  used: number;
  limit: number;
}

/** Every standing quota the usage exceeds on the target plan (null limits are unlimited). */
export function quotaExcess(
  usage: Record<StandingQuota, number>,
  limits: Record<StandingQuota, number | null>,
): QuotaExcess[] {
  return STANDING_QUOTAS.flatMap((quota) => {
    const limit = limits[quota];
    return limit !== null && usage[quota] > limit ? [{ quota, used: usage[quota], limit }] : [];
  });
}

/** Days from one local date to another (`YYYY-MM-DD`), by the calendar: no clock, no daylight saving. */
export function daysBetween(from: string, to: string): number {
  const utc = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return Date.UTC(y!, m! - 1, d!);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

export interface Proration {
  /** Days of the period on the new plan: today and every day after it, up to the period's end. */
  days: number;
  periodDays: number;
  amountFen: number;
}

/**
 * The part of a price difference `differenceFen` that falls on the days from `today` (local, inclusive) to
 * the end of the period `[periodStart, periodEnd)`. The difference is shared out day by day as a running
 * total rounded half up, `mulDivRound(difference, elapsed days, period days)`; the upgrade is charged the
 * difference less what the elapsed days took. So the daily parts of one period add up to the difference
 * exactly, however the days are split, and a part is never negative.
 */
export function prorate(
  differenceFen: number,
  periodStart: string,
  periodEnd: string,
  today: string,
): Proration {
  const periodDays = daysBetween(periodStart, periodEnd);
  const days = Math.min(periodDays, Math.max(0, daysBetween(today, periodEnd)));
  const difference = Math.max(0, differenceFen);
  const elapsedShare = mulDivRound(difference, periodDays - days, periodDays);
  return { days, periodDays, amountFen: difference - elapsedShare };
}
