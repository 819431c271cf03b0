import { z } from '@hono/zod-openapi';
import { PLAN_CODE_PATTERN } from '../../lib/plan-codes';
import { IsoTime, integer, matching, NOTHING_TO_UPDATE, text } from './common';

/**
 * What issue #22 adds to the platform's conversation with its companies: code suggestions, plan changes
 * by the company's administrator, and discount rules.
 */

export const CodeSuggestionQuery = z
  .object({ name: text().trim().min(1).max(100).openapi({ example: '华东钢铁有限公司' }) })
  .strict();

export const CodeSuggestion = z
  .object({
    code: z.string().openapi({ example: 'huadonggangtie' }),
    name: z.string(),
  })
  .openapi('CompanyCodeSuggestion');

// Discount rules (SPEC A14).

export const DiscountRuleCode = matching(
  text(),
  /^[a-z][a-z0-9-]{1,31}$/,
  'rule_code',
  'lower-case letters, digits and hyphens, starting with a letter',
).openapi({ example: 'education' });

export const DiscountRule = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    kind: z.enum(['percent', 'free_months']),
    /** Percent off the base fee and plan-change charges (kind percent). */
    percent: z.number().int(),
    /** Free months (kind free_months). */
    months: z.number().int(),
    condition: z.enum(['first_service_year', 'billing_cycle', 'granted', 'referral']),
    cycle: z.enum(['monthly', 'quarterly', 'yearly']).nullable(),
    /** Applies on top of the one percentage discount an invoice may otherwise have. */
    stacks: z.boolean(),
    active: z.boolean(),
    /** Companies granted this rule (condition granted). */
    grantedTo: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('DiscountRule');
export type DiscountRuleView = z.infer<typeof DiscountRule>;
export const DiscountRuleList = z.object({ items: z.array(DiscountRule) }).openapi('DiscountRuleList');

const rulePercent = integer(1, 100);

export const DiscountRuleCreateBody = z
  .object({
    code: DiscountRuleCode,
    name: text().trim().min(1).max(100),
    description: text().trim().max(300).optional(),
    percent: rulePercent,
    /** New rules are percentages; free months come from the referral rule. */
    condition: z.enum(['first_service_year', 'billing_cycle', 'granted']),
    cycle: z.enum(['monthly', 'quarterly', 'yearly']).optional(),
    stacks: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.condition === 'billing_cycle') === (b.cycle !== undefined), {
    message: 'a cycle is given exactly when the condition is billing_cycle',
    path: ['cycle'],
    params: { rule: 'cycle_condition' },
  })
  .openapi('DiscountRuleCreate');
export type DiscountRuleCreate = z.infer<typeof DiscountRuleCreateBody>;

export const DiscountRuleUpdateBody = z
  .object({
    name: text().trim().min(1).max(100).optional(),
    description: text().trim().max(300).nullable().optional(),
    percent: rulePercent.optional(),
    months: integer(1, 12).optional(),
    cycle: z.enum(['monthly', 'quarterly', 'yearly']).optional(),
    stacks: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('DiscountRuleUpdate');
export type DiscountRuleUpdate = z.infer<typeof DiscountRuleUpdateBody>;

export const DiscountRuleParam = z.object({ code: text().min(1).max(32) });

export const DiscountGrantBody = z
  .object({ rule: text().min(1).max(32) })
  .strict()
  .openapi('DiscountGrant');
export const CompanyDiscounts = z
  .object({
    companyId: z.string(),
    /** Rules granted to the company. */
    granted: z.array(z.object({ rule: z.string(), grantedAt: z.string(), grantedBy: z.string() })),
    /** Its standing negotiated discount, in percent. */
    negotiatedPercent: z.number().int(),
    /** Charges and credits waiting for its next invoice. */
    waiting: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['charge', 'credit']),
        rule: z.string().nullable(),
        label: z.string(),
        amountFen: z.number().int(),
        months: z.number().int(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('CompanyDiscounts');
export type CompanyDiscounts = z.infer<typeof CompanyDiscounts>;
export const CompanyRuleParam = z.object({ id: text().min(1).max(64), rule: text().min(1).max(32) });

// Plan changes by the company's administrator (SPEC A12).

const CYCLES = ['monthly', 'quarterly', 'yearly'] as const;
/** A plan code's shape; whether the plan exists and is on offer is the Directory's answer. */
const PlanCode = matching(text(), PLAN_CODE_PATTERN, 'plan_code', 'a plan code').openapi({
  example: 'professional',
});

export const SubscriptionChangeBody = z
  .object({ plan: PlanCode.optional(), billingCycle: z.enum(CYCLES).optional() })
  .strict()
  .refine((b) => b.plan !== undefined || b.billingCycle !== undefined, NOTHING_TO_UPDATE)
  .openapi('SubscriptionChange');
export type SubscriptionChange = z.infer<typeof SubscriptionChangeBody>;

export const SubscriptionPreviewQuery = z
  .object({ plan: PlanCode.optional(), billingCycle: z.enum(CYCLES).optional() })
  .strict()
  .refine((b) => b.plan !== undefined || b.billingCycle !== undefined, NOTHING_TO_UPDATE);

const Terms = z.object({ plan: z.string(), billingCycle: z.enum(CYCLES) }).openapi('SubscriptionTerms');

export const Proration = z
  .object({
    /** The price difference for the days left of the period, charged on the next invoice. */
    amountFen: z.number().int(),
    /** Days on the new plan (today included) of the period's days. */
    days: z.number().int(),
    periodDays: z.number().int(),
  })
  .openapi('Proration');

export const QuotaExcess = z
  .object({
    quota: z.enum(['users', 'customers', 'storageMB']),
    used: z.number().int(),
    limit: z.number().int(),
  })
  .openapi('QuotaExcess');

export const PlanChange = z
  .object({
    id: z.string(),
    kind: z.enum(['upgrade', 'downgrade', 'cycle']),
    status: z.enum(['scheduled', 'applied', 'cancelled']),
    from: Terms,
    to: Terms,
    requestedAt: IsoTime,
    effectiveAt: IsoTime,
    appliedAt: IsoTime.nullable(),
    cancelledAt: IsoTime.nullable(),
    cancelReason: z.string().nullable(),
    proration: Proration.nullable(),
  })
  .openapi('PlanChange');
export type PlanChange = z.infer<typeof PlanChange>;

export const PlanChangePreview = z
  .object({
    kind: z.enum(['upgrade', 'downgrade', 'cycle']),
    /** `now`: an upgrade, or a company that paid nothing in advance; `period_end`: the rest. */
    timing: z.enum(['now', 'period_end']),
    from: Terms,
    to: Terms,
    effectiveAt: IsoTime,
    proration: Proration.nullable(),
    /** Each quota the company's usage exceeds on the new plan: the change is refused until none is left. */
    blockedBy: z.array(QuotaExcess),
    allowed: z.boolean(),
  })
  .openapi('PlanChangePreview');
export type PlanChangePreview = z.infer<typeof PlanChangePreview>;

export const Subscription = z
  .object({
    companyId: z.string(),
    plan: z.string(),
    billingCycle: z.enum(CYCLES),
    subscriptionStatus: z.string(),
    /** The period the company is in, in its time zone. */
    currentPeriod: z.object({ period: z.string(), start: IsoTime, end: IsoTime }),
    pendingChange: PlanChange.nullable(),
    /** Plans on offer (enabled, not a trial) with their price per period of each cycle. */
    offers: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        priceMonthlyFen: z.number().int(),
        priceQuarterlyFen: z.number().int(),
        priceYearlyFen: z.number().int(),
        quotas: z.record(z.string(), z.number().int().nullable()),
      }),
    ),
    recentChanges: z.array(PlanChange),
  })
  .openapi('Subscription');
export type Subscription = z.infer<typeof Subscription>;
