/**
 * A marketplace user's credits (SPEC D9): one free credit a week, given again every Monday at 00:00
 * Asia/Shanghai and never accumulated, and purchased credits kept apart and spent only after the
 * weekly one. Pure: every change comes out as the new state with how each kind moved, which the actor
 * writes as one ledger entry in the transaction that causes it.
 */
import { localParts, zonedToEpoch } from '../../../lib/zoned';
import { MARKETPLACE_TIME_ZONE } from '../../../schema/dto/legal-catalog';

export const WEEKLY_CREDITS = 1;
export const CREDIT_PRICE_FEN = 5_000;
export const MAX_CREDITS_PER_ORDER = 100;
/** What one batch upload costs. */
export const BATCH_UPLOAD_CREDITS = 1;

export interface CreditState {
  weeklyRemaining: number;
  /** The Monday 00:00 (Asia/Shanghai) of the week the weekly credit belongs to. */
  weekStart: number;
  purchasedRemaining: number;
}

export type CreditAction = 'weekly_reset' | 'purchase' | 'batch_upload';

export interface CreditChange {
  action: CreditAction;
  weeklyDelta: number;
  purchasedDelta: number;
  state: CreditState;
}

/** The Monday 00:00 in Asia/Shanghai that starts the week `now` falls in, `weeksLater` weeks on. */
export function weekStartOf(now: number, weeksLater = 0): number {
  const p = localParts(now, MARKETPLACE_TIME_ZONE);
  const daysSinceMonday = (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - daysSinceMonday + 7 * weeksLater));
  return zonedToEpoch(
    monday.getUTCFullYear(),
    monday.getUTCMonth() + 1,
    monday.getUTCDate(),
    MARKETPLACE_TIME_ZONE,
  );
}

/** When the weekly credit is next given again. */
export function nextResetAt(now: number): number {
  return weekStartOf(now, 1);
}

/** A user's credits before anything happened: this week's free credit, nothing bought. */
export function initialCredits(now: number): CreditState {
  return { weeklyRemaining: WEEKLY_CREDITS, weekStart: weekStartOf(now), purchasedRemaining: 0 };
}

/** A new week began since the state's: the weekly credit is one again (not one more); else null. */
export function weeklyReset(state: CreditState, now: number): CreditChange | null {
  const weekStart = weekStartOf(now);
  if (weekStart <= state.weekStart) return null;
  return {
    action: 'weekly_reset',
    weeklyDelta: WEEKLY_CREDITS - state.weeklyRemaining,
    purchasedDelta: 0,
    state: { ...state, weeklyRemaining: WEEKLY_CREDITS, weekStart },
  };
}

/** A batch upload's credit: the weekly one first, then a purchased one; null when there is none. */
export function spendForBatch(state: CreditState): CreditChange | null {
  if (state.weeklyRemaining >= BATCH_UPLOAD_CREDITS) {
    return {
      action: 'batch_upload',
      weeklyDelta: -BATCH_UPLOAD_CREDITS,
      purchasedDelta: 0,
      state: { ...state, weeklyRemaining: state.weeklyRemaining - BATCH_UPLOAD_CREDITS },
    };
  }
  if (state.purchasedRemaining >= BATCH_UPLOAD_CREDITS) {
    return {
      action: 'batch_upload',
      weeklyDelta: 0,
      purchasedDelta: -BATCH_UPLOAD_CREDITS,
      state: { ...state, purchasedRemaining: state.purchasedRemaining - BATCH_UPLOAD_CREDITS },
    };
  }
  return null;
}

/** Paid credits arrive; they never expire and never mix with the weekly one. */
export function purchased(state: CreditState, count: number): CreditChange {
  return {
    action: 'purchase',
    weeklyDelta: 0,
    purchasedDelta: count,
    state: { ...state, purchasedRemaining: state.purchasedRemaining + count },
  };
}

export function creditsPriceFen(count: number): number {
  return count * CREDIT_PRICE_FEN;
}
