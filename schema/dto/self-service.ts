import { z } from '@hono/zod-openapi';
import { matching, NOTHING_TO_UPDATE } from './common';

/**
 * What issue #22 adds to the platform's conversation with its companies: code suggestions, plan changes
 * by the company's administrator, and discount rules.
 */

export const CodeSuggestionQuery = z
  .object({ name: z.string().trim().min(1).max(100).openapi({ example: '华东钢铁有限公司' }) })
  .strict();

export const CodeSuggestion = z
  .object({
    code: z.string().openapi({ example: 'huadonggangtie' }),
    name: z.string(),
  })
  .openapi('CompanyCodeSuggestion');

// ---- discount rules (SPEC A14) ----

export const DiscountRuleCode = matching(
  z.string(),
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

const rulePercent = z.number().int().min(1).max(100);

export const DiscountRuleCreateBody = z
  .object({
    code: DiscountRuleCode,
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(300).optional(),
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
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(300).nullable().optional(),
    percent: rulePercent.optional(),
    months: z.number().int().min(1).max(12).optional(),
    cycle: z.enum(['monthly', 'quarterly', 'yearly']).optional(),
    stacks: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('DiscountRuleUpdate');
export type DiscountRuleUpdate = z.infer<typeof DiscountRuleUpdateBody>;

export const DiscountRuleParam = z.object({ code: z.string().min(1).max(32) });

export const DiscountGrantBody = z
  .object({ rule: z.string().min(1).max(32) })
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
export const CompanyRuleParam = z.object({ id: z.string().min(1).max(64), rule: z.string().min(1).max(32) });
