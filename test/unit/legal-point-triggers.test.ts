import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptanceRules,
  completionRules,
  FAST_COMPLETION_MS,
  HEARTBEAT_GAP_MS,
  HIGH_VALUE_CASE_FEN,
  heartbeat,
  isWeekend,
  ONLINE_HOURS_PER_DAY,
  type OnlineTime,
  pointsFor,
} from '../../durable-objects/lawyer/points';
import { zonedToEpoch } from '../../lib/zoned';
import {
  MARKETPLACE_TIME_ZONE,
  MEMBERSHIP_PLANS,
  MEMBERSHIPS,
  MULTIPLIED_RULES,
  POINT_ACTIONS,
  POINT_RULES,
  type PointAction,
} from '../../schema/dto/legal-catalog';

const at = (y: number, m: number, d: number, h = 12, min = 0) =>
  zonedToEpoch(y, m, d, MARKETPLACE_TIME_ZONE, h, min);
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The seed's points table, one row a rule: [action, base points, multiplied by the membership]. */
const SEED_TABLE: [PointAction, number, boolean][] = [
  ['case_complete_success', 100, true],
  ['case_complete_fail', -30, false],
  ['case_high_value', 200, true],
  ['case_fast_completion', 50, true],
  ['review_5star', 200, true],
  ['review_4star', 100, true],
  ['review_3star', 0, false],
  ['review_2star', -150, false],
  ['review_1star', -300, false],
  ['online_hour', 5, true],
  ['quick_response', 50, true],
  ['weekend_work', 20, true],
  ['ai_credit_used', 3, true],
  ['payment_100yuan', 100, true],
  ['referral_lawyer', 1000, true],
  ['case_declined', -30, false],
  ['late_response', -20, false],
  ['client_complaint', -200, false],
];

describe('the points table with its multiplier column (D6)', () => {
  it('covers every rule of the catalog, and only those', () => {
    expect(SEED_TABLE.map(([a]) => a).sort()).toEqual([...POINT_ACTIONS].sort());
  });

  it.each(SEED_TABLE)('%s is %i points, multiplied: %s', (action, base, multiplied) => {
    expect(POINT_RULES[action]).toBe(base);
    expect(MULTIPLIED_RULES[action]).toBe(multiplied);
    for (const plan of MEMBERSHIP_PLANS) {
      const multiplier = multiplied ? MEMBERSHIPS[plan].pointMultiplier : 1;
      expect(pointsFor(action, plan, 2)).toEqual({
        action,
        base: base * 2,
        multiplier,
        result: base * 2 * multiplier,
        plan,
      });
    }
  });

  it('multiplies exactly the rewards: no penalty grows with the membership', () => {
    for (const action of POINT_ACTIONS) expect(MULTIPLIED_RULES[action]).toBe(POINT_RULES[action] > 0);
  });
});

describe('weekends in Asia/Shanghai', () => {
  it('are Saturday and Sunday by the Shanghai wall clock, not by UTC', () => {
    // 2026-12-05 is a Saturday; 2026-12-07 a Monday.
    expect(isWeekend(at(2026, 12, 5, 0, 0))).toBe(true);
    expect(isWeekend(at(2026, 12, 6, 23, 59))).toBe(true);
    expect(isWeekend(at(2026, 12, 7, 0, 0))).toBe(false);
    expect(isWeekend(at(2026, 12, 4, 23, 59))).toBe(false);
    // Friday 20:00 UTC is Saturday 04:00 in Shanghai.
    expect(isWeekend(Date.UTC(2026, 11, 4, 20))).toBe(true);
  });

  it('an acceptance on a weekend earns weekend_work, on a weekday nothing', () => {
    expect(acceptanceRules(at(2026, 12, 5))).toEqual([{ action: 'weekend_work', units: 1 }]);
    expect(acceptanceRules(at(2026, 12, 8))).toEqual([]);
  });
});

describe('what a completion sets off (D6)', () => {
  const monday = at(2026, 12, 7, 9);
  const base = {
    amountFen: 1_000_00,
    feeFen: 0,
    acceptedAt: monday,
    completedAt: monday + HOUR * 100,
    outcome: 'success' as const,
  };

  it('case_high_value for a success above ¥50 000, not at it', () => {
    expect(completionRules({ ...base, amountFen: HIGH_VALUE_CASE_FEN + 1 })).toEqual([
      { action: 'case_high_value', units: 1 },
    ]);
    expect(completionRules({ ...base, amountFen: HIGH_VALUE_CASE_FEN })).toEqual([]);
    expect(completionRules({ ...base, amountFen: HIGH_VALUE_CASE_FEN + 1, outcome: 'fail' })).toEqual([]);
  });

  it('case_fast_completion for a success within 72 h of acceptance', () => {
    expect(completionRules({ ...base, completedAt: monday + FAST_COMPLETION_MS })).toEqual([
      { action: 'case_fast_completion', units: 1 },
    ]);
    expect(completionRules({ ...base, completedAt: monday + FAST_COMPLETION_MS + 1 })).toEqual([]);
    expect(completionRules({ ...base, completedAt: monday + HOUR, outcome: 'fail' })).toEqual([]);
  });

  it('payment_100yuan per whole ¥100 of the fee the client paid, whatever the outcome', () => {
    expect(completionRules({ ...base, feeFen: 99_99 })).toEqual([]);
    expect(completionRules({ ...base, feeFen: 299_00 })).toEqual([{ action: 'payment_100yuan', units: 2 }]);
    expect(completionRules({ ...base, feeFen: 2_000_00, outcome: 'fail' })).toEqual([
      { action: 'payment_100yuan', units: 20 },
    ]);
  });

  it('weekend_work for a completion on a Saturday or Sunday', () => {
    const sunday = at(2026, 12, 13, 18);
    expect(completionRules({ ...base, acceptedAt: sunday - 200 * HOUR, completedAt: sunday })).toEqual([
      { action: 'weekend_work', units: 1 },
    ]);
  });

  it('all at once, in a fixed order', () => {
    const saturday = at(2026, 12, 12, 10);
    expect(
      completionRules({
        amountFen: 60_000_00,
        feeFen: 2_400_00,
        acceptedAt: saturday - HOUR,
        completedAt: saturday,
        outcome: 'success',
      }),
    ).toEqual([
      { action: 'case_high_value', units: 1 },
      { action: 'case_fast_completion', units: 1 },
      { action: 'payment_100yuan', units: 24 },
      { action: 'weekend_work', units: 1 },
    ]);
  });
});

describe('time online from heartbeats (D6 online_hour)', () => {
  const start: OnlineTime = { day: '', onlineMs: 0, hoursAwarded: 0, lastBeatAt: null };
  const morning = at(2026, 12, 8, 9);

  /** Heartbeats every `every` ms from `from` for `count` beats. */
  function beat(time: OnlineTime, from: number, every: number, count: number) {
    let hours = 0;
    for (let i = 0; i < count; i++) {
      const next = heartbeat(time, from + i * every);
      time = next.time;
      hours += next.hours;
    }
    return { time, hours };
  }

  it('the first heartbeat counts nothing; a minute apart counts the minute', () => {
    const first = heartbeat(start, morning);
    expect(first).toEqual({
      time: { day: '2026-12-08', onlineMs: 0, hoursAwarded: 0, lastBeatAt: morning },
      hours: 0,
    });
    expect(heartbeat(first.time, morning + MINUTE).time.onlineMs).toBe(MINUTE);
  });

  it('a gap over five minutes counts nothing, and a heartbeat out of order neither', () => {
    const first = heartbeat(start, morning).time;
    expect(heartbeat(first, morning + HEARTBEAT_GAP_MS).time.onlineMs).toBe(HEARTBEAT_GAP_MS);
    expect(heartbeat(first, morning + HEARTBEAT_GAP_MS + 1).time.onlineMs).toBe(0);
    const back = heartbeat(first, morning - MINUTE).time;
    expect(back).toMatchObject({ onlineMs: 0, lastBeatAt: morning });
  });

  it('earns an hour for each whole hour, once', () => {
    const hour = beat(start, morning, MINUTE, 61);
    expect(hour.hours).toBe(1);
    expect(hour.time).toMatchObject({ onlineMs: HOUR, hoursAwarded: 1 });
  });

  it('stops at 8 hours a day, and starts again the next business day', () => {
    const day = beat(start, morning, MINUTE, 10 * 60 + 1);
    expect(day.hours).toBe(ONLINE_HOURS_PER_DAY);
    expect(day.time.hoursAwarded).toBe(ONLINE_HOURS_PER_DAY);
    const tomorrow = beat(day.time, at(2026, 12, 9, 9), MINUTE, 2 * 60 + 1);
    expect(tomorrow.hours).toBe(2);
    expect(tomorrow.time).toMatchObject({ day: '2026-12-09', onlineMs: 2 * HOUR, hoursAwarded: 2 });
  });

  it('never earns more than the whole hours counted, nor more than 8 a day', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 * MINUTE }), { maxLength: 300 }), (gaps) => {
        let time = heartbeat(start, morning).time;
        let now = morning;
        let hours = 0;
        let counted = 0;
        for (const gap of gaps) {
          now += gap;
          const next = heartbeat(time, now);
          if (next.time.day === time.day && gap <= HEARTBEAT_GAP_MS) counted += gap;
          time = next.time;
          hours += next.hours;
          expect(next.hours).toBeGreaterThanOrEqual(0);
        }
        // Within one day (at most 300 × 10 min = 50 h from 09:00 may cross midnight), compare per day.
        if (time.day === '2026-12-08') {
          expect(time.onlineMs).toBe(counted);
          expect(hours).toBe(Math.min(ONLINE_HOURS_PER_DAY, Math.floor(counted / HOUR)));
        }
        expect(time.hoursAwarded).toBeLessThanOrEqual(ONLINE_HOURS_PER_DAY);
      }),
    );
  });
});
