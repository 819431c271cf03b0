import type { Strategy } from '../../schema/dto/devices';

/** A node as the Directory's node index last saw it (published by the node itself). */
export interface NodeCapacity {
  nodeId: string;
  region: string | null;
  totalDevices: number;
  availableDevices: number;
  allocatedDevices: number;
  maintenanceDevices: number;
  maxFreeCpuCores: number;
  maxFreeMemoryMB: number;
  version: number;
  registeredAt: number;
  updatedAt: number;
}

export interface DeviceSpec {
  cpuCores?: number;
  memoryMB?: number;
}

export interface DeviceShape {
  id: string;
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
}

/** Share of a node's usable devices in use; a node with nothing usable counts as full. */
export function utilisation(node: NodeCapacity): number {
  const usable = node.totalDevices - node.maintenanceDevices;
  return usable <= 0 ? 1 : node.allocatedDevices / usable;
}

/** Whether the index says the node has a free device that could meet `spec`. */
export function looksAble(node: NodeCapacity, spec: DeviceSpec): boolean {
  return (
    node.availableDevices > 0 &&
    node.maxFreeCpuCores >= (spec.cpuCores ?? 0) &&
    node.maxFreeMemoryMB >= (spec.memoryMB ?? 0)
  );
}

/** -1, 0 or 1 as `x` sorts before, with or after `y` by code unit (ids are ASCII), whatever the locale. */
const compareIds = (x: string, y: string) => Number(x > y) - Number(x < y);

const byId = (a: NodeCapacity, b: NodeCapacity) => compareIds(a.nodeId, b.nodeId);

const leastLoaded = (a: NodeCapacity, b: NodeCapacity) =>
  utilisation(a) - utilisation(b) || b.availableDevices - a.availableDevices || byId(a, b);

const comparators: Record<
  Strategy,
  (load: Record<string, number>) => (a: NodeCapacity, b: NodeCapacity) => number
> = {
  // Keep every node equally busy.
  'least-loaded': () => leastLoaded,
  // Fill the busiest node first, so whole nodes stay free for big requests or maintenance.
  'bin-packing': () => (a, b) =>
    utilisation(b) - utilisation(a) || a.availableDevices - b.availableDevices || byId(a, b),
  // Put this tenant's devices on as many nodes as possible, so one node going down takes few of them.
  spread: (load) => (a, b) => (load[a.nodeId] ?? 0) - (load[b.nodeId] ?? 0) || leastLoaded(a, b),
};

/**
 * The order in which to ask nodes for a device. Nodes the index says can serve the request come first, in
 * the strategy's order; the others follow (the index may be a few seconds old, and the node decides).
 * `tenantLoad` counts the tenant's active allocations per node, for `spread`.
 */
export function rankNodes(
  nodes: readonly NodeCapacity[],
  strategy: Strategy,
  spec: DeviceSpec,
  tenantLoad: Record<string, number> = {},
): string[] {
  const compare = comparators[strategy](tenantLoad);
  const usable = nodes.filter((n) => n.totalDevices - n.maintenanceDevices > 0);
  const able = usable.filter((n) => looksAble(n, spec)).sort(compare);
  const rest = usable.filter((n) => !looksAble(n, spec)).sort(compare);
  return [...able, ...rest].map((n) => n.nodeId);
}

export function fits(device: DeviceShape, spec: DeviceSpec): boolean {
  return device.cpuCores >= (spec.cpuCores ?? 0) && device.memoryMB >= (spec.memoryMB ?? 0);
}

/** Best fit among free devices: the smallest one that meets the spec, so large devices stay for large requests. */
export function pickDevice<D extends DeviceShape>(free: readonly D[], spec: DeviceSpec): D | undefined {
  let best: D | undefined;
  for (const d of free) {
    if (!fits(d, spec)) continue;
    if (!best || compareShape(d, best) < 0) best = d;
  }
  return best;
}

function compareShape(a: DeviceShape, b: DeviceShape): number {
  return (
    a.cpuCores - b.cpuCores || a.memoryMB - b.memoryMB || a.storageMB - b.storageMB || compareIds(a.id, b.id)
  );
}
