import type { CircuitState } from 'cockatiel';
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lte, min, or, sql } from 'drizzle-orm';
import { type BillingConfig, billingConfig } from '../../lib/billing-config';
import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import { log } from '../../lib/log';
import * as schema from '../../schema/device-node';
import type { DeviceView, NodeDetail, NodeView, Strategy, UsageReportView } from '../../schema/dto/devices';
import migrations from '../../schema/migrations/device-node/migrations.js';
import { Actor, type JobHandler } from '../actor';
import { afterFailedAttempt } from '../retry';
import type { DeviceSpec, NodeCapacity } from './placement';
import {
  BillingReporter,
  BillingUnavailable,
  CIRCUIT_NAMES,
  httpTransport,
  type ItemOutcome,
  type Transport,
  type TryObservation,
} from './reporter';
import { durationSeconds, endOf, type UsageWire } from './usage-record';

const { node, devices, allocations, allocationTombstones, usageReports, deviceEvents, meters, jobs } = schema;
type AllocationRow = typeof allocations.$inferSelect;
type DeviceRow = typeof devices.$inferSelect;
type UsageReportRow = typeof usageReports.$inferSelect;

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

const PUBLISH_DEBOUNCE_MS = 500;
const DELIVERY_DELAY_MS = 20;
const RECONCILE_PAGE = 1000;
const RECONCILE_MAX_PAGES = 50;
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One device node: its devices and their allocations, the expiry alarm of each allocation, and the usage
 * outbox through which every release reaches billing exactly once — written in the release's own
 * transaction, delivered in batches through a retrying, circuit-broken reporter, retried by alarm, and
 * dead-lettered for an operator after the last attempt.
 */
export class DeviceNodeActor extends Actor<typeof schema> {
  /** Tests adjust the delivery settings through `runInDurableObject`; see `useConfig`. */
  private configOverride: Partial<BillingConfig> = {};
  /** `device.allocation.ended` restores a tenant's quota: keep trying for about a day before giving up. */
  protected override outboxPolicy = { maxAttempts: 150, baseDelayMs: 1_000, maxDelayMs: 10 * 60_000 };
  private reporterInstance: BillingReporter | undefined;
  private draining: Promise<void> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      expire: (allocationId) => this.expireOne(allocationId),
      'usage-outbox': () => this.drainUsage(),
      'publish-capacity': () => this.publishCapacity(),
    };
  }

  // ---- configuration and the reporter ----

  config(): BillingConfig {
    const base = billingConfig(this.env);
    return { ...base, ...this.configOverride, outbox: { ...base.outbox, ...this.configOverride.outbox } };
  }

  /** Replaces delivery settings (tests): the reporter is rebuilt, with a closed circuit. */
  useConfig(override: Partial<BillingConfig>): void {
    this.configOverride = override;
    this.reporterInstance = undefined;
    this.db.update(node).set({ breakerState: null }).run();
  }

  private reporter(): BillingReporter {
    if (!this.reporterInstance) {
      const saved = this.db.select({ state: node.breakerState }).from(node).get()?.state ?? undefined;
      const hooks = {
        now: () => this.now(),
        observe: (o: TryObservation) => this.observeTry(o),
        onStateChange: (state: CircuitState, snapshot: unknown) => {
          this.db.update(node).set({ breakerState: snapshot }).run();
          this.event('billing.circuit', null, null, { state: CIRCUIT_NAMES[state] });
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

  // ---- identity, devices ----

  private identity() {
    const row = this.db.select().from(node).get();
    if (!row) throw new AppError(404, 'NODE_NOT_FOUND', 'no device node with that id');
    return row;
  }

  /** Registers this node (or changes its region); answers whether it is new. */
  async register(input: {
    nodeId: string;
    region?: string;
  }): Promise<Outcome<{ created: boolean; node: NodeView }>> {
    const outcome = toOutcome(() =>
      this.tx(() => {
        const row = this.db.select().from(node).get();
        if (row) {
          if (input.region !== undefined && input.region !== row.region) {
            this.db.update(node).set({ region: input.region }).run();
            this.capacityChanged();
          }
          return false;
        }
        this.db
          .insert(node)
          .values({
            id: 1,
            nodeId: input.nodeId,
            region: input.region ?? null,
            createdAt: this.now(),
            capacityVersion: 1,
          })
          .run();
        this.event('node.registered', null, null, { region: input.region ?? null });
        return true;
      }),
    );
    if (!outcome.ok) return outcome;
    await this.publishNow();
    return { ok: true, value: { created: outcome.value, node: this.view() } };
  }

  async addDevices(input: {
    deviceId?: string;
    cpuCores: number;
    memoryMB: number;
    storageMB: number;
    count?: number;
  }): Promise<Outcome<DeviceView[]>> {
    const outcome = toOutcome(() =>
      this.tx(() => {
        const { nodeId } = this.identity();
        const now = this.now();
        const added: DeviceRow[] = [];
        for (let i = 0; i < (input.count ?? 1); i++) {
          const id = input.deviceId ?? newId('dev');
          if (this.db.select({ id: devices.id }).from(devices).where(eq(devices.id, id)).get()) {
            throw new AppError(409, 'DEVICE_EXISTS', `device ${id} is already registered on ${nodeId}`, {
              fields: [{ path: 'body.deviceId', message: 'taken on this node' }],
            });
          }
          const row = this.db
            .insert(devices)
            .values({
              id,
              cpuCores: input.cpuCores,
              memoryMB: input.memoryMB,
              storageMB: input.storageMB,
              status: 'available',
              createdAt: now,
              updatedAt: now,
            })
            .returning()
            .get();
          added.push(row);
        }
        this.event('device.registered', null, added.length === 1 ? added[0]!.id : null, {
          count: added.length,
        });
        this.capacityChanged();
        return added.map((d) => deviceView(d, nodeId));
      }),
    );
    if (outcome.ok) await this.publishNow();
    return outcome;
  }

  async setDeviceStatus(deviceId: string, status: 'available' | 'maintenance'): Promise<Outcome<DeviceView>> {
    const outcome = toOutcome(() =>
      this.tx(() => {
        const { nodeId } = this.identity();
        const device = this.db.select().from(devices).where(eq(devices.id, deviceId)).get();
        if (!device) throw new AppError(404, 'DEVICE_NOT_FOUND', `no device ${deviceId} on ${nodeId}`);
        if (device.status === 'allocated') {
          throw new AppError(409, 'DEVICE_ALLOCATED', 'the device is in use; release it first', {
            allocationId: device.allocationId,
          });
        }
        const row = this.db
          .update(devices)
          .set({ status, updatedAt: this.now() })
          .where(eq(devices.id, deviceId))
          .returning()
          .get()!;
        if (device.status !== status) {
          this.event(`device.${status}`, null, deviceId, null);
          this.capacityChanged();
        }
        return deviceView(row, nodeId);
      }),
    );
    if (outcome.ok) await this.publishNow();
    return outcome;
  }

  // ---- allocation ----

  /**
   * Takes a free device for the tenant's allocation, or refuses (`NODE_FULL`, `NO_MATCHING_DEVICE`) so the
   * tenant asks the next node. One synchronous transaction: two requests can never take the same device.
   * Idempotent by allocation id.
   */
  allocate(req: NodeAllocateRequest): Outcome<NodeAllocation> {
    return toOutcome(() =>
      this.tx(() => {
        const { nodeId } = this.identity();
        const existing = this.db.select().from(allocations).where(eq(allocations.id, req.allocationId)).get();
        if (existing) return allocationView(existing, nodeId);
        if (
          this.db
            .select()
            .from(allocationTombstones)
            .where(eq(allocationTombstones.id, req.allocationId))
            .get()
        ) {
          throw new AppError(409, 'ALLOCATION_VOIDED', 'this allocation was given up by its tenant');
        }
        const device = this.db
          .select()
          .from(devices)
          .where(
            and(
              eq(devices.status, 'available'),
              gte(devices.cpuCores, req.spec.cpuCores ?? 0),
              gte(devices.memoryMB, req.spec.memoryMB ?? 0),
            ),
          )
          .orderBy(asc(devices.cpuCores), asc(devices.memoryMB), asc(devices.storageMB), asc(devices.id))
          .limit(1)
          .get();
        if (!device) {
          const free = this.db
            .select({ n: count() })
            .from(devices)
            .where(eq(devices.status, 'available'))
            .get()!.n;
          if (free > 0)
            throw new AppError(409, 'NO_MATCHING_DEVICE', `no free device on ${nodeId} meets the request`);
          throw new AppError(409, 'NODE_FULL', `no free device on ${nodeId}`);
        }
        const now = this.now();
        const row = this.db
          .insert(allocations)
          .values({
            id: req.allocationId,
            deviceId: device.id,
            tenantCode: req.tenantCode,
            tenantId: req.tenantId,
            userId: req.userId,
            status: 'active',
            strategy: req.strategy,
            cpuCores: device.cpuCores,
            memoryMB: device.memoryMB,
            storageMB: device.storageMB,
            allocatedAt: now,
            expiresAt: now + req.durationMinutes * 60_000,
          })
          .returning()
          .get();
        this.db
          .update(devices)
          .set({ status: 'allocated', allocationId: row.id, updatedAt: now })
          .where(and(eq(devices.id, device.id), eq(devices.status, 'available')))
          .run();
        this.schedule('expire', row.id, row.expiresAt);
        this.event('device.allocated', row.id, device.id, {
          tenantCode: req.tenantCode,
          userId: req.userId,
          expiresAt: iso(row.expiresAt),
          strategy: req.strategy,
        });
        this.capacityChanged();
        return allocationView(row, nodeId);
      }),
    );
  }

  /** Ends an allocation now (or at its expiry, if that has passed). Never waits for billing. Idempotent. */
  release(allocationId: string): Outcome<NodeRelease> {
    const outcome = toOutcome(() => this.tx(() => this.endAllocation(allocationId)));
    return outcome.ok ? { ok: true, value: outcome.value.result } : outcome;
  }

  /**
   * The tenant gave up on an allocation whose outcome it does not know: if it exists it ends without a charge
   * (its user was told it failed); if not, it never will.
   */
  voidAllocation(allocationId: string): Outcome<{ existed: boolean; status: string | null }> {
    const outcome = toOutcome(() =>
      this.tx(() => {
        const { nodeId } = this.identity();
        const a = this.db.select().from(allocations).where(eq(allocations.id, allocationId)).get();
        if (!a) {
          this.db
            .insert(allocationTombstones)
            .values({ id: allocationId, at: this.now() })
            .onConflictDoNothing()
            .run();
          return { existed: false, status: null, changed: false };
        }
        if (a.status !== 'active') return { existed: true, status: a.status, changed: false };
        const now = this.now();
        const seconds = durationSeconds(a.allocatedAt, Math.min(now, a.expiresAt));
        this.db
          .update(allocations)
          .set({ status: 'voided', releasedAt: now, durationSeconds: seconds })
          .where(eq(allocations.id, a.id))
          .run();
        this.freeDevice(a);
        this.cancel('expire', a.id);
        const message: AllocationEndedMessage = {
          allocationId: a.id,
          nodeId,
          status: 'voided',
          durationSeconds: seconds,
          releasedAt: now,
        };
        this.send({
          to: { binding: 'TENANT', name: a.tenantCode },
          type: 'device.allocation.ended',
          payload: message,
          key: `allocation-ended:${a.id}`,
        });
        this.event('device.voided', a.id, a.deviceId, { durationSeconds: seconds });
        this.capacityChanged();
        return { existed: true, status: 'voided', changed: true };
      }),
    );
    if (outcome.ok && outcome.value.changed) this.kick();
    return outcome.ok
      ? { ok: true, value: { existed: outcome.value.existed, status: outcome.value.status } }
      : outcome;
  }

  /**
   * The release itself, inside the caller's transaction: the allocation ends, the device is free, the usage
   * record enters the outbox and the tenant is told — all or nothing.
   */
  private endAllocation(allocationId: string): { result: NodeRelease; changed: boolean } {
    const identity = this.identity();
    const a = this.db.select().from(allocations).where(eq(allocations.id, allocationId)).get();
    if (!a) throw new AppError(404, 'ALLOCATION_NOT_FOUND', 'no such allocation on this node');
    if (a.status !== 'active') return { result: releaseView(a), changed: false };
    const now = this.now();
    const end = endOf(a, now);
    const seconds = durationSeconds(a.allocatedAt, end.releasedAt);
    const row = this.db
      .update(allocations)
      .set({ status: end.status, releasedAt: end.releasedAt, durationSeconds: seconds })
      .where(eq(allocations.id, a.id))
      .returning()
      .get()!;
    this.freeDevice(a);
    this.cancel('expire', a.id);
    this.queueUsage(row, identity.nodeId);
    const message: AllocationEndedMessage = {
      allocationId: a.id,
      nodeId: identity.nodeId,
      status: end.status,
      durationSeconds: seconds,
      releasedAt: end.releasedAt,
    };
    this.send({
      to: { binding: 'TENANT', name: a.tenantCode },
      type: 'device.allocation.ended',
      payload: message,
      key: `allocation-ended:${a.id}`,
    });
    this.event('device.released', a.id, a.deviceId, {
      status: end.status,
      durationSeconds: seconds,
      tenantCode: a.tenantCode,
      userId: a.userId,
    });
    this.capacityChanged();
    return { result: releaseView(row), changed: true };
  }

  private freeDevice(a: AllocationRow): void {
    this.db
      .update(devices)
      .set({ status: 'available', allocationId: null, updatedAt: this.now() })
      .where(and(eq(devices.id, a.deviceId), eq(devices.allocationId, a.id)))
      .run();
  }

  private queueUsage(a: AllocationRow, nodeId: string): void {
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
      allocatedAt: iso(a.allocatedAt)!,
      releasedAt: iso(a.releasedAt)!,
    };
    const now = this.now();
    this.db
      .insert(usageReports)
      .values({
        id: newId('usg'),
        allocationId: a.id,
        tenantCode: a.tenantCode,
        userId: a.userId,
        record,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      .onConflictDoNothing({ target: usageReports.allocationId })
      .run();
    this.deliverSoon();
  }

  /**
   * Delivery starts on the alarm a moment after a release, never on the release's own path; releases that
   * come in the meantime join the same batch.
   */
  private deliverSoon(): void {
    const dueAt = this.now() + DELIVERY_DELAY_MS;
    const queued = this.db
      .select({ dueAt: jobs.dueAt })
      .from(jobs)
      .where(and(eq(jobs.kind, 'usage-outbox'), eq(jobs.key, '')))
      .get();
    if (!queued || queued.dueAt > dueAt) this.schedule('usage-outbox', '', dueAt);
  }

  /** Starts delivery now (after an operator's action), without waiting for it. */
  private kick(): void {
    this.flushOutbox().catch((err) => log.error('outbox.flush_failed', { err: String(err) }));
    this.drainUsage().catch((err) => log.error('usage.drain_failed', { err: String(err) }));
  }

  // ---- expiry ----

  private expireOne(allocationId: string): void {
    const a = this.db.select().from(allocations).where(eq(allocations.id, allocationId)).get();
    if (a?.status !== 'active') return;
    if (this.now() < a.expiresAt) {
      this.schedule('expire', a.id, a.expiresAt);
      return;
    }
    this.tx(() => this.endAllocation(allocationId));
  }

  /** The 5-minute safety net: ends every allocation past its expiry whose alarm has not (yet) done it. */
  expireDue(): { nodeId: string; expired: number } {
    const { nodeId } = this.identity();
    let expired = 0;
    for (;;) {
      const due = this.db
        .select({ id: allocations.id })
        .from(allocations)
        .where(and(eq(allocations.status, 'active'), lte(allocations.expiresAt, this.now())))
        .limit(500)
        .all();
      if (due.length === 0) break;
      this.tx(() => {
        for (const { id } of due) if (this.endAllocation(id).changed) expired++;
      });
    }
    // The sweep runs because an alarm may have failed: deliver what it ended without relying on one.
    if (expired > 0) this.kick();
    return { nodeId, expired };
  }

  // ---- the usage outbox ----

  /** Delivers every due usage report, a batch at a time; what fails waits for its retry time. */
  drainUsage(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainLoop().finally(() => {
        this.draining = undefined;
      });
    }
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    if (!this.db.select({ id: node.id }).from(node).get()) return;
    const config = this.config();
    for (;;) {
      const batch = this.db
        .select()
        .from(usageReports)
        .where(and(eq(usageReports.status, 'pending'), lte(usageReports.nextAttemptAt, this.now())))
        .orderBy(asc(usageReports.nextAttemptAt), asc(usageReports.createdAt))
        .limit(config.batchSize)
        .all();
      if (batch.length === 0) break;
      const result = await this.reporter().deliver(
        batch.map((r) => r.record as UsageWire),
        this.transport(config),
      );
      if (result.kind === 'circuit-open') {
        this.tx(() => {
          for (const row of batch) {
            this.db
              .update(usageReports)
              .set({ nextAttemptAt: result.retryAt })
              .where(eq(usageReports.id, row.id))
              .run();
          }
        });
        break;
      }
      const outcomes = new Map<string, ItemOutcome>();
      if (result.kind === 'answered') for (const item of result.items) outcomes.set(item.allocationId, item);
      this.tx(() => {
        for (const row of batch) {
          const item = outcomes.get(row.allocationId);
          if (item?.ok) this.markDelivered(row, item, config);
          else
            this.markFailed(
              row,
              item?.error ?? (result.kind === 'failed' ? result.error : 'no result'),
              config,
            );
        }
      });
    }
    const next = this.db
      .select({ at: min(usageReports.nextAttemptAt) })
      .from(usageReports)
      .where(eq(usageReports.status, 'pending'))
      .get();
    if (next?.at != null) this.schedule('usage-outbox', '', next.at);
    else this.cancel('usage-outbox', '');
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
          const stub = this.env.TENANT.get(this.env.TENANT.idFromName(code));
          const outcome = (await stub.meterDeviceUsageBatch(group.map(usageInputOf))) as Outcome<
            ItemOutcome[]
          >;
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

  private markDelivered(row: UsageReportRow, item: ItemOutcome, config: BillingConfig): void {
    this.db
      .update(usageReports)
      .set({
        status: 'delivered',
        attempts: row.attempts + 1,
        deliveredAt: this.now(),
        lastError: null,
        chargeFen: item.chargeFen ?? null,
        deliveredVia: config.serviceUrl ? 'http' : 'builtin',
      })
      .where(eq(usageReports.id, row.id))
      .run();
    this.bump('billing_report_total', { status: 'success' });
    if (item.duplicate) this.bump('billing_report_duplicates_total', {});
  }

  private markFailed(row: UsageReportRow, error: string, config: BillingConfig): void {
    const next = afterFailedAttempt(row.attempts, config.outbox, this.now());
    this.db
      .update(usageReports)
      .set({
        status: next.status,
        attempts: next.attempts,
        nextAttemptAt: next.nextAttemptAt,
        lastError: error.slice(0, 500),
        deadAt: next.status === 'dead' ? this.now() : null,
      })
      .where(eq(usageReports.id, row.id))
      .run();
    this.bump('billing_report_total', { status: 'failure' });
    if (next.status === 'dead') {
      this.bump('billing_dead_letters_total', {});
      this.event('usage.dead_lettered', row.allocationId, null, {
        attempts: next.attempts,
        error: error.slice(0, 200),
      });
      log.error('usage.dead_lettered', { allocationId: row.allocationId, attempts: next.attempts, error });
    }
  }

  private observeTry(o: TryObservation): void {
    this.bump('billing_report_duration_seconds_count', {});
    this.bump('billing_report_duration_seconds_sum', {}, o.seconds);
    for (const le of DURATION_BUCKETS)
      if (o.seconds <= le) this.bump('billing_report_duration_seconds_bucket', { le: String(le) });
    this.bump('billing_report_duration_seconds_bucket', { le: '+Inf' });
    if (o.error) this.bump('billing_report_errors_total', { reason: o.error });
  }

  /** The 15-minute safety net behind the alarm: delivers whatever is due now. */
  async retryUsageReports(): Promise<{ nodeId: string; pending: number; dead: number }> {
    const { nodeId } = this.identity();
    await this.flushOutbox();
    await this.drainUsage();
    const counts = this.reportCounts();
    return { nodeId, pending: counts.pending, dead: counts.dead };
  }

  usageReportsPage(status: 'pending' | 'dead', limit: number): { total: number; items: UsageReportView[] } {
    const row = this.db.select({ nodeId: node.nodeId }).from(node).get();
    if (!row) return { total: 0, items: [] };
    const total = this.db
      .select({ n: count() })
      .from(usageReports)
      .where(eq(usageReports.status, status))
      .get()!.n;
    const items = this.db
      .select()
      .from(usageReports)
      .where(eq(usageReports.status, status))
      .orderBy(asc(usageReports.createdAt), asc(usageReports.id))
      .limit(limit)
      .all()
      .map((r) => reportView(r, row.nodeId));
    return { total, items };
  }

  /** Gives a dead-lettered report a fresh set of attempts and delivers it now. */
  async requeueUsageReport(id: string): Promise<Outcome<UsageReportView>> {
    const outcome = toOutcome(() =>
      this.tx(() => {
        const { nodeId } = this.identity();
        const row = this.db.select().from(usageReports).where(eq(usageReports.id, id)).get();
        if (row?.status !== 'dead')
          throw new AppError(404, 'DEAD_LETTER_NOT_FOUND', 'no dead letter with that id');
        this.requeueRow(row);
        return nodeId;
      }),
    );
    if (!outcome.ok) return outcome;
    await this.drainUsage();
    const row = this.db.select().from(usageReports).where(eq(usageReports.id, id)).get()!;
    return { ok: true, value: reportView(row, outcome.value) };
  }

  async requeueAllDead(): Promise<{ nodeId: string; requeued: number }> {
    const { nodeId } = this.identity();
    const requeued = this.tx(() => {
      const dead = this.db.select().from(usageReports).where(eq(usageReports.status, 'dead')).all();
      for (const row of dead) this.requeueRow(row);
      return dead.length;
    });
    if (requeued > 0) this.kick();
    return { nodeId, requeued };
  }

  private requeueRow(row: UsageReportRow): void {
    const now = this.now();
    this.db
      .update(usageReports)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deadAt: null })
      .where(eq(usageReports.id, row.id))
      .run();
    this.deliverSoon();
    this.event('usage.requeued', row.allocationId, null, { previousAttempts: row.attempts });
  }

  /**
   * The daily reconciliation: every ended allocation must have a usage record at billing. A release without
   * a report gets one; a report the built-in billing does not have is sent again (harmless: idempotent);
   * dead letters are reported for an operator.
   */
  async reconcile(): Promise<ReconcileReport> {
    const { nodeId } = this.identity();
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
      await this.reconcilePage(nodeId, ended, report);
    }
    // A tenant that missed an allocation's end would hold its quota slot forever: give those another go.
    for (const row of this.outboxEntries('dead', 1000)) {
      if ((await this.requeueOutbox(row.id)).ok) report.tenantMessagesRequeued++;
    }
    if (report.repaired.missingReport.length || report.repaired.missingAtBilling.length) this.kick();
    report.repaired.missingReport = report.repaired.missingReport.slice(0, 100);
    report.repaired.missingAtBilling = report.repaired.missingAtBilling.slice(0, 100);
    report.deadLettered = report.deadLettered.slice(0, 100);
    this.pruneMessages(this.now() - 30 * 86_400_000);
    return report;
  }

  private async reconcilePage(
    nodeId: string,
    ended: AllocationRow[],
    report: ReconcileReport,
  ): Promise<void> {
    report.checked += ended.length;
    const delivered: { allocation: AllocationRow; report: UsageReportRow }[] = [];
    this.tx(() => {
      for (const a of ended) {
        const r = this.db.select().from(usageReports).where(eq(usageReports.allocationId, a.id)).get();
        if (!r) {
          this.queueUsage(a, nodeId);
          report.repaired.missingReport.push(a.id);
        } else if (r.status === 'pending') report.inFlight++;
        else if (r.status === 'dead') report.deadLettered.push(a.id);
        else delivered.push({ allocation: a, report: r });
      }
    });
    // The built-in billing can be asked; an external one is trusted on its acknowledgement.
    const confirmed = new Set<string>();
    const unknown = new Set<string>();
    if (this.config().serviceUrl) {
      for (const d of delivered) confirmed.add(d.allocation.id);
    } else {
      const byTenant = new Map<string, string[]>();
      for (const d of delivered) {
        byTenant.set(d.allocation.tenantCode, [
          ...(byTenant.get(d.allocation.tenantCode) ?? []),
          d.allocation.id,
        ]);
      }
      for (const [code, ids] of byTenant) {
        try {
          const present = await this.env.TENANT.get(this.env.TENANT.idFromName(code)).usageRecordsPresent(
            ids,
          );
          for (const id of present) confirmed.add(id);
        } catch (err) {
          log.warn('reconcile.tenant_unreachable', { code, err: String(err) });
          for (const id of ids) unknown.add(id);
        }
      }
    }
    this.tx(() => {
      const now = this.now();
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
          this.requeueRow(d.report);
          report.repaired.missingAtBilling.push(d.allocation.id);
        }
      }
    });
  }

  // ---- the node index ----

  /** Counts what changed so the Directory hears of it within a moment (coalescing bursts into one message). */
  private capacityChanged(): void {
    this.db
      .update(node)
      .set({ capacityVersion: sql`${node.capacityVersion} + 1` })
      .run();
    const queued = this.db
      .select({ key: jobs.key })
      .from(jobs)
      .where(and(eq(jobs.kind, 'publish-capacity'), eq(jobs.key, '')))
      .get();
    if (!queued) this.schedule('publish-capacity', '', this.now() + PUBLISH_DEBOUNCE_MS);
  }

  capacity(): NodeCapacity {
    const row = this.identity();
    const byStatus = this.deviceCounts();
    const biggest = this.db
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
      updatedAt: this.now(),
    };
  }

  private async publishCapacity(): Promise<void> {
    if (!this.db.select({ id: node.id }).from(node).get()) return;
    const snapshot = this.capacity();
    await this.env.DIRECTORY.get(this.env.DIRECTORY.idFromName('global')).publishNodeCapacity(snapshot);
    if (this.identity().capacityVersion > snapshot.version) {
      this.schedule('publish-capacity', '', this.now() + PUBLISH_DEBOUNCE_MS);
    }
  }

  /** Admin changes show in the index at once; if the Directory cannot be reached the alarm tries again. */
  private async publishNow(): Promise<void> {
    try {
      await this.publishCapacity();
      this.cancel('publish-capacity', '');
    } catch (err) {
      log.warn('node.publish_failed', { err: String(err) });
      this.schedule('publish-capacity', '', this.now() + 1_000);
    }
  }

  // ---- views and metrics ----

  private deviceCounts(): Record<'available' | 'allocated' | 'maintenance', number> {
    const out = { available: 0, allocated: 0, maintenance: 0 };
    for (const r of this.db
      .select({ status: devices.status, n: count() })
      .from(devices)
      .groupBy(devices.status)
      .all()) {
      out[r.status] = r.n;
    }
    return out;
  }

  private allocationCounts(): Record<'active' | 'released' | 'expired' | 'voided', number> {
    const out = { active: 0, released: 0, expired: 0, voided: 0 };
    for (const r of this.db
      .select({ status: allocations.status, n: count() })
      .from(allocations)
      .groupBy(allocations.status)
      .all()) {
      out[r.status] = r.n;
    }
    return out;
  }

  private reportCounts(): Record<'pending' | 'delivered' | 'dead', number> {
    const out = { pending: 0, delivered: 0, dead: 0 };
    for (const r of this.db
      .select({ status: usageReports.status, n: count() })
      .from(usageReports)
      .groupBy(usageReports.status)
      .all()) {
      out[r.status] = r.n;
    }
    return out;
  }

  private view(): NodeView {
    const row = this.identity();
    const d = this.deviceCounts();
    return {
      nodeId: row.nodeId,
      region: row.region,
      registeredAt: iso(row.createdAt)!,
      devices: { total: d.available + d.allocated + d.maintenance, ...d },
      allocations: this.allocationCounts(),
      usageOutbox: this.reportCounts(),
      circuit: CIRCUIT_NAMES[this.reporter().state],
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
        .orderBy(desc(deviceEvents.at), desc(deviceEvents.id))
        .limit(50)
        .all()
        .map((e) => ({ ...e, at: iso(e.at)! }));
      return { ...view, deviceList, recentEvents };
    });
  }

  metricsSnapshot(): NodeMetrics | null {
    const row = this.db.select().from(node).get();
    if (!row) return null;
    return {
      nodeId: row.nodeId,
      circuit: this.reporter().state,
      devices: this.deviceCounts(),
      allocations: this.allocationCounts(),
      usageOutbox: this.reportCounts(),
      meters: this.db
        .select()
        .from(meters)
        .all()
        .map((m) => ({
          name: m.name,
          labels: JSON.parse(m.labels) as Record<string, string>,
          value: m.value,
        })),
    };
  }

  private bump(name: string, labels: Record<string, string>, by = 1): void {
    const key = JSON.stringify(
      Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))),
    );
    this.db
      .insert(meters)
      .values({ name, labels: key, value: by })
      .onConflictDoUpdate({
        target: [meters.name, meters.labels],
        set: { value: sql`${meters.value} + ${by}` },
      })
      .run();
  }

  private event(type: string, allocationId: string | null, deviceId: string | null, detail: unknown): void {
    this.db
      .insert(deviceEvents)
      .values({ id: newId('evt'), type, allocationId, deviceId, detail: detail ?? null, at: this.now() })
      .run();
  }
}

function deviceView(d: DeviceRow, nodeId: string): DeviceView {
  return {
    deviceId: d.id,
    nodeId,
    cpuCores: d.cpuCores,
    memoryMB: d.memoryMB,
    storageMB: d.storageMB,
    status: d.status,
    allocationId: d.allocationId,
    createdAt: iso(d.createdAt)!,
  };
}

function allocationView(a: AllocationRow, nodeId: string): NodeAllocation {
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

function releaseView(a: AllocationRow): NodeRelease {
  return {
    allocationId: a.id,
    status: a.status === 'active' ? 'released' : a.status,
    durationSeconds: a.durationSeconds ?? 0,
    releasedAt: a.releasedAt ?? a.allocatedAt,
  };
}

function reportView(r: UsageReportRow, nodeId: string): UsageReportView {
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
    createdAt: iso(r.createdAt)!,
    deadAt: iso(r.deadAt),
    record: r.record as UsageWire,
  };
}

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
