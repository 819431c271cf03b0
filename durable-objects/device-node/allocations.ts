import { and, count, eq, lte } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/device-node';
import type { CapacityPublisher } from './capacity';
import { nodeIdentity } from './inventory';
import type { NodeJournal } from './journal';
import {
  ALLOCATION_ENDED,
  type AllocationEndedMessage,
  type NodeAllocateRequest,
  type NodeAllocation,
  type NodeRelease,
} from './node-types';
import type { AllocationRow, NodeDb, NodePort } from './port';
import { nodeStatements } from './statements';
import type { UsageOutbox } from './usage-outbox';
import { durationSeconds, endOf } from './usage-record';
import { allocationView, releaseView } from './views';

const { devices, allocations, allocationTombstones } = schema;

export const EXPIRE_JOB = 'expire';

/** What allocations need besides the actor's powers: the other modules an allocation's end touches. */
export interface AllocationNeighbours {
  journal: NodeJournal;
  capacity: CapacityPublisher;
  usage: UsageOutbox;
  /** Starts delivering both outboxes now, without waiting (after a sweep or an operator's action). */
  deliverNow(): void;
}

/**
 * Devices given to tenants and taken back: each allocation has its expiry alarm, and every end (release,
 * expiry, void) frees the device, tells the tenant, and — unless voided — writes the usage record to the
 * outbox, all in one transaction.
 */
export class Allocations {
  constructor(
    private readonly port: Pick<NodePort, 'db' | 'now' | 'tx' | 'schedule' | 'cancel' | 'send'>,
    private readonly next: AllocationNeighbours,
  ) {}

  private get db(): NodeDb {
    return this.port.db;
  }

  private get q() {
    return nodeStatements(this.port.db);
  }

  /**
   * Takes a free device for the tenant's allocation, or refuses (`NODE_FULL`, `NO_MATCHING_DEVICE`) so the
   * tenant asks the next node. One synchronous transaction: two requests can never take the same device.
   * Idempotent by allocation id.
   */
  allocate(req: NodeAllocateRequest): Outcome<NodeAllocation> {
    return toOutcome(() =>
      this.port.tx(() => {
        const { nodeId } = nodeIdentity(this.db);
        const existing = this.q.allocationById.get({ id: req.allocationId });
        if (existing) return allocationView(existing, nodeId);
        if (this.q.tombstoneById.get({ id: req.allocationId })) {
          throw new AppError(409, 'ALLOCATION_VOIDED', 'this allocation was given up by its tenant');
        }
        const device = this.q.smallestFreeDevice.get({
          cpuCores: req.spec.cpuCores ?? 0,
          memoryMB: req.spec.memoryMB ?? 0,
        });
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
        const now = this.port.now();
        const row = this.q.insertAllocation.get({
          id: req.allocationId,
          deviceId: device.id,
          tenantCode: req.tenantCode,
          tenantId: req.tenantId,
          userId: req.userId,
          strategy: req.strategy,
          cpuCores: device.cpuCores,
          memoryMB: device.memoryMB,
          storageMB: device.storageMB,
          allocatedAt: now,
          expiresAt: now + req.durationMinutes * 60_000,
        })!;
        this.q.takeDevice.run({ allocationId: row.id, now, deviceId: device.id });
        this.port.schedule(EXPIRE_JOB, row.id, row.expiresAt);
        this.next.journal.event('device.allocated', row.id, device.id, {
          tenantCode: req.tenantCode,
          userId: req.userId,
          expiresAt: iso(row.expiresAt),
          strategy: req.strategy,
        });
        this.next.capacity.changed();
        return allocationView(row, nodeId);
      }),
    );
  }

  /**
   * Moves an active allocation's end to `expiresAt` (an extension its tenant has held the price of), and
   * its expiry alarm with it. Idempotent: an end already that late or later is kept. An allocation that
   * has ended, or whose end has passed, is not extended.
   */
  extend(allocationId: string, expiresAt: number): Outcome<NodeAllocation> {
    return toOutcome(() =>
      this.port.tx(() => {
        const { nodeId } = nodeIdentity(this.db);
        const a = this.db.select().from(allocations).where(eq(allocations.id, allocationId)).get();
        if (a?.status !== 'active' || a.expiresAt <= this.port.now())
          throw new AppError(
            409,
            'ALLOCATION_ENDED',
            'the allocation has ended; it can no longer be extended',
          );
        if (expiresAt <= a.expiresAt) return allocationView(a, nodeId);
        const row = this.db
          .update(allocations)
          .set({ expiresAt })
          .where(eq(allocations.id, allocationId))
          .returning()
          .get()!;
        this.port.schedule(EXPIRE_JOB, row.id, row.expiresAt);
        this.next.journal.event('device.extended', row.id, row.deviceId, { expiresAt: iso(row.expiresAt) });
        return allocationView(row, nodeId);
      }),
    );
  }

  /** Ends an allocation now (or at its expiry, if that has passed). Never waits for billing. Idempotent. */
  release(allocationId: string): Outcome<NodeRelease> {
    const outcome = toOutcome(() => this.port.tx(() => this.end(allocationId)));
    return outcome.ok ? { ok: true, value: outcome.value.result } : outcome;
  }

  /**
   * The tenant gave up on an allocation whose outcome it does not know: if it exists it ends without a charge
   * (its user was told it failed); if not, it never will.
   */
  voidAllocation(allocationId: string): Outcome<{ existed: boolean; status: string | null }> {
    const outcome = toOutcome(() =>
      this.port.tx(() => {
        const { nodeId } = nodeIdentity(this.db);
        const a = this.db.select().from(allocations).where(eq(allocations.id, allocationId)).get();
        if (!a) {
          this.db
            .insert(allocationTombstones)
            .values({ id: allocationId, at: this.port.now() })
            .onConflictDoNothing()
            .run();
          return { existed: false, status: null, changed: false };
        }
        if (a.status !== 'active') return { existed: true, status: a.status, changed: false };
        const now = this.port.now();
        const seconds = durationSeconds(a.allocatedAt, Math.min(now, a.expiresAt));
        this.db
          .update(allocations)
          .set({ status: 'voided', releasedAt: now, durationSeconds: seconds })
          .where(eq(allocations.id, a.id))
          .run();
        this.freeDevice(a);
        this.tellTenant(a, {
          allocationId: a.id,
          nodeId,
          status: 'voided',
          durationSeconds: seconds,
          releasedAt: now,
        });
        this.next.journal.event('device.voided', a.id, a.deviceId, { durationSeconds: seconds });
        return { existed: true, status: 'voided', changed: true };
      }),
    );
    if (outcome.ok && outcome.value.changed) this.next.deliverNow();
    return outcome.ok
      ? { ok: true, value: { existed: outcome.value.existed, status: outcome.value.status } }
      : outcome;
  }

  /**
   * The release itself, inside the caller's transaction: the allocation ends, the device is free, the usage
   * record enters the outbox and the tenant is told — all or nothing.
   */
  private end(allocationId: string): { result: NodeRelease; changed: boolean } {
    const { nodeId } = nodeIdentity(this.db);
    const a = this.q.allocationById.get({ id: allocationId });
    if (!a) throw new AppError(404, 'ALLOCATION_NOT_FOUND', 'no such allocation on this node');
    if (a.status !== 'active') return { result: releaseView(a), changed: false };
    const end = endOf(a, this.port.now());
    const seconds = durationSeconds(a.allocatedAt, end.releasedAt);
    const row = this.q.endAllocation.get({
      id: a.id,
      status: end.status,
      releasedAt: end.releasedAt,
      durationSeconds: seconds,
    })!;
    this.freeDevice(a);
    this.next.usage.queue(row, nodeId);
    this.tellTenant(a, {
      allocationId: a.id,
      nodeId,
      status: end.status,
      durationSeconds: seconds,
      releasedAt: end.releasedAt,
    });
    this.next.journal.event('device.released', a.id, a.deviceId, {
      status: end.status,
      durationSeconds: seconds,
      tenantCode: a.tenantCode,
      userId: a.userId,
    });
    return { result: releaseView(row), changed: true };
  }

  private freeDevice(a: AllocationRow): void {
    this.q.freeDevice.run({ now: this.port.now(), deviceId: a.deviceId, allocationId: a.id });
    this.port.cancel(EXPIRE_JOB, a.id);
    this.next.capacity.changed();
  }

  private tellTenant(a: AllocationRow, message: AllocationEndedMessage): void {
    this.port.send({
      to: { binding: 'TENANT', name: a.tenantCode },
      type: ALLOCATION_ENDED,
      payload: message,
      key: `allocation-ended:${a.id}`,
    });
  }

  /** The expiry job of one allocation. */
  expireOne(allocationId: string): void {
    const a = this.db.select().from(allocations).where(eq(allocations.id, allocationId)).get();
    if (a?.status !== 'active') return;
    if (this.port.now() < a.expiresAt) {
      this.port.schedule(EXPIRE_JOB, a.id, a.expiresAt);
      return;
    }
    this.port.tx(() => this.end(allocationId));
  }

  /** The 5-minute safety net: ends every allocation past its expiry whose alarm has not (yet) done it. */
  expireDue(): { nodeId: string; expired: number } {
    const { nodeId } = nodeIdentity(this.db);
    let expired = 0;
    for (;;) {
      const due = this.db
        .select({ id: allocations.id })
        .from(allocations)
        .where(and(eq(allocations.status, 'active'), lte(allocations.expiresAt, this.port.now())))
        .limit(500)
        .all();
      if (due.length === 0) break;
      this.port.tx(() => {
        for (const { id } of due) if (this.end(id).changed) expired++;
      });
    }
    // The sweep runs because an alarm may have failed: deliver what it ended without relying on one.
    if (expired > 0) this.next.deliverNow();
    return { nodeId, expired };
  }
}
