import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The platform's own business with its tenants, kept in the Directory: the plan catalog, invoices,
 * outgoing mail, onboarding links, third-party login bindings, usage alerts and system settings.
 */

/** The plan catalog (SPEC A2). Quotas: null is unlimited, 0 is "not in this plan". */
export const plans = sqliteTable('plans', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  sortOrder: integer('sort_order').notNull(),
  /** `{users, customers, storageMB, apiCallsPerMonth, …}`; other modules may add their own keys. */
  quotas: text('quotas', { mode: 'json' }).$type<Record<string, number | null>>().notNull(),
  /** The business modules the plan enables: crm, annual-fees, legal, devices. */
  modules: text('modules', { mode: 'json' }).$type<string[]>().notNull(),
  priceMonthlyFen: integer('price_monthly_fen').notNull(),
  priceQuarterlyFen: integer('price_quarterly_fen').notNull(),
  priceYearlyFen: integer('price_yearly_fen').notNull(),
  extraUserFen: integer('extra_user_fen').notNull(),
  extraStorageGbFen: integer('extra_storage_gb_fen').notNull(),
  apiCallFen: integer('api_call_fen').notNull(),
  /** Past the users/storage/API quota: bill the overage (true) or refuse (false). */
  allowOverage: integer('allow_overage', { mode: 'boolean' }).notNull(),
  trialDays: integer('trial_days'),
  active: integer('active', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const invoices = sqliteTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull().unique(),
    tenantId: text('tenant_id').notNull(),
    /** `2026-11` (monthly), `2026-Q4` (quarterly) or `2026` (yearly), in the tenant's time zone. */
    period: text('period').notNull(),
    periodStart: integer('period_start').notNull(),
    periodEnd: integer('period_end').notNull(),
    invoiceDate: integer('invoice_date').notNull(),
    dueAt: integer('due_at').notNull(),
    planCode: text('plan_code').notNull(),
    billingCycle: text('billing_cycle', { enum: ['monthly', 'quarterly', 'yearly'] }).notNull(),
    baseFen: integer('base_fen').notNull(),
    extraUsers: integer('extra_users').notNull(),
    extraUsersFen: integer('extra_users_fen').notNull(),
    extraStorageGb: integer('extra_storage_gb').notNull(),
    extraStorageFen: integer('extra_storage_fen').notNull(),
    apiOverageCalls: integer('api_overage_calls').notNull(),
    apiOverageFen: integer('api_overage_fen').notNull(),
    discountPercent: integer('discount_percent').notNull(),
    discountFen: integer('discount_fen').notNull(),
    totalFen: integer('total_fen').notNull(),
    lines: text('lines', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['pending', 'paid', 'overdue', 'cancelled'] }).notNull(),
    overdueAt: integer('overdue_at'),
    paidAt: integer('paid_at'),
    paymentMethod: text('payment_method'),
    paymentReference: text('payment_reference'),
    cancelledAt: integer('cancelled_at'),
    notes: text('notes'),
    version: integer('version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // One invoice per tenant and period, whatever the code around it does.
    uniqueIndex('invoices_tenant_period').on(t.tenantId, t.period),
    index('invoices_status_due').on(t.status, t.dueAt),
    index('invoices_date').on(t.invoiceDate),
    index('invoices_paid').on(t.paidAt),
  ],
);

/** Named counters, e.g. the running invoice number. */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/** Every mail the platform sends, queued with the change that causes it; the local outbox of G5. */
export const mail = sqliteTable(
  'mail',
  {
    id: text('id').primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    tenantId: text('tenant_id'),
    userId: text('user_id'),
    status: text('status', { enum: ['queued', 'sent', 'dead'] }).notNull(),
    provider: text('provider'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [index('mail_queue').on(t.status, t.nextAttemptAt), index('mail_created').on(t.createdAt)],
);

/** Onboarding links: only the SHA-256 of the token is kept. */
export const onboardingTokens = sqliteTable(
  'onboarding_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    adminUserId: text('admin_user_id'),
    basicDataAt: integer('basic_data_at'),
    usedAt: integer('used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('onboarding_tokens_tenant').on(t.tenantId)],
);

/** OAuth `state` values handed out by /start, each accepted once by /callback. Hashed like tokens. */
export const oauthStates = sqliteTable('oauth_states', {
  stateHash: text('state_hash').primaryKey(),
  provider: text('provider').notNull(),
  mode: text('mode', { enum: ['login', 'bind'] }).notNull(),
  userId: text('user_id'),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

export const oauthBindings = sqliteTable(
  'oauth_bindings',
  {
    provider: text('provider').notNull(),
    openId: text('open_id').notNull(),
    unionId: text('union_id'),
    userId: text('user_id').notNull(),
    nickname: text('nickname'),
    avatarUrl: text('avatar_url'),
    createdAt: integer('created_at').notNull(),
    lastLoginAt: integer('last_login_at'),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.openId] }),
    uniqueIndex('oauth_bindings_user_provider').on(t.userId, t.provider),
  ],
);

/** A provider account seen at login but bound to nobody yet: the ticket offers bind-existing or create-new. */
export const oauthTickets = sqliteTable('oauth_tickets', {
  ticketHash: text('ticket_hash').primaryKey(),
  provider: text('provider').notNull(),
  openId: text('open_id').notNull(),
  unionId: text('union_id'),
  nickname: text('nickname'),
  avatarUrl: text('avatar_url'),
  email: text('email'),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/** Usage and status alerts (SPEC A10); the unique key makes each condition fire once. */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    detail: text('detail', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('alerts_tenant_key').on(t.tenantId, t.key), index('alerts_created').on(t.createdAt)],
);

export const systemConfig = sqliteTable('system_config', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** What each tenant reported about its calls per month, for the dashboard's trend. */
export const usageMonthly = sqliteTable(
  'usage_monthly',
  {
    tenantId: text('tenant_id').notNull(),
    month: text('month').notNull(),
    apiCalls: integer('api_calls').notNull(),
    requests: integer('requests').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.month] }), index('usage_monthly_month').on(t.month)],
);
