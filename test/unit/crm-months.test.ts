import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, isMonth, monthOf, monthStart } from '../../durable-objects/tenant/crm/months';
import { fromMilli, termErrors, toMilli } from '../../durable-objects/tenant/crm/terms';
import { quantityError } from '../../schema/vocabulary/crm';

const month = fc
  .record({ year: fc.integer({ min: 2000, max: 2099 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, m }) => `${year}-${String(m).padStart(2, '0')}`);
const zone = fc.constantFrom(
  'Asia/Shanghai',
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
);

describe('months in a time zone', () => {
  it('a Shanghai month starts at 16:00 UTC on the last day of the month before', () => {
    expect(monthStart('2026-03', 'Asia/Shanghai')).toBe(Date.UTC(2026, 1, 28, 16));
    expect(monthOf(Date.UTC(2026, 1, 28, 16), 'Asia/Shanghai')).toBe('2026-03');
    expect(monthOf(Date.UTC(2026, 1, 28, 16) - 1, 'Asia/Shanghai')).toBe('2026-02');
    // The same instant is still February in UTC.
    expect(monthOf(Date.UTC(2026, 1, 28, 16), 'UTC')).toBe('2026-02');
  });

  it('follows daylight saving time', () => {
    expect(monthStart('2026-04', 'America/New_York')).toBe(Date.UTC(2026, 3, 1, 4));
    expect(monthStart('2026-03', 'America/New_York')).toBe(Date.UTC(2026, 2, 1, 5));
  });

  it('monthStart is the first instant of the month in every zone', () => {
    fc.assert(
      fc.property(month, zone, (m, tz) => {
        const at = monthStart(m, tz);
        expect(monthOf(at, tz)).toBe(m);
        expect(monthOf(at - 1, tz)).toBe(addMonths(m, -1));
      }),
    );
  });

  it('remembers a month start per zone, not per month', () => {
    for (let round = 0; round < 2; round++) {
      expect(monthStart('2026-07', 'UTC')).toBe(Date.UTC(2026, 6, 1));
      expect(monthStart('2026-07', 'Asia/Shanghai')).toBe(Date.UTC(2026, 5, 30, 16));
      expect(monthStart('2026-07', 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 4));
    }
  });

  it('addMonths is consistent with month order', () => {
    fc.assert(
      fc.property(
        month,
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: -300, max: 300 }),
        (m, a, b) => {
          expect(addMonths(addMonths(m, a), b)).toBe(addMonths(m, a + b));
          expect(isMonth(addMonths(m, a))).toBe(true);
          if (a > 0) expect(addMonths(m, a) > m).toBe(true);
        },
      ),
    );
  });
});

describe('contract terms', () => {
  it('name each bad field', () => {
    expect(
      termErrors({
        purchaseStartMonth: '2026-13',
        purchaseEndMonth: '2026-1',
        purchasingElectricityQuantity: -1,
      }),
    ).toEqual([
      {
        path: 'body.purchaseStartMonth',
        message: 'must be a month YYYY-MM',
        rule: 'invalid_format',
        format: 'month',
      },
      {
        path: 'body.purchaseEndMonth',
        message: 'must be a month YYYY-MM',
        rule: 'invalid_format',
        format: 'month',
      },
      {
        path: 'body.purchasingElectricityQuantity',
        message: 'must be ≥ 0',
        rule: 'too_small',
        origin: 'number',
        minimum: 0,
        inclusive: true,
      },
    ]);
    expect(
      termErrors({
        purchaseStartMonth: '2026-05',
        purchaseEndMonth: '2026-04',
        purchasingElectricityQuantity: 0,
      }),
    ).toEqual([
      {
        path: 'body.purchaseEndMonth',
        message: 'must not be before purchaseStartMonth',
        rule: 'month_order',
      },
    ]);
    expect(
      termErrors({
        purchaseStartMonth: '2026-05',
        purchaseEndMonth: '2026-05',
        purchasingElectricityQuantity: 0,
      }),
    ).toEqual([]);
  });

  it('quantities keep three decimals exactly', () => {
    expect(quantityError(1.2345)).toEqual({
      rule: 'decimal_places',
      message: 'at most 3 decimal places',
      maximum: 3,
    });
    expect(quantityError(1_000_000_000.001)).toMatchObject({ rule: 'too_big', maximum: 1_000_000_000 });
    expect(quantityError(0.1 + 0.2)).toBeNull();
    // The actor checks what reaches it by RPC too, where no JSON schema stood in between.
    for (const q of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(quantityError(q)).toEqual({ rule: 'invalid_type', message: 'must be a number' });
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { maxLength: 50 }), (millis) => {
        const quantities = millis.map((x) => x / 1000);
        for (const q of quantities) expect(quantityError(q)).toBeNull();
        const sum = quantities.map(toMilli).reduce((a, b) => a + b, 0);
        expect(sum).toBe(millis.reduce((a, b) => a + b, 0));
        for (const q of quantities) expect(fromMilli(toMilli(q))).toBe(q);
      }),
    );
  });
});
