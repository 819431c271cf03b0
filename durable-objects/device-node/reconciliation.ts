import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { tenantActor } from '../../lib/actors';
import { log } from '../../lib/log';
import * as schema from '../../schema/device-node';
import { nodeIdentity } from './inventory';
import type { ReconcileReport } from './node-types';
import type { AllocationRow, NodeDb, NodePort, UsageReportRow } from './port';
import type { UsageOutbox } from './usage-outbox';

const { allocations, usageReports } = schema;

const RECONCILE_PAGE = 1000;
const RECONCILE_MAX_PAGES = 50;
/** How many ids of each kind a report names; the counts are always complete. */
const REPORT_IDS_CAP = 100;
/** Delivered messages and seen keys a node keeps for reconciliation's sake. */
const NODE_MESSAGE_RETENTION_MS = 30 * 86_400_000;

/**
 * The daily reconciliation: every ended allocation must have a usage record at billing. A release without
 * a report gets one; a report the built-in billing does not have is sent again (harmless: idempotent);
 * dead letters are reported for an operator.
 */
export class Reconciliation {
  constructor(
    private readonly port: Pick<
      NodePort,
      'db' | 'env' | 'now' | 'tx' | 'outboxEntries' | 'requeueOutbox' | 'pruneMessages'
    >,
    private readonly usage: UsageOutbox,
    private readonly deliverNow: () => void,
  ) {}

  private get db(): NodeDb {
    return this.port.db;
  }

  async run(): Promise<ReconcileReport> {
    const { nodeId } = nodeIdentity(this.db);
    const report: ReconcileReport = {
      nodeId,
      checked: 0,
      reconciled: 0,
      repaired: { missingReport: [], missingAtBilling: [] },
      inFlight: 0,
      deadLettered: [],
      tenantMessagesRequeued: 0,
    };
    // Keyset pages over what is not reconciled yet (reports in flight or dead stay so, and are skipped).
    let after: { at: number; id: string } | null = null;
    for (let page = 0; page < RECONCILE_MAX_PAGES; page++) {
      const ended: AllocationRow[] = this.db
        .select()
        .from(allocations)
        .where(
          and(
            inArray(allocations.status, ['released', 'expired']),
            isNull(allocations.reconciledAt),
            after
              ? or(
                  gt(allocations.releasedAt, after.at),
                  and(eq(allocations.releasedAt, after.at), gt(allocations.id, after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(allocations.releasedAt), asc(allocations.id))
        .limit(RECONCILE_PAGE)
        .all();
      if (ended.length === 0) break;
      const last: AllocationRow = ended.at(-1)!;
      after = { at: last.releasedAt!, id: last.id };
      await this.page(nodeId, ended, report);
    }
    // A tenant that missed an allocation's end would hold its quota slot forever: give those another go.
    for (const row of this.port.outboxEntries('dead', 1000)) {
      if ((await this.port.requeueOutbox(row.id)).ok) report.tenantMessagesRequeued++;
    }
    if (report.repaired.missingReport.length || report.repaired.missingAtBilling.length) this.deliverNow();
    report.repaired.missingReport = report.repaired.missingReport.slice(0, REPORT_IDS_CAP);
    report.repaired.missingAtBilling = report.repaired.missingAtBilling.slice(0, REPORT_IDS_CAP);
    report.deadLettered = report.deadLettered.slice(0, REPORT_IDS_CAP);
    this.port.pruneMessages(this.port.now() - NODE_MESSAGE_RETENTION_MS);
    return report;
  }

  private async page(nodeId: string, ended: AllocationRow[], report: ReconcileReport): Promise<void> {
    report.checked += ended.length;
    const delivered: { allocation: AllocationRow; report: UsageReportRow }[] = [];
    this.port.tx(() => {
      for (const a of ended) {
        const r = this.db.select().from(usageReports).where(eq(usageReports.allocationId, a.id)).get();
        if (!r) {
          this.usage.queue(a, nodeId);
          report.repaired.missingReport.push(a.id);
        } else if (r.status === 'pending') report.inFlight++;
        else if (r.status === 'dead') report.deadLettered.push(a.id);
        else delivered.push({ allocation: a, report: r });
      }
    });
    const { confirmed, unknown } = await this.askBilling(delivered.map((d) => d.allocation));
    this.port.tx(() => {
      const now = this.port.now();
      for (const d of delivered) {
        if (unknown.has(d.allocation.id)) continue;
        if (confirmed.has(d.allocation.id)) {
          this.db
            .update(allocations)
            .set({ reconciledAt: now })
            .where(eq(allocations.id, d.allocation.id))
            .run();
          report.reconciled++;
        } else {
          this.usage.requeueRow(d.report);
          report.repaired.missingAtBilling.push(d.allocation.id);
        }
      }
    });
  }

  /** Which of these allocations billing holds a usage record of; `unknown`: their tenant could not be asked. */
  private async askBilling(
    ended: AllocationRow[],
  ): Promise<{ confirmed: Set<string>; unknown: Set<string> }> {
    const confirmed = new Set<string>();
    const unknown = new Set<string>();
    // The built-in billing can be asked; an external one is trusted on its acknowledgement.
    if (this.usage.config().serviceUrl) {
      for (const a of ended) confirmed.add(a.id);
      return { confirmed, unknown };
    }
    const byTenant = new Map<string, string[]>();
    for (const a of ended) byTenant.set(a.tenantCode, [...(byTenant.get(a.tenantCode) ?? []), a.id]);
    for (const [code, ids] of byTenant) {
      try {
        const present = await tenantActor(this.port.env, code).usageRecordsPresent(ids);
        for (const id of present) confirmed.add(id);
      } catch (err) {
        log.warn('reconcile.tenant_unreachable', { code, err: String(err) });
        for (const id of ids) unknown.add(id);
      }
    }
    return { confirmed, unknown };
  }
}
