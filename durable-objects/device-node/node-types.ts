import type { CircuitState } from 'cockatiel';
import type { Strategy } from '../../schema/dto/devices';
import type { DeviceSpec } from './placement';

// What a device node answers and sends: the shapes other actors and the worker's sweeps rely on.

export interface NodeAllocateRequest {
  allocationId: string;
  tenantCode: string;
  tenantId: string;
  userId: string;
  durationMinutes: number;
  spec: DeviceSpec;
  strategy: Strategy;
}

export interface NodeAllocation {
  allocationId: string;
  nodeId: string;
  deviceId: string;
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
  allocatedAt: number;
  expiresAt: number;
}

export interface NodeRelease {
  allocationId: string;
  status: 'released' | 'expired' | 'voided';
  durationSeconds: number;
  releasedAt: number;
}

/** What the node tells the tenant when one of its allocations ends (by the user, at expiry, or voided). */
export interface AllocationEndedMessage extends NodeRelease {
  nodeId: string;
}

export const ALLOCATION_ENDED = 'device.allocation.ended';

export interface NodeMetrics {
  nodeId: string;
  circuit: CircuitState;
  devices: Record<'available' | 'allocated' | 'maintenance', number>;
  allocations: Record<'active' | 'released' | 'expired' | 'voided', number>;
  usageOutbox: Record<'pending' | 'delivered' | 'dead', number>;
  meters: { name: string; labels: Record<string, string>; value: number }[];
}

export interface ReconcileReport {
  nodeId: string;
  checked: number;
  reconciled: number;
  repaired: { missingReport: string[]; missingAtBilling: string[] };
  inFlight: number;
  deadLettered: string[];
  tenantMessagesRequeued: number;
}
