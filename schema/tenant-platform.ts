import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The platform's part of a tenant actor: the plan it runs on (a replica from the Directory), quota
 * counters, monthly call counters, API keys, a replica of its invoices and the onboarding basic data.
 */

/** One row: the tenant's plan as the Directory last published it. */
export const tenantPlan = sqliteTable('tenant_plan', {
  id: integer('id').primaryKey(),
  planCode: text('plan_code').notNull(),
  quotas: text('quotas', { mode: 'json' }).$type<Record<string, number | null>>().notNull(),
  modules: text('modules', { mode: 'json' }).$type<string[]>().notNull(),
  allowOverage: integer('allow_overage', { mode: 'boolean' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Live usage of countable resources (customers, stored file bytes …), moved by `consumeQuota`. */
export const quotaUsage = sqliteTable('quota_usage', {
  metric: text('metric').primaryKey(),
  used: integer('used').notNull(),
});

/** Calls per month in the tenant's time zone: `requests` (every call) and `apiCalls` (API-key calls). */
export const usageCounters = sqliteTable(
  'usage_counters',
  {
    month: text('month').notNull(),
    metric: text('metric').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.metric] })],
);

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  revokedAt: integer('revoked_at'),
  lastUsedAt: integer('last_used_at'),
});

/** The tenant's invoices as the Directory publishes them, so members read them here. */
export const invoiceReplica = sqliteTable(
  'invoice_replica',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    period: text('period').notNull(),
    status: text('status').notNull(),
    totalFen: integer('total_fen').notNull(),
    invoiceDate: integer('invoice_date').notNull(),
    dueAt: integer('due_at').notNull(),
    paidAt: integer('paid_at'),
    lines: text('lines', { mode: 'json' }).notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('invoice_replica_date').on(t.invoiceDate)],
);

/** Departments and roles set up in onboarding step 3. */
export const basicData = sqliteTable(
  'basic_data',
  {
    kind: text('kind', { enum: ['department', 'role'] }).notNull(),
    name: text('name').notNull(),
    /** The order the company entered them in. */
    position: integer('position').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.name] })],
);
