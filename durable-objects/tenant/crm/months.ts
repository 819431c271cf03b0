/**
 * Business months (`YYYY-MM`) in a tenant's time zone: the calendar arithmetic is the platform's
 * (lib/zoned), shared with invoices and counters; the format is the CRM's vocabulary.
 */
export { addMonths, monthOf, monthStart } from '../../../lib/zoned';
export { isMonth, MONTH, type Month } from '../../../schema/vocabulary/crm';
