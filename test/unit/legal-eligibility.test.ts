import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestCandidate,
  type CaseFacts,
  counterKeys,
  type LawyerSnapshot,
  loadOf,
  refusalFor,
} from '../../durable-objects/legal/eligibility';

const now = Date.parse('2026-06-15T04:00:00Z');
const keys = counterKeys(now);
const none = { offers: 0, amountFen: 0 };

const lawyer = (id: string, over: Partial<LawyerSnapshot> = {}): LawyerSnapshot => ({
  lawyerId: id,
  version: 1,
  active: true,
  areas: ['debt'],
  plan: 'free',
  weightTenths: 10,
  suspendedUntil: null,
  dailyLimit: 2,
  monthlyLimitFen: 5_000_00,
  dayKey: keys.day,
  acceptedToday: 0,
  monthKey: keys.month,
  amountThisMonthFen: 0,
  openOffers: 0,
  openAmountFen: 0,
  ...over,
});
const kase: CaseFacts = { caseId: 'case_1', area: 'debt', amountFen: 1_000_00, minMembership: 'free' };

describe('counterKeys', () => {
  it('are the business day and month in Asia/Shanghai', () => {
    expect(counterKeys(Date.parse('2026-06-30T16:00:00Z'))).toEqual({ day: '2026-07-01', month: '2026-07' });
    expect(counterKeys(Date.parse('2026-06-30T15:59:59Z'))).toEqual({ day: '2026-06-30', month: '2026-06' });
  });
});

describe('refusalFor (D8)', () => {
  it('names each reason a lawyer may not be offered a case', () => {
    expect(refusalFor(lawyer('a'), kase, now, keys, none)).toBeNull();
    expect(refusalFor(lawyer('a', { active: false }), kase, now, keys, none)).toBe('inactive');
    expect(refusalFor(lawyer('a', { suspendedUntil: now + 1 }), kase, now, keys, none)).toBe('suspended');
    expect(refusalFor(lawyer('a', { suspendedUntil: now }), kase, now, keys, none)).toBeNull();
    expect(refusalFor(lawyer('a', { areas: ['family'] }), kase, now, keys, none)).toBe('area');
    expect(refusalFor(lawyer('a'), { ...kase, minMembership: 'enterprise' }, now, keys, none)).toBe(
      'membership',
    );
    expect(
      refusalFor(
        lawyer('a', { plan: 'enterprise' }),
        { ...kase, minMembership: 'enterprise' },
        now,
        keys,
        none,
      ),
    ).toBeNull();
    expect(refusalFor(lawyer('a', { acceptedToday: 2 }), kase, now, keys, none)).toBe('daily_limit');
    expect(refusalFor(lawyer('a', { acceptedToday: 1 }), kase, now, keys, { offers: 1, amountFen: 0 })).toBe(
      'daily_limit',
    );
    expect(refusalFor(lawyer('a', { amountThisMonthFen: 4_500_00 }), kase, now, keys, none)).toBe(
      'monthly_limit',
    );
    expect(refusalFor(lawyer('a'), kase, now, keys, { offers: 0, amountFen: 4_000_01 })).toBe(
      'monthly_limit',
    );
    expect(
      refusalFor(
        lawyer('a', { dailyLimit: null, monthlyLimitFen: null, acceptedToday: 999 }),
        kase,
        now,
        keys,
        none,
      ),
    ).toBeNull();
  });

  it('counts yesterday’s cases and last month’s amounts as nothing', () => {
    const stale = lawyer('a', {
      dayKey: '2026-06-14',
      acceptedToday: 2,
      monthKey: '2026-05',
      amountThisMonthFen: 5_000_00,
    });
    expect(loadOf(stale, keys, none)).toEqual({ today: 0, monthFen: 0 });
    expect(refusalFor(stale, kase, now, keys, none)).toBeNull();
  });
});

describe('bestCandidate (D8)', () => {
  it('ranks by priority weight, then by the least taken today, then by id', () => {
    const lawyers = [lawyer('c'), lawyer('b', { acceptedToday: 1 }), lawyer('a', { acceptedToday: 1 })];
    expect(bestCandidate(lawyers, kase, now, keys, () => none, new Set())?.lawyerId).toBe('c');
    const heavier = [...lawyers, lawyer('z', { weightTenths: 12, acceptedToday: 1 })];
    expect(bestCandidate(heavier, kase, now, keys, () => none, new Set())?.lawyerId).toBe('z');
    expect(bestCandidate(lawyers.slice(1), kase, now, keys, () => none, new Set())?.lawyerId).toBe('a');
  });

  it('skips the excluded and the ineligible, and answers null when nobody is left', () => {
    const lawyers = [lawyer('a'), lawyer('b', { suspendedUntil: now + 1 })];
    expect(bestCandidate(lawyers, kase, now, keys, () => none, new Set(['a']))).toBeNull();
    expect(
      bestCandidate(
        lawyers,
        kase,
        now,
        keys,
        (id) => (id === 'a' ? { offers: 2, amountFen: 0 } : none),
        new Set(),
      ),
    ).toBeNull();
  });

  it('always picks an eligible lawyer with the highest weight, whenever there is one', () => {
    const snapshot = fc.record({
      weightTenths: fc.integer({ min: 1, max: 40 }),
      acceptedToday: fc.integer({ min: 0, max: 3 }),
      suspended: fc.boolean(),
      area: fc.constantFrom('debt' as const, 'family' as const),
    });
    fc.assert(
      fc.property(fc.array(snapshot, { maxLength: 12 }), (specs) => {
        const lawyers = specs.map((s, i) =>
          lawyer(`l${String(i).padStart(2, '0')}`, {
            weightTenths: s.weightTenths,
            acceptedToday: s.acceptedToday,
            suspendedUntil: s.suspended ? now + 1 : null,
            areas: [s.area],
          }),
        );
        const eligible = lawyers.filter((l) => refusalFor(l, kase, now, keys, none) === null);
        const best = bestCandidate(lawyers, kase, now, keys, () => none, new Set());
        if (eligible.length === 0) expect(best).toBeNull();
        else {
          expect(best).not.toBeNull();
          expect(refusalFor(best!, kase, now, keys, none)).toBeNull();
          expect(best!.weightTenths).toBe(Math.max(...eligible.map((l) => l.weightTenths)));
        }
      }),
    );
  });
});
