import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  anniversary,
  type Day,
  dayNumber,
  daysBetween,
  daysInMonth,
  formatDay,
  fromDayNumber,
  isLeapYear,
  maxDay,
  parseDay,
  shiftMonths,
} from '../../durable-objects/tenant/cards/dates';
import {
  assessmentWindow,
  canMove,
  daysRemaining,
  dueDateOf,
  estimatedDate,
  type FeeEvent,
  feeYearOn,
  firstFeeYear,
  isConditionMet,
  isOpen,
  progressDescription,
  progressOf,
  TRANSITIONS,
  transition,
  waiverRate,
  waivesItself,
  yuan,
} from '../../durable-objects/tenant/cards/rules';
import { FEE_TYPES, isCalendarDate, WAIVER_STATUSES, type WaiverStatus } from '../../schema/dto/cards';

const day: fc.Arbitrary<Day> = fc
  .integer({ min: dayNumber('2000-01-01'), max: dayNumber('2060-12-31') })
  .map(fromDayNumber);
const leapDay = fc.integer({ min: 0, max: 15 }).map((i) => `${2000 + 4 * i}-02-29`);
const activation = fc.oneof(day, leapDay);
const period = fc.integer({ min: 1, max: 24 });

describe('days', () => {
  it('count apart exactly and add back (a day number is one day each)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -3000, max: 3000 }), (d, n) => {
        const later = addDays(d, n);
        expect(daysBetween(d, later)).toBe(n);
        expect(fromDayNumber(dayNumber(d))).toBe(d);
        expect(isCalendarDate(later)).toBe(true);
        expect(later > d).toBe(n > 0);
      }),
    );
  });

  it('know their months and leap years', () => {
    expect([2000, 2024, 1900, 2023, 2100].map(isLeapYear)).toEqual([true, true, false, false, false]);
    expect([1, 2, 4, 6, 9, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 30, 30, 30, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(parseDay('2025-03-09')).toEqual({ year: 2025, month: 3, day: 9 });
    expect(formatDay(987, 1, 2)).toBe('0987-01-02');
    expect(maxDay('2025-01-02', '2024-12-31')).toBe('2025-01-02');
    expect(maxDay('2024-12-31', '2025-01-02')).toBe('2025-01-02');
  });

  it('shift by months on the anchor day, the last day of a shorter month standing in', () => {
    expect(shiftMonths('2024-01-31', 2024, 1)).toBe('2024-02-29');
    expect(shiftMonths('2024-01-31', 2023, 1)).toBe('2023-02-28');
    expect(shiftMonths('2024-01-31', 2024, 2)).toBe('2024-03-31');
    expect(shiftMonths('2024-05-15', 2025, -13)).toBe('2024-04-15');
    expect(shiftMonths('2024-05-15', 2025, -5)).toBe('2024-12-15');
  });
});

describe('anniversaries and due dates (C3)', () => {
  it('29 February falls on 28 February in common years and on itself in leap years', () => {
    expect(anniversary('2024-02-29', 2025)).toBe('2025-02-28');
    expect(anniversary('2024-02-29', 2028)).toBe('2028-02-29');
    expect(dueDateOf('2024-02-29', 2100)).toBe('2100-02-28');
    expect(dueDateOf('2023-06-15', 2024)).toBe('2024-06-15');
  });

  it('keep the month and day (or the last day of February) in every year', () => {
    fc.assert(
      fc.property(activation, fc.integer({ min: 2000, max: 2099 }), (a, year) => {
        const due = parseDay(dueDateOf(a, year));
        const act = parseDay(a);
        expect(due.year).toBe(year);
        expect(due.month).toBe(act.month);
        expect(due.day).toBe(act.month === 2 && act.day === 29 && !isLeapYear(year) ? 28 : act.day);
      }),
    );
  });

  it('the first fee falls due on the first anniversary', () => {
    expect(firstFeeYear('2024-02-29')).toBe(2025);
  });

  it('the current fee year is the one of the first due date from today on, never before the first', () => {
    expect(feeYearOn('2024-06-15', '2024-07-01')).toBe(2025);
    expect(feeYearOn('2023-06-15', '2025-06-15')).toBe(2025);
    expect(feeYearOn('2023-06-15', '2025-06-16')).toBe(2026);
    expect(feeYearOn('2020-12-31', '2025-01-01')).toBe(2025);
    fc.assert(
      fc.property(activation, fc.integer({ min: 0, max: 4000 }), (a, after) => {
        const today = addDays(a, after);
        const year = feeYearOn(a, today);
        expect(year).toBeGreaterThanOrEqual(firstFeeYear(a));
        expect(dueDateOf(a, year) >= today).toBe(true);
        // …and the one before it (if there is one) is already past.
        if (year > firstFeeYear(a)) expect(dueDateOf(a, year - 1) < today).toBe(true);
      }),
    );
  });
});

describe('assessment windows (C4)', () => {
  it('end on the due date (exclusive) and reach back the period, never before the activation', () => {
    expect(assessmentWindow('2023-06-15', 2025, 12)).toEqual({ start: '2024-06-15', end: '2025-06-15' });
    expect(assessmentWindow('2024-06-15', 2025, 24)).toEqual({ start: '2024-06-15', end: '2025-06-15' });
    expect(assessmentWindow('2020-01-31', 2025, 1)).toEqual({ start: '2024-12-31', end: '2025-01-31' });
    fc.assert(
      fc.property(activation, fc.integer({ min: 1, max: 40 }), period, (a, ahead, months) => {
        const year = firstFeeYear(a) + ahead - 1;
        const w = assessmentWindow(a, year, months);
        expect(w.end).toBe(dueDateOf(a, year));
        expect(w.start >= a).toBe(true);
        expect(w.start < w.end).toBe(true);
        // At most `months` months long: the start is on or after the day that many months back.
        const back = parseDay(w.end);
        const limit = (back.year * 12 + back.month - 1 - months) * 31 + back.day;
        const s = parseDay(w.start);
        expect(s.year * 12 * 31 + (s.month - 1) * 31 + s.day).toBeGreaterThanOrEqual(limit - 3);
      }),
    );
  });

  it('of consecutive years with a twelve-month period share no day and miss none (29 February too)', () => {
    fc.assert(
      fc.property(activation, fc.integer({ min: 1, max: 30 }), (a, ahead) => {
        const year = firstFeeYear(a) + ahead;
        const earlier = assessmentWindow(a, year - 1, 12);
        const later = assessmentWindow(a, year, 12);
        expect(later.start).toBe(earlier.end);
      }),
    );
  });
});

describe('progress and waiving (C4)', () => {
  const facts = { count: 8, sumFen: 3_200_000, points: 15_000 };

  it('is measured in purchases, fen or points by type; rigid has none and is never met', () => {
    expect(FEE_TYPES.map((t) => progressOf(t, facts))).toEqual([0, 8, 3_200_000, 15_000]);
    expect(isConditionMet({ feeType: 'rigid', waiverConditionValue: null }, 0)).toBe(false);
    expect(isConditionMet({ feeType: 'rigid', waiverConditionValue: 1 }, 5)).toBe(false);
    expect(isConditionMet({ feeType: 'transaction_count', waiverConditionValue: null }, 5)).toBe(false);
    expect(FEE_TYPES.filter(waivesItself)).toEqual(['transaction_count', 'transaction_amount']);
  });

  it('is met exactly from the required value on', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('transaction_count', 'transaction_amount', 'points_exchange' as const),
        fc.integer({ min: 1, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        (feeType, required, progress) => {
          expect(isConditionMet({ feeType, waiverConditionValue: required }, progress)).toBe(
            progress >= required,
          );
        },
      ),
    );
  });

  it('reads as the seed writes it, in Chinese and English', () => {
    const count = { feeType: 'transaction_count' as const, waiverConditionValue: 12 };
    const amount = { feeType: 'transaction_amount' as const, waiverConditionValue: 5_000_000 };
    const points = { feeType: 'points_exchange' as const, waiverConditionValue: 20_000 };
    const rigid = { feeType: 'rigid' as const, waiverConditionValue: null };
    expect(progressDescription(count, 8, 'zh')).toBe('8/12 笔');
    expect(progressDescription(count, 8, 'en')).toBe('8/12 transactions');
    expect(progressDescription(amount, 3_200_000, 'zh')).toBe('¥32,000 / ¥50,000');
    expect(progressDescription(amount, 3_200_050, 'en')).toBe('¥32,000.50 / ¥50,000');
    expect(progressDescription(points, 15_000, 'zh')).toBe('15,000/20,000 积分');
    expect(progressDescription(points, 1_500, 'en')).toBe('1,500/20,000 points');
    expect(progressDescription(rigid, 0, 'zh')).toBe('刚性年费，不可减免');
    expect(progressDescription(rigid, 0, 'en')).toBe('rigid fee, never waived');
  });

  it('writes fen as yuan exactly', () => {
    expect([0, 5, 100, 32_050, 123_456_789, -2_000].map(yuan)).toEqual([
      '¥0',
      '¥0.05',
      '¥1',
      '¥320.50',
      '¥1,234,567.89',
      '-¥20',
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (fen) => {
        const [whole, cents = '0'] = yuan(fen).slice(1).replace(/,/g, '').split('.');
        expect(Number(whole) * 100 + Number(cents.padEnd(2, '0'))).toBe(fen);
      }),
    );
  });
});

describe('days remaining and the estimated date', () => {
  const count = { feeType: 'transaction_count' as const, waiverConditionValue: 12 };
  const window = { start: '2025-01-01', end: '2026-01-01' };

  it('counts down to the due date, 0 on it and negative after', () => {
    expect(daysRemaining('2025-06-10', '2025-06-15')).toBe(5);
    expect(daysRemaining('2025-06-15', '2025-06-15')).toBe(0);
    expect(daysRemaining('2025-06-17', '2025-06-15')).toBe(-2);
  });

  it('extends the pace so far: 6 in the first 100 days meets 12 on day 200', () => {
    expect(estimatedDate(count, window, fromDayNumber(dayNumber('2025-01-01') + 99), 6)).toBe(
      fromDayNumber(dayNumber('2025-01-01') + 199),
    );
    expect(estimatedDate(count, window, '2025-03-01', 12)).toBe('2025-03-01');
  });

  it('cannot tell without a purchase, outside the window, or for points and rigid fees', () => {
    expect(estimatedDate(count, window, '2025-03-01', 0)).toBeNull();
    expect(estimatedDate(count, window, '2024-12-31', 3)).toBeNull();
    expect(estimatedDate(count, window, '2026-01-01', 3)).toBeNull();
    expect(
      estimatedDate({ feeType: 'points_exchange', waiverConditionValue: 10 }, window, '2025-03-01', 3),
    ).toBeNull();
    expect(
      estimatedDate({ feeType: 'rigid', waiverConditionValue: null }, window, '2025-03-01', 3),
    ).toBeNull();
    // One purchase in 60 days towards a million: centuries away, which tells nothing; 600 is 98 years.
    const million = { feeType: 'transaction_count' as const, waiverConditionValue: 1_000_000 };
    expect(estimatedDate(million, window, '2025-03-01', 1)).toBeNull();
    expect(estimatedDate({ ...million, waiverConditionValue: 600 }, window, '2025-03-01', 1)).toBe(
      fromDayNumber(dayNumber('2025-01-01') + 36_000 - 1),
    );
  });

  it('is never before today, and a faster pace never answers later', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 60 }),
        (elapsed, progress, more, required) => {
          const terms = { feeType: 'transaction_amount' as const, waiverConditionValue: required };
          const today = addDays(window.start, elapsed);
          const at = estimatedDate(terms, window, today, progress)!;
          const faster = estimatedDate(terms, window, today, progress + more)!;
          expect(at >= today).toBe(true);
          expect(faster <= at).toBe(true);
          if (progress < required) {
            // At that day the pace so far reaches the requirement, and a day earlier it does not yet.
            const days = daysBetween(window.start, at) + 1;
            expect(days * progress).toBeGreaterThanOrEqual(required * (elapsed + 1));
            expect((days - 1) * progress).toBeLessThan(required * (elapsed + 1));
          }
        },
      ),
    );
  });
});

describe('the waiver rate (C5)', () => {
  it("is the seed's example: 5 cards, ¥2 800 of fees, ¥800 waived → 28.57", () => {
    expect(waiverRate(80_000, 280_000)).toBe(28.57);
    expect(waiverRate(0, 0)).toBe(0);
    expect(waiverRate(1, 3)).toBe(33.33);
    expect(waiverRate(2, 3)).toBe(66.67);
    expect(waiverRate(1, 8)).toBe(12.5);
  });

  it('rounds half up to two decimals from exact integers, between 0 and 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e11 }), fc.integer({ min: 0, max: 1e4 }), (total, share) => {
        const waived = Math.floor((total * share) / 1e4);
        const rate = waiverRate(waived, total);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(100);
        const exact = (BigInt(waived) * 10_000n * 2n + BigInt(total)) / (2n * BigInt(total));
        expect(Math.round(rate * 100)).toBe(Number(exact));
      }),
    );
  });
});

describe('fee status transitions (C3)', () => {
  const event = fc.constantFrom<FeeEvent>('waive', 'pay', 'lapse');

  it('pending moves to waived, paid or overdue; overdue to waived or paid; waived and paid are final', () => {
    expect(transition('pending', 'waive')).toBe('waived');
    expect(transition('pending', 'pay')).toBe('paid');
    expect(transition('pending', 'lapse')).toBe('overdue');
    expect(transition('overdue', 'pay')).toBe('paid');
    expect(transition('overdue', 'waive')).toBe('waived');
    for (const [from, e] of [
      ['overdue', 'lapse'],
      ['waived', 'pay'],
      ['paid', 'waive'],
      ['waived', 'lapse'],
    ] as const) {
      expect(() => transition(from, e)).toThrow(
        expect.objectContaining({ status: 409, code: 'INVALID_STATUS_TRANSITION' }),
      );
    }
    expect(() => transition('paid', 'pay')).toThrow('a paid fee cannot be paid');
    expect(WAIVER_STATUSES.filter(isOpen)).toEqual(['pending', 'overdue']);
  });

  it('any sequence of events ends in a status reachable from pending, and nothing leaves waived or paid', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        let status: WaiverStatus = 'pending';
        const seen: WaiverStatus[] = [status];
        for (const e of events) {
          if (!canMove(status, e)) {
            expect(() => transition(status, e)).toThrow();
            continue;
          }
          const next = transition(status, e);
          expect(isOpen(status)).toBe(true);
          status = next;
          seen.push(status);
        }
        // Once final, always final; overdue comes only after pending.
        const final = seen.findIndex((s) => !isOpen(s));
        if (final >= 0) expect(seen.slice(final).every((s) => s === seen[final])).toBe(true);
        const overdue = seen.indexOf('overdue');
        if (overdue >= 0) expect(seen[overdue - 1]).toBe('pending');
        expect(Object.keys(TRANSITIONS)).toContain(status);
      }),
    );
  });
});
