import { iso } from '../../../lib/iso';
import type { Balance, ReleaseAnswer, TenantAllocation, UsageRecordView } from '../../../schema/dto/devices';
import type * as schema from '../../../schema/tenant';
import { balanceVerdict } from '../billing/charge';

export type AllocationRow = typeof schema.deviceAllocations.$inferSelect;
export type WalletRow = typeof schema.wallets.$inferSelect;
export type UsageRecordRow = typeof schema.usageRecords.$inferSelect;

// The tenant's device rows as the API shows them.

export function releaseAnswer(row: AllocationRow): ReleaseAnswer {
  return {
    allocationId: row.id,
    status: row.status === 'expired' ? 'expired' : 'released',
    durationSeconds: row.durationSeconds ?? 0,
    releasedAt: iso(row.releasedAt ?? row.updatedAt),
  };
}

export function allocationView(r: AllocationRow, holdFen: number | null = null): TenantAllocation {
  return {
    allocationId: r.id,
    userId: r.userId,
    status: r.status,
    strategy: r.strategy,
    durationMinutes: r.durationMinutes,
    nodeId: r.nodeId,
    deviceId: r.deviceId,
    cpuCores: r.cpuCores,
    memoryMB: r.memoryMB,
    storageMB: r.storageMB,
    allocatedAt: iso(r.allocatedAt),
    expiresAt: iso(r.expiresAt),
    releasedAt: iso(r.releasedAt),
    durationSeconds: r.durationSeconds,
    chargeFen: r.chargeFen,
    holdFen,
    createdAt: iso(r.createdAt),
  };
}

export function balanceView(userId: string, w: WalletRow | undefined): Balance {
  const balanceFen = w?.balanceFen ?? 0;
  const heldFen = w?.heldFen ?? 0;
  return {
    userId,
    balanceFen,
    heldFen,
    availableFen: balanceFen - heldFen,
    topUpTotalFen: w?.topUpTotalFen ?? 0,
    chargedTotalFen: w?.chargedTotalFen ?? 0,
    chargeCount: w?.chargeCount ?? 0,
    hasBalance: balanceVerdict(w ? balanceFen - heldFen : null).hasBalance,
  };
}

export function usageView(r: UsageRecordRow): UsageRecordView {
  return {
    id: r.id,
    allocationId: r.allocationId,
    deviceId: r.deviceId,
    nodeId: r.nodeId,
    userId: r.userId,
    durationSeconds: r.durationSeconds,
    cpuCores: r.cpuCores,
    memoryMB: r.memoryMB,
    storageMB: r.storageMB,
    allocatedAt: iso(r.allocatedAt),
    releasedAt: iso(r.releasedAt),
    chargeFen: r.chargeFen,
    rates: {
      coreHourMilliFen: r.coreHourMilliFen,
      memoryGbHourMilliFen: r.memoryGbHourMilliFen,
      storageGbHourMilliFen: r.storageGbHourMilliFen,
    },
    recordedAt: iso(r.recordedAt),
  };
}
