import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnalyticsCase,
  type AnalyticsPoints,
  type AnalyticsRecovery,
  type AnalyticsSums,
  lawyerAnalytics,
  windowStart,
} from '../../durable-objects/lawyer/analytics';
import { serviceFeeFen } from '../../durable-objects/legal/fees';
import { addMonths, monthStart } from '../../lib/zoned';
import { CASE_TYPES, MARKETPLACE_TIME_ZONE as ZONE } from '../../schema/dto/legal-catalog';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-06-15 12:00 in Shanghai. */
const NOW = Date.UTC(2026, 5, 15, 4);
/** 2026-04-01 00:30 in Shanghai, still 31 March in UTC. */
const APRIL_FIRST_SHANGHAI = Date.UTC(2026, 2, 31, 16, 30);

const kase = (rest: Partial<AnalyticsCase>): AnalyticsCase => ({
  caseType: 'debt_collection',
  amountFen: 10_000_00,
  status: 'offered',
  offeredAt: NOW - HOUR,
  respondedAt: null,
  completedAt: null,
  outcome: null,
  stars: null,
  reviewedAt: null,
  ...rest,
});

const analyse = (
  cases: AnalyticsCase[],
  points: AnalyticsPoints[] = [],
  months = 3,
  recovery: AnalyticsRecovery[] = [],
) => lawyerAnalytics({ cases, points, recovery, now: NOW, months, timeZone: ZONE });

describe('the lawyer’s figures per business month', () => {
  it('counts each event in the Shanghai month it happened, and leaves out what is before the window', () => {
    const r = analyse(
      [
        kase({
          offeredAt: APRIL_FIRST_SHANGHAI - 40 * MINUTE,
          status: 'declined',
          respondedAt: APRIL_FIRST_SHANGHAI,
        }),
        kase({
          offeredAt: Date.UTC(2026, 2, 1),
          status: 'completed',
          respondedAt: Date.UTC(2026, 2, 2),
          completedAt: Date.UTC(2026, 4, 10),
          outcome: 'success',
          stars: 4,
          reviewedAt: Date.UTC(2026, 5, 1),
        }),
      ],
      [
        { at: APRIL_FIRST_SHANGHAI, result: -30 },
        { at: Date.UTC(2026, 2, 5), result: 50 },
      ],
    );
    expect([r.from, r.to]).toEqual(['2026-04', '2026-06']);
    expect(r.months.map((m) => m.month)).toEqual(['2026-04', '2026-05', '2026-06']);
    const [april, may, june] = r.months;
    // The offer was made in March (Shanghai), the decline on 1 April: only the decline is in the window.
    expect(april).toMatchObject({
      offered: 0,
      declined: 1,
      responses: 1,
      responseMinutesSum: 40,
      pointsLost: 30,
    });
    expect(april!.acceptanceRate).toBe(0);
    expect(april!.averageResponseMinutes).toBe(40);
    expect(may).toMatchObject({ completed: 1, succeeded: 1, failed: 0, accepted: 0, successRate: 1 });
    expect(may!.feesEarnedFen).toBe(serviceFeeFen('debt_collection', 10_000_00));
    expect(june).toMatchObject({ reviews: 1, starsSum: 4, averageStars: 4, offered: 0, pointsEarned: 0 });
    expect(r.totals).toMatchObject({
      declined: 1,
      completed: 1,
      reviews: 1,
      pointsEarned: 0,
      pointsLost: 30,
    });
  });

  it('an empty month has no rates or averages, only zeros', () => {
    const r = analyse([], [], 1);
    expect(r.months).toHaveLength(1);
    expect(r.totals).toMatchObject({
      offered: 0,
      feesEarnedFen: 0,
      acceptanceRate: null,
      averageResponseMinutes: null,
      successRate: null,
      averageStars: null,
    });
  });

  it('rates: accepted of answered and lapsed offers, success of completions; lapsed offers are not timed', () => {
    const at = NOW - 5 * DAY;
    const r = analyse(
      [
        kase({ offeredAt: at, status: 'assigned', respondedAt: at + 20 * MINUTE }),
        kase({
          offeredAt: at,
          status: 'completed',
          respondedAt: at + 40 * MINUTE,
          completedAt: at + DAY,
          outcome: 'fail',
          caseType: 'consultation',
          amountFen: 0,
        }),
        kase({ offeredAt: at, status: 'lapsed', respondedAt: at + 2 * HOUR }),
        kase({ offeredAt: at }),
      ],
      [
        { at, result: 100 },
        { at, result: 0 },
        { at, result: -20 },
      ],
    );
    expect(r.totals).toMatchObject({
      offered: 4,
      accepted: 2,
      lapsed: 1,
      responses: 2,
      averageResponseMinutes: 30,
      completed: 1,
      failed: 1,
      successRate: 0,
      feesEarnedFen: serviceFeeFen('consultation', 0),
      pointsEarned: 100,
      pointsLost: 20,
    });
    expect(r.totals.acceptanceRate).toBe(0.6667);
  });

  it('recovery: contacts, answered contacts and amounts, each in the month it happened', () => {
    const r = analyse([], [], 3, [
      { kind: 'contact', at: APRIL_FIRST_SHANGHAI, responded: false, amountFen: null },
      { kind: 'contact', at: NOW - DAY, responded: true, amountFen: null },
      { kind: 'payment', at: NOW - DAY, responded: null, amountFen: 300_00 },
      { kind: 'payment', at: APRIL_FIRST_SHANGHAI - HOUR, responded: null, amountFen: 999_00 },
    ]);
    expect(r.months.find((m) => m.month === '2026-04')).toMatchObject({
      debtorContacts: 1,
      debtorResponses: 0,
      recoveredFen: 0,
    });
    expect(r.months.find((m) => m.month === '2026-06')).toMatchObject({
      debtorContacts: 1,
      debtorResponses: 1,
      recoveredFen: 300_00,
    });
    expect(r.totals).toMatchObject({ debtorContacts: 2, debtorResponses: 1, recoveredFen: 300_00 });
  });

  it('the window starts at the first of the months asked for', () => {
    expect(windowStart(NOW, 1, ZONE)).toBe('2026-06');
    expect(windowStart(NOW, 24, ZONE)).toBe('2024-07');
    expect(windowStart(Date.UTC(2026, 11, 31, 17), 1, ZONE)).toBe('2027-01');
  });
});

const SUMS: (keyof AnalyticsSums)[] = [
  'offered',
  'accepted',
  'declined',
  'lapsed',
  'completed',
  'succeeded',
  'failed',
  'responses',
  'responseMinutesSum',
  'reviews',
  'starsSum',
  'pointsEarned',
  'pointsLost',
  'feesEarnedFen',
  'debtorContacts',
  'debtorResponses',
  'recoveredFen',
];

const START = Date.UTC(2024, 0, 1);
const END = Date.UTC(2028, 0, 1);
const gap = fc.integer({ min: 0, max: 40 * DAY });
const caseArb = fc
  .record({
    caseType: fc.constantFrom(...CASE_TYPES),
    amountFen: fc.integer({ min: 0, max: 5_000_000_00 }),
    status: fc.constantFrom('offered', 'assigned', 'declined', 'lapsed', 'completed'),
    offeredAt: fc.integer({ min: START, max: END }),
    respond: gap,
    complete: gap,
    review: fc.option(fc.tuple(fc.integer({ min: 1, max: 5 }), gap)),
    outcome: fc.constantFrom('success', 'fail'),
  })
  .map((g): AnalyticsCase => {
    const respondedAt = g.status === 'offered' ? null : g.offeredAt + g.respond;
    const completedAt = g.status === 'completed' ? respondedAt! + g.complete : null;
    const reviewed = completedAt !== null && g.review !== null;
    return {
      caseType: g.caseType,
      amountFen: g.amountFen,
      status: g.status as AnalyticsCase['status'],
      offeredAt: g.offeredAt,
      respondedAt,
      completedAt,
      outcome: completedAt === null ? null : (g.outcome as 'success' | 'fail'),
      stars: reviewed ? g.review![0] : null,
      reviewedAt: reviewed ? completedAt + g.review![1] : null,
    };
  });
const pointsArb = fc.record({
  at: fc.integer({ min: START, max: END }),
  result: fc.integer({ min: -600, max: 2_000 }),
});

const recoveryArb = fc
  .record({
    kind: fc.constantFrom('contact' as const, 'payment' as const),
    at: fc.integer({ min: START, max: END }),
    responded: fc.option(fc.boolean()),
    amountFen: fc.integer({ min: 1, max: 5_000_000_00 }),
  })
  .map(
    (g): AnalyticsRecovery => ({
      kind: g.kind,
      at: g.at,
      responded: g.kind === 'contact' ? g.responded : null,
      amountFen: g.kind === 'payment' ? g.amountFen : null,
    }),
  );

/** The same figures counted again the long way: each record against the month's instants in Shanghai. */
function recount(
  cases: AnalyticsCase[],
  points: AnalyticsPoints[],
  recovery: AnalyticsRecovery[],
  month: string,
  last: string,
) {
  const from = monthStart(month, ZONE);
  const to = monthStart(addMonths(last, 1), ZONE);
  const within = (ms: number | null) => ms !== null && ms >= from && ms < to;
  const answered = cases.filter((c) => within(c.respondedAt));
  const timed = answered.filter((c) => c.status !== 'lapsed');
  const completed = cases.filter((c) => c.status === 'completed' && within(c.completedAt));
  const reviewed = cases.filter((c) => c.stars !== null && within(c.reviewedAt));
  const inPoints = points.filter((p) => within(p.at));
  const contacts = recovery.filter((r) => r.kind === 'contact' && within(r.at));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    offered: cases.filter((c) => within(c.offeredAt)).length,
    accepted: answered.filter((c) => c.status === 'assigned' || c.status === 'completed').length,
    declined: answered.filter((c) => c.status === 'declined').length,
    lapsed: answered.filter((c) => c.status === 'lapsed').length,
    completed: completed.length,
    succeeded: completed.filter((c) => c.outcome === 'success').length,
    failed: completed.filter((c) => c.outcome === 'fail').length,
    responses: timed.length,
    responseMinutesSum: sum(timed.map((c) => Math.round((c.respondedAt! - c.offeredAt) / MINUTE))),
    reviews: reviewed.length,
    starsSum: sum(reviewed.map((c) => c.stars!)),
    pointsEarned: sum(inPoints.filter((p) => p.result > 0).map((p) => p.result)),
    pointsLost: sum(inPoints.filter((p) => p.result < 0).map((p) => -p.result)),
    feesEarnedFen: sum(completed.map((c) => serviceFeeFen(c.caseType as never, c.amountFen))),
    debtorContacts: contacts.length,
    debtorResponses: contacts.filter((r) => r.responded === true).length,
    recoveredFen: sum(recovery.filter((r) => r.kind === 'payment' && within(r.at)).map((r) => r.amountFen!)),
  };
}

describe('property: the months add up to the totals, and both match a recount of the records', () => {
  it('holds for any records, window and moment', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { maxLength: 40 }),
        fc.array(pointsArb, { maxLength: 40 }),
        fc.array(recoveryArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: Date.UTC(2025, 0, 1), max: END }),
        (cases, points, recovery, months, now) => {
          const r = lawyerAnalytics({ cases, points, recovery, now, months, timeZone: ZONE });
          expect(r.months).toHaveLength(months);
          for (const key of SUMS)
            expect(r.months.reduce((total, m) => total + m[key], 0)).toBe(r.totals[key]);
          expect(r.totals).toMatchObject(recount(cases, points, recovery, r.from, r.to));
          for (const m of r.months)
            expect(m).toMatchObject(recount(cases, points, recovery, m.month, m.month));
          const t = r.totals;
          const answered = t.accepted + t.declined + t.lapsed;
          expect(t.acceptanceRate).toBe(
            answered ? Math.round((t.accepted / answered) * 10_000) / 10_000 : null,
          );
          expect(t.averageStars).toBe(t.reviews ? Math.round((t.starsSum / t.reviews) * 100) / 100 : null);
        },
      ),
      { numRuns: 150 },
    );
  });
});
