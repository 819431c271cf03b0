import { iso } from '../../lib/iso';
import type { DeviceView, UsageReportView } from '../../schema/dto/devices';
import type { NodeAllocation, NodeRelease } from './node-types';
import type { AllocationRow, DeviceRow, UsageReportRow } from './port';
import type { UsageWire } from './usage-record';

// Rows as the node's answers show them.

export function deviceView(d: DeviceRow, nodeId: string): DeviceView {
  return {
    deviceId: d.id,
    nodeId,
    cpuCores: d.cpuCores,
    memoryMB: d.memoryMB,
    storageMB: d.storageMB,
    status: d.status,
    allocationId: d.allocationId,
    createdAt: iso(d.createdAt),
  };
}

export function allocationView(a: AllocationRow, nodeId: string): NodeAllocation {
  return {
    allocationId: a.id,
    nodeId,
    deviceId: a.deviceId,
    cpuCores: a.cpuCores,
    memoryMB: a.memoryMB,
    storageMB: a.storageMB,
    allocatedAt: a.allocatedAt,
    expiresAt: a.expiresAt,
  };
}

export function releaseView(a: AllocationRow): NodeRelease {
  return {
    allocationId: a.id,
    status: a.status === 'active' ? 'released' : a.status,
    durationSeconds: a.durationSeconds ?? 0,
    releasedAt: a.releasedAt ?? a.allocatedAt,
  };
}

export function reportView(r: UsageReportRow, nodeId: string): UsageReportView {
  return {
    id: r.id,
    nodeId,
    allocationId: r.allocationId,
    tenantCode: r.tenantCode,
    userId: r.userId,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null,
    createdAt: iso(r.createdAt),
    deadAt: iso(r.deadAt),
    record: r.record as UsageWire,
  };
}
