/** Whole seconds used; a partly used second is not billed. */
export function durationSeconds(allocatedAt: number, releasedAt: number): number {
  return Math.max(0, Math.floor((releasedAt - allocatedAt) / 1000));
}

export interface AllocationTimes {
  allocatedAt: number;
  expiresAt: number;
}

/**
 * When and how an allocation ends if it is released at `now`. Past its expiry it has expired at the expiry
 * time, however late the release is processed: nobody pays for time after the booking ended.
 */
export function endOf(
  allocation: AllocationTimes,
  now: number,
): { status: 'released' | 'expired'; releasedAt: number } {
  if (now >= allocation.expiresAt) return { status: 'expired', releasedAt: allocation.expiresAt };
  return { status: 'released', releasedAt: Math.max(now, allocation.allocatedAt) };
}

/** The usage record as it travels to billing: the fields of requirement E3, with ISO times. */
export interface UsageWire {
  deviceId: string;
  userId: string;
  tenantId: string;
  tenantCode: string;
  nodeId: string;
  allocationId: string;
  durationSeconds: number;
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
  allocatedAt: string;
  releasedAt: string;
}
