/**
 * Business months (`YYYY-MM`) in a tenant's time zone. Contract months are compared as text: the
 * fixed-width form sorts the same way as the months themselves, in SQL and in JavaScript.
 * The calendar arithmetic itself is the platform's (lib/zoned), shared with invoices and counters.
 */
export { addMonths, monthOf, monthStart } from '../../../lib/zoned';

export type Month = string;

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}
