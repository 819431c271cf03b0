import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The tenant's side of device allocation and built-in billing: its allocations (the quota counter is the
 * number of pending and active ones), its users' prepaid wallets, their ledger, and the usage records
 * charged against them.
 */

export const TENANT_ALLOCATION_STATUSES = ['pending', 'active', 'released', 'expired', 'failed'] as const;

export const deviceAllocations = sqliteTable(
  'device_allocations',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: TENANT_ALLOCATION_STATUSES }).notNull(),
    strategy: text('strategy').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    nodeId: text('node_id'),
    deviceId: text('device_id'),
    cpuCores: integer('cpu_cores'),
    memoryMB: integer('memory_mb'),
    storageMB: integer('storage_mb'),
    allocatedAt: integer('allocated_at'),
    expiresAt: integer('expires_at'),
    releasedAt: integer('released_at'),
    durationSeconds: integer('duration_seconds'),
    chargeFen: integer('charge_fen'),
    failure: text('failure'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('device_allocations_status').on(t.status),
    index('device_allocations_user').on(t.userId, t.createdAt),
    index('device_allocations_device').on(t.deviceId, t.status),
    index('device_allocations_created').on(t.createdAt),
  ],
);

export const wallets = sqliteTable('wallets', {
  userId: text('user_id').primaryKey(),
  balanceFen: integer('balance_fen').notNull(),
  /** The sum of the user's open holds (wallet_holds): available = balance − held. */
  heldFen: integer('held_fen').notNull().default(0),
  topUpTotalFen: integer('top_up_total_fen').notNull(),
  chargedTotalFen: integer('charged_total_fen').notNull(),
  chargeCount: integer('charge_count').notNull(),
  /** When the user was told their available balance fell below the company's threshold; null once above it again. */
  lowBalanceNoticedAt: integer('low_balance_noticed_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * The price of an allocation's booked duration, held from the user's available balance from the moment
 * the device is given until the allocation's usage is charged (or it is voided); the charge uses the
 * rates held here.
 */
export const walletHolds = sqliteTable(
  'wallet_holds',
  {
    allocationId: text('allocation_id').primaryKey(),
    userId: text('user_id').notNull(),
    amountFen: integer('amount_fen').notNull(),
    coreHourMilliFen: integer('core_hour_milli_fen').notNull(),
    memoryGbHourMilliFen: integer('memory_gb_hour_milli_fen').notNull(),
    storageGbHourMilliFen: integer('storage_gb_hour_milli_fen').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('wallet_holds_user').on(t.userId)],
);

/** Every change of a balance. A charge carries its allocation id, unique: a usage record is charged once. */
export const walletEntries = sqliteTable(
  'wallet_entries',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: ['top_up', 'charge'] }).notNull(),
    /** Signed: positive for a top-up, negative for a charge. */
    amountFen: integer('amount_fen').notNull(),
    balanceAfterFen: integer('balance_after_fen').notNull(),
    allocationId: text('allocation_id').unique(),
    /** The caller's own key for a top-up, so a retried top-up is applied once. */
    reference: text('reference').unique(),
    actorId: text('actor_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('wallet_entries_user').on(t.userId, t.at)],
);

export const usageRecords = sqliteTable(
  'usage_records',
  {
    id: text('id').primaryKey(),
    allocationId: text('allocation_id').notNull().unique(),
    deviceId: text('device_id').notNull(),
    nodeId: text('node_id'),
    userId: text('user_id').notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    cpuCores: integer('cpu_cores').notNull(),
    memoryMB: integer('memory_mb').notNull(),
    storageMB: integer('storage_mb').notNull(),
    allocatedAt: integer('allocated_at').notNull(),
    releasedAt: integer('released_at').notNull(),
    chargeFen: integer('charge_fen').notNull(),
    coreHourMilliFen: integer('core_hour_milli_fen').notNull(),
    memoryGbHourMilliFen: integer('memory_gb_hour_milli_fen').notNull(),
    storageGbHourMilliFen: integer('storage_gb_hour_milli_fen').notNull(),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [
    index('usage_records_user').on(t.userId, t.recordedAt),
    index('usage_records_recorded').on(t.recordedAt),
  ],
);

/** The tenant's prices (one row; absent means the defaults). */
/** The company's wallet settings (one row): below what available balance its users are told. */
export const walletSettings = sqliteTable('wallet_settings', {
  id: integer('id').primaryKey(),
  lowBalanceThresholdFen: integer('low_balance_threshold_fen'),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

export const billingRates = sqliteTable('billing_rates', {
  id: integer('id').primaryKey(),
  coreHourMilliFen: integer('core_hour_milli_fen').notNull(),
  memoryGbHourMilliFen: integer('memory_gb_hour_milli_fen').notNull(),
  storageGbHourMilliFen: integer('storage_gb_hour_milli_fen').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
