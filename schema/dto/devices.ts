import { z } from '@hono/zod-openapi';
import { IsoTime, integer, listOf, matching, PageQuery, text } from './common';

export const STRATEGIES = ['least-loaded', 'bin-packing', 'spread'] as const;
export type Strategy = (typeof STRATEGIES)[number];

const Name = matching(
  text().min(1).max(64),
  /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  'name',
  'letters, digits, dot, underscore and hyphen, starting with a letter or digit',
);
export const NodeId = Name.openapi({ example: 'node-sh-01' });
export const DeviceId = Name.openapi({ example: 'dev-0001' });

const MAX_DURATION_MINUTES = 30 * 24 * 60;
const Cores = integer(1, 1024);
const MemoryMB = integer(1, 16 * 1024 * 1024);
const StorageMB = integer(0, 1024 * 1024 * 1024);

// Allocation (tenant-scoped).

export const AllocateBody = z
  .object({
    durationMinutes: integer(1, MAX_DURATION_MINUTES).openapi({ example: 60 }),
    cpuCores: Cores.optional().openapi({ description: 'at least this many cores' }),
    memoryMB: MemoryMB.optional().openapi({ description: 'at least this much memory' }),
    strategy: z
      .enum(STRATEGIES)
      .optional()
      .openapi({ description: 'placement strategy; least-loaded by default' }),
  })
  .strict()
  .openapi('AllocateDevice');
export type AllocateBody = z.infer<typeof AllocateBody>;

export const AllocateAnswer = z
  .object({
    allocationId: z.string(),
    deviceId: z.string(),
    nodeId: z.string(),
    allocatedAt: IsoTime,
    expiresAt: IsoTime,
    cpuCores: z.number().int(),
    memoryMB: z.number().int(),
    storageMB: z.number().int(),
    strategy: z.enum(STRATEGIES),
    holdFen: z.number().int().openapi({
      description:
        'held from the available balance until the usage is charged: the booked duration at the current rates (0 with an external billing service)',
    }),
  })
  .openapi('Allocation');
export type AllocateAnswer = z.infer<typeof AllocateAnswer>;

export const ExtendBody = z
  .object({ minutes: integer(1, MAX_DURATION_MINUTES).openapi({ example: 30 }) })
  .strict()
  .openapi('ExtendAllocation');
export type ExtendBody = z.infer<typeof ExtendBody>;

export const ExtendAnswer = z
  .object({
    allocationId: z.string(),
    expiresAt: IsoTime,
    durationMinutes: z.number().int(),
    /** What this extension added to the hold, at the rates of now. */
    extraHoldFen: z.number().int(),
    holdFen: z.number().int(),
  })
  .openapi('ExtendAnswer');
export type ExtendAnswer = z.infer<typeof ExtendAnswer>;

export const WalletSettings = z
  .object({
    lowBalanceThresholdFen: integer(0, Number.MAX_SAFE_INTEGER).nullable().openapi({
      description: 'users are mailed once when their available balance falls below this; null: never',
    }),
  })
  .strict()
  .openapi('WalletSettings');
export type WalletSettings = z.infer<typeof WalletSettings>;

export const ReleaseBody = z
  .object({ allocationId: text().min(1).max(64).optional(), deviceId: DeviceId.optional() })
  .strict()
  .refine((b) => !!b.allocationId !== !!b.deviceId, {
    message: 'give exactly one of allocationId and deviceId',
    params: { rule: 'one_of' },
    path: ['allocationId'],
  })
  .openapi('ReleaseDevice');
export type ReleaseBody = z.infer<typeof ReleaseBody>;

export const ReleaseAnswer = z
  .object({
    allocationId: z.string(),
    status: z.enum(['released', 'expired']),
    durationSeconds: z.number().int(),
    releasedAt: IsoTime,
  })
  .openapi('Release');
export type ReleaseAnswer = z.infer<typeof ReleaseAnswer>;

export const TenantAllocation = z
  .object({
    allocationId: z.string(),
    userId: z.string(),
    status: z.enum(['pending', 'active', 'released', 'expired', 'failed']),
    strategy: z.string(),
    durationMinutes: z.number().int(),
    nodeId: z.string().nullable(),
    deviceId: z.string().nullable(),
    cpuCores: z.number().int().nullable(),
    memoryMB: z.number().int().nullable(),
    storageMB: z.number().int().nullable(),
    allocatedAt: IsoTime.nullable(),
    expiresAt: IsoTime.nullable(),
    releasedAt: IsoTime.nullable(),
    durationSeconds: z.number().int().nullable(),
    chargeFen: z.number().int().nullable(),
    /** The wallet hold while the allocation runs (null when nothing is held: ended, or external billing). */
    holdFen: z.number().int().nullable(),
    createdAt: IsoTime,
  })
  .openapi('TenantAllocation');
export type TenantAllocation = z.infer<typeof TenantAllocation>;

export const AllocationListQuery = PageQuery.extend({
  status: z.enum(['pending', 'active', 'released', 'expired', 'failed']).optional(),
  userId: text()
    .max(64)
    .optional()
    .openapi({ description: 'tenant admins only; members always see their own' }),
});
export type AllocationListQuery = z.infer<typeof AllocationListQuery>;
export const AllocationList = listOf(TenantAllocation, 'AllocationList');

// Built-in billing (tenant-scoped).

export const Balance = z
  .object({
    userId: z.string(),
    balanceFen: z.number().int(),
    heldFen: z
      .number()
      .int()
      .openapi({ description: 'held for allocations still running: the price of their booked time' }),
    availableFen: z
      .number()
      .int()
      .openapi({ description: 'balanceFen − heldFen: what new allocations may use' }),
    topUpTotalFen: z.number().int(),
    chargedTotalFen: z.number().int(),
    chargeCount: z.number().int(),
    hasBalance: z.boolean(),
  })
  .openapi('Balance');
export type Balance = z.infer<typeof Balance>;

export const UserQuery = z.object({
  userId: text().max(64).optional().openapi({ description: 'tenant admins only; defaults to the caller' }),
});

export const Rates = z
  .object({
    coreHourMilliFen: integer(0, 10_000_000).openapi({ example: 10_000 }),
    memoryGbHourMilliFen: integer(0, 10_000_000).openapi({ example: 5_000 }),
    storageGbHourMilliFen: integer(0, 10_000_000).openapi({ example: 50 }),
  })
  .strict()
  .openapi('BillingRates', { description: 'prices in 1/1000 fen per core-hour and per GB-hour' });
export type Rates = z.infer<typeof Rates>;

export const UsageRecordView = z
  .object({
    id: z.string(),
    allocationId: z.string(),
    deviceId: z.string(),
    nodeId: z.string().nullable(),
    userId: z.string(),
    durationSeconds: z.number().int(),
    cpuCores: z.number().int(),
    memoryMB: z.number().int(),
    storageMB: z.number().int(),
    allocatedAt: IsoTime,
    releasedAt: IsoTime,
    chargeFen: z.number().int(),
    rates: Rates,
    recordedAt: IsoTime,
  })
  .openapi('UsageRecord');
export type UsageRecordView = z.infer<typeof UsageRecordView>;
export const UsageListQuery = PageQuery.extend(UserQuery.shape);
export const UsageList = listOf(UsageRecordView, 'UsageList');

export const TopUpBody = z
  .object({
    userId: text().min(1).max(64),
    amountFen: integer(1, 10_000_000_000),
    reference: text()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'your key for this top-up: repeated, it applies once' }),
  })
  .strict()
  .openapi('TopUp');
export type TopUpBody = z.infer<typeof TopUpBody>;
export const TopUpAnswer = Balance.extend({ entryId: z.string(), duplicate: z.boolean() }).openapi(
  'TopUpAnswer',
);
export type TopUpAnswer = z.infer<typeof TopUpAnswer>;
export const WalletList = listOf(Balance, 'WalletList');

// Internal metering (service token).

const Timestamp = z
  .union([z.iso.datetime({ offset: true }), z.number().int().min(0)])
  .openapi({ description: 'ISO 8601 time or epoch milliseconds' });

/** The usage record of requirement E3, as a device service sends it. */
export const DeviceUsageBody = z
  .object({
    deviceId: text().min(1).max(64),
    userId: text().min(1).max(64),
    tenantId: text().min(1).max(64).optional(),
    tenantCode: text()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'or the X-Tenant-Code header, or tenantId' }),
    nodeId: text().min(1).max(64).optional(),
    allocationId: text().min(1).max(64),
    durationSeconds: integer(0, 10 * 366 * 86_400),
    cpuCores: integer(0, 1024),
    memoryMB: integer(0, 16 * 1024 * 1024),
    storageMB: integer(0, 1024 * 1024 * 1024),
    allocatedAt: Timestamp,
    releasedAt: Timestamp,
  })
  .openapi('DeviceUsage');
export type DeviceUsageBody = z.infer<typeof DeviceUsageBody>;

/** A usage record as the tenant's billing applies it: times in epoch ms, the tenant already resolved. */
export interface UsageInput {
  allocationId: string;
  deviceId: string;
  nodeId: string | null;
  userId: string;
  durationSeconds: number;
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
  allocatedAt: number;
  releasedAt: number;
}

export const MeterAnswer = z
  .object({
    recorded: z
      .boolean()
      .openapi({ description: 'this call wrote the record (false when it was already there)' }),
    duplicate: z.boolean(),
    chargeFen: z.number().int(),
    balanceFen: z.number().int(),
  })
  .openapi('MeterAnswer');
export type MeterAnswer = z.infer<typeof MeterAnswer>;

export const MeterBatchBody = z
  .object({ items: z.array(z.unknown()).min(1).max(500).openapi({ description: 'DeviceUsage records' }) })
  .strict()
  .openapi('MeterBatch');

export const MeterItemResult = z
  .object({
    allocationId: z.string().nullable(),
    ok: z.boolean(),
    duplicate: z.boolean().optional(),
    chargeFen: z.number().int().optional(),
    error: z.string().optional(),
  })
  .openapi('MeterItemResult');
export type MeterItemResult = z.infer<typeof MeterItemResult>;

export const MeterBatchAnswer = z
  .object({
    success: z.number().int(),
    failed: z.number().int(),
    errors: z.array(z.string()),
    results: z.array(MeterItemResult).openapi({ description: 'one per item, in order' }),
  })
  .openapi('MeterBatchAnswer');
export type MeterBatchAnswer = z.infer<typeof MeterBatchAnswer>;

export const InternalBalanceAnswer = z
  .object({
    hasBalance: z.boolean(),
    balance: z
      .number()
      .int()
      .openapi({ description: 'fen (the same as balanceFen, under the name device services use)' }),
    balanceFen: z.number().int(),
    reason: z.string().optional(),
  })
  .openapi('InternalBalance');
export type InternalBalanceAnswer = z.infer<typeof InternalBalanceAnswer>;

// Nodes (platform admin).

export const NodeRegisterBody = z
  .object({ nodeId: NodeId, region: text().trim().min(1).max(64).optional() })
  .strict()
  .openapi('NodeRegister');
export type NodeRegisterBody = z.infer<typeof NodeRegisterBody>;

export const DeviceRegisterBody = z
  .object({
    deviceId: DeviceId.optional().openapi({ description: 'generated when absent' }),
    cpuCores: Cores,
    memoryMB: MemoryMB,
    storageMB: StorageMB,
    count: integer(1, 1000).optional().openapi({ description: 'register this many identical devices' }),
  })
  .strict()
  .refine((b) => !(b.deviceId && (b.count ?? 1) > 1), {
    message: 'a deviceId names one device',
    params: { rule: 'one_device' },
    path: ['count'],
  })
  .openapi('DeviceRegister');
export type DeviceRegisterBody = z.infer<typeof DeviceRegisterBody>;

export const DeviceStatusBody = z
  .object({ status: z.enum(['available', 'maintenance']) })
  .strict()
  .openapi('DeviceStatus');

export const DeviceView = z
  .object({
    deviceId: z.string(),
    nodeId: z.string(),
    cpuCores: z.number().int(),
    memoryMB: z.number().int(),
    storageMB: z.number().int(),
    status: z.enum(['available', 'allocated', 'maintenance']),
    allocationId: z.string().nullable(),
    createdAt: IsoTime,
  })
  .openapi('Device');
export type DeviceView = z.infer<typeof DeviceView>;

export const CIRCUIT_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;

export const NodeView = z
  .object({
    nodeId: z.string(),
    region: z.string().nullable(),
    registeredAt: IsoTime,
    devices: z.object({
      total: z.number().int(),
      available: z.number().int(),
      allocated: z.number().int(),
      maintenance: z.number().int(),
    }),
    allocations: z.object({
      active: z.number().int(),
      released: z.number().int(),
      expired: z.number().int(),
      voided: z.number().int(),
    }),
    usageOutbox: z.object({ pending: z.number().int(), delivered: z.number().int(), dead: z.number().int() }),
    circuit: z.enum(CIRCUIT_STATES),
  })
  .openapi('Node');
export type NodeView = z.infer<typeof NodeView>;
export const NodeList = listOf(NodeView, 'NodeList');

export const DeviceEventView = z
  .object({
    id: z.string(),
    type: z.string(),
    allocationId: z.string().nullable(),
    deviceId: z.string().nullable(),
    detail: z.unknown(),
    at: IsoTime,
  })
  .openapi('DeviceEvent');

export const NodeDetail = NodeView.extend({
  deviceList: z.array(DeviceView),
  recentEvents: z.array(DeviceEventView),
}).openapi('NodeDetail');
export type NodeDetail = z.infer<typeof NodeDetail>;

// Billing operations (platform admin).

export const UsageReportView = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    allocationId: z.string(),
    tenantCode: z.string(),
    userId: z.string(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: IsoTime.nullable(),
    createdAt: IsoTime,
    deadAt: IsoTime.nullable(),
    record: DeviceUsageBody,
  })
  .openapi('UsageReport');
export type UsageReportView = z.infer<typeof UsageReportView>;
export const UsageReportList = listOf(UsageReportView, 'UsageReportList');
export const UsageReportQuery = PageQuery.extend({ nodeId: NodeId.optional() });

export const RequeueAnswer = z
  .object({ id: z.string(), nodeId: z.string(), status: z.enum(['pending', 'delivered', 'dead']) })
  .openapi('RequeueAnswer');
