/**
 * How a lawyer's points move (SPEC D6, D7): the only answer to "how many points does this earn or
 * cost", to the decline penalty, the priority weight and the suspension after repeated declines.
 * Pure, over the rule table of `legal-catalog.ts`.
 */
import {
  type LevelTerms,
  MEMBERSHIPS,
  type MembershipPlan,
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

/** D6: a rule's points for `units` of it; rewards are multiplied by the membership's multiplier, penalties are not. */
export function pointsFor(action: PointAction, plan: MembershipPlan, units = 1): PointsChange {
  const base = POINT_RULES[action] * units;
  const multiplier = base > 0 ? MEMBERSHIPS[plan].pointMultiplier : 1;
  return { action, base, multiplier, result: Math.round(base * multiplier), plan };
}

/** D7: the window declines are counted in, and how many within it suspend new offers. */
export const DECLINE_WINDOW_MS = 7 * 86_400_000;
export const DECLINES_TO_SUSPEND = 5;
export const SUSPENSION_MS = 24 * 3_600_000;
/** A case above this amount costs more to decline. */
export const HIGH_VALUE_DECLINE_FEN = 50_000_00;

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
