import type { CircuitState } from 'cockatiel';
import { and, asc, count, eq, lte, min } from 'drizzle-orm';
import { tenantActor } from '../../lib/actors';
import { type BillingConfig, billingConfig } from '../../lib/billing-config';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import { log } from '../../lib/log';
import * as schema from '../../schema/device-node';
import type { UsageReportView } from '../../schema/dto/devices';
import { type BatchAnswer, drainDue, SingleFlight } from '../retry';
import { nodeIdentity } from './inventory';
import type { NodeJournal } from './journal';
import type { AllocationRow, NodeDb, NodePort, UsageReportRow } from './port';
import {
  BillingReporter,
  BillingUnavailable,
  CIRCUIT_NAMES,
  httpTransport,
  type ItemOutcome,
  type Transport,
  type TryObservation,
} from './reporter';
import { nodeStatements } from './statements';
import type { UsageWire } from './usage-record';
import { reportView } from './views';

const { node, usageReports } = schema;

export const USAGE_OUTBOX_JOB = 'usage-outbox';
const DELIVERY_DELAY_MS = 20;
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The usage outbox through which every release reaches billing exactly once: a record written in the
 * release's own transaction, delivered in batches through a retrying, circuit-broken reporter by the
 * shared drain loop, retried by alarm, and dead-lettered for an operator after the last attempt.
 */
export class UsageOutbox {
  /** Tests adjust the delivery settings through `runInDurableObject`; see `useConfig`. */
  private configOverride: Partial<BillingConfig> = {};
  private reporterInstance: BillingReporter | undefined;
  private readonly draining = new SingleFlight();

  constructor(
    private readonly port: Pick<
      NodePort,
      'db' | 'env' | 'now' | 'tx' | 'schedule' | 'scheduleNoLaterThan' | 'cancel' | 'flushOutbox'
    >,
    private readonly journal: NodeJournal,
  ) {}

  private get db(): NodeDb {
    return this.port.db;
  }

  config(): BillingConfig {
    const base = billingConfig(this.port.env);
    return { ...base, ...this.configOverride, outbox: { ...base.outbox, ...this.configOverride.outbox } };
  }

  /** Replaces delivery settings (tests): the reporter is rebuilt, with a closed circuit. */
  useConfig(override: Partial<BillingConfig>): void {
    this.configOverride = override;
    this.reporterInstance = undefined;
    this.db.update(node).set({ breakerState: null }).run();
  }

  circuit(): CircuitState {
    return this.reporter().state;
  }

  private reporter(): BillingReporter {
    if (!this.reporterInstance) {
      const saved = this.db.select({ state: node.breakerState }).from(node).get()?.state ?? undefined;
      const hooks = {
        now: () => this.port.now(),
        observe: (o: TryObservation) => this.observeTry(o),
        onStateChange: (state: CircuitState, snapshot: unknown) => {
          this.db.update(node).set({ breakerState: snapshot }).run();
          this.journal.event('billing.circuit', null, null, { state: CIRCUIT_NAMES[state] });
        },
      };
      try {
        this.reporterInstance = new BillingReporter(this.config(), hooks, saved);
      } catch {
        // A saved state from another cockatiel version: start closed rather than not at all.
        this.reporterInstance = new BillingReporter(this.config(), hooks);
      }
    }
    return this.reporterInstance;
  }

  /** Writes an ended allocation's usage record, inside the transaction that ended it. */
  queue(a: AllocationRow, nodeId: string): void {
    const record: UsageWire = {
      deviceId: a.deviceId,
      userId: a.userId,
      tenantId: a.tenantId,
      tenantCode: a.tenantCode,
      nodeId,
      allocationId: a.id,
      durationSeconds: a.durationSeconds ?? 0,
      cpuCores: a.cpuCores,
      memoryMB: a.memoryMB,
      storageMB: a.storageMB,
      allocatedAt: iso(a.allocatedAt),
      releasedAt: iso(a.releasedAt ?? a.allocatedAt),
    };
    const now = this.port.now();
    nodeStatements(this.db).insertUsageReport.run({
      id: newId('usg'),
      allocationId: a.id,
      tenantCode: a.tenantCode,
      userId: a.userId,
      record,
      nextAttemptAt: now,
      createdAt: now,
    });
    this.deliverSoon();
  }

  /**
   * Delivery starts on the alarm a moment after a release, never on the release's own path; releases that
   * come in the meantime join the same batch.
   */
  private deliverSoon(): void {
    this.port.scheduleNoLaterThan(USAGE_OUTBOX_JOB, '', this.port.now() + DELIVERY_DELAY_MS);
  }

  /** Delivers every due usage report, a batch at a time; what fails waits for its retry time. */
  drain(): Promise<void> {
    return this.draining.run(() => this.drainDueReports());
  }

  private async drainDueReports(): Promise<void> {
    if (!this.db.select({ id: node.id }).from(node).get()) return;
    const config = this.config();
    await drainDue<UsageReportRow, ItemOutcome>(
      {
        due: (limit) =>
          this.db
            .select()
            .from(usageReports)
            .where(and(eq(usageReports.status, 'pending'), lte(usageReports.nextAttemptAt, this.port.now())))
            .orderBy(asc(usageReports.nextAttemptAt), asc(usageReports.createdAt))
            .limit(limit)
            .all(),
        attemptBatch: (batch) => this.deliverBatch(batch, config),
        delivered: (row, attempts, item) => this.markDelivered(row, attempts, item, config),
        failed: (row, next, error) => this.markFailed(row, next, error),
        postponed: (batch, until) => {
          for (const row of batch) {
            this.db
              .update(usageReports)
              .set({ nextAttemptAt: until })
              .where(eq(usageReports.id, row.id))
              .run();
          }
        },
        transaction: (fn) => this.port.tx(fn),
      },
      config.outbox,
      () => this.port.now(),
      config.batchSize,
    );
    const next = this.db
      .select({ at: min(usageReports.nextAttemptAt) })
      .from(usageReports)
      .where(eq(usageReports.status, 'pending'))
      .get();
    if (next?.at != null) this.port.schedule(USAGE_OUTBOX_JOB, '', next.at);
    else this.port.cancel(USAGE_OUTBOX_JOB, '');
  }

  /** One call to billing for the whole batch; an open circuit postpones it without spending attempts. */
  private async deliverBatch(
    batch: UsageReportRow[],
    config: BillingConfig,
  ): Promise<BatchAnswer<ItemOutcome>> {
    const result = await this.reporter().deliver(
      batch.map((r) => r.record as UsageWire),
      this.transport(config),
    );
    if (result.kind === 'circuit-open') return { postponeUntil: result.retryAt };
    if (result.kind === 'failed') return batch.map(() => ({ ok: false, error: result.error }));
    const outcomes = new Map(result.items.map((item) => [item.allocationId, item]));
    return batch.map((row) => {
      const item = outcomes.get(row.allocationId);
      return item?.ok ? { ok: true, receipt: item } : { ok: false, error: item?.error ?? 'no result' };
    });
  }

  private transport(config: BillingConfig): Transport {
    if (config.serviceUrl) return httpTransport(config.serviceUrl, config.serviceToken);
    return (records) => this.chargeBuiltIn(records);
  }

  /** The built-in billing: each tenant's own actor charges its users' wallets. */
  private async chargeBuiltIn(records: UsageWire[]): Promise<ItemOutcome[]> {
    const byTenant = new Map<string, UsageWire[]>();
    for (const r of records) byTenant.set(r.tenantCode, [...(byTenant.get(r.tenantCode) ?? []), r]);
    let unreachable = 0;
    const answers = await Promise.all(
      [...byTenant].map(async ([code, group]): Promise<ItemOutcome[]> => {
        const fail = (error: string) =>
          group.map((r) => ({ allocationId: r.allocationId, ok: false, error }));
        try {
          const outcome = (await tenantActor(this.port.env, code).meterDeviceUsageBatch(
            group.map(usageInputOf),
          )) as Outcome<ItemOutcome[]>;
          return outcome.ok ? outcome.value : fail(`${outcome.error.code}: ${outcome.error.message}`);
        } catch (err) {
          unreachable++;
          return fail(`tenant ${code} unreachable: ${String(err instanceof Error ? err.message : err)}`);
        }
      }),
    );
    if (unreachable === byTenant.size)
      throw new BillingUnavailable(answers[0]?.[0]?.error ?? 'billing unreachable');
    return answers.flat();
  }

  private markDelivered(
    row: UsageReportRow,
    attempts: number,
    item: ItemOutcome,
    config: BillingConfig,
  ): void {
    nodeStatements(this.db).markReportDelivered.run({
      id: row.id,
      attempts,
      deliveredAt: this.port.now(),
      chargeFen: item.chargeFen ?? null,
      deliveredVia: config.serviceUrl ? 'http' : 'builtin',
    });
    this.journal.bump('billing_report_total', { status: 'success' });
    if (item.duplicate) this.journal.bump('billing_report_duplicates_total', {});
  }

  private markFailed(
    row: UsageReportRow,
    next: { status: 'pending' | 'dead'; attempts: number; nextAttemptAt: number },
    error: string,
  ): void {
    this.db
      .update(usageReports)
      .set({
        status: next.status,
        attempts: next.attempts,
        nextAttemptAt: next.nextAttemptAt,
        lastError: error,
        deadAt: next.status === 'dead' ? this.port.now() : null,
      })
      .where(eq(usageReports.id, row.id))
      .run();
    this.journal.bump('billing_report_total', { status: 'failure' });
    if (next.status === 'dead') {
      this.journal.bump('billing_dead_letters_total', {});
      this.journal.event('usage.dead_lettered', row.allocationId, null, {
        attempts: next.attempts,
        error: error.slice(0, 200),
      });
      log.error('usage.dead_lettered', { allocationId: row.allocationId, attempts: next.attempts, error });
    }
  }

  private observeTry(o: TryObservation): void {
    this.journal.bump('billing_report_duration_seconds_count', {});
    this.journal.bump('billing_report_duration_seconds_sum', {}, o.seconds);
    for (const le of DURATION_BUCKETS)
      if (o.seconds <= le) this.journal.bump('billing_report_duration_seconds_bucket', { le: String(le) });
    this.journal.bump('billing_report_duration_seconds_bucket', { le: '+Inf' });
    if (o.error) this.journal.bump('billing_report_errors_total', { reason: o.error });
  }

  /** The 15-minute safety net behind the alarm: delivers whatever is due now. */
  async retryDue(): Promise<{ nodeId: string; pending: number; dead: number }> {
    const { nodeId } = nodeIdentity(this.db);
    await this.port.flushOutbox();
    await this.drain();
    const pending = this.count('pending');
    return { nodeId, pending, dead: this.count('dead') };
  }

  private count(status: UsageReportRow['status']): number {
    return this.db.select({ n: count() }).from(usageReports).where(eq(usageReports.status, status)).get()!.n;
  }

  page(status: 'pending' | 'dead', limit: number): { total: number; items: UsageReportView[] } {
    const row = this.db.select({ nodeId: node.nodeId }).from(node).get();
    if (!row) return { total: 0, items: [] };
    const items = this.db
      .select()
      .from(usageReports)
      .where(eq(usageReports.status, status))
      .orderBy(asc(usageReports.createdAt), asc(usageReports.id))
      .limit(limit)
      .all()
      .map((r) => reportView(r, row.nodeId));
    return { total: this.count(status), items };
  }

  /** Gives a dead-lettered report a fresh set of attempts and delivers it now. */
  async requeue(id: string): Promise<Outcome<UsageReportView>> {
    const outcome = toOutcome(() =>
      this.port.tx(() => {
        const { nodeId } = nodeIdentity(this.db);
        const row = this.db.select().from(usageReports).where(eq(usageReports.id, id)).get();
        if (row?.status !== 'dead')
          throw new AppError(404, 'DEAD_LETTER_NOT_FOUND', 'no dead letter with that id');
        this.requeueRow(row);
        return nodeId;
      }),
    );
    if (!outcome.ok) return outcome;
    await this.drain();
    const row = this.db.select().from(usageReports).where(eq(usageReports.id, id)).get()!;
    return { ok: true, value: reportView(row, outcome.value) };
  }

  /** Gives every dead letter a fresh set of attempts; answers how many (delivery starts on the alarm). */
  requeueAllDead(): number {
    return this.port.tx(() => {
      const dead = this.db.select().from(usageReports).where(eq(usageReports.status, 'dead')).all();
      for (const row of dead) this.requeueRow(row);
      return dead.length;
    });
  }

  /** Inside the caller's transaction: the report is due again now, with fresh attempts. */
  requeueRow(row: UsageReportRow): void {
    this.db
      .update(usageReports)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: this.port.now(), deadAt: null })
      .where(eq(usageReports.id, row.id))
      .run();
    this.deliverSoon();
    this.journal.event('usage.requeued', row.allocationId, null, { previousAttempts: row.attempts });
  }
}

/** A usage record as the tenant's built-in billing takes it (epoch ms instead of ISO times). */
export function usageInputOf(r: UsageWire) {
  return {
    allocationId: r.allocationId,
    deviceId: r.deviceId,
    nodeId: r.nodeId,
    userId: r.userId,
    durationSeconds: r.durationSeconds,
    cpuCores: r.cpuCores,
    memoryMB: r.memoryMB,
    storageMB: r.storageMB,
    allocatedAt: Date.parse(r.allocatedAt),
    releasedAt: Date.parse(r.releasedAt),
  };
}
