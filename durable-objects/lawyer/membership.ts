/**
 * How a lawyer's membership changes (SPEC D4): the only answer to "what does asking for a plan cost,
 * what does a paid month change, and what happens when it ends". A paid plan is bought a month at a
 * time through a payment order; an upgrade applies when it is paid, a downgrade at the end of the
 * month already paid. Pure; months are calendar months in the platform's time zone.
 */
import { AppError, fieldError } from '../../lib/errors';
import { localParts, zonedToEpoch } from '../../lib/zoned';
import {
  FREE_MEMBERSHIP_YEARS,
  MARKETPLACE_TIME_ZONE,
  MEMBERSHIP_PLANS,
  MEMBERSHIPS,
  type MembershipPlan,
} from '../../schema/dto/legal-catalog';

export interface MembershipState {
  plan: MembershipPlan;
  /** End of the paid month; null on the free plan. */
  paidUntil: number | null;
  /** What follows the paid month: `free` (a downgrade asked for) or a paid plan already paid for. */
  nextPlan: MembershipPlan | null;
}

const rank = (plan: MembershipPlan) => MEMBERSHIP_PLANS.indexOf(plan);

/** The same wall-clock moment `months` calendar months later (the 31st becomes the month's last day). */
export function addCalendarMonths(ms: number, months: number, timeZone = MARKETPLACE_TIME_ZONE): number {
  const p = localParts(ms, timeZone);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const at = zonedToEpoch(year, month, Math.min(p.day, lastDay), timeZone, p.hour, p.minute);
  return at + p.second * 1000 + (ms % 1000);
}

/** The free membership given at certification: ten years, renewed for ten more whenever it runs out. */
export function freeMembershipUntil(grantedAt: number, now: number): number {
  let until = addCalendarMonths(grantedAt, 12 * FREE_MEMBERSHIP_YEARS);
  while (until <= now) until = addCalendarMonths(until, 12 * FREE_MEMBERSHIP_YEARS);
  return until;
}

export type PlanRequest =
  | { kind: 'pay'; plan: MembershipPlan; amountFen: number; effect: 'upgrade' | 'renew' | 'next_month' }
  | { kind: 'downgrade'; plan: 'free'; effectiveAt: number };

/** D4: what asking for `target` means now: a payment order for a month of it, or a downgrade at the month's end. */
export function requestPlan(state: MembershipState, target: MembershipPlan): PlanRequest {
  if (target === 'free') {
    if (state.plan === 'free' || state.paidUntil === null) {
      throw fieldError(409, 'ALREADY_ON_PLAN', 'body.plan', 'you are on the free plan already');
    }
    if (state.nextPlan === 'free') {
      throw fieldError(409, 'DOWNGRADE_SCHEDULED', 'body.plan', 'a downgrade to free is already scheduled');
    }
    return { kind: 'downgrade', plan: 'free', effectiveAt: state.paidUntil };
  }
  const amountFen = MEMBERSHIPS[target].monthlyFeeFen;
  if (state.plan === 'free' || rank(target) > rank(state.plan))
    return { kind: 'pay', plan: target, amountFen, effect: 'upgrade' };
  if (target === state.plan) return { kind: 'pay', plan: target, amountFen, effect: 'renew' };
  return { kind: 'pay', plan: target, amountFen, effect: 'next_month' };
}

/**
 * D4: a paid month of `plan`, applied at `paidAt`. A higher plan (or any paid plan after free) starts
 * now for a month; the same plan adds a month; a lower paid plan follows the month already paid.
 * What the order buys is decided when it is paid, so an order paid late still buys exactly one month.
 */
export function applyPaidMonth(
  state: MembershipState,
  plan: MembershipPlan,
  paidAt: number,
): MembershipState {
  if (plan === 'free') throw new AppError(409, 'NOTHING_TO_PAY', 'the free plan is not bought');
  const paidUntil = state.paidUntil !== null && state.paidUntil > paidAt ? state.paidUntil : null;
  if (state.plan === 'free' || paidUntil === null || rank(plan) > rank(state.plan)) {
    return { plan, paidUntil: addCalendarMonths(paidAt, 1), nextPlan: null };
  }
  if (plan === state.plan) {
    return { plan, paidUntil: addCalendarMonths(paidUntil, 1), nextPlan: null };
  }
  return { ...state, paidUntil, nextPlan: plan };
}

/** D4: the paid month has ended: the plan paid for next begins, or the lawyer goes back to free. */
export function atPaidMonthEnd(state: MembershipState): MembershipState {
  if (state.paidUntil === null) return state;
  if (state.nextPlan && state.nextPlan !== 'free') {
    return { plan: state.nextPlan, paidUntil: addCalendarMonths(state.paidUntil, 1), nextPlan: null };
  }
  return { plan: 'free', paidUntil: null, nextPlan: null };
}

/** D4: the downgrade asked for now is remembered and happens when the paid month ends. */
export function scheduleDowngrade(state: MembershipState): MembershipState {
  return { ...state, nextPlan: 'free' };
}
