import { asc, count, desc } from 'drizzle-orm';
import { type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/device-node';
import type { NodeDetail, NodeView } from '../../schema/dto/devices';
import { newestWrittenFirst } from '../write-order';
import { nodeIdentity } from './inventory';
import type { NodeJournal } from './journal';
import type { NodeMetrics } from './node-types';
import type { NodeDb } from './port';
import { CIRCUIT_NAMES } from './reporter';
import type { UsageOutbox } from './usage-outbox';
import { deviceView } from './views';

const { node, devices, allocations, usageReports, deviceEvents } = schema;

/** How many rows of `table` have each status (every status listed in `zero`, counted or not). */
function countsBy<S extends string>(
  db: NodeDb,
  table: typeof devices | typeof allocations | typeof usageReports,
  zero: Record<S, number>,
): Record<S, number> {
  const out = { ...zero };
  for (const r of db.select({ status: table.status, n: count() }).from(table).groupBy(table.status).all()) {
    out[r.status as S] = r.n;
  }
  return out;
}

export const deviceCounts = (db: NodeDb) =>
  countsBy(db, devices, { available: 0, allocated: 0, maintenance: 0 });
export const allocationCounts = (db: NodeDb) =>
  countsBy(db, allocations, { active: 0, released: 0, expired: 0, voided: 0 });
export const reportCounts = (db: NodeDb) => countsBy(db, usageReports, { pending: 0, delivered: 0, dead: 0 });

/** The node as the admin pages and /metrics see it. */
export class NodeOverview {
  constructor(
    private readonly db: NodeDb,
    private readonly journal: NodeJournal,
    private readonly usage: UsageOutbox,
  ) {}

  view(): NodeView {
    const row = nodeIdentity(this.db);
    const d = deviceCounts(this.db);
    return {
      nodeId: row.nodeId,
      region: row.region,
      registeredAt: iso(row.createdAt),
      devices: { total: d.available + d.allocated + d.maintenance, ...d },
      allocations: allocationCounts(this.db),
      usageOutbox: reportCounts(this.db),
      circuit: CIRCUIT_NAMES[this.usage.circuit()],
    };
  }

  summary(): Outcome<NodeView> {
    return toOutcome(() => this.view());
  }

  detail(): Outcome<NodeDetail> {
    return toOutcome(() => {
      const view = this.view();
      const deviceList = this.db
        .select()
        .from(devices)
        .orderBy(asc(devices.createdAt), asc(devices.id))
        .limit(1000)
        .all()
        .map((d) => deviceView(d, view.nodeId));
      const recentEvents = this.db
        .select()
        .from(deviceEvents)
        .orderBy(desc(deviceEvents.at), newestWrittenFirst(deviceEvents))
        .limit(50)
        .all()
        .map((e) => ({ ...e, at: iso(e.at) }));
      return { ...view, deviceList, recentEvents };
    });
  }

  metricsSnapshot(): NodeMetrics | null {
    const row = this.db.select().from(node).get();
    if (!row) return null;
    return {
      nodeId: row.nodeId,
      circuit: this.usage.circuit(),
      devices: deviceCounts(this.db),
      allocations: allocationCounts(this.db),
      usageOutbox: reportCounts(this.db),
      meters: this.journal.meters(),
    };
  }
}
