import { isMonth, type Month } from './months';

/**
 * Contract terms as the API gives them, checked once for both the route (zod) and the actor (an
 * update merges a partial body with the stored contract, so only the actor sees the whole).
 *
 * Quantities are stored as integer thousandths: sums in SQL stay exact, as money in fen does.
 */

export const MAX_QUANTITY = 1_000_000_000;
const MILLI = 1000;

export interface TermsInput {
  purchaseStartMonth: Month;
  purchaseEndMonth: Month;
  purchasingElectricityQuantity: number;
}

export interface FieldError {
  path: string;
  message: string;
}

export function quantityError(q: number): string | null {
  if (!Number.isFinite(q)) return 'must be a number';
  if (q < 0) return 'must be ≥ 0';
  if (q > MAX_QUANTITY) return `must be ≤ ${MAX_QUANTITY}`;
  if (Math.abs(q * MILLI - Math.round(q * MILLI)) > 1e-6) return 'at most 3 decimal places';
  return null;
}

/** Every problem with a contract's terms, each naming its field (under `prefix`, e.g. `body`). */
export function termErrors(t: TermsInput, prefix = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (!isMonth(t.purchaseStartMonth))
    errors.push({ path: at('purchaseStartMonth'), message: 'must be a month YYYY-MM' });
  if (!isMonth(t.purchaseEndMonth))
    errors.push({ path: at('purchaseEndMonth'), message: 'must be a month YYYY-MM' });
  if (errors.length === 0 && t.purchaseEndMonth < t.purchaseStartMonth) {
    errors.push({ path: at('purchaseEndMonth'), message: 'must not be before purchaseStartMonth' });
  }
  const q = quantityError(t.purchasingElectricityQuantity);
  if (q) errors.push({ path: at('purchasingElectricityQuantity'), message: q });
  return errors;
}

export function toMilli(quantity: number): number {
  return Math.round(quantity * MILLI);
}

export function fromMilli(milli: number): number {
  return milli / MILLI;
}
