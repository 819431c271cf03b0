/**
 * How a lawyer's points move (SPEC D6, D7): the only answer to "how many points does this earn or
 * cost", to the decline penalty, the priority weight and the suspension after repeated declines.
 * Pure, over the rule table of `legal-catalog.ts`.
 */
import { dateOf, localParts } from '../../lib/zoned';
import {
  type LevelTerms,
  MARKETPLACE_TIME_ZONE,
  MEMBERSHIPS,
  type MembershipPlan,
  MULTIPLIED_RULES,
  POINT_RULES,
  type PointAction,
} from '../../schema/dto/legal-catalog';

export interface PointsChange {
  action: PointAction;
  base: number;
  /** The multiplier applied: the membership's for a reward, 1 for a penalty. */
  multiplier: number;
  result: number;
  plan: MembershipPlan;
}

/** D6: a rule's points for `units` of it, multiplied by the membership's multiplier when `MULTIPLIED_RULES` says so. */
export function pointsFor(action: PointAction, plan: MembershipPlan, units = 1): PointsChange {
  const base = POINT_RULES[action] * units;
  const multiplier = MULTIPLIED_RULES[action] ? MEMBERSHIPS[plan].pointMultiplier : 1;
  return { action, base, multiplier, result: Math.round(base * multiplier), plan };
}

/** D7: the window declines are counted in, and how many within it suspend new offers. */
export const DECLINE_WINDOW_MS = 7 * 86_400_000;
export const DECLINES_TO_SUSPEND = 5;
export const SUSPENSION_MS = 24 * 3_600_000;
/** A case above this amount is a high-value one: completing it earns `case_high_value`. */
export const HIGH_VALUE_CASE_FEN = 50_000_00;
/** A case above this amount costs more to decline (the same line as a high-value case). */
export const HIGH_VALUE_DECLINE_FEN = HIGH_VALUE_CASE_FEN;

/**
 * D7: declining costs 30, +20 when the case is above ¥50 000, +10 at level 7 or above, and +10 for
 * each decline already made in the last 7 days. Deducted as computed, never multiplied.
 */
export function declinePenalty(amountFen: number, level: number, earlierDeclinesInWindow: number): number {
  return (
    -POINT_RULES.case_declined +
    (amountFen > HIGH_VALUE_DECLINE_FEN ? 20 : 0) +
    (level >= 7 ? 10 : 0) +
    10 * earlierDeclinesInWindow
  );
}

export function declineChange(
  plan: MembershipPlan,
  amountFen: number,
  level: number,
  earlierDeclinesInWindow: number,
): PointsChange {
  const penalty = declinePenalty(amountFen, level, earlierDeclinesInWindow);
  return { action: 'case_declined', base: -penalty, multiplier: 1, result: -penalty, plan };
}

/** The lowest a priority weight goes, in tenths, however many declines there were. */
export const MIN_PRIORITY_TENTHS = 1;

/** D7: the level's priority weight, 0.1 lower for each decline in the last 7 days. */
export function priorityWeightTenths(level: LevelTerms, declinesInWindow: number): number {
  return Math.max(MIN_PRIORITY_TENTHS, level.priorityWeightTenths - declinesInWindow);
}

/**
 * D7: after a decline at `now`, with `declinesInWindow` declines in the last 7 days counting this one,
 * the time new offers are suspended until (exactly 24 h from the decline that reached five), or the
 * current suspension when no new one starts.
 */
export function suspensionAfterDecline(
  declinesInWindow: number,
  now: number,
  suspendedUntil: number | null,
): { suspendedUntil: number | null; started: boolean } {
  if (declinesInWindow < DECLINES_TO_SUSPEND) return { suspendedUntil, started: false };
  const until = now + SUSPENSION_MS;
  const active = suspendedUntil !== null && suspendedUntil > now;
  return { suspendedUntil: Math.max(until, suspendedUntil ?? 0), started: !active };
}

/** D8: answering an offer within this long earns `quick_response`; later costs `late_response`. */
export const QUICK_RESPONSE_MS = 3_600_000;
/** D8: an offer not answered within this long lapses (costing `late_response`) and the case moves on. */
export const OFFER_WINDOW_MS = 4 * 3_600_000;

export function responseAction(offeredAt: number, respondedAt: number): 'quick_response' | 'late_response' {
  return respondedAt - offeredAt <= QUICK_RESPONSE_MS ? 'quick_response' : 'late_response';
}

export type ReviewStars = 1 | 2 | 3 | 4 | 5;

export function reviewAction(stars: ReviewStars): PointAction {
  return `review_${stars}star` as PointAction;
}

/** A case completed successfully within this long of its acceptance earns `case_fast_completion`. */
export const FAST_COMPLETION_MS = 72 * 3_600_000;
/** `payment_100yuan` is earned once for each whole ¥100 the client paid for the case. */
export const PAYMENT_UNIT_FEN = 100_00;

/** A Saturday or a Sunday in the marketplace's time zone. */
export function isWeekend(at: number): boolean {
  const p = localParts(at, MARKETPLACE_TIME_ZONE);
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export interface RuleUnits {
  action: PointAction;
  units: number;
}

/** D6: the rules a case's acceptance sets off besides the response: `weekend_work` on a Saturday or Sunday. */
export function acceptanceRules(acceptedAt: number): RuleUnits[] {
  return isWeekend(acceptedAt) ? [{ action: 'weekend_work', units: 1 }] : [];
}

/**
 * D6: the rules a completion sets off besides its outcome. A success above the high-value line earns
 * `case_high_value`; a success within 72 h of acceptance `case_fast_completion`; every completion earns
 * `payment_100yuan` per whole ¥100 of the fee the client paid, and `weekend_work` on a weekend.
 */
export function completionRules(kase: {
  amountFen: number;
  feeFen: number;
  acceptedAt: number;
  completedAt: number;
  outcome: 'success' | 'fail';
}): RuleUnits[] {
  const rules: RuleUnits[] = [];
  const success = kase.outcome === 'success';
  if (success && kase.amountFen > HIGH_VALUE_CASE_FEN) rules.push({ action: 'case_high_value', units: 1 });
  if (success && kase.completedAt - kase.acceptedAt <= FAST_COMPLETION_MS)
    rules.push({ action: 'case_fast_completion', units: 1 });
  const payments = Math.floor(kase.feeFen / PAYMENT_UNIT_FEN);
  if (payments > 0) rules.push({ action: 'payment_100yuan', units: payments });
  if (isWeekend(kase.completedAt)) rules.push({ action: 'weekend_work', units: 1 });
  return rules;
}

/** Heartbeats further apart than this mean the workspace was closed or idle in between: the gap is not counted. */
export const HEARTBEAT_GAP_MS = 5 * 60_000;
/** How often the open workspace page sends a heartbeat. */
export const HEARTBEAT_EVERY_MS = 60_000;
/** `online_hour` is earned for at most this many hours a business day. */
export const ONLINE_HOURS_PER_DAY = 8;
const HOUR_MS = 3_600_000;

/** Time online on one business day, as the heartbeats counted it. */
export interface OnlineTime {
  day: string;
  onlineMs: number;
  hoursAwarded: number;
  lastBeatAt: number | null;
}

/**
 * D6: a heartbeat from the open workspace at `now`: the time since the previous one counts as online
 * when it is at most `HEARTBEAT_GAP_MS` (a longer gap counts nothing), on the business day of `now`.
 * Answers the new time and the whole hours newly earned, never more than 8 a day.
 */
export function heartbeat(time: OnlineTime, now: number): { time: OnlineTime; hours: number } {
  const day = dateOf(now, MARKETPLACE_TIME_ZONE);
  const sameDay = time.day === day;
  const gap = time.lastBeatAt === null ? null : now - time.lastBeatAt;
  const counted = gap !== null && gap > 0 && gap <= HEARTBEAT_GAP_MS ? gap : 0;
  const onlineMs = (sameDay ? time.onlineMs : 0) + counted;
  const awardedBefore = sameDay ? time.hoursAwarded : 0;
  const hoursAwarded = Math.min(ONLINE_HOURS_PER_DAY, Math.floor(onlineMs / HOUR_MS));
  return {
    time: { day, onlineMs, hoursAwarded, lastBeatAt: Math.max(now, time.lastBeatAt ?? now) },
    hours: hoursAwarded - awardedBefore,
  };
}
