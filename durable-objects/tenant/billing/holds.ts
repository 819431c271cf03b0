import { chargeFen, type Rates } from './charge';

/**
 * Prepaid device time, as pure rules. An allocation holds the price of its booked duration at the
 * rates of the moment; the user's available balance is the balance less everything held. At the end
 * the actual seconds are charged at the held rates — never more than the hold — and the whole hold is
 * let go, in one step. So a balance never goes below zero from device time, and the balance is always
 * the top-ups less the charges.
 */

export interface WalletState {
  balanceFen: number;
  heldFen: number;
}

export interface DeviceShape {
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
}

export const availableFen = (w: WalletState): number => w.balanceFen - w.heldFen;

/** What `durationMinutes` of a device of this shape costs at `rates`: the hold of an allocation. */
export function holdFen(durationMinutes: number, shape: DeviceShape, rates: Rates): number {
  return chargeFen({ durationSeconds: durationMinutes * 60, ...shape }, rates);
}

/**
 * What must be available to place a hold of `amount`: the amount, and at least one fen (device time is
 * for users with money on their wallet, even at rates of zero).
 */
export const neededFen = (amount: number): number => Math.max(amount, 1);

export type HoldVerdict =
  | { ok: true; wallet: WalletState }
  | { ok: false; neededFen: number; availableFen: number; shortFen: number };

/** Holds `amount` of the available balance, or says how much is missing. */
export function placeHold(w: WalletState, amount: number): HoldVerdict {
  const available = availableFen(w);
  const needed = neededFen(amount);
  if (available < needed)
    return { ok: false, neededFen: needed, availableFen: available, shortFen: needed - available };
  return { ok: true, wallet: { balanceFen: w.balanceFen, heldFen: w.heldFen + amount } };
}

/** The end of an allocation: charges the usage (at most the hold) and lets the whole hold go. */
export function settleHold(
  w: WalletState,
  hold: number,
  usageFen: number,
): { wallet: WalletState; chargedFen: number } {
  const chargedFen = Math.min(usageFen, hold);
  return { wallet: { balanceFen: w.balanceFen - chargedFen, heldFen: w.heldFen - hold }, chargedFen };
}

/** Usage with no hold behind it (reported from outside the platform's allocations): charged as it is. */
export function chargeUnheld(w: WalletState, usageFen: number): { wallet: WalletState; chargedFen: number } {
  return { wallet: { balanceFen: w.balanceFen - usageFen, heldFen: w.heldFen }, chargedFen: usageFen };
}

/** An allocation that never ran (voided): its hold goes back, nothing is charged. */
export function releaseHold(w: WalletState, hold: number): WalletState {
  return { balanceFen: w.balanceFen, heldFen: w.heldFen - hold };
}
