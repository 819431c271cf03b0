import type { FieldIssue } from '../../../lib/errors';
import {
  isMonth,
  MONTH_ORDER_PROBLEM,
  MONTH_PROBLEM,
  type Month,
  QUANTITY_SCALE,
  quantityError,
} from '../../../schema/vocabulary/crm';

/**
 * Contract terms as the API gives them, checked once for both the route (zod) and the actor (an
 * update merges a partial body with the stored contract, so only the actor sees the whole).
 */

export interface TermsInput {
  purchaseStartMonth: Month;
  purchaseEndMonth: Month;
  purchasingElectricityQuantity: number;
}

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
  return Math.round(quantity * QUANTITY_SCALE);
}

export function fromMilli(milli: number): number {
  return milli / QUANTITY_SCALE;
}
