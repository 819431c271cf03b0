/**
 * What each membership may take (SPEC D4): the only answer to "may this lawyer be offered this case
 * type, use this feature, and what would a higher plan open". Case types carry the least membership
 * they need as data (`CASE_TYPE_TERMS`); the features are the membership's flags. Pure.
 */
import { AppError } from '../../lib/errors';
import {
  CASE_TYPE_TERMS,
  CASE_TYPES,
  type CaseType,
  MEMBERSHIP_PLANS,
  MEMBERSHIPS,
  type MembershipPlan,
  PLAN_FEATURES,
  type PlanFeature,
} from '../../schema/dto/legal-catalog';

export type { PlanFeature };

const rank = (plan: MembershipPlan) => MEMBERSHIP_PLANS.indexOf(plan);

/** A membership takes a case when it is at least the membership the case's type needs. */
export function planTakes(plan: MembershipPlan, minMembership: MembershipPlan): boolean {
  return rank(plan) >= rank(minMembership);
}

/** The case types a membership may be offered: free the basic ones, professional all but enterprise cases, enterprise all. */
export function caseTypesFor(plan: MembershipPlan): CaseType[] {
  return CASE_TYPES.filter((type) => planTakes(plan, CASE_TYPE_TERMS[type].minMembership));
}

export function featuresOf(plan: MembershipPlan): PlanFeature[] {
  return PLAN_FEATURES.filter((feature) => MEMBERSHIPS[plan][feature]);
}

/** The cheapest membership with `feature`. */
export function planWith(feature: PlanFeature): MembershipPlan {
  return MEMBERSHIP_PLANS.find((plan) => MEMBERSHIPS[plan][feature])!;
}

/** Refuses a feature the membership does not include, naming the feature and the membership it needs. */
export function requireFeature(plan: MembershipPlan, feature: PlanFeature): void {
  if (MEMBERSHIPS[plan][feature]) return;
  throw new AppError(403, 'NOT_IN_MEMBERSHIP', `the ${plan} membership does not include ${feature}`, {
    feature,
    plan,
    needs: planWith(feature),
  });
}

export interface UpgradeOpens {
  plan: MembershipPlan;
  monthlyFeeFen: number;
  pointMultiplier: number;
  /** Case types the higher plan would be offered that this one is not. */
  caseTypes: CaseType[];
  /** Features the higher plan has that this one has not. */
  features: PlanFeature[];
}

/** What each higher membership would open beyond the current one (nothing listed at the top). */
export function upgradeOpens(plan: MembershipPlan): UpgradeOpens[] {
  const types = new Set(caseTypesFor(plan));
  const features = new Set(featuresOf(plan));
  return MEMBERSHIP_PLANS.slice(rank(plan) + 1).map((higher) => ({
    plan: higher,
    monthlyFeeFen: MEMBERSHIPS[higher].monthlyFeeFen,
    pointMultiplier: MEMBERSHIPS[higher].pointMultiplier,
    caseTypes: caseTypesFor(higher).filter((type) => !types.has(type)),
    features: featuresOf(higher).filter((feature) => !features.has(feature)),
  }));
}
