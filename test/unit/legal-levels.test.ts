import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aiCreditAllowance,
  effectiveLimits,
  levelFor,
  levelProgress,
  lowerLimit,
  suggestMembership,
} from '../../durable-objects/lawyer/levels';
import { LEVELS, MEMBERSHIP_PLANS, MEMBERSHIPS } from '../../schema/dto/legal-catalog';

describe('the seed tables, as data (D4, D5)', () => {
  it('memberships: fee, AI credits, daily cases, monthly amount, multiplier, enterprise cases', () => {
    const rows = MEMBERSHIP_PLANS.map((p) => {
      const m = MEMBERSHIPS[p];
      return [
        p,
        m.monthlyFeeFen,
        m.aiCreditsMonthly,
        m.dailyCaseLimit,
        m.monthlyAmountLimitFen,
        m.pointMultiplier,
        m.enterpriseCases,
      ];
    });
    expect(rows).toEqual([
      ['free', 0, 20, 2, 500_000, 1, false],
      ['professional', 89_900, 500, 15, 20_000_000, 2, false],
      ['enterprise', 299_900, 2000, null, null, 3, true],
    ]);
  });

  it('levels 1–10: names, points, cases, suggestion, AI credits, daily cases, monthly amount (yuan), weight', () => {
    expect(
      LEVELS.map((l) => [
        l.level,
        l.nameZh,
        l.minPoints,
        l.minCasesCompleted,
        l.membershipSuggestion,
        l.aiCredits,
        l.dailyCaseLimit,
        l.monthlyAmountLimitFen / 100,
        l.priorityWeightTenths / 10,
      ]),
    ).toEqual([
      [1, '见习律师', 0, 0, 'free', 20, 2, 5000, 1.0],
      [2, '初级律师', 1000, 3, 'free', 30, 3, 8000, 1.1],
      [3, '助理律师', 3000, 8, 'professional', 50, 5, 15000, 1.2],
      [4, '执业律师', 8000, 20, 'professional', 100, 8, 50000, 1.3],
      [5, '资深律师', 20000, 50, 'professional', 200, 12, 100000, 1.5],
      [6, '专业律师', 50000, 120, 'professional', 350, 18, 200000, 1.7],
      [7, '高级律师', 100000, 300, 'enterprise', 500, 25, 400000, 2.0],
      [8, '合伙人律师', 250000, 700, 'enterprise', 800, 35, 800000, 2.5],
      [9, '高级合伙人', 500000, 1500, 'enterprise', 1200, 50, 1500000, 3.0],
      [10, '首席合伙人', 1000000, 3000, 'enterprise', 2000, 80, 3000000, 4.0],
    ]);
  });
});

describe('levelFor (D5)', () => {
  it('needs both the points and the completed cases of a level', () => {
    expect(levelFor(0, 0).level).toBe(1);
    expect(levelFor(999, 100).level).toBe(1);
    expect(levelFor(1000, 2).level).toBe(1);
    expect(levelFor(1000, 3).level).toBe(2);
    expect(levelFor(8000, 20).level).toBe(4);
    expect(levelFor(8000, 19).level).toBe(3);
    expect(levelFor(-500, 0).level).toBe(1);
    expect(levelFor(5_000_000, 10_000).level).toBe(10);
  });

  it('is monotone in points and in cases: more of either never lowers the level', () => {
    const n = fc.integer({ min: -2_000, max: 1_200_000 });
    const c = fc.integer({ min: 0, max: 4_000 });
    fc.assert(
      fc.property(n, c, fc.nat(50_000), fc.nat(500), (points, cases, morePoints, moreCases) => {
        const base = levelFor(points, cases).level;
        expect(levelFor(points + morePoints, cases).level).toBeGreaterThanOrEqual(base);
        expect(levelFor(points, cases + moreCases).level).toBeGreaterThanOrEqual(base);
      }),
    );
  });

  it('is the highest level whose two thresholds are both met', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_100_000 }),
        fc.integer({ min: 0, max: 3_500 }),
        (points, cases) => {
          const reached = LEVELS.filter((l) => points >= l.minPoints && cases >= l.minCasesCompleted);
          expect(levelFor(points, cases).level).toBe(Math.max(...reached.map((l) => l.level)));
        },
      ),
    );
  });

  it('levelProgress says how far the next level is, and nothing at the top', () => {
    expect(levelProgress(1200, 1)).toEqual({
      level: 1,
      next: { level: 2, minPoints: 1000, minCasesCompleted: 3, pointsToGo: 0, casesToGo: 2 },
    });
    expect(levelProgress(1_000_000, 3000)).toEqual({ level: 10, next: null });
  });
});

describe('effective limits and the membership suggestion (D5)', () => {
  it('the lower of membership and level, unlimited counting as no limit', () => {
    expect(lowerLimit(null, 5)).toBe(5);
    expect(lowerLimit(3, 5)).toBe(3);
    expect(lowerLimit(7, 5)).toBe(5);
    const l1 = LEVELS[0]!;
    const l4 = LEVELS[3]!;
    const l10 = LEVELS[9]!;
    expect(effectiveLimits('free', l1)).toEqual({
      dailyCases: 2,
      monthlyAmountFen: 500_000,
      dailyBoundBy: 'both',
      monthlyBoundBy: 'both',
    });
    expect(effectiveLimits('free', l4)).toMatchObject({ dailyCases: 2, dailyBoundBy: 'membership' });
    expect(effectiveLimits('professional', l4)).toMatchObject({
      dailyCases: 8,
      monthlyAmountFen: 5_000_000,
      dailyBoundBy: 'level',
      monthlyBoundBy: 'level',
    });
    expect(effectiveLimits('enterprise', l10)).toMatchObject({
      dailyCases: 80,
      monthlyAmountFen: 300_000_000,
    });
  });

  it('the effective limit is never above either side', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MEMBERSHIP_PLANS), fc.constantFrom(...LEVELS), (plan, level) => {
        const e = effectiveLimits(plan, level);
        expect(e.dailyCases).toBeLessThanOrEqual(level.dailyCaseLimit);
        if (MEMBERSHIPS[plan].dailyCaseLimit !== null)
          expect(e.dailyCases).toBeLessThanOrEqual(MEMBERSHIPS[plan].dailyCaseLimit!);
        expect(e.monthlyAmountFen).toBeLessThanOrEqual(level.monthlyAmountLimitFen);
      }),
    );
  });

  it('suggests the cheapest membership that lifts the binding limit', () => {
    expect(suggestMembership('free', LEVELS[3]!)).toEqual({
      plan: 'professional',
      lifts: ['dailyCases', 'monthlyAmount'],
      levelSuggestion: 'professional',
    });
    expect(suggestMembership('professional', LEVELS[7]!)).toEqual({
      plan: 'enterprise',
      lifts: ['dailyCases', 'monthlyAmount'],
      levelSuggestion: 'enterprise',
    });
    // Level 1 binds everything already: no membership lifts it.
    expect(suggestMembership('free', LEVELS[0]!)).toEqual({ plan: null, lifts: [], levelSuggestion: 'free' });
    expect(suggestMembership('enterprise', LEVELS[9]!).plan).toBeNull();
    // Level 6's monthly limit equals professional's: only the daily one is lifted by enterprise.
    expect(suggestMembership('professional', LEVELS[5]!)).toEqual({
      plan: 'enterprise',
      lifts: ['dailyCases'],
      levelSuggestion: 'professional',
    });
  });

  it('AI credits are the larger of the membership and the level allowance', () => {
    expect(aiCreditAllowance('free', LEVELS[0]!)).toBe(20);
    expect(aiCreditAllowance('free', LEVELS[5]!)).toBe(350);
    expect(aiCreditAllowance('professional', LEVELS[2]!)).toBe(500);
    expect(aiCreditAllowance('enterprise', LEVELS[9]!)).toBe(2000);
  });
});
