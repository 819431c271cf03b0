import type { FieldIssue } from '../../lib/errors';

/**
 * The CRM's words, shared by the API's schemas (schema/dto/crm.ts) and the tenant actor's rules
 * (durable-objects/tenant/crm/): the statuses, the operations people perform, the customer fields,
 * the month format and what makes a quantity valid. The rules say what the words do.
 */

export const CUSTOMER_STATUSES = ['prospect', 'pending', 'active', 'suspended', 'terminated'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CONTRACT_STATUSES = ['pending', 'active', 'expired'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** The manual operations of requirement B1, in the order the console offers them. */
export const OPERATION_NAMES = ['sign', 'activate', 'revoke', 'suspend', 'resume', 'terminate'] as const;
export type Operation = (typeof OPERATION_NAMES)[number];

/** A customer's fields that people edit (which of them a status lets change is a rule of its own). */
export const CUSTOMER_FIELDS = ['name', 'contactName', 'contactPhone', 'address', 'notes'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/**
 * A business month `YYYY-MM` in the tenant's time zone. Months are compared as text: the fixed-width
 * form sorts the same way as the months themselves, in SQL and in JavaScript.
 */
export type Month = string;

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** Why a field is refused, as FieldIssue says it, without the field's path. */
export type Problem = Omit<FieldIssue, 'path'>;

export const MONTH_PROBLEM = {
  rule: 'invalid_format',
  format: 'month',
  message: 'must be a month YYYY-MM',
} satisfies Problem;

export const MONTH_ORDER_PROBLEM: Problem = {
  rule: 'month_order',
  message: 'must not be before purchaseStartMonth',
};

export const MAX_QUANTITY = 1_000_000_000;
/** Quantities are stored as integer thousandths: sums in SQL stay exact, as money in fen does. */
export const QUANTITY_SCALE = 1000;

/** What is wrong with a purchased quantity, or null: ≥ 0, at most MAX_QUANTITY, at most 3 decimal places. */
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
  if (Math.abs(q * QUANTITY_SCALE - Math.round(q * QUANTITY_SCALE)) > 1e-6) {
    return { rule: 'decimal_places', message: 'at most 3 decimal places', maximum: 3 };
  }
  return null;
}
