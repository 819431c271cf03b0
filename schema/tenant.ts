import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export * from './base';
export * from './tenant-cards';
export * from './tenant-crm';

/** The tenant's own copy of its profile (one row), kept current by the Directory through the outbox. */
export const profile = sqliteTable('profile', {
  id: integer('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  plan: text('plan').notNull(),
  subscriptionStatus: text('subscription_status').notNull(),
  timezone: text('timezone').notNull(),
  crmAutoStatusSync: integer('crm_auto_status_sync', { mode: 'boolean' }).notNull().default(true),
  directoryVersion: integer('directory_version').notNull(),
  deletedAt: integer('deleted_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Replica of the memberships of this tenant; every tenant-scoped request is checked against it. */
export const members = sqliteTable(
  'members',
  {
    userId: text('user_id').primaryKey(),
    username: text('username').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    status: text('status', { enum: ['active', 'disabled', 'pending'] }).notNull(),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull(),
    version: integer('version').notNull(),
    joinedAt: integer('joined_at').notNull(),
    /** `joinedAt` as the API writes it (`toISOString`), kept so the member page is not formatted per read. */
    joinedAtIso: text('joined_at_iso').notNull().default(''),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('members_username').on(t.username),
    // The member list's order: pages come off the index instead of a sort.
    index('members_joined').on(t.joinedAt, t.userId),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    detail: text('detail', { mode: 'json' }),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

export * from './tenant-devices';
// Plan replica, quotas, call counters, API keys, invoices, basic data.
export * from './tenant-platform';
