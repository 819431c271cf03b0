/**
 * Which level a lawyer is at and what it lets them take (SPEC D5): the only answer to "what are this
 * lawyer's daily and monthly limits". Pure, over the tables of `legal-catalog.ts`.
 */
import {
  LEVELS,
  type LevelTerms,
  MEMBERSHIP_PLANS,
  MEMBERSHIPS,
  type MembershipPlan,
} from '../../schema/dto/legal-catalog';

/** D5: the highest level whose points and completed cases are both reached; level 1 needs nothing. */
export function levelFor(points: number, casesCompleted: number): LevelTerms {
  let reached = LEVELS[0]!;
  for (const terms of LEVELS) {
    if (points >= terms.minPoints && casesCompleted >= terms.minCasesCompleted) reached = terms;
  }
  return reached;
}

export interface LevelProgress {
  level: number;
  next: {
    level: number;
    minPoints: number;
    minCasesCompleted: number;
    pointsToGo: number;
    casesToGo: number;
  } | null;
}

/** How far the next level is, in points and in completed cases (null at the top). */
export function levelProgress(points: number, casesCompleted: number): LevelProgress {
  const current = levelFor(points, casesCompleted);
  const next = LEVELS.find((l) => l.level === current.level + 1);
  return {
    level: current.level,
    next: next
      ? {
          level: next.level,
          minPoints: next.minPoints,
          minCasesCompleted: next.minCasesCompleted,
          pointsToGo: Math.max(0, next.minPoints - points),
          casesToGo: Math.max(0, next.minCasesCompleted - casesCompleted),
        }
      : null,
  };
}

/** The lower of a membership's limit (null: no limit) and a level's (levels always have one). */
export function lowerLimit(membership: number | null, level: number): number {
  return membership === null ? level : Math.min(membership, level);
}

export interface EffectiveLimits {
  dailyCases: number;
  monthlyAmountFen: number;
  /** Which side sets each limit: the membership, the level, or both equally. */
  dailyBoundBy: 'membership' | 'level' | 'both';
  monthlyBoundBy: 'membership' | 'level' | 'both';
}

const boundBy = (membership: number | null, level: number): 'membership' | 'level' | 'both' => {
  if (membership === null || membership > level) return 'level';
  return membership < level ? 'membership' : 'both';
};

/** D5: the effective daily and monthly limits are the lower of membership and level (unlimited = no limit). */
export function effectiveLimits(plan: MembershipPlan, level: LevelTerms): EffectiveLimits {
  const m = MEMBERSHIPS[plan];
  return {
    dailyCases: lowerLimit(m.dailyCaseLimit, level.dailyCaseLimit),
    monthlyAmountFen: lowerLimit(m.monthlyAmountLimitFen, level.monthlyAmountLimitFen),
    dailyBoundBy: boundBy(m.dailyCaseLimit, level.dailyCaseLimit),
    monthlyBoundBy: boundBy(m.monthlyAmountLimitFen, level.monthlyAmountLimitFen),
  };
}

export interface MembershipSuggestion {
  /** The cheapest higher membership that raises a limit the membership binds now; null when none does. */
  plan: MembershipPlan | null;
  /** Which limits it would raise. */
  lifts: ('dailyCases' | 'monthlyAmount')[];
  /** The level's own suggestion from the seed's table. */
  levelSuggestion: MembershipPlan;
}

/** D5: the membership that would lift the binding limit at this level. */
export function suggestMembership(plan: MembershipPlan, level: LevelTerms): MembershipSuggestion {
  const now = effectiveLimits(plan, level);
  for (const candidate of MEMBERSHIP_PLANS.slice(MEMBERSHIP_PLANS.indexOf(plan) + 1)) {
    const then = effectiveLimits(candidate, level);
    const lifts: MembershipSuggestion['lifts'] = [];
    if (then.dailyCases > now.dailyCases) lifts.push('dailyCases');
    if (then.monthlyAmountFen > now.monthlyAmountFen) lifts.push('monthlyAmount');
    if (lifts.length) return { plan: candidate, lifts, levelSuggestion: level.membershipSuggestion };
  }
  return { plan: null, lifts: [], levelSuggestion: level.membershipSuggestion };
}

/** AI credits a month: the membership's allowance or the level's, whichever is larger (both are benefits). */
export function aiCreditAllowance(plan: MembershipPlan, level: LevelTerms): number {
  return Math.max(MEMBERSHIPS[plan].aiCreditsMonthly, level.aiCredits);
}
