import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  applyPaidMonth,
  atPaidMonthEnd,
  freeMembershipUntil,
  type MembershipState,
  requestPlan,
  scheduleDowngrade,
} from '../../durable-objects/lawyer/membership';
import type { AppError } from '../../lib/errors';
import { localParts } from '../../lib/zoned';
import { MEMBERSHIP_PLANS } from '../../schema/dto/legal-catalog';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);
const free: MembershipState = { plan: 'free', paidUntil: null, nextPlan: null };

describe('calendar months in Asia/Shanghai', () => {
  it('keeps the wall-clock time and day, the 31st becoming the month’s last day', () => {
    expect(new Date(addCalendarMonths(at('2026-01-15T02:30:00Z'), 1)).toISOString()).toBe(
      '2026-02-15T02:30:00.000Z',
    );
    // 31 Jan 10:00 Shanghai → 28 Feb 10:00 Shanghai.
    expect(new Date(addCalendarMonths(at('2026-01-31T02:00:00Z'), 1)).toISOString()).toBe(
      '2026-02-28T02:00:00.000Z',
    );
    // 31 Dec 23:30 Shanghai (15:30 UTC) → 31 Jan 23:30 Shanghai.
    expect(new Date(addCalendarMonths(at('2026-12-31T15:30:00Z'), 1)).toISOString()).toBe(
      '2027-01-31T15:30:00.000Z',
    );
    expect(new Date(addCalendarMonths(at('2028-02-29T04:00:00.123Z'), 12)).toISOString()).toBe(
      '2029-02-28T04:00:00.123Z',
    );
  });

  it('always lands in the next month of the zone, later than it started', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2035-01-01T00:00:00Z') }), (ms) => {
        const next = addCalendarMonths(ms, 1);
        expect(next).toBeGreaterThan(ms);
        const a = localParts(ms, TZ);
        const b = localParts(next, TZ);
        expect((b.year - a.year) * 12 + (b.month - a.month)).toBe(1);
      }),
    );
  });

  it('the free membership runs ten years and renews itself', () => {
    const granted = at('2026-03-01T00:00:00Z');
    expect(freeMembershipUntil(granted, granted)).toBe(at('2036-03-01T00:00:00Z'));
    expect(freeMembershipUntil(granted, at('2036-03-01T00:00:00Z'))).toBe(at('2046-03-01T00:00:00Z'));
  });
});

describe('requestPlan (D4)', () => {
  const pro: MembershipState = {
    plan: 'professional',
    paidUntil: at('2026-06-10T00:00:00Z'),
    nextPlan: null,
  };

  it('a higher plan is a payment for a month that applies when paid', () => {
    expect(requestPlan(free, 'professional')).toEqual({
      kind: 'pay',
      plan: 'professional',
      amountFen: 89_900,
      effect: 'upgrade',
    });
    expect(requestPlan(pro, 'enterprise')).toEqual({
      kind: 'pay',
      plan: 'enterprise',
      amountFen: 299_900,
      effect: 'upgrade',
    });
  });

  it('the same plan renews; a lower paid plan follows the paid month; free is a downgrade then', () => {
    expect(requestPlan(pro, 'professional')).toMatchObject({ effect: 'renew', amountFen: 89_900 });
    const ent = { plan: 'enterprise' as const, paidUntil: pro.paidUntil, nextPlan: null };
    expect(requestPlan(ent, 'professional')).toMatchObject({ effect: 'next_month' });
    expect(requestPlan(pro, 'free')).toEqual({ kind: 'downgrade', plan: 'free', effectiveAt: pro.paidUntil });
  });

  it('refuses free on free, and a downgrade asked for twice', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as AppError).code;
      }
      return null;
    };
    expect(refusal(() => requestPlan(free, 'free'))).toBe('ALREADY_ON_PLAN');
    expect(refusal(() => requestPlan(scheduleDowngrade(pro), 'free'))).toBe('DOWNGRADE_SCHEDULED');
    expect(refusal(() => applyPaidMonth(pro, 'free', 0))).toBe('NOTHING_TO_PAY');
  });
});

describe('paid months (D4)', () => {
  const paidAt = at('2026-05-10T00:00:00Z');

  it('an upgrade starts now for a month; a renewal adds a month to the paid one', () => {
    const up = applyPaidMonth(free, 'professional', paidAt);
    expect(up).toEqual({ plan: 'professional', paidUntil: at('2026-06-10T00:00:00Z'), nextPlan: null });
    const renewed = applyPaidMonth(up, 'professional', paidAt + 86_400_000);
    expect(renewed.paidUntil).toBe(at('2026-07-10T00:00:00Z'));
    const higher = applyPaidMonth(renewed, 'enterprise', paidAt + 2 * 86_400_000);
    expect(higher).toEqual({ plan: 'enterprise', paidUntil: at('2026-06-12T00:00:00Z'), nextPlan: null });
  });

  it('a lower paid plan waits for the paid month, then runs a month of its own', () => {
    const ent = applyPaidMonth(free, 'enterprise', paidAt);
    const lower = applyPaidMonth(ent, 'professional', paidAt + 1000);
    expect(lower).toEqual({ plan: 'enterprise', paidUntil: ent.paidUntil, nextPlan: 'professional' });
    const next = atPaidMonthEnd(lower);
    expect(next).toEqual({ plan: 'professional', paidUntil: at('2026-07-10T00:00:00Z'), nextPlan: null });
    expect(atPaidMonthEnd(next)).toEqual(free);
  });

  it('a paid month that ran out is bought again from the day it is paid', () => {
    const lapsed: MembershipState = { plan: 'professional', paidUntil: paidAt - 1, nextPlan: null };
    expect(applyPaidMonth(lapsed, 'professional', paidAt).paidUntil).toBe(at('2026-06-10T00:00:00Z'));
  });

  it('a downgrade keeps the plan to the end of the paid month, then free; free stays free', () => {
    const pro = applyPaidMonth(free, 'professional', paidAt);
    const asked = scheduleDowngrade(pro);
    expect(asked).toMatchObject({ plan: 'professional', nextPlan: 'free' });
    expect(atPaidMonthEnd(asked)).toEqual(free);
    expect(atPaidMonthEnd(free)).toBe(free);
  });

  it('any sequence of paid months keeps a paid plan paid beyond its payment, and free unpaid', () => {
    const step = fc.record({
      plan: fc.constantFrom(...MEMBERSHIP_PLANS.slice(1)),
      days: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let state = free;
        let now = paidAt;
        for (const s of steps) {
          now += s.days * 86_400_000;
          while (state.paidUntil !== null && state.paidUntil <= now) state = atPaidMonthEnd(state);
          state = applyPaidMonth(state, s.plan, now);
          expect(state.plan).not.toBe('free');
          expect(state.paidUntil!).toBeGreaterThan(now);
          if (state.nextPlan)
            expect(MEMBERSHIP_PLANS.indexOf(state.nextPlan)).toBeLessThan(
              MEMBERSHIP_PLANS.indexOf(state.plan),
            );
        }
        while (state.paidUntil !== null) state = atPaidMonthEnd(state);
        expect(state).toEqual(free);
      }),
    );
  });
});
