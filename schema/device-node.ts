import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export * from './base';

/** The node's identity (one row); `capacityVersion` orders what it publishes to the Directory's node index. */
export const node = sqliteTable('node', {
  id: integer('id').primaryKey(),
  nodeId: text('node_id').notNull(),
  region: text('region'),
  createdAt: integer('created_at').notNull(),
  capacityVersion: integer('capacity_version').notNull().default(0),
  /** Last known circuit-breaker state (cockatiel `toJSON`), so a restarted node does not forget an open circuit. */
  breakerState: text('breaker_state', { mode: 'json' }),
});

export const DEVICE_STATUSES = ['available', 'allocated', 'maintenance'] as const;

export const devices = sqliteTable(
  'devices',
  {
    id: text('id').primaryKey(),
    cpuCores: integer('cpu_cores').notNull(),
    memoryMB: integer('memory_mb').notNull(),
    storageMB: integer('storage_mb').notNull(),
    status: text('status', { enum: DEVICE_STATUSES }).notNull(),
    allocationId: text('allocation_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('devices_free').on(t.status, t.cpuCores, t.memoryMB, t.storageMB)],
);

export const ALLOCATION_STATUSES = ['active', 'released', 'expired', 'voided'] as const;

export const allocations = sqliteTable(
  'allocations',
  {
    id: text('id').primaryKey(),
    deviceId: text('device_id').notNull(),
    tenantCode: text('tenant_code').notNull(),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ALLOCATION_STATUSES }).notNull(),
    strategy: text('strategy').notNull(),
    cpuCores: integer('cpu_cores').notNull(),
    memoryMB: integer('memory_mb').notNull(),
    storageMB: integer('storage_mb').notNull(),
    allocatedAt: integer('allocated_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    releasedAt: integer('released_at'),
    durationSeconds: integer('duration_seconds'),
    /** Set once the daily reconciliation has seen this release's usage record at billing. */
    reconciledAt: integer('reconciled_at'),
  },
  (t) => [
    index('allocations_status_expires').on(t.status, t.expiresAt),
    index('allocations_released').on(t.status, t.reconciledAt),
    // One active allocation per device, even if the code that picks devices were wrong.
    uniqueIndex('allocations_active_device').on(t.deviceId).where(sql`status = 'active'`),
  ],
);

/** Allocation ids the tenant gave up on before they arrived: a late `allocate` with one of them is refused. */
export const allocationTombstones = sqliteTable('allocation_tombstones', {
  id: text('id').primaryKey(),
  at: integer('at').notNull(),
});

export const USAGE_REPORT_STATUSES = ['pending', 'delivered', 'dead'] as const;

/**
 * The node's billing outbox: one usage record per release, written in the release's transaction and
 * delivered (to the built-in billing or to BILLING_SERVICE_URL) until acknowledged or dead-lettered.
 */
export const usageReports = sqliteTable(
  'usage_reports',
  {
    id: text('id').primaryKey(),
    allocationId: text('allocation_id').notNull().unique(),
    tenantCode: text('tenant_code').notNull(),
    userId: text('user_id').notNull(),
    record: text('record', { mode: 'json' }).notNull(),
    status: text('status', { enum: USAGE_REPORT_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    chargeFen: integer('charge_fen'),
    deliveredVia: text('delivered_via'),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
    deadAt: integer('dead_at'),
  },
  (t) => [
    index('usage_reports_due').on(t.status, t.nextAttemptAt),
    index('usage_reports_created').on(t.createdAt),
  ],
);

/** `device.allocated` / `device.released` and the node's other notable happenings. */
export const deviceEvents = sqliteTable(
  'device_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    allocationId: text('allocation_id'),
    deviceId: text('device_id'),
    detail: text('detail', { mode: 'json' }),
    at: integer('at').notNull(),
  },
  (t) => [index('device_events_at').on(t.at)],
);

/** Monotonic counters and histogram buckets for /metrics, kept in storage so they survive eviction. */
export const meters = sqliteTable(
  'meters',
  {
    name: text('name').notNull(),
    labels: text('labels').notNull(),
    value: real('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.labels] })],
);
