import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  choosePercentDiscounts,
  type DiscountRule,
  type InvoiceContext,
  monthValue,
  type PercentDiscount,
  percentRuleApplies,
  reductionsFor,
} from '../../durable-objects/directory/discount-rules';
import { DEFAULT_DISCOUNT_RULES } from '../../durable-objects/directory/discounts';

const DAY = 86_400_000;
const start = Date.parse('2026-03-10T00:00:00Z');
const rule = (over: Partial<DiscountRule>): DiscountRule => ({
  code: 'r',
  name: 'R',
  kind: 'percent',
  percent: 20,
  months: 0,
  condition: 'first_service_year',
  cycle: null,
  stacks: false,
  active: true,
  ...over,
});
const ctx = (over: Partial<InvoiceContext> = {}): InvoiceContext => ({
  serviceStartAt: start,
  periodStart: start + 100 * DAY,
  cycle: 'monthly',
  granted: new Set(),
  ...over,
});
const pct = (r: string, percent: number, stacks = false): PercentDiscount => ({
  rule: r,
  label: r,
  percent,
  stacks,
});

describe('which discount rules apply (SPEC A14)', () => {
  it('applies the first-year rule to periods that start within a year of the paid service', () => {
    const firstYear = rule({ condition: 'first_service_year' });
    expect(percentRuleApplies(firstYear, ctx())).toBe(true);
    expect(percentRuleApplies(firstYear, ctx({ periodStart: start + 365 * DAY - 1 }))).toBe(true);
    expect(percentRuleApplies(firstYear, ctx({ periodStart: start + 365 * DAY }))).toBe(false);
    expect(percentRuleApplies(firstYear, ctx({ serviceStartAt: null }))).toBe(false);
  });

  it('applies a cycle rule to its cycle, a granted rule to the companies granted it', () => {
    const yearly = rule({ condition: 'billing_cycle', cycle: 'yearly' });
    expect(percentRuleApplies(yearly, ctx({ cycle: 'yearly' }))).toBe(true);
    expect(percentRuleApplies(yearly, ctx({ cycle: 'quarterly' }))).toBe(false);
    const education = rule({ code: 'education', condition: 'granted', percent: 50 });
    expect(percentRuleApplies(education, ctx({ granted: new Set(['education']) }))).toBe(true);
    expect(percentRuleApplies(education, ctx({ granted: new Set(['other']) }))).toBe(false);
  });

  it('never applies an inactive rule, a rule of nothing, or free months by condition', () => {
    expect(percentRuleApplies(rule({ active: false }), ctx())).toBe(false);
    expect(percentRuleApplies(rule({ percent: 0 }), ctx())).toBe(false);
    expect(percentRuleApplies(rule({ kind: 'free_months', months: 1, percent: 0 }), ctx())).toBe(false);
    expect(percentRuleApplies(rule({ condition: 'referral' }), ctx())).toBe(false);
  });

  it('ships the seed’s promotions: first year 20 %, annual billing, education 50 %, referral one month', () => {
    const byCode = Object.fromEntries(DEFAULT_DISCOUNT_RULES.map((r) => [r.code, r]));
    expect(byCode['first-year']).toMatchObject({ percent: 20, condition: 'first_service_year' });
    expect(byCode['annual-billing']).toMatchObject({
      condition: 'billing_cycle',
      cycle: 'yearly',
      stacks: true,
    });
    expect(byCode.education).toMatchObject({ percent: 50, condition: 'granted', active: true });
    expect(byCode.referral).toMatchObject({ kind: 'free_months', months: 1, condition: 'referral' });
  });
});

describe('what discounts take off an invoice', () => {
  it('takes one percentage that does not stack, the largest (ties by code), and every one that stacks', () => {
    expect(
      choosePercentDiscounts([
        pct('b', 20),
        pct('a', 20),
        pct('c', 10),
        pct('y', 5, true),
        pct('x', 3, true),
      ]).map((d) => d.rule),
    ).toEqual(['a', 'x', 'y']);
    expect(choosePercentDiscounts([pct('s', 10, true), pct('zero', 0)]).map((d) => d.rule)).toEqual(['s']);
    expect(choosePercentDiscounts([])).toEqual([]);
  });

  it('applies each percentage to what the ones before left, rounded half up, then the credits', () => {
    const r = reductionsFor(
      10_001,
      [pct('half', 50), pct('tenth', 10, true)],
      [{ id: 'adj_1', rule: 'referral', label: 'ref', valueFen: 2_000 }],
    );
    expect(r.map((x) => [x.rule, x.amountFen])).toEqual([
      ['half', 5_001],
      ['tenth', 500],
      ['referral', 2_000],
    ]);
    expect(r[2]).toMatchObject({ code: 'credit', creditId: 'adj_1', percent: null });
  });

  it('values a free month as the cycle price over its months', () => {
    expect(monthValue(600_000, 12)).toBe(50_000);
    expect(monthValue(180_000, 3, 2)).toBe(120_000);
    expect(monthValue(100, 3)).toBe(33);
  });

  const discounts = fc.array(
    fc.record({
      rule: fc.constantFrom('a', 'b', 'c', 'd'),
      percent: fc.integer({ min: 0, max: 150 }),
      stacks: fc.boolean(),
    }),
    { maxLength: 6 },
  );
  const credits = fc.array(fc.integer({ min: -100, max: 10_000_000 }), { maxLength: 4 });
  const fen = fc.integer({ min: -1_000, max: 100_000_000 });

  it('never takes more than the discountable amount, never a negative amount, in whole fen', () => {
    fc.assert(
      fc.property(fen, discounts, credits, (amount, ds, cs) => {
        const inputs = ds.map((d, i) => ({ ...d, rule: `r${i}`, label: d.rule }));
        const r = reductionsFor(
          amount,
          inputs,
          cs.map((valueFen, i) => ({ id: `c${i}`, rule: 'referral', label: 'r', valueFen })),
        );
        const total = r.reduce((s, x) => s + x.amountFen, 0);
        expect(total).toBeLessThanOrEqual(Math.max(0, amount));
        for (const x of r) {
          expect(Number.isSafeInteger(x.amountFen)).toBe(true);
          expect(x.amountFen).toBeGreaterThanOrEqual(0);
        }
        // At most one percentage that does not stack, and it is the largest of them.
        const singles = r.filter(
          (x) => x.code === 'discount' && !inputs.find((d) => d.rule === x.rule)!.stacks,
        );
        expect(singles.length).toBeLessThanOrEqual(1);
        const largest = Math.max(0, ...inputs.filter((d) => !d.stacks).map((d) => d.percent));
        expect(singles[0]?.percent ?? 0).toBe(largest);
      }),
    );
  });

  it('takes exactly the rounded share for a single percentage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 100 }), (amount, p) => {
        const [only] = reductionsFor(amount, [pct('x', p)], []);
        const exact = (amount * p) / 100;
        expect(Math.abs(only!.amountFen - exact)).toBeLessThanOrEqual(0.5);
        expect(only!.amountFen).toBe(Math.floor(exact + 0.5));
      }),
    );
  });

  it('takes at least as much with one more stacking discount or credit', () => {
    fc.assert(
      fc.property(
        fen,
        discounts,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, ds, extra, credit) => {
          const base = ds.map((d) => ({ ...d, label: d.rule }));
          const sum = (r: { amountFen: number }[]) => r.reduce((s, x) => s + x.amountFen, 0);
          const before = sum(reductionsFor(amount, base, []));
          expect(sum(reductionsFor(amount, [...base, pct('zz', extra, true)], []))).toBeGreaterThanOrEqual(
            before,
          );
          expect(
            sum(reductionsFor(amount, base, [{ id: 'c', rule: 'referral', label: 'r', valueFen: credit }])),
          ).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });
});
