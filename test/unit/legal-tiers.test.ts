import { describe, expect, it } from 'vitest';
import {
  caseTypesFor,
  featuresOf,
  type PlanFeature,
  planTakes,
  planWith,
  requireFeature,
  upgradeOpens,
} from '../../durable-objects/lawyer/tiers';
import { refusalFor } from '../../durable-objects/legal/eligibility';
import {
  CASE_TYPE_TERMS,
  CASE_TYPES,
  type CaseType,
  MEMBERSHIP_PLANS,
  type MembershipPlan,
} from '../../schema/dto/legal-catalog';
import type { LawyerSnapshot } from '../../schema/dto/legal-messages';

/** The seed's membership tiers: what each plan may take and use. */
const TIERS: [MembershipPlan, CaseType[], PlanFeature[]][] = [
  ['free', ['consultation', 'lawyer_letter', 'debt_collection', 'contract_review'], []],
  [
    'professional',
    ['consultation', 'lawyer_letter', 'debt_collection', 'contract_review', 'litigation'],
    ['dataAnalysis'],
  ],
  ['enterprise', [...CASE_TYPES], ['dataAnalysis', 'apiAccess', 'whiteLabel', 'enterpriseCases']],
];

/** The tier each case type carries, as data. */
const CASE_TYPE_TIERS: [CaseType, MembershipPlan][] = [
  ['consultation', 'free'],
  ['lawyer_letter', 'free'],
  ['debt_collection', 'free'],
  ['contract_review', 'free'],
  ['litigation', 'professional'],
  ['enterprise_counsel', 'enterprise'],
];

const lawyer = (plan: MembershipPlan): LawyerSnapshot => ({
  lawyerId: `l-${plan}`,
  version: 1,
  active: true,
  areas: ['debt'],
  plan,
  weightTenths: 10,
  suspendedUntil: null,
  dailyLimit: null,
  monthlyLimitFen: null,
  dayKey: '2026-12-07',
  acceptedToday: 0,
  monthKey: '2026-12',
  amountThisMonthFen: 0,
  openOffers: 0,
  openAmountFen: 0,
});

describe('membership tiers (D4)', () => {
  it.each(CASE_TYPE_TIERS)('%s needs the %s membership', (type, tier) => {
    expect(CASE_TYPE_TERMS[type].minMembership).toBe(tier);
  });

  it.each(TIERS)('%s takes exactly its case types and has exactly its features', (plan, types, features) => {
    expect(caseTypesFor(plan)).toEqual(types);
    expect(featuresOf(plan)).toEqual(features);
    for (const type of CASE_TYPES)
      expect(planTakes(plan, CASE_TYPE_TERMS[type].minMembership)).toBe(types.includes(type));
  });

  it.each(TIERS)('dispatch offers %s only the case types it takes', (plan, types) => {
    const now = Date.UTC(2026, 11, 7, 4);
    for (const type of CASE_TYPES) {
      const kase = {
        caseId: 'c',
        area: 'debt' as const,
        amountFen: 100_00,
        minMembership: CASE_TYPE_TERMS[type].minMembership,
      };
      const refusal = refusalFor(
        lawyer(plan),
        kase,
        now,
        { day: '2026-12-07', month: '2026-12' },
        { offers: 0, amountFen: 0 },
      );
      expect(refusal).toBe(types.includes(type) ? null : 'membership');
    }
  });

  it('names the cheapest membership with a feature, and refuses a feature not included with it', () => {
    expect(planWith('dataAnalysis')).toBe('professional');
    expect(planWith('apiAccess')).toBe('enterprise');
    expect(() => requireFeature('enterprise', 'apiAccess')).not.toThrow();
    expect(() => requireFeature('professional', 'whiteLabel')).toThrow(
      expect.objectContaining({
        status: 403,
        code: 'NOT_IN_MEMBERSHIP',
        details: { feature: 'whiteLabel', plan: 'professional', needs: 'enterprise' },
      }),
    );
  });

  it('says what each higher membership would open', () => {
    expect(upgradeOpens('free')).toEqual([
      {
        plan: 'professional',
        monthlyFeeFen: 899_00,
        pointMultiplier: 2,
        caseTypes: ['litigation'],
        features: ['dataAnalysis'],
      },
      {
        plan: 'enterprise',
        monthlyFeeFen: 2_999_00,
        pointMultiplier: 3,
        caseTypes: ['litigation', 'enterprise_counsel'],
        features: ['dataAnalysis', 'apiAccess', 'whiteLabel', 'enterpriseCases'],
      },
    ]);
    expect(upgradeOpens('professional')).toEqual([
      {
        plan: 'enterprise',
        monthlyFeeFen: 2_999_00,
        pointMultiplier: 3,
        caseTypes: ['enterprise_counsel'],
        features: ['apiAccess', 'whiteLabel', 'enterpriseCases'],
      },
    ]);
    expect(upgradeOpens('enterprise')).toEqual([]);
    for (const plan of MEMBERSHIP_PLANS)
      for (const up of upgradeOpens(plan))
        expect(up.caseTypes.length + up.features.length).toBeGreaterThan(0);
  });
});
