import { newId } from '../../lib/ids';
import * as schema from '../../schema/device-node';
import type { NodePort } from './port';
import { nodeStatements } from './statements';

const { meters } = schema;

/**
 * The node's own records of what happened: notable events (allocations, releases, dead letters …) for
 * the admin's node page, and monotonic counters for /metrics, both kept in storage so they survive
 * eviction. Written inside the transaction of what they record.
 */
export class NodeJournal {
  constructor(private readonly port: Pick<NodePort, 'db' | 'now'>) {}

  event(type: string, allocationId: string | null, deviceId: string | null, detail: unknown): void {
    nodeStatements(this.port.db).insertEvent.run({
      id: newId('evt'),
      type,
      allocationId,
      deviceId,
      detail: detail ?? null,
      at: this.port.now(),
    });
  }

  /** Adds `by` to the counter `name` with `labels` (histograms are counters per bucket). */
  bump(name: string, labels: Record<string, string>, by = 1): void {
    const key = JSON.stringify(
      Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
    nodeStatements(this.port.db).bumpMeter.run({ name, labels: key, value: by });
  }

  meters(): { name: string; labels: Record<string, string>; value: number }[] {
    return this.port.db
      .select()
      .from(meters)
      .all()
      .map((m) => ({ name: m.name, labels: JSON.parse(m.labels) as Record<string, string>, value: m.value }));
  }
}
