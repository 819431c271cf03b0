import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changeKind,
  changeTiming,
  daysBetween,
  prorate,
  quotaExcess,
  type Terms,
} from '../../durable-objects/directory/plan-change-rules';

const basic: Terms = { plan: 'basic', cycle: 'monthly', cyclePriceFen: 60_000 };
const pro: Terms = { plan: 'professional', cycle: 'monthly', cyclePriceFen: 280_000 };

/** The local date `n` days after `date`. */
const plusDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('when a plan change takes effect (SPEC A12)', () => {
  it('upgrades at once, downgrades and changes cycle at the end of a prepaid period', () => {
    expect(changeTiming(basic, pro, true)).toBe('now');
    expect(changeTiming(pro, basic, true)).toBe('period_end');
    expect(changeTiming(basic, { ...basic, plan: 'other' }, true)).toBe('period_end');
    expect(changeTiming(basic, { ...basic, cycle: 'yearly', cyclePriceFen: 600_000 }, true)).toBe(
      'period_end',
    );
    expect(changeTiming(pro, { ...basic, cycle: 'yearly', cyclePriceFen: 600_000 }, true)).toBe('period_end');
  });

  it('changes at once, whatever the change, when nothing was paid in advance', () => {
    expect(changeTiming(pro, basic, false)).toBe('now');
    expect(changeTiming(basic, { ...basic, cycle: 'quarterly', cyclePriceFen: 180_000 }, false)).toBe('now');
  });

  it('names the change', () => {
    expect(changeKind(basic, pro)).toBe('upgrade');
    expect(changeKind(pro, basic)).toBe('downgrade');
    expect(changeKind(basic, { ...basic, plan: 'same-price' })).toBe('downgrade');
    expect(changeKind(basic, { ...basic, cycle: 'yearly', cyclePriceFen: 600_000 })).toBe('cycle');
  });
});

describe('quotas a smaller plan is checked against', () => {
  it('names each quota the usage exceeds, with what is used and what is allowed', () => {
    expect(
      quotaExcess(
        { users: 12, customers: 1000, storageMB: 30_000 },
        { users: 10, customers: 1000, storageMB: 20_480 },
      ),
    ).toEqual([
      { quota: 'users', used: 12, limit: 10 },
      { quota: 'storageMB', used: 30_000, limit: 20_480 },
    ]);
    expect(
      quotaExcess(
        { users: 10_000, customers: 10 ** 6, storageMB: 1 },
        { users: null, customers: null, storageMB: 1 },
      ),
    ).toEqual([]);
  });
});

describe('the prorated difference of an upgrade, to the day', () => {
  it('counts calendar days, month lengths and leap years included', () => {
    expect(daysBetween('2026-11-01', '2026-12-01')).toBe(30);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1);
  });

  it('charges the difference for today and the days left: 16 of 30 days of ¥2200 is ¥1173.33', () => {
    expect(prorate(220_000, '2026-11-01', '2026-12-01', '2026-11-15')).toEqual({
      days: 16,
      periodDays: 30,
      amountFen: 117_333,
    });
    expect(prorate(220_000, '2026-11-01', '2026-12-01', '2026-11-01').amountFen).toBe(220_000);
    expect(prorate(220_000, '2026-11-01', '2026-12-01', '2026-11-30')).toMatchObject({
      days: 1,
      amountFen: 7_333,
    });
    expect(prorate(220_000, '2026-11-01', '2026-12-01', '2026-12-01')).toMatchObject({
      days: 0,
      amountFen: 0,
    });
    expect(prorate(220_000, '2026-11-01', '2026-12-01', '2026-10-20')).toMatchObject({
      days: 30,
      amountFen: 220_000,
    });
    expect(prorate(-5, '2026-11-01', '2026-12-01', '2026-11-15').amountFen).toBe(0);
  });

  const periods = fc.constantFrom(
    ['2026-11-01', '2026-12-01'],
    ['2028-02-01', '2028-03-01'],
    ['2026-10-01', '2027-01-01'],
    ['2026-01-01', '2027-01-01'],
    ['2028-01-01', '2029-01-01'],
  );
  const money = fc.integer({ min: 0, max: 100_000_000 });

  it('is never negative, never more than the difference, and grows with the days left', () => {
    fc.assert(
      fc.property(money, periods, fc.integer({ min: -5, max: 400 }), (difference, [start, end], offset) => {
        const today = plusDays(start!, offset);
        const p = prorate(difference, start!, end!, today);
        expect(Number.isSafeInteger(p.amountFen)).toBe(true);
        expect(p.amountFen).toBeGreaterThanOrEqual(0);
        expect(p.amountFen).toBeLessThanOrEqual(difference);
        expect(p.days).toBeGreaterThanOrEqual(0);
        expect(p.days).toBeLessThanOrEqual(p.periodDays);
        expect(prorate(difference, start!, end!, plusDays(today, 1)).amountFen).toBeLessThanOrEqual(
          p.amountFen,
        );
      }),
    );
  });

  it('shares the difference out day by day: the daily parts are never negative and add up to it exactly', () => {
    fc.assert(
      fc.property(money, periods, (difference, [start, end]) => {
        const n = daysBetween(start!, end!);
        let sum = 0;
        for (let day = 0; day < n; day++) {
          const part =
            prorate(difference, start!, end!, plusDays(start!, day)).amountFen -
            prorate(difference, start!, end!, plusDays(start!, day + 1)).amountFen;
          expect(part).toBeGreaterThanOrEqual(0);
          sum += part;
        }
        expect(sum).toBe(difference);
      }),
      { numRuns: 50 },
    );
  });

  it('charges two upgrades in one period no more than one upgrade straight to the last plan would cost in full', () => {
    fc.assert(
      fc.property(money, money, periods, fc.nat(400), fc.nat(400), (a, b, [start, end], d1, d2) => {
        const n = daysBetween(start!, end!);
        const first = plusDays(start!, Math.min(d1, d2) % n);
        const second = plusDays(start!, Math.max(d1, d2) % n);
        const twice =
          prorate(a, start!, end!, first).amountFen +
          prorate(b, start!, end!, second < first ? first : second).amountFen;
        expect(twice).toBeLessThanOrEqual(a + b);
      }),
    );
  });
});
