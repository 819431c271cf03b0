import { DEFAULT_PLAN_QUOTAS, TRIAL_DAYS } from '../../lib/plans';

/** The business modules a plan can enable (SPEC parts B–E). */
export const MODULES = ['crm', 'annual-fees', 'legal', 'devices'] as const;
export type ModuleName = (typeof MODULES)[number];

export type QuotaMap = Record<string, number | null>;

export interface PlanDefinition {
  code: string;
  name: string;
  description: string | null;
  sortOrder: number;
  quotas: QuotaMap;
  modules: string[];
  priceMonthlyFen: number;
  priceQuarterlyFen: number;
  priceYearlyFen: number;
  extraUserFen: number;
  extraStorageGbFen: number;
  apiCallFen: number;
  allowOverage: boolean;
  trialDays: number | null;
  active: boolean;
}

/** What a tenant actor needs of its plan to enforce it. */
export interface PlanSnapshot {
  code: string;
  quotas: QuotaMap;
  modules: string[];
  allowOverage: boolean;
}

// The overage prices of requirement A2: ¥80 per extra user per month, ¥5 per extra GB per month, ¥0.01 per API call.
const OVERAGE = { extraUserFen: 8_000, extraStorageGbFen: 500, apiCallFen: 1 };
const ALL_MODULES = [...MODULES];

/** The catalog of SPEC A2 as shipped; a super admin edits it from the console. */
export const DEFAULT_PLANS: PlanDefinition[] = [
  {
    code: 'trial',
    name: '试用版 Trial',
    description: '14 天全功能免费试用 · 14-day free trial of every module',
    sortOrder: 1,
    quotas: { ...DEFAULT_PLAN_QUOTAS.trial },
    modules: ALL_MODULES,
    priceMonthlyFen: 0,
    priceQuarterlyFen: 0,
    priceYearlyFen: 0,
    ...OVERAGE,
    allowOverage: false,
    trialDays: TRIAL_DAYS,
    active: true,
  },
  {
    code: 'basic',
    name: '基础版 Basic',
    description: '基础模块，工单支持 · core modules, ticket support',
    sortOrder: 2,
    quotas: { ...DEFAULT_PLAN_QUOTAS.basic },
    modules: ['crm', 'annual-fees'],
    priceMonthlyFen: 60_000,
    priceQuarterlyFen: 180_000,
    priceYearlyFen: 600_000,
    ...OVERAGE,
    allowOverage: true,
    trialDays: null,
    active: true,
  },
  {
    code: 'professional',
    name: '专业版 Professional',
    description: '全部模块，开放 API，工单与电话支持 · every module, open API, ticket and phone support',
    sortOrder: 3,
    quotas: { ...DEFAULT_PLAN_QUOTAS.professional },
    modules: ALL_MODULES,
    priceMonthlyFen: 280_000,
    priceQuarterlyFen: 840_000,
    priceYearlyFen: 2_800_000,
    ...OVERAGE,
    allowOverage: true,
    trialDays: null,
    active: true,
  },
  {
    code: 'enterprise',
    name: '企业版 Enterprise',
    description: '全部模块加定制，7x24 专属支持 · every module plus customisation, dedicated 24/7 support',
    sortOrder: 4,
    quotas: { ...DEFAULT_PLAN_QUOTAS.enterprise },
    modules: ALL_MODULES,
    priceMonthlyFen: 800_000,
    priceQuarterlyFen: 2_400_000,
    priceYearlyFen: 8_000_000,
    ...OVERAGE,
    allowOverage: true,
    trialDays: null,
    active: true,
  },
];

export function snapshotOf(plan: Pick<PlanDefinition, 'code' | 'quotas' | 'modules' | 'allowOverage'>) {
  return {
    code: plan.code,
    quotas: plan.quotas,
    modules: plan.modules,
    allowOverage: plan.allowOverage,
  } satisfies PlanSnapshot;
}

/** The price of one billing period of the plan. */
export function cyclePrice(
  plan: Pick<PlanDefinition, 'priceMonthlyFen' | 'priceQuarterlyFen' | 'priceYearlyFen'>,
  cycle: 'monthly' | 'quarterly' | 'yearly',
): number {
  return cycle === 'monthly'
    ? plan.priceMonthlyFen
    : cycle === 'quarterly'
      ? plan.priceQuarterlyFen
      : plan.priceYearlyFen;
}

/** A plan is billable when any of its cycle prices is above zero. */
export function isPaidPlan(
  plan: Pick<PlanDefinition, 'priceMonthlyFen' | 'priceQuarterlyFen' | 'priceYearlyFen'>,
) {
  return plan.priceMonthlyFen > 0 || plan.priceQuarterlyFen > 0 || plan.priceYearlyFen > 0;
}

/**
 * The limit of `metric` for a tenant on `snapshot`: null is unlimited. Keys a catalog row does not
 * carry yet (a module added its quota after the plan was stored) fall back to the shipped defaults.
 */
export function quotaLimit(
  snapshot: PlanSnapshot | undefined,
  planCode: string,
  metric: string,
): number | null {
  const own = snapshot?.quotas[metric];
  if (own !== undefined) return own;
  const shipped = (DEFAULT_PLAN_QUOTAS[planCode] ?? DEFAULT_PLAN_QUOTAS.trial) as unknown as
    | QuotaMap
    | undefined;
  return shipped?.[metric] ?? null;
}
