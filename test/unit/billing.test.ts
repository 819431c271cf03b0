import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cycleOfPeriod,
  type InvoiceInput,
  mulDivRound,
  periodBounds,
  periodMonths,
  periodOf,
  previousPeriod,
  priceInvoice,
  shouldSuspend,
} from '../../durable-objects/directory/billing';
import { addMonths, dateOf, monthOf, zonedToEpoch } from '../../lib/zoned';

const DAY = 86_400_000;
const GB = 1024 ** 3;

describe('billing periods', () => {
  it('names the period of each cycle', () => {
    expect(periodOf('monthly', '2026-11')).toBe('2026-11');
    expect(periodOf('quarterly', '2026-11')).toBe('2026-Q4');
    expect(periodOf('quarterly', '2026-01')).toBe('2026-Q1');
    expect(periodOf('yearly', '2026-11')).toBe('2026');
    expect(periodMonths('2026-Q2')).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(periodMonths('2026')).toHaveLength(12);
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(previousPeriod('2026')).toBe('2025');
    expect(['2026-11', '2026-Q4', '2026'].map(cycleOfPeriod)).toEqual(['monthly', 'quarterly', 'yearly']);
    for (const bad of ['2026-Q5', '26', '2026-1', '']) expect(() => cycleOfPeriod(bad)).toThrow(bad);
  });

  it('bounds a period by midnights in the tenant time zone', () => {
    const { start, end } = periodBounds('2026-11', 'Asia/Shanghai');
    expect(new Date(start).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const berlin = periodBounds('2026-Q1', 'Europe/Berlin');
    expect(new Date(berlin.start).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    // Berlin is on summer time (UTC+2) when the quarter ends.
    expect(new Date(berlin.end).toISOString()).toBe('2026-03-31T22:00:00.000Z');
  });

  it('every month lies in exactly one period of each cycle, and periods follow each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000 * 12, max: 2100 * 12 }),
        fc.constantFrom('monthly', 'quarterly', 'yearly'),
        (index, cycle) => {
          const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
          const period = periodOf(cycle as 'monthly', month);
          expect(periodMonths(period)).toContain(month);
          const previous = previousPeriod(period);
          expect(addMonths(periodMonths(previous).at(-1)!, 1)).toBe(periodMonths(period)[0]);
        },
      ),
    );
  });
});

describe('zoned calendar', () => {
  it('maps local midnights to instants and back in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2090 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati', 'UTC'),
        (year, month, day, tz) => {
          const at = zonedToEpoch(year, month, day, tz);
          expect(dateOf(at, tz)).toBe(
            `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
          );
          expect(dateOf(at - 1, tz)).not.toBe(dateOf(at, tz));
        },
      ),
    );
    expect(monthOf(Date.parse('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(monthOf(Date.parse('2026-11-30T16:30:00Z'), 'UTC')).toBe('2026-11');
  });
});

const basic: InvoiceInput = {
  cycle: 'monthly',
  cyclePriceFen: 60_000,
  periodStart: Date.parse('2026-11-01T00:00:00Z'),
  periodEnd: Date.parse('2026-12-01T00:00:00Z'),
  serviceStartAt: Date.parse('2026-01-01T00:00:00Z'),
  quotas: { users: 10, storageMB: 20 * 1024, apiCallsPerMonth: 10_000 },
  prices: { extraUserFen: 8_000, extraStorageGbFen: 500, apiCallFen: 1 },
  usage: { activeUsers: 10, storageBytes: 0, apiCallsByMonth: {} },
  apiMonths: ['2026-10'],
  charges: [],
  discounts: [],
  credits: [],
};

const percent = (rule: string, p: number, stacks = false) => ({ rule, label: rule, percent: p, stacks });

describe('invoice pricing (SPEC A2, A9)', () => {
  it('bills the base fee alone when usage is within quota', () => {
    const p = priceInvoice(basic);
    expect(p).toMatchObject({
      baseFen: 60_000,
      extraUsersFen: 0,
      extraStorageFen: 0,
      apiOverageFen: 0,
      totalFen: 60_000,
    });
    expect(p.lines.map((l) => l.code)).toEqual(['base']);
  });

  it('adds ¥80 per extra user per month, ¥5 per started extra GB per month and ¥0.01 per API call over quota', () => {
    const p = priceInvoice({
      ...basic,
      cycle: 'quarterly',
      cyclePriceFen: 180_000,
      usage: {
        activeUsers: 13,
        storageBytes: 20 * GB + 1,
        apiCallsByMonth: { '2026-07': 10_500, '2026-08': 9_000, '2026-09': 10_001 },
      },
      apiMonths: ['2026-07', '2026-08', '2026-09'],
    });
    expect(p.extraUsers).toBe(3);
    expect(p.extraUsersFen).toBe(3 * 8_000 * 3);
    expect(p.extraStorageGb).toBe(1);
    expect(p.extraStorageFen).toBe(500 * 3);
    expect(p.apiOverageCalls).toBe(501);
    expect(p.apiOverageFen).toBe(501);
    expect(p.totalFen).toBe(180_000 + 72_000 + 1_500 + 501);
    expect(p.lines.map((l) => l.code)).toEqual(['base', 'extra_users', 'extra_storage', 'api_overage']);
  });

  it('treats unlimited quotas as never exceeded', () => {
    const p = priceInvoice({
      ...basic,
      quotas: { users: null, storageMB: null, apiCallsPerMonth: null },
      usage: { activeUsers: 1_000, storageBytes: 10_000 * GB, apiCallsByMonth: { '2026-10': 10 ** 9 } },
    });
    expect(p.totalFen).toBe(60_000);
  });

  it('prorates what is billed in advance when service starts inside the period', () => {
    const p = priceInvoice({
      ...basic,
      serviceStartAt: Date.parse('2026-11-21T00:00:00Z'),
      usage: { ...basic.usage, activeUsers: 11 },
    });
    expect(p.prorated).toEqual({ days: 10, periodDays: 30 });
    expect(p.baseFen).toBe(20_000);
    expect(p.extraUsersFen).toBe(mulDivRound(8_000, 10, 30));
  });

  it('discounts the base fee and plan-change charges, not the overage, and names the rule', () => {
    const p = priceInvoice({
      ...basic,
      discounts: [percent('first-year', 20)],
      charges: [{ label: 'upgrade', amountFen: 10_000 }],
      usage: { ...basic.usage, activeUsers: 11 },
    });
    expect(p.chargesFen).toBe(10_000);
    expect(p.discountFen).toBe(14_000);
    expect(p.discountPercent).toBe(20);
    expect(p.totalFen).toBe(60_000 + 10_000 - 14_000 + 8_000);
    expect(p.lines.map((l) => l.code)).toEqual(['base', 'extra_users', 'plan_change', 'discount']);
    expect(p.lines.at(-1)).toMatchObject({
      code: 'discount',
      rule: 'first-year',
      label: 'first-year 20%',
      amountFen: -14_000,
    });
  });

  it('takes one non-stacking percentage, the largest, then the stacking ones and the credits', () => {
    const p = priceInvoice({
      ...basic,
      discounts: [percent('negotiated', 10), percent('education', 50), percent('annual-billing', 10, true)],
      credits: [{ id: 'adj_1', rule: 'referral', label: 'referral', valueFen: 20_000 }],
    });
    expect(p.lines.map((l) => [l.code, l.rule, l.amountFen])).toEqual([
      ['base', undefined, 60_000],
      ['discount', 'education', -30_000],
      ['discount', 'annual-billing', -3_000],
      ['credit', 'referral', -20_000],
    ]);
    expect(p.totalFen).toBe(7_000);
    expect(p.discountPercent).toBe(55);
  });

  it('takes nothing off a free plan, and says so as 0 %', () => {
    const p = priceInvoice({ ...basic, cyclePriceFen: 0, discounts: [percent('education', 50)] });
    expect(p).toMatchObject({ baseFen: 0, discountFen: 0, discountPercent: 0, totalFen: 0 });
  });

  it('leaves out a charge of nothing and a credit that finds no room', () => {
    const p = priceInvoice({
      ...basic,
      discounts: [percent('education', 100)],
      charges: [{ label: 'none', amountFen: 0 }],
      credits: [{ id: 'adj_1', rule: 'referral', label: 'referral', valueFen: 20_000 }],
    });
    expect(p.lines.map((l) => l.code)).toEqual(['base', 'discount']);
    expect(p.totalFen).toBe(0);
    expect(p.reductions.find((r) => r.code === 'credit')?.amountFen).toBe(0);
  });

  it('keeps money whole: lines add up to the total, nothing is negative, the discount never exceeds the base', () => {
    fc.assert(
      fc.property(
        fc.record({
          cycle: fc.constantFrom('monthly', 'quarterly', 'yearly') as fc.Arbitrary<InvoiceInput['cycle']>,
          price: fc.integer({ min: 0, max: 100_000_000 }),
          startOffsetDays: fc.integer({ min: -400, max: 40 }),
          users: fc.integer({ min: 0, max: 500 }),
          userQuota: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
          storage: fc.integer({ min: 0, max: 2 ** 45 }),
          apiCalls: fc.integer({ min: 0, max: 10 ** 7 }),
          apiQuota: fc.option(fc.integer({ min: 0, max: 10 ** 6 }), { nil: null }),
          discounts: fc.array(
            fc.record({ percent: fc.integer({ min: 0, max: 100 }), stacks: fc.boolean() }),
            { maxLength: 4 },
          ),
          charges: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 3 }),
          credits: fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 3 }),
        }),
        (r) => {
          const p = priceInvoice({
            ...basic,
            cycle: r.cycle,
            cyclePriceFen: r.price,
            serviceStartAt: basic.periodStart + r.startOffsetDays * DAY,
            quotas: { users: r.userQuota, storageMB: 100, apiCallsPerMonth: r.apiQuota },
            usage: {
              activeUsers: r.users,
              storageBytes: r.storage,
              apiCallsByMonth: { '2026-10': r.apiCalls },
            },
            discounts: r.discounts.map((d, i) => percent(`r${i}`, d.percent, d.stacks)),
            charges: r.charges.map((amountFen) => ({ label: 'c', amountFen })),
            credits: r.credits.map((valueFen, i) => ({
              id: `adj_${i}`,
              rule: 'referral',
              label: 'r',
              valueFen,
            })),
          });
          expect(p.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(p.totalFen);
          // Discounts and credits never reach the overage: it is always paid in full.
          expect(p.totalFen).toBeGreaterThanOrEqual(p.extraUsersFen + p.extraStorageFen + p.apiOverageFen);
          for (const v of [
            p.baseFen,
            p.extraUsersFen,
            p.extraStorageFen,
            p.apiOverageFen,
            p.discountFen,
            p.totalFen,
          ]) {
            expect(Number.isSafeInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
          expect(p.discountFen).toBeLessThanOrEqual(p.baseFen + p.chargesFen);
          expect(p.discountPercent).toBeLessThanOrEqual(100);
          expect(p.baseFen).toBeLessThanOrEqual(r.price);
        },
      ),
    );
  });

  it('suspends only once an invoice is overdue past the grace period', () => {
    const due = Date.parse('2026-11-16T00:00:00Z');
    expect(shouldSuspend([due], 7, due + 7 * DAY)).toBe(false);
    expect(shouldSuspend([due], 7, due + 7 * DAY + 1)).toBe(true);
    expect(shouldSuspend([], 7, due + 100 * DAY)).toBe(false);
  });
});
