import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addFigures,
  allowanceView,
  type CollectionFigures,
  metricsOf,
  NO_FIGURES,
  packageInForce,
  paidUntilAfter,
  recommendationsFor,
  takeAllowance,
} from '../../durable-objects/legal/client/enterprise-rules';
import type { AppError } from '../../lib/errors';
import { ENTERPRISE_PACKAGE_CODES, ENTERPRISE_PACKAGES } from '../../schema/dto/legal-enterprise';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('not refused');
};

describe('the monthly case allowance', () => {
  it('is the package’s, and nothing without one', () => {
    expect(allowanceView({ package: 'professional_enterprise', month: '2026-12', used: 1_990 })).toEqual({
      package: 'professional_enterprise',
      month: '2026-12',
      used: 1_990,
      allowance: 2_000,
      remaining: 10,
    });
    expect(allowanceView({ package: null, month: '2026-12', used: 0 })).toMatchObject({
      allowance: 0,
      remaining: 0,
    });
    const err = refusal(() => takeAllowance({ package: null, month: '2026-12', used: 0 }, 1));
    expect(err).toMatchObject({ status: 402, code: 'NO_ENTERPRISE_PACKAGE' });
  });

  it('takes an upload up to the allowance exactly, and refuses one past it with the counts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTERPRISE_PACKAGE_CODES),
        fc.integer({ min: 0, max: 12_000 }),
        fc.integer({ min: 1, max: 12_000 }),
        (pkg, used, requested) => {
          const allowance = ENTERPRISE_PACKAGES[pkg].monthlyCaseAllowance;
          const state = { package: pkg, month: '2026-12', used };
          if (used + requested <= allowance) {
            const after = takeAllowance(state, requested);
            expect(after.used).toBe(used + requested);
            expect(allowanceView(after).remaining).toBe(allowance - used - requested);
          } else {
            const err = refusal(() => takeAllowance(state, requested));
            expect(err).toMatchObject({
              status: 402,
              code: 'CASE_ALLOWANCE_EXCEEDED',
              details: { allowance, used, requested, remaining: Math.max(0, allowance - used) },
            });
          }
        },
      ),
    );
  });
});

const figures = (f: Partial<CollectionFigures>): CollectionFigures => ({ ...NO_FIGURES, ...f });

describe('collection metrics', () => {
  it('are ratios of the kept counters, by hand', () => {
    const m = metricsOf(
      figures({
        cases: 8,
        owedFen: 300_000,
        responded: 6,
        responseMsTotal: 6 * 3 * 3_600_000 + 1_800_000,
        completed: 4,
        recovered: 1,
        recoveredFen: 100_000,
        debtorResponded: 2,
        paidCases: 3,
        recoveryMsTotal: 3 * 86_400_000 + 43_200_000,
        slaBreaches: 2,
        lawyers: 4,
      }),
    );
    expect(m).toEqual({
      casesProcessed: 8,
      casesTaken: 6,
      casesWithResponse: 2,
      casesWithPayment: 3,
      amountOwedFen: 300_000,
      amountRecoveredFen: 100_000,
      averageResponseHours: 3.08, // 18.5 h / 6
      averageRecoveryDays: 1.17, // 3.5 days / 3
      casesPerLawyerMonth: 1.5,
      responseRate: 0.25, // 2 debtors of 8 answered
      recoveryRate: 0.3333,
      completedRecoveryRate: 0.25,
      slaBreaches: 2,
    });
  });

  it('has no rate without a base', () => {
    expect(metricsOf(NO_FIGURES)).toMatchObject({
      averageResponseHours: null,
      averageRecoveryDays: null,
      casesPerLawyerMonth: null,
      responseRate: null,
      recoveryRate: null,
      completedRecoveryRate: null,
    });
  });

  it('add month by month', () => {
    const a = figures({
      cases: 1,
      owedFen: 2,
      responded: 3,
      responseMsTotal: 4,
      completed: 5,
      recovered: 6,
      recoveredFen: 7,
      debtorResponded: 9,
      paidCases: 10,
      recoveryMsTotal: 11,
      slaBreaches: 12,
      lawyers: 8,
    });
    expect(addFigures(a, a)).toEqual({
      cases: 2,
      owedFen: 4,
      responded: 6,
      responseMsTotal: 8,
      completed: 10,
      recovered: 12,
      recoveredFen: 14,
      debtorResponded: 18,
      paidCases: 20,
      recoveryMsTotal: 22,
      slaBreaches: 24,
      lawyers: 16,
    });
  });
});

describe('recommendations', () => {
  const platform = metricsOf(
    figures({
      cases: 10,
      owedFen: 1_000,
      responded: 8,
      debtorResponded: 8,
      responseMsTotal: 8 * 3_600_000,
      recoveredFen: 500,
    }),
  );

  it('ask for cases when there are none', () => {
    expect(recommendationsFor(metricsOf(NO_FIGURES), platform).map((r) => r.code)).toEqual(['upload_cases']);
  });

  it('name each figure below the platform’s', () => {
    const own = metricsOf(
      figures({
        cases: 10,
        owedFen: 1_000,
        responded: 5,
        debtorResponded: 5,
        responseMsTotal: 5 * 7_200_000,
        recoveredFen: 100,
      }),
    );
    expect(recommendationsFor(own, platform).map((r) => r.code)).toEqual([
      'check_contact_data',
      'upload_earlier',
      'spread_uploads',
    ]);
  });

  it('say keep going when nothing is below', () => {
    const own = metricsOf(
      figures({
        cases: 10,
        owedFen: 1_000,
        responded: 9,
        debtorResponded: 9,
        responseMsTotal: 9 * 1_800_000,
        recoveredFen: 600,
      }),
    );
    const advice = recommendationsFor(own, platform);
    expect(advice.map((r) => r.code)).toEqual(['keep_going']);
    expect(advice[0]!.zh.length).toBeGreaterThan(0);
    // Without platform figures there is nothing to compare with.
    expect(recommendationsFor(own, metricsOf(NO_FIGURES)).map((r) => r.code)).toEqual(['keep_going']);
  });
});

describe('a bought package', () => {
  const DAY = 86_400_000;
  const NOW = Date.UTC(2026, 11, 7);

  it('applies until its paid time ends; one an admin set, until changed', () => {
    expect(packageInForce('basic_enterprise', NOW + 1, NOW)).toBe('basic_enterprise');
    expect(packageInForce('basic_enterprise', NOW, NOW)).toBeNull();
    expect(packageInForce('flagship_enterprise', null, NOW)).toBe('flagship_enterprise');
    expect(packageInForce(null, null, NOW)).toBeNull();
  });

  it('runs 30 days, the same one bought again adds 30 to the time left, another starts afresh', () => {
    const none = { package: null, paidUntil: null };
    expect(paidUntilAfter(none, 'basic_enterprise', NOW)).toBe(NOW + 30 * DAY);
    const running = { package: 'basic_enterprise' as const, paidUntil: NOW + 5 * DAY };
    expect(paidUntilAfter(running, 'basic_enterprise', NOW)).toBe(NOW + 35 * DAY);
    expect(paidUntilAfter(running, 'flagship_enterprise', NOW)).toBe(NOW + 30 * DAY);
    const over = { package: 'basic_enterprise' as const, paidUntil: NOW - DAY };
    expect(paidUntilAfter(over, 'basic_enterprise', NOW)).toBe(NOW + 30 * DAY);
    expect(paidUntilAfter({ package: 'basic_enterprise', paidUntil: null }, 'basic_enterprise', NOW)).toBe(
      NOW + 30 * DAY,
    );
  });
});
