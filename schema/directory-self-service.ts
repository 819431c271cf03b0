import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * What issue #22 keeps in the Directory: discount rules and who was granted them, charges and credits
 * waiting for a company's next invoice, plan changes, and the operational alerts with what they watch.
 */

/** Discount rules as data (SPEC A14); see durable-objects/directory/discount-rules.ts for what they mean. */
export const discountRules = sqliteTable('discount_rules', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  kind: text('kind', { enum: ['percent', 'free_months'] }).notNull(),
  percent: integer('percent').notNull().default(0),
  months: integer('months').notNull().default(0),
  condition: text('condition', {
    enum: ['first_service_year', 'billing_cycle', 'granted', 'referral'],
  }).notNull(),
  cycle: text('cycle', { enum: ['monthly', 'quarterly', 'yearly'] }),
  stacks: integer('stacks', { mode: 'boolean' }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Rules with the `granted` condition apply to the companies an administrator granted them to (education). */
export const discountGrants = sqliteTable(
  'discount_grants',
  {
    tenantId: text('tenant_id').notNull(),
    ruleCode: text('rule_code').notNull(),
    grantedAt: integer('granted_at').notNull(),
    grantedBy: text('granted_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ruleCode] })],
);

/**
 * Charges and credits waiting for a company's next invoice: an upgrade's prorated difference (a charge
 * in fen) or free months (a credit, valued when the invoice is made). The unique key makes each one once.
 */
export const invoiceAdjustments = sqliteTable(
  'invoice_adjustments',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    /** `plan-change:{id}`, `referral:{referred company}:{company}`: what makes it happen only once. */
    key: text('key').notNull().unique(),
    kind: text('kind', { enum: ['charge', 'credit'] }).notNull(),
    ruleCode: text('rule_code'),
    label: text('label').notNull(),
    /**
     * A charge's amount. A credit of `months` is worth that many months of the plan when it is used (0
     * here); the rest of a credit an invoice had no room for is kept in fen, with `months` 0.
     */
    amountFen: integer('amount_fen').notNull(),
    months: integer('months').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    /** The invoice that took it, and how much it took. */
    invoiceId: text('invoice_id'),
    appliedFen: integer('applied_fen'),
  },
  (t) => [index('invoice_adjustments_waiting').on(t.tenantId, t.invoiceId)],
);

/**
 * Plan and billing-cycle changes asked for by a company's administrator (SPEC A12): applied at once
 * (an upgrade) or scheduled for the end of the period, until applied or cancelled.
 */
export const planChanges = sqliteTable(
  'plan_changes',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind', { enum: ['upgrade', 'downgrade', 'cycle'] }).notNull(),
    fromPlan: text('from_plan').notNull(),
    fromCycle: text('from_cycle', { enum: ['monthly', 'quarterly', 'yearly'] }).notNull(),
    toPlan: text('to_plan').notNull(),
    toCycle: text('to_cycle', { enum: ['monthly', 'quarterly', 'yearly'] }).notNull(),
    status: text('status', { enum: ['scheduled', 'applied', 'cancelled'] }).notNull(),
    /** Who asked: a company administrator (user id) or a platform admin (admin id). */
    requestedBy: text('requested_by').notNull(),
    requestedAt: integer('requested_at').notNull(),
    effectiveAt: integer('effective_at').notNull(),
    appliedAt: integer('applied_at'),
    cancelledAt: integer('cancelled_at'),
    /** Why a scheduled change did not happen: cancelled by the company, replaced, or superseded. */
    cancelReason: text('cancel_reason'),
    /** The prorated difference charged on the next invoice (upgrades of a prepaid period). */
    prorationFen: integer('proration_fen').notNull().default(0),
    prorationDays: integer('proration_days'),
    periodDays: integer('period_days'),
  },
  (t) => [
    index('plan_changes_tenant').on(t.tenantId, t.requestedAt),
    // One change waits per company at a time.
    uniqueIndex('plan_changes_one_scheduled').on(t.tenantId).where(sql`status = 'scheduled'`),
  ],
);

/** One sample a minute, taken by the cron tick, of what the operational alerts watch (alerting-rules.ts). */
export const opsSamples = sqliteTable('ops_samples', {
  at: integer('at').primaryKey(),
  billingSuccess: integer('billing_success').notNull(),
  billingFailure: integer('billing_failure').notNull(),
  billingErrors: integer('billing_errors').notNull(),
  outboxPending: integer('outbox_pending').notNull(),
});

/** An operational alert from the moment its condition held to the moment it stopped: mailed at both ends. */
export const opsIncidents = sqliteTable(
  'ops_incidents',
  {
    id: text('id').primaryKey(),
    key: text('key').notNull(),
    alert: text('alert').notNull(),
    status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
    summaryZh: text('summary_zh').notNull(),
    summaryEn: text('summary_en').notNull(),
    detail: text('detail', { mode: 'json' }),
    openedAt: integer('opened_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    index('ops_incidents_opened').on(t.openedAt),
    uniqueIndex('ops_incidents_one_firing').on(t.key).where(sql`status = 'firing'`),
  ],
);
