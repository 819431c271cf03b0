import type { FieldIssue } from '../../../lib/errors';
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

/** Why a field is refused, as FieldIssue says it, without the field's path. */
export type Problem = Omit<FieldIssue, 'path'>;

export function quantityError(q: number): Problem | null {
  if (!Number.isFinite(q)) return { rule: 'invalid_type', message: 'must be a number' };
  if (q < 0)
    return { rule: 'too_small', message: 'must be ≥ 0', origin: 'number', minimum: 0, inclusive: true };
  if (q > MAX_QUANTITY) {
    return {
      rule: 'too_big',
      message: `must be ≤ ${MAX_QUANTITY}`,
      origin: 'number',
      maximum: MAX_QUANTITY,
      inclusive: true,
    };
  }
  if (Math.abs(q * MILLI - Math.round(q * MILLI)) > 1e-6) {
    return { rule: 'decimal_places', message: 'at most 3 decimal places', maximum: 3 };
  }
  return null;
}

export const MONTH_PROBLEM = {
  rule: 'invalid_format',
  format: 'month',
  message: 'must be a month YYYY-MM',
} satisfies Problem;
export const MONTH_ORDER_PROBLEM: Problem = {
  rule: 'month_order',
  message: 'must not be before purchaseStartMonth',
};

/** Every problem with a contract's terms, each naming its field of the request body. */
export function termErrors(t: TermsInput): FieldIssue[] {
  const errors: FieldIssue[] = [];
  const at = (field: keyof TermsInput) => `body.${field}`;
  if (!isMonth(t.purchaseStartMonth)) errors.push({ path: at('purchaseStartMonth'), ...MONTH_PROBLEM });
  if (!isMonth(t.purchaseEndMonth)) errors.push({ path: at('purchaseEndMonth'), ...MONTH_PROBLEM });
  if (errors.length === 0 && t.purchaseEndMonth < t.purchaseStartMonth) {
    errors.push({ path: at('purchaseEndMonth'), ...MONTH_ORDER_PROBLEM });
  }
  const q = quantityError(t.purchasingElectricityQuantity);
  if (q) errors.push({ path: at('purchasingElectricityQuantity'), ...q });
  return errors;
}

export function toMilli(quantity: number): number {
  return Math.round(quantity * MILLI);
}

export function fromMilli(milli: number): number {
  return milli / MILLI;
}
