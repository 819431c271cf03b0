import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export * from './base';

export const admins = sqliteTable('admins', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash'),
  role: text('role', { enum: ['super_admin', 'sales', 'finance', 'support'] }).notNull(),
  // Admin profile.
  name: text('name'),
  email: text('email'),
  updatedAt: integer('updated_at'),
  status: text('status', { enum: ['active', 'disabled'] })
    .notNull()
    .default('active'),
  lastLoginAt: integer('last_login_at'),
  lastLoginIp: text('last_login_ip'),
  createdAt: integer('created_at').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    uuid: text('uuid').notNull().unique(),
    /** Stored lower-cased: usernames and emails are unique regardless of case. */
    username: text('username').notNull().unique(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    primaryTenantId: text('primary_tenant_id'),
    currentTenantId: text('current_tenant_id'),
    lastLoginAt: integer('last_login_at'),
    lastLoginTenantId: text('last_login_tenant_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('users_created').on(t.createdAt)],
);

/** The user → companies index. The tenant actor holds the replica it checks requests against. */
export const memberships = sqliteTable(
  'memberships',
  {
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['active', 'disabled', 'pending'] }).notNull(),
    disabledAt: integer('disabled_at'),
    version: integer('version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index('memberships_tenant').on(t.tenantId)],
);

export const tenants = sqliteTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    creditCode: text('credit_code'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    address: text('address'),
    industry: text('industry'),
    region: text('region'),
    size: text('size'),
    employeeCount: integer('employee_count'),
    plan: text('plan').notNull(),
    subscriptionStatus: text('subscription_status', {
      enum: ['trial', 'active', 'suspended', 'expired', 'cancelled'],
    }).notNull(),
    trialEndsAt: integer('trial_ends_at'),
    serviceStartAt: integer('service_start_at'),
    serviceEndAt: integer('service_end_at'),
    billingCycle: text('billing_cycle', { enum: ['monthly', 'quarterly', 'yearly'] }).notNull(),
    onboardingStatus: text('onboarding_status', { enum: ['pending', 'in_progress', 'completed'] }).notNull(),
    timezone: text('timezone').notNull(),
    // Admin user, discount, suspension and the last usage the tenant reported.
    adminUserId: text('admin_user_id'),
    /** A standing discount on the base fee (education 50 %, a negotiated rate …), 0–100. */
    discountPercent: integer('discount_percent').notNull().default(0),
    suspendedAt: integer('suspended_at'),
    usageUsers: integer('usage_users').notNull().default(0),
    usageCustomers: integer('usage_customers').notNull().default(0),
    usageStorageBytes: integer('usage_storage_bytes').notNull().default(0),
    usageApiCalls: integer('usage_api_calls').notNull().default(0),
    usageMonth: text('usage_month'),
    usageReportedAt: integer('usage_reported_at'),
    /** The trial length chosen at creation (SPEC A14); null: the plan's. */
    trialDays: integer('trial_days'),
    /** The company whose referral brought this one: both get the referral discount, once. */
    referredByTenantId: text('referred_by_tenant_id'),
    /** When its current billing cycle began, if it changed cycle after its service began: invoices prorate from it. */
    cycleSince: integer('cycle_since'),
    version: integer('version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [
    index('tenants_created').on(t.createdAt),
    index('tenants_status').on(t.subscriptionStatus),
    index('tenants_plan').on(t.plan),
  ],
);

/** Failed login counters, per account name, for slowing and locking guessing. */
export const loginThrottle = sqliteTable('login_throttle', {
  subject: text('subject').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: integer('window_started_at').notNull(),
  lockedUntil: integer('locked_until'),
});

export const taskState = sqliteTable('task_state', {
  name: text('name').primaryKey(),
  nextRunAt: integer('next_run_at').notNull(),
  runningRunId: text('running_run_id'),
  leaseUntil: integer('lease_until'),
  lastRunId: text('last_run_id'),
  /** A first attempt that failed waits for its one retry (SPEC F3): when, and which run it retries. */
  retryAt: integer('retry_at'),
  retryOf: text('retry_of'),
});

export const taskRuns = sqliteTable(
  'task_runs',
  {
    runId: text('run_id').primaryKey(),
    task: text('task').notNull(),
    trigger: text('trigger', { enum: ['cron', 'manual'] }).notNull(),
    scheduledFor: integer('scheduled_for'),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    durationMs: integer('duration_ms'),
    /** `retried`: a first attempt that failed and was tried again (its retry's row says how that went). */
    status: text('status', { enum: ['running', 'succeeded', 'failed', 'skipped', 'retried'] }).notNull(),
    /** 1, or 2 for the retry of a failed first attempt (`retryOf` names it). */
    attempt: integer('attempt').notNull().default(1),
    retryOf: text('retry_of'),
    /** JSON text, as the task answered it. */
    result: text('result'),
    error: text('error'),
  },
  (t) => [
    index('task_runs_task_started').on(t.task, t.startedAt),
    index('task_runs_started').on(t.startedAt),
  ],
);

export const operationLog = sqliteTable(
  'operation_log',
  {
    id: text('id').primaryKey(),
    adminId: text('admin_id').notNull(),
    adminUsername: text('admin_username').notNull(),
    tenantId: text('tenant_id'),
    action: text('action').notNull(),
    detail: text('detail', { mode: 'json' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    at: integer('at').notNull(),
  },
  (t) => [index('operation_log_at').on(t.at)],
);

/** Tenants that hold CRM data, so the nightly status sync visits them and no one else. */
export const crmTenants = sqliteTable('crm_tenants', {
  tenantId: text('tenant_id').primaryKey(),
  code: text('code').notNull(),
  since: integer('since').notNull(),
});
export * from './directory-devices';
// The legal marketplace: registrations, accounts, certifications.
export * from './directory-legal';
// Invoice payment orders, payment proofs and fapiao requests.
export * from './directory-payments';
// Plans, invoices, mail, onboarding, OAuth, alerts, config.
export * from './directory-platform';
export * from './directory-self-service';
