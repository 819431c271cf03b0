import type { BillingConfig } from '../../lib/billing-config';
import type { Env } from '../../lib/env';
import { type Outcome, toOutcome } from '../../lib/errors';
import { log } from '../../lib/log';
import * as schema from '../../schema/device-node';
import type { DeviceView, NodeView } from '../../schema/dto/devices';
import migrations from '../../schema/migrations/device-node/migrations.js';
import { Actor, type JobHandler } from '../actor';
import { Allocations, EXPIRE_JOB } from './allocations';
import { CapacityPublisher, PUBLISH_JOB } from './capacity';
import { type AddDevices, Inventory } from './inventory';
import { NodeJournal } from './journal';
import type { NodeAllocateRequest } from './node-types';
import { NodeOverview } from './overview';
import type { NodePort } from './port';
import { Reconciliation } from './reconciliation';
import { USAGE_OUTBOX_JOB, UsageOutbox } from './usage-outbox';

/**
 * One device node: its devices and their allocations, the expiry alarm of each allocation, and the usage
 * outbox through which every release reaches billing exactly once. The work is done by modules of one
 * concern each (inventory, allocations, usage outbox, reconciliation, capacity publishing, overview);
 * this class hands each call to its module.
 */
export class DeviceNodeActor extends Actor<typeof schema> {
  /** `device.allocation.ended` restores a tenant's quota: keep trying for about a day before giving up. */
  protected override outboxPolicy = { maxAttempts: 150, baseDelayMs: 1_000, maxDelayMs: 10 * 60_000 };

  private readonly port: NodePort = {
    db: this.db,
    env: this.env,
    now: () => this.now(),
    tx: (fn) => this.tx(fn),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    scheduleNoLaterThan: (kind, key, dueAt) => this.scheduleNoLaterThan(kind, key, dueAt),
    cancel: (kind, key) => this.cancel(kind, key),
    send: (message) => this.send(message),
    flushOutbox: () => this.flushOutbox(),
    outboxEntries: (status, limit) => this.outboxEntries(status, limit),
    requeueOutbox: (id) => this.requeueOutbox(id),
    pruneMessages: (before) => this.pruneMessages(before),
  };
  private readonly journal = new NodeJournal(this.port);
  private readonly capacity = new CapacityPublisher(this.port);
  private readonly inventory = new Inventory(this.port, this.journal, this.capacity);
  private readonly usage = new UsageOutbox(this.port, this.journal);
  private readonly allocations = new Allocations(this.port, {
    journal: this.journal,
    capacity: this.capacity,
    usage: this.usage,
    deliverNow: () => this.deliverNow(),
  });
  private readonly reconciliation = new Reconciliation(this.port, this.usage, () => this.deliverNow());
  private readonly overview = new NodeOverview(this.db, this.journal, this.usage);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [EXPIRE_JOB]: (allocationId) => this.allocations.expireOne(allocationId),
      [USAGE_OUTBOX_JOB]: () => this.usage.drain(),
      [PUBLISH_JOB]: () => this.capacity.publish(),
    };
  }

  /** Starts delivering both outboxes now (after a sweep or an operator's action), without waiting for it. */
  private deliverNow(): void {
    this.flushOutbox().catch((err) => log.error('outbox.flush_failed', { err: String(err) }));
    this.usage.drain().catch((err) => log.error('usage.drain_failed', { err: String(err) }));
  }

  config(): BillingConfig {
    return this.usage.config();
  }
  /** Replaces delivery settings (tests): the reporter is rebuilt, with a closed circuit. */
  useConfig(override: Partial<BillingConfig>): void {
    this.usage.useConfig(override);
  }

  /** Registers this node (or changes its region); answers whether it is new. */
  async register(input: {
    nodeId: string;
    region?: string;
  }): Promise<Outcome<{ created: boolean; node: NodeView }>> {
    const outcome = await this.inventory.register(input);
    return outcome.ok ? toOutcome(() => ({ created: outcome.value, node: this.overview.view() })) : outcome;
  }
  addDevices(input: AddDevices): Promise<Outcome<DeviceView[]>> {
    return this.inventory.addDevices(input);
  }
  setDeviceStatus(deviceId: string, status: 'available' | 'maintenance') {
    return this.inventory.setDeviceStatus(deviceId, status);
  }

  allocate(req: NodeAllocateRequest) {
    return this.allocations.allocate(req);
  }
  release(allocationId: string) {
    return this.allocations.release(allocationId);
  }
  extendAllocation(allocationId: string, expiresAt: number) {
    return this.allocations.extend(allocationId, expiresAt);
  }
  voidAllocation(allocationId: string) {
    return this.allocations.voidAllocation(allocationId);
  }
  /** The 5-minute safety net: ends every allocation past its expiry whose alarm has not (yet) done it. */
  expireDue() {
    return this.allocations.expireDue();
  }

  /** Delivers every due usage report, a batch at a time; what fails waits for its retry time. */
  drainUsage(): Promise<void> {
    return this.usage.drain();
  }
  /** The 15-minute safety net behind the alarm: delivers whatever is due now. */
  retryUsageReports() {
    return this.usage.retryDue();
  }
  usageReportsPage(status: 'pending' | 'dead', limit: number) {
    return this.usage.page(status, limit);
  }
  requeueUsageReport(id: string) {
    return this.usage.requeue(id);
  }
  async requeueAllDead(): Promise<{ nodeId: string; requeued: number }> {
    const { nodeId } = this.overview.view();
    const requeued = this.usage.requeueAllDead();
    if (requeued > 0) this.deliverNow();
    return { nodeId, requeued };
  }
  /** The daily reconciliation of every ended allocation with billing. */
  reconcile() {
    return this.reconciliation.run();
  }

  summary() {
    return this.overview.summary();
  }
  detail() {
    return this.overview.detail();
  }
  metricsSnapshot() {
    return this.overview.metricsSnapshot();
  }
}
