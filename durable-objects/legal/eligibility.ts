/**
 * Who may be offered a case (SPEC D8), and in which order: the only answer, used by the dispatcher to
 * choose and by the lawyer's own actor to accept or refuse what it is offered. Pure.
 */
import { dateOf, monthOf } from '../../lib/zoned';
import { MARKETPLACE_TIME_ZONE } from '../../schema/dto/legal-catalog';
import type { CaseFacts, LawyerSnapshot } from '../../schema/dto/legal-messages';
import { planTakes } from '../lawyer/tiers';

export type { CaseFacts, LawyerSnapshot };

/** The business day and month of an instant, which the daily and monthly counters are kept by. */
export interface CounterKeys {
  day: string;
  month: string;
}

/** The keys of the last minute asked for: the marketplace's zone is whole hours off UTC, so a minute has one day. */
let lastKeys: { minute: number; keys: CounterKeys } | undefined;

export function counterKeys(now: number): CounterKeys {
  const minute = Math.floor(now / 60_000);
  if (lastKeys?.minute !== minute) {
    lastKeys = {
      minute,
      keys: { day: dateOf(now, MARKETPLACE_TIME_ZONE), month: monthOf(now, MARKETPLACE_TIME_ZONE) },
    };
  }
  return lastKeys.keys;
}

export type Refusal = 'inactive' | 'suspended' | 'area' | 'membership' | 'daily_limit' | 'monthly_limit';

/** Offers not yet answered, as far as the one asking knows them. */
export interface OpenLoad {
  offers: number;
  amountFen: number;
}

/** Cases taken today and case amounts this month, counting offers still open as taken. */
export function loadOf(s: LawyerSnapshot, keys: CounterKeys, open: OpenLoad) {
  return {
    today: (s.dayKey === keys.day ? s.acceptedToday : 0) + open.offers,
    monthFen: (s.monthKey === keys.month ? s.amountThisMonthFen : 0) + open.amountFen,
  };
}

/**
 * D8: why this lawyer may not be offered this case now, or null when they may: active and certified,
 * not suspended, practising the case's area, a membership that takes it, and room under the effective
 * daily and monthly limits once every open offer is counted as taken.
 */
export function refusalFor(
  s: LawyerSnapshot,
  kase: CaseFacts,
  now: number,
  keys: CounterKeys,
  open: OpenLoad,
): Refusal | null {
  if (!s.active) return 'inactive';
  if (s.suspendedUntil !== null && s.suspendedUntil > now) return 'suspended';
  if (!s.areas.includes(kase.area)) return 'area';
  if (!planTakes(s.plan, kase.minMembership)) return 'membership';
  const load = loadOf(s, keys, open);
  if (s.dailyLimit !== null && load.today + 1 > s.dailyLimit) return 'daily_limit';
  if (s.monthlyLimitFen !== null && load.monthFen + kase.amountFen > s.monthlyLimitFen)
    return 'monthly_limit';
  return null;
}

/**
 * D8: the eligible lawyer to offer the case to first: the highest priority weight, then the one with
 * the least taken today (so equal lawyers share the work), then the smallest id (so the choice is
 * repeatable). `openOf` answers the open offers the caller knows of for a lawyer; `excluded` are
 * lawyers the case must not go to again.
 */
export function bestCandidate(
  lawyers: Iterable<LawyerSnapshot>,
  kase: CaseFacts,
  now: number,
  keys: CounterKeys,
  openOf: (lawyerId: string) => OpenLoad,
  excluded: ReadonlySet<string>,
): LawyerSnapshot | null {
  let best: LawyerSnapshot | null = null;
  let bestToday = 0;
  for (const s of lawyers) {
    if (excluded.has(s.lawyerId)) continue;
    if (best && s.weightTenths < best.weightTenths) continue;
    const open = openOf(s.lawyerId);
    if (refusalFor(s, kase, now, keys, open) !== null) continue;
    const today = loadOf(s, keys, open).today;
    if (
      !best ||
      s.weightTenths > best.weightTenths ||
      today < bestToday ||
      (today === bestToday && s.lawyerId < best.lawyerId)
    ) {
      best = s;
      bestToday = today;
    }
  }
  return best;
}
