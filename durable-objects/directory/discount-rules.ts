import { mulDivRound } from '../../lib/money';

/**
 * Which discounts an invoice gets and what each takes off (SPEC A14, seed 001 推广策略), pure. Discounts
 * are rules kept as data: a percentage off the base fee (first year 20 %, annual billing, education 50 %,
 * a company's negotiated rate) or free months (a referral gives both companies one month, once).
 *
 * - At most one percentage discount that does not stack applies: the largest. Rules marked `stacks` apply
 *   on top, each to what is left, in code order.
 * - Percentages take off the base fee and the plan-change charges (the fee for the upgraded days);
 *   overage is charged at list price.
 * - Credits (free months) come last and never take an invoice below what its overage costs.
 * - Every amount is integer fen, each rounded half up on its own, so every line says what it took.
 */

export const DISCOUNT_KINDS = ['percent', 'free_months'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/** When a rule applies: the first service year, a billing cycle, a grant to the company, or a referral. */
export const DISCOUNT_CONDITIONS = ['first_service_year', 'billing_cycle', 'granted', 'referral'] as const;
export type DiscountCondition = (typeof DISCOUNT_CONDITIONS)[number];

export interface DiscountRule {
  code: string;
  name: string;
  kind: DiscountKind;
  percent: number;
  months: number;
  condition: DiscountCondition;
  cycle: 'monthly' | 'quarterly' | 'yearly' | null;
  stacks: boolean;
  active: boolean;
}

/** The code under which a company's standing `discountPercent` shows on its invoices. */
export const NEGOTIATED_RULE = 'negotiated';

const DAY = 86_400_000;

export interface InvoiceContext {
  /** When the company's paid service began; null before it has. */
  serviceStartAt: number | null;
  periodStart: number;
  cycle: 'monthly' | 'quarterly' | 'yearly';
  /** Rules granted to this company (education, say). */
  granted: ReadonlySet<string>;
}

/** Whether a percentage rule applies to an invoice. Free months are never applied by condition: they are credits. */
export function percentRuleApplies(rule: DiscountRule, ctx: InvoiceContext): boolean {
  if (!rule.active || rule.kind !== 'percent' || rule.percent <= 0) return false;
  switch (rule.condition) {
    case 'first_service_year':
      return ctx.serviceStartAt !== null && ctx.periodStart < ctx.serviceStartAt + 365 * DAY;
    case 'billing_cycle':
      return rule.cycle === ctx.cycle;
    case 'granted':
      return ctx.granted.has(rule.code);
    default:
      return false;
  }
}

/** A percentage discount as an invoice weighs it. */
export interface PercentDiscount {
  rule: string;
  label: string;
  percent: number;
  stacks: boolean;
}

/** Free months waiting for an invoice, worth `valueFen` each when that invoice is made. */
export interface Credit {
  id: string;
  rule: string;
  label: string;
  valueFen: number;
}

export interface Reduction {
  code: 'discount' | 'credit';
  rule: string;
  label: string;
  /** What it takes off, a positive number of fen. */
  amountFen: number;
  percent: number | null;
  creditId: string | null;
}

/** The percentage discounts that apply together: the largest of those that do not stack, then those that do. */
export function choosePercentDiscounts(discounts: readonly PercentDiscount[]): PercentDiscount[] {
  const valid = discounts.filter((d) => d.percent > 0);
  const single = valid
    .filter((d) => !d.stacks)
    .sort((a, b) => b.percent - a.percent || a.rule.localeCompare(b.rule))[0];
  const stacking = valid.filter((d) => d.stacks).sort((a, b) => a.rule.localeCompare(b.rule));
  return single ? [single, ...stacking] : stacking;
}

/**
 * What the discounts and credits take off an invoice whose discountable part (base fee and plan-change
 * charges) is `discountableFen`. Never more than that part in all.
 */
export function reductionsFor(
  discountableFen: number,
  discounts: readonly PercentDiscount[],
  credits: readonly Credit[],
): Reduction[] {
  const out: Reduction[] = [];
  let left = Math.max(0, discountableFen);
  for (const d of choosePercentDiscounts(discounts)) {
    const amountFen = mulDivRound(left, Math.min(100, d.percent), 100);
    left -= amountFen;
    out.push({
      code: 'discount',
      rule: d.rule,
      label: d.label,
      amountFen,
      percent: d.percent,
      creditId: null,
    });
  }
  for (const c of credits) {
    const amountFen = Math.min(left, Math.max(0, c.valueFen));
    left -= amountFen;
    out.push({ code: 'credit', rule: c.rule, label: c.label, amountFen, percent: null, creditId: c.id });
  }
  return out;
}

/** One free month of a plan on a cycle: the cycle's price spread over its months, rounded half up. */
export function monthValue(cyclePriceFen: number, cycleMonths: number, months = 1): number {
  return mulDivRound(cyclePriceFen, months, cycleMonths);
}
