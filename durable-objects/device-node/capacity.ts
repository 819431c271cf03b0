import { eq, sql } from 'drizzle-orm';
import { directory } from '../../lib/actors';
import { log } from '../../lib/log';
import * as schema from '../../schema/device-node';
import { nodeIdentity } from './inventory';
import { deviceCounts } from './overview';
import type { NodeCapacity } from './placement';
import type { NodePort } from './port';
import { nodeStatements } from './statements';

const { node, devices } = schema;

export const PUBLISH_JOB = 'publish-capacity';
const PUBLISH_DEBOUNCE_MS = 500;

/**
 * Keeps the Directory's node index (which placement reads) in step with this node: every change bumps
 * the capacity version, and a debounced job publishes the snapshot, so a burst of allocations is one
 * message.
 */
export class CapacityPublisher {
  constructor(
    private readonly port: Pick<
      NodePort,
      'db' | 'env' | 'now' | 'schedule' | 'scheduleNoLaterThan' | 'cancel'
    >,
  ) {}

  /** Counts what changed so the Directory hears of it within a moment (coalescing bursts into one message). */
  changed(): void {
    nodeStatements(this.port.db).bumpCapacity.run();
    this.port.scheduleNoLaterThan(PUBLISH_JOB, '', this.port.now() + PUBLISH_DEBOUNCE_MS);
  }

  snapshot(): NodeCapacity {
    const { db } = this.port;
    const row = nodeIdentity(db);
    const byStatus = deviceCounts(db);
    const biggest = db
      .select({ cpu: sql<number>`max(${devices.cpuCores})`, mem: sql<number>`max(${devices.memoryMB})` })
      .from(devices)
      .where(eq(devices.status, 'available'))
      .get();
    return {
      nodeId: row.nodeId,
      region: row.region,
      totalDevices: byStatus.available + byStatus.allocated + byStatus.maintenance,
      availableDevices: byStatus.available,
      allocatedDevices: byStatus.allocated,
      maintenanceDevices: byStatus.maintenance,
      maxFreeCpuCores: biggest?.cpu ?? 0,
      maxFreeMemoryMB: biggest?.mem ?? 0,
      version: row.capacityVersion,
      registeredAt: row.createdAt,
      updatedAt: this.port.now(),
    };
  }

  /** The publish job: sends the snapshot, and goes again if the node changed meanwhile. */
  async publish(): Promise<void> {
    if (!this.port.db.select({ id: node.id }).from(node).get()) return;
    const snapshot = this.snapshot();
    await directory(this.port.env).publishNodeCapacity(snapshot);
    if (nodeIdentity(this.port.db).capacityVersion > snapshot.version) {
      this.port.schedule(PUBLISH_JOB, '', this.port.now() + PUBLISH_DEBOUNCE_MS);
    }
  }

  /** Admin changes show in the index at once; if the Directory cannot be reached the alarm tries again. */
  async publishNow(): Promise<void> {
    try {
      await this.publish();
      this.port.cancel(PUBLISH_JOB, '');
    } catch (err) {
      log.warn('node.publish_failed', { err: String(err) });
      this.port.schedule(PUBLISH_JOB, '', this.port.now() + 1_000);
    }
  }
}
