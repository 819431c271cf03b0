import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_PRICE_FEN,
  type CreditState,
  creditsPriceFen,
  initialCredits,
  nextResetAt,
  purchased,
  spendForBatch,
  weeklyReset,
  weekStartOf,
} from '../../durable-objects/legal/client/credits';
import { localParts } from '../../lib/zoned';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 'Asia/Shanghai';
/** 2027-03-01 is a Monday: 00:00 in Shanghai is 2027-02-28 16:00 UTC. */
const MONDAY_2027_03_01 = Date.UTC(2027, 1, 28, 16);

describe('the week of the free credit (Monday 00:00, Asia/Shanghai)', () => {
  it('starts at Monday 00:00 Shanghai, not at UTC midnight', () => {
    expect(weekStartOf(MONDAY_2027_03_01)).toBe(MONDAY_2027_03_01);
    expect(weekStartOf(MONDAY_2027_03_01 - 1)).toBe(MONDAY_2027_03_01 - 7 * DAY);
    // Monday 07:59 UTC is already Monday afternoon in Shanghai; Sunday 17:00 UTC is Monday 01:00 there.
    expect(weekStartOf(Date.UTC(2027, 2, 1, 7, 59))).toBe(MONDAY_2027_03_01);
    expect(weekStartOf(Date.UTC(2027, 1, 28, 17))).toBe(MONDAY_2027_03_01);
    expect(nextResetAt(MONDAY_2027_03_01 + 3 * DAY)).toBe(MONDAY_2027_03_01 + 7 * DAY);
  });

  it('is a Monday at midnight in Shanghai, at most a week before any instant, across years', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2034, 11, 31) }), (now) => {
        const start = weekStartOf(now);
        const parts = localParts(start, SHANGHAI);
        expect(new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay()).toBe(1);
        expect([parts.hour, parts.minute, parts.second]).toEqual([0, 0, 0]);
        expect(start).toBeLessThanOrEqual(now);
        expect(now - start).toBeLessThan(7 * DAY);
        expect(nextResetAt(now) - start).toBe(7 * DAY);
      }),
    );
  });
});

describe('credits', () => {
  const fresh = initialCredits(MONDAY_2027_03_01 + HOUR);

  it('start with this week’s free credit and nothing bought', () => {
    expect(fresh).toEqual({ weeklyRemaining: 1, weekStart: MONDAY_2027_03_01, purchasedRemaining: 0 });
  });

  it('spend the weekly credit before a purchased one, and none when both are gone', () => {
    const withBought = purchased(fresh, 2).state;
    const first = spendForBatch(withBought)!;
    expect(first).toMatchObject({ action: 'batch_upload', weeklyDelta: -1, purchasedDelta: 0 });
    const second = spendForBatch(first.state)!;
    expect(second).toMatchObject({ weeklyDelta: 0, purchasedDelta: -1 });
    expect(second.state).toMatchObject({ weeklyRemaining: 0, purchasedRemaining: 1 });
    const third = spendForBatch(second.state)!;
    expect(spendForBatch(third.state)).toBeNull();
  });

  it('give the weekly credit again in a new week, without accumulating, and never twice in a week', () => {
    expect(weeklyReset(fresh, MONDAY_2027_03_01 + 6 * DAY)).toBeNull();
    const unused = weeklyReset(fresh, MONDAY_2027_03_01 + 7 * DAY)!;
    expect(unused).toMatchObject({ action: 'weekly_reset', weeklyDelta: 0 });
    expect(unused.state.weeklyRemaining).toBe(1);
    const spent = spendForBatch(fresh)!.state;
    const later = weeklyReset(spent, MONDAY_2027_03_01 + 30 * DAY)!;
    expect(later).toMatchObject({ weeklyDelta: 1, purchasedDelta: 0 });
    expect(later.state).toEqual({
      weeklyRemaining: 1,
      weekStart: MONDAY_2027_03_01 + 28 * DAY,
      purchasedRemaining: 0,
    });
    expect(weeklyReset(later.state, MONDAY_2027_03_01 + 30 * DAY)).toBeNull();
  });

  it('cost ¥50 each', () => {
    expect(CREDIT_PRICE_FEN).toBe(5_000);
    expect(creditsPriceFen(3)).toBe(15_000);
  });

  type Step = { kind: 'spend' } | { kind: 'buy'; count: number } | { kind: 'wait'; ms: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant({ kind: 'spend' as const }),
    fc.record({ kind: fc.constant('buy' as const), count: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 * DAY }) }),
  );

  it('keep a ledger that sums to the balance, never go below zero and never hold more than one weekly credit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2033, 0, 1) }),
        fc.array(step, { maxLength: 60 }),
        (start, steps) => {
          let now = start;
          let state: CreditState = initialCredits(now);
          let weeklySum = state.weeklyRemaining;
          let purchasedSum = 0;
          let bought = 0;
          let spent = 0;
          for (const s of steps) {
            if (s.kind === 'wait') now += s.ms;
            const reset = weeklyReset(state, now);
            const change =
              reset ??
              (s.kind === 'spend'
                ? spendForBatch(state)
                : s.kind === 'buy'
                  ? purchased(state, s.count)
                  : null);
            if (reset) {
              expect(reset.state.weekStart).toBe(weekStartOf(now));
            } else if (s.kind === 'spend' && change === null) {
              expect(state.weeklyRemaining + state.purchasedRemaining).toBe(0);
            }
            if (!change) continue;
            if (change.action === 'purchase') bought += change.purchasedDelta;
            if (change.action === 'batch_upload') {
              spent++;
              // The weekly credit goes first.
              if (change.purchasedDelta < 0) expect(state.weeklyRemaining).toBe(0);
            }
            weeklySum += change.weeklyDelta;
            purchasedSum += change.purchasedDelta;
            state = change.state;
            expect(state.weeklyRemaining).toBe(weeklySum);
            expect(state.purchasedRemaining).toBe(purchasedSum);
            expect(state.weeklyRemaining).toBeGreaterThanOrEqual(0);
            expect(state.weeklyRemaining).toBeLessThanOrEqual(1);
            expect(state.purchasedRemaining).toBeGreaterThanOrEqual(0);
          }
          // Purchased credits are only ever spent, never lost to a reset.
          expect(state.purchasedRemaining).toBeGreaterThanOrEqual(bought - spent);
        },
      ),
    );
  });
});
