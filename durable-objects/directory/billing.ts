import { mulDivRound } from '../../lib/money';
import { addMonths, monthStart, parseMonth } from '../../lib/zoned';
import { type Credit, type PercentDiscount, type Reduction, reductionsFor } from './discount-rules';

/**
 * The invoice rules of SPEC A9, pure. A period is billed in advance for the plan's base fee and the
 * users and storage beyond quota (measured when the invoice is made), and in arrears for API calls
 * beyond quota (counted in the months of the previous period); plan-change charges waiting for the
 * invoice are added, then the discounts and credits of discount-rules.ts taken off. All money is integer
 * fen; every share is rounded half up (lib/money.ts).
 */
export type BillingCycle = 'monthly' | 'quarterly' | 'yearly';
export const CYCLE_MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, yearly: 12 };

const DAY = 86_400_000;
const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The period of `cycle` that contains `month` (`YYYY-MM`): `2026-11`, `2026-Q4` or `2026`. */
export function periodOf(cycle: BillingCycle, month: string): string {
  const { year, month: m } = parseMonth(month);
  if (cycle === 'monthly') return month;
  if (cycle === 'quarterly') return `${year}-Q${Math.floor((m - 1) / 3) + 1}`;
  return String(year);
}

export function cycleOfPeriod(period: string): BillingCycle {
  if (/^\d{4}-\d{2}$/.test(period)) return 'monthly';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarterly';
  if (/^\d{4}$/.test(period)) return 'yearly';
  throw new Error(`not a billing period: ${period}`);
}

/** The first month of a period. */
export function firstMonthOf(period: string): string {
  const cycle = cycleOfPeriod(period);
  if (cycle === 'monthly') return period;
  if (cycle === 'quarterly') {
    const [year, q] = period.split('-Q').map(Number);
    return `${year}-${String((q! - 1) * 3 + 1).padStart(2, '0')}`;
  }
  return `${period}-01`;
}

/** The months of a period, in order. */
export function periodMonths(period: string): string[] {
  const first = firstMonthOf(period);
  return Array.from({ length: CYCLE_MONTHS[cycleOfPeriod(period)] }, (_, i) => addMonths(first, i));
}

export function previousPeriod(period: string): string {
  const cycle = cycleOfPeriod(period);
  return periodOf(cycle, addMonths(firstMonthOf(period), -CYCLE_MONTHS[cycle]));
}

/** `[start, end)` of the period as instants, its months in `timeZone`. */
export function periodBounds(period: string, timeZone: string): { start: number; end: number } {
  const months = periodMonths(period);
  return {
    start: monthStart(months[0]!, timeZone),
    end: monthStart(addMonths(months[months.length - 1]!, 1), timeZone),
  };
}

export { mulDivRound };

export interface InvoiceInput {
  cycle: BillingCycle;
  /** The plan's price for one period of the cycle. */
  cyclePriceFen: number;
  periodStart: number;
  periodEnd: number;
  /** When service began; a start inside the period prorates what is billed in advance. */
  serviceStartAt: number | null;
  quotas: { users: number | null; storageMB: number | null; apiCallsPerMonth: number | null };
  prices: { extraUserFen: number; extraStorageGbFen: number; apiCallFen: number };
  usage: { activeUsers: number; storageBytes: number; apiCallsByMonth: Record<string, number> };
  /** The months whose API calls beyond quota this invoice bills. */
  apiMonths: string[];
  /** Charges waiting for this invoice: an upgrade's prorated difference, say. */
  charges: { label: string; amountFen: number }[];
  /** The percentage discounts whose rules apply, and the credits (free months) waiting. */
  discounts: PercentDiscount[];
  credits: Credit[];
}

export interface InvoiceLine {
  code: 'base' | 'extra_users' | 'extra_storage' | 'api_overage' | 'plan_change' | 'discount' | 'credit';
  label: string;
  quantity: number;
  unitFen: number;
  amountFen: number;
  /** The discount rule a discount or credit line applies. */
  rule?: string;
}

export interface InvoicePricing {
  baseFen: number;
  extraUsers: number;
  extraUsersFen: number;
  extraStorageGb: number;
  extraStorageFen: number;
  apiOverageCalls: number;
  apiOverageFen: number;
  chargesFen: number;
  /** What the percentage discounts took, as a percentage of the discountable part (rounded). */
  discountPercent: number;
  /** Everything taken off: percentage discounts and credits. */
  discountFen: number;
  totalFen: number;
  /** Days billed of the period's days when service began inside it; null for a whole period. */
  prorated: { days: number; periodDays: number } | null;
  lines: InvoiceLine[];
  reductions: Reduction[];
}

const CYCLE_LABEL: Record<BillingCycle, string> = {
  monthly: '月付 monthly',
  quarterly: '季付 quarterly',
  yearly: '年付 yearly',
};

export function priceInvoice(input: InvoiceInput): InvoicePricing {
  const months = CYCLE_MONTHS[input.cycle];
  const periodDays = Math.round((input.periodEnd - input.periodStart) / DAY);
  const startsInside =
    input.serviceStartAt !== null &&
    input.serviceStartAt > input.periodStart &&
    input.serviceStartAt < input.periodEnd;
  const days = startsInside
    ? Math.min(periodDays, Math.ceil((input.periodEnd - input.serviceStartAt!) / DAY))
    : periodDays;
  const inAdvance = (fullFen: number) => (startsInside ? mulDivRound(fullFen, days, periodDays) : fullFen);

  const baseFen = inAdvance(input.cyclePriceFen);
  const extraUsers =
    input.quotas.users === null ? 0 : Math.max(0, input.usage.activeUsers - input.quotas.users);
  const extraUsersFen = inAdvance(extraUsers * input.prices.extraUserFen * months);
  const storageOver =
    input.quotas.storageMB === null ? 0 : Math.max(0, input.usage.storageBytes - input.quotas.storageMB * MB);
  const extraStorageGb = Math.ceil(storageOver / GB);
  const extraStorageFen = inAdvance(extraStorageGb * input.prices.extraStorageGbFen * months);
  const apiQuota = input.quotas.apiCallsPerMonth;
  const apiOverageCalls =
    apiQuota === null || apiQuota === 0
      ? 0
      : input.apiMonths.reduce(
          (sum, m) => sum + Math.max(0, (input.usage.apiCallsByMonth[m] ?? 0) - apiQuota),
          0,
        );
  const apiOverageFen = apiOverageCalls * input.prices.apiCallFen;
  const chargesFen = input.charges.reduce((sum, c) => sum + Math.max(0, c.amountFen), 0);
  const discountable = baseFen + chargesFen;
  const reductions = reductionsFor(discountable, input.discounts, input.credits);
  const percentFen = reductions.reduce((sum, r) => sum + (r.code === 'discount' ? r.amountFen : 0), 0);
  const discountFen = reductions.reduce((sum, r) => sum + r.amountFen, 0);
  const discountPercent = discountable > 0 ? mulDivRound(percentFen, 100, discountable) : 0;
  const totalFen = discountable + extraUsersFen + extraStorageFen + apiOverageFen - discountFen;

  const lines: InvoiceLine[] = [
    {
      code: 'base',
      label: `基础服务费 Base fee, ${CYCLE_LABEL[input.cycle]}${startsInside ? ` (${days}/${periodDays} 天 days)` : ''}`,
      quantity: 1,
      unitFen: baseFen,
      amountFen: baseFen,
    },
  ];
  if (extraUsersFen > 0)
    lines.push({
      code: 'extra_users',
      label: `超出用户 Extra users × ${months} 月 months`,
      quantity: extraUsers,
      unitFen: input.prices.extraUserFen * months,
      amountFen: extraUsersFen,
    });
  if (extraStorageFen > 0)
    lines.push({
      code: 'extra_storage',
      label: `超出存储 Extra storage (GB) × ${months} 月 months`,
      quantity: extraStorageGb,
      unitFen: input.prices.extraStorageGbFen * months,
      amountFen: extraStorageFen,
    });
  if (apiOverageFen > 0)
    lines.push({
      code: 'api_overage',
      label: `API 超额调用 API calls over quota (${input.apiMonths.join(', ')})`,
      quantity: apiOverageCalls,
      unitFen: input.prices.apiCallFen,
      amountFen: apiOverageFen,
    });
  for (const c of input.charges) {
    if (c.amountFen > 0)
      lines.push({
        code: 'plan_change',
        label: c.label,
        quantity: 1,
        unitFen: c.amountFen,
        amountFen: c.amountFen,
      });
  }
  for (const r of reductions) {
    if (r.amountFen > 0)
      lines.push({
        code: r.code,
        rule: r.rule,
        label: r.percent === null ? r.label : `${r.label} ${r.percent}%`,
        quantity: 1,
        unitFen: -r.amountFen,
        amountFen: -r.amountFen,
      });
  }

  return {
    baseFen,
    extraUsers,
    extraUsersFen,
    extraStorageGb,
    extraStorageFen,
    apiOverageCalls,
    apiOverageFen,
    chargesFen,
    discountPercent,
    discountFen,
    totalFen,
    prorated: startsInside ? { days, periodDays } : null,
    lines,
    reductions,
  };
}

/** A tenant is suspended once one of its invoices has been overdue longer than the grace period. */
export function shouldSuspend(overdueDueDates: number[], graceDays: number, now: number): boolean {
  return overdueDueDates.some((dueAt) => dueAt + graceDays * DAY < now);
}
