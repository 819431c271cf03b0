import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { deviceNode } from '../../../lib/actors';
import { billingConfig } from '../../../lib/billing-config';
import { AppError, type Outcome, toOutcomeAsync } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import { log } from '../../../lib/log';
import type { AllocateAnswer, AllocateBody, ReleaseAnswer, ReleaseBody } from '../../../schema/dto/devices';
import * as schema from '../../../schema/tenant';
import type { AllocationEndedMessage, NodeAllocation, NodeRelease } from '../../device-node/node-types';
import { type NodeCapacity, rankNodes } from '../../device-node/placement';
import { preparedFor, settable } from '../../prepared';
import type { Caller } from '../access';
import { admission, type BalanceCheck, type Rates } from '../billing/charge';
import { type HoldVerdict, holdFen, placeHold, type WalletState } from '../billing/holds';
import { EXPIRY_NOTICE_JOB, expiryNoticeAt } from '../billing/notices';
import type { ProfileRow, TenantDb, TenantPort } from '../port';
import { type AllocationRow, releaseAnswer } from './views';
import type { Wallets } from './wallets';

const { deviceAllocations } = schema;
const sameId = eq(deviceAllocations.id, sql.placeholder('id'));
const unfinished = inArray(deviceAllocations.status, ['pending', 'active']);

/** The statements every allocation and release runs, built once (see durable-objects/prepared.ts). */
const statements = preparedFor((db: TenantDb) => ({
  unfinishedCount: db.select({ n: count() }).from(deviceAllocations).where(unfinished).prepare(),
  insertPending: db
    .insert(deviceAllocations)
    .values({
      id: sql.placeholder('id'),
      userId: sql.placeholder('userId'),
      status: 'pending',
      strategy: sql.placeholder('strategy'),
      durationMinutes: sql.placeholder('durationMinutes'),
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .prepare(),
  start: db
    .update(deviceAllocations)
    .set({
      status: 'active',
      nodeId: settable('nodeId'),
      deviceId: settable('deviceId'),
      cpuCores: settable('cpuCores'),
      memoryMB: settable('memoryMB'),
      storageMB: settable('storageMB'),
      allocatedAt: settable('allocatedAt'),
      expiresAt: settable('expiresAt'),
      updatedAt: settable('now'),
    })
    .where(and(sameId, eq(deviceAllocations.status, 'pending')))
    .returning({ id: deviceAllocations.id })
    .prepare(),
  byId: db.select().from(deviceAllocations).where(sameId).prepare(),
  end: db
    .update(deviceAllocations)
    .set({
      status: settable('status'),
      releasedAt: settable('releasedAt'),
      durationSeconds: settable('durationSeconds'),
      failure: settable('failure'),
      updatedAt: settable('now'),
    })
    .where(and(sameId, unfinished))
    .returning()
    .prepare(),
}));

/** Nodes asked for one allocation before giving up: enough to ride out a stale index, few enough to stay fast. */
export const MAX_NODE_TRIES = 6;
/** How long an allocation whose node did not answer waits before the tenant voids it. */
export const SETTLE_AFTER_MS = 30_000;
export const SETTLE_JOB = 'allocation-settle';
const NODE_REFUSALS = new Set(['NODE_FULL', 'NO_MATCHING_DEVICE', 'NODE_NOT_FOUND', 'ALLOCATION_VOIDED']);
const ALLOCATING_STATUSES = new Set(['trial', 'active']);

export type AllocationPort = Pick<
  TenantPort,
  'db' | 'env' | 'now' | 'tx' | 'access' | 'isAdmin' | 'quotaLimit' | 'audit' | 'schedule' | 'cancel'
>;

/**
 * The tenant coordinates an allocation: it owns the quota (its pending and active allocations) and its
 * users' wallets, and asks device nodes by RPC for a device, in the order placement ranks them. An
 * allocation whose node never answered is settled (voided on every node it may have reached) by a job.
 */
export class DeviceAllocation {
  constructor(
    private readonly port: AllocationPort,
    private readonly wallets: Wallets,
  ) {}

  private get db() {
    return this.port.db;
  }

  private get q() {
    return statements(this.port.db);
  }

  allocate(caller: Caller, body: AllocateBody, nodes: NodeCapacity[]): Promise<Outcome<AllocateAnswer>> {
    return toOutcomeAsync(async () => {
      const strategy = body.strategy ?? 'least-loaded';
      const config = billingConfig(this.port.env);
      const userId = caller.id;
      // An external billing service is asked before anything is reserved (admission is checked again below).
      if (config.serviceUrl) {
        const { code } = this.port.tx(() => this.admissible(caller));
        await this.checkRemoteBalance(code, userId, config.allowOnError);
      }

      const allocationId = newId('alc');
      const now = this.port.now();
      const spec = { cpuCores: body.cpuCores, memoryMB: body.memoryMB };
      const { tenant, rates, candidates } = this.port.tx(() => {
        // With an external billing service the call was counted when it was first admitted, above.
        const tenant = this.admissible(caller, !config.serviceUrl);
        // The rates of this moment price the hold (and, at the end, the usage).
        const rates = config.serviceUrl ? null : this.wallets.currentRates();
        if (rates) this.checkAvailable(userId, body, rates);
        this.q.insertPending.run({
          id: allocationId,
          userId,
          strategy,
          durationMinutes: body.durationMinutes,
          now,
        });
        // Only `spread` needs to know where the tenant's devices are; the others skip the count.
        const ranked = rankNodes(nodes, strategy, spec, strategy === 'spread' ? this.loadByNode() : {}).slice(
          0,
          MAX_NODE_TRIES,
        );
        // Should this request die half-way (a node that never answers, an actor restart), `settle` frees the
        // quota slot and voids whatever the nodes it could have asked may have started. A finished request
        // cancels it. (Naming the candidates here saves a write before each node is asked.)
        this.port.schedule(SETTLE_JOB, allocationId, now + SETTLE_AFTER_MS, { nodes: ranked });
        return { tenant, rates, candidates: ranked };
      });
      const giveUp = () =>
        this.port.tx(() => {
          this.db.delete(deviceAllocations).where(eq(deviceAllocations.id, allocationId)).run();
          this.port.cancel(SETTLE_JOB, allocationId);
        });

      for (const nodeId of candidates) {
        let outcome: Outcome<NodeAllocation>;
        try {
          outcome = (await deviceNode(this.port.env, nodeId).allocate({
            allocationId,
            tenantCode: tenant.code,
            tenantId: tenant.tenantId,
            userId,
            durationMinutes: body.durationMinutes,
            spec,
            strategy,
          })) as Outcome<NodeAllocation>;
        } catch (err) {
          // The node may or may not have taken a device: the quota slot stays held until `settle` voids it.
          this.port.tx(() =>
            this.db
              .update(deviceAllocations)
              .set({ nodeId, failure: 'node did not answer', updatedAt: this.port.now() })
              .where(eq(deviceAllocations.id, allocationId))
              .run(),
          );
          log.error('devices.node_unreachable', { nodeId, allocationId, err: String(err) });
          throw new AppError(503, 'NODE_UNAVAILABLE', 'the device node did not answer; try again', {
            nodeId,
          });
        }
        if (!outcome.ok) {
          if (NODE_REFUSALS.has(outcome.error.code)) continue;
          giveUp();
          throw AppError.from(outcome.error);
        }
        const a = outcome.value;
        const settled = this.port.tx(() => {
          // The built-in billing holds the booked time at the device's price now, or the allocation is undone.
          let held = 0;
          if (rates) {
            held = holdFen(body.durationMinutes, a, rates);
            const verdict = this.wallets.hold(allocationId, userId, held, rates);
            if (!verdict.ok) return { ok: false as const, refused: verdict };
          }
          const started = this.q.start.get({ ...a, id: allocationId, now: this.port.now() });
          if (!started) {
            // `settle` gave up on it meanwhile and voided it on the node.
            throw new AppError(503, 'NODE_UNAVAILABLE', 'the device node answered too late; try again', {
              nodeId,
            });
          }
          this.port.cancel(SETTLE_JOB, allocationId);
          this.scheduleNotice({ id: allocationId, expiresAt: a.expiresAt });
          this.port.audit(caller, 'device.allocate', {
            allocationId,
            nodeId: a.nodeId,
            deviceId: a.deviceId,
            holdFen: held,
          });
          return {
            ok: true as const,
            answer: {
              allocationId,
              deviceId: a.deviceId,
              nodeId: a.nodeId,
              allocatedAt: iso(a.allocatedAt),
              expiresAt: iso(a.expiresAt),
              cpuCores: a.cpuCores,
              memoryMB: a.memoryMB,
              storageMB: a.storageMB,
              strategy,
              holdFen: held,
            },
          };
        });
        if (settled.ok) return settled.answer;
        // The device it was given costs more than is available: give it back, uncharged.
        await deviceNode(this.port.env, a.nodeId).voidAllocation(allocationId);
        giveUp();
        throw insufficientBalance(settled.refused, this.wallets.of(userId));
      }
      giveUp();
      throw new AppError(
        409,
        'NO_DEVICE_AVAILABLE',
        'no device is free that meets the request; try again later',
        {
          nodesTried: Math.min(nodes.length, MAX_NODE_TRIES),
        },
      );
    });
  }

  /** May this caller start an allocation now? Checked again in the transaction that reserves the quota slot. */
  private admissible(caller: Caller, counted = true): ProfileRow {
    const tenant = this.port.access(caller, 'member', { counted });
    if (caller.kind !== 'user') {
      throw new AppError(
        403,
        'USER_REQUIRED',
        'devices are allocated to users; sign in as a member of the company',
      );
    }
    if (!ALLOCATING_STATUSES.has(tenant.subscriptionStatus)) {
      throw new AppError(
        403,
        'SUBSCRIPTION_INACTIVE',
        `the company's subscription is ${tenant.subscriptionStatus}`,
      );
    }
    const quota = this.port.quotaLimit('devices');
    if (quota !== null) {
      const used = this.q.unfinishedCount.get()!.n;
      if (used >= quota) {
        throw new AppError(403, 'QUOTA_EXCEEDED', `the ${tenant.plan} plan allows ${quota} devices at once`, {
          quota: 'devices',
          limit: quota,
          used,
        });
      }
    }
    return tenant;
  }

  private loadByNode(): Record<string, number> {
    const load: Record<string, number> = {};
    for (const r of this.db
      .select({ nodeId: deviceAllocations.nodeId, n: count() })
      .from(deviceAllocations)
      .where(eq(deviceAllocations.status, 'active'))
      .groupBy(deviceAllocations.nodeId)
      .all()) {
      if (r.nodeId) load[r.nodeId] = r.n;
    }
    return load;
  }

  /**
   * Before any node is asked: the smallest device the request allows must fit in what is available (the
   * device given may cost more; its hold is checked again when it is known).
   */
  private checkAvailable(userId: string, body: AllocateBody, rates: Rates): void {
    const wallet = this.wallets.of(userId);
    const shape = { cpuCores: body.cpuCores ?? 0, memoryMB: body.memoryMB ?? 0, storageMB: 0 };
    const verdict = placeHold(
      wallet ?? { balanceFen: 0, heldFen: 0 },
      holdFen(body.durationMinutes, shape, rates),
    );
    if (!verdict.ok) throw insufficientBalance(verdict, wallet);
  }

  /** An external billing service holds nothing for us: its balance check decides, as it always did. */
  async checkRemoteBalance(tenantCode: string, userId: string, allowOnError: boolean): Promise<void> {
    const check = await this.remoteBalance(tenantCode, userId);
    const verdict = admission(check, allowOnError);
    if (verdict === 'no-balance') {
      throw new AppError(402, 'INSUFFICIENT_BALANCE', 'top up your balance before allocating a device', {
        balanceFen: check.answered ? check.balanceFen : null,
      });
    }
    if (verdict === 'billing-unavailable') {
      throw new AppError(
        503,
        'BILLING_UNAVAILABLE',
        'billing cannot confirm your balance; try again shortly',
        {
          reason: check.answered ? null : check.error,
        },
      );
    }
    if (!check.answered)
      log.warn('devices.balance_unchecked', { tenant: tenantCode, userId, error: check.error });
  }

  /** The balance check of requirement E4 against an external billing service. */
  private async remoteBalance(tenantCode: string, userId: string): Promise<BalanceCheck> {
    const config = billingConfig(this.port.env);
    try {
      const url = `${config.serviceUrl}/api/internal/balance/user/${encodeURIComponent(userId)}?tenantCode=${encodeURIComponent(tenantCode)}`;
      const res = await fetch(url, {
        headers: { 'x-service-token': config.serviceToken ?? '', 'x-tenant-code': tenantCode },
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      if (!res.ok) return { answered: false, error: `billing answered ${res.status}` };
      const body = (await res.json()) as { hasBalance?: unknown; balance?: unknown; balanceFen?: unknown };
      if (typeof body.hasBalance !== 'boolean')
        return { answered: false, error: 'billing answered without hasBalance' };
      const balanceFen = typeof body.balanceFen === 'number' ? body.balanceFen : Number(body.balance ?? 0);
      return { answered: true, hasBalance: body.hasBalance, balanceFen };
    } catch (err) {
      return { answered: false, error: String(err instanceof Error ? err.message : err) };
    }
  }

  /**
   * A job: an allocation still pending this long was abandoned half-way. Void it on every node it could
   * have been offered to (ending it uncharged where it had started, refusing it where it had not yet arrived)
   * and free the quota slot.
   */
  async settle(allocationId: string, payload: unknown): Promise<void> {
    const row = this.findById(allocationId);
    if (row?.status !== 'pending') return;
    const named = (payload as { nodes?: string[] } | null)?.nodes ?? [];
    for (const nodeId of new Set([...(row.nodeId ? [row.nodeId] : []), ...named])) {
      const outcome = (await deviceNode(this.port.env, nodeId).voidAllocation(
        allocationId,
      )) as Outcome<unknown>;
      if (!outcome.ok && outcome.error.code !== 'NODE_NOT_FOUND') throw new Error(outcome.error.message);
    }
    this.port.tx(() => {
      this.db
        .update(deviceAllocations)
        .set({
          status: 'failed',
          failure: row.failure ?? 'abandoned before it started; voided',
          updatedAt: this.port.now(),
        })
        .where(and(eq(deviceAllocations.id, allocationId), eq(deviceAllocations.status, 'pending')))
        .run();
    });
  }

  release(caller: Caller, body: ReleaseBody): Promise<Outcome<ReleaseAnswer>> {
    return toOutcomeAsync(async () => {
      const row = this.port.tx(() => {
        this.port.access(caller, 'member');
        const found = body.allocationId
          ? this.findById(body.allocationId)
          : this.findActiveByDevice(body.deviceId!);
        if (!found || !(this.port.isAdmin(caller) || found.userId === caller.id)) {
          throw new AppError(404, 'ALLOCATION_NOT_FOUND', 'no such allocation in this company', {
            fields: [
              { path: body.allocationId ? 'body.allocationId' : 'body.deviceId', message: 'not found' },
            ],
          });
        }
        return found;
      });
      if (row.status === 'released' || row.status === 'expired') return releaseAnswer(row);
      if (row.status === 'pending')
        throw new AppError(409, 'ALLOCATION_PENDING', 'the allocation is still being set up');
      if (row.status === 'failed' || !row.nodeId)
        throw new AppError(409, 'ALLOCATION_FAILED', 'this allocation never started');
      const outcome = (await deviceNode(this.port.env, row.nodeId).release(row.id)) as Outcome<NodeRelease>;
      if (!outcome.ok) throw AppError.from(outcome.error);
      return this.port.tx(() => {
        const ended = this.applyEnded({ ...outcome.value, nodeId: row.nodeId! });
        this.port.audit(caller, 'device.release', { allocationId: row.id, status: outcome.value.status });
        return releaseAnswer(ended ?? this.findById(row.id)!);
      });
    });
  }

  findById(id: string): AllocationRow | undefined {
    return this.q.byId.get({ id });
  }

  private findActiveByDevice(deviceId: string): AllocationRow | undefined {
    const rows = this.db
      .select()
      .from(deviceAllocations)
      .where(and(eq(deviceAllocations.deviceId, deviceId), eq(deviceAllocations.status, 'active')))
      .all();
    if (rows.length > 1) {
      throw new AppError(
        409,
        'AMBIGUOUS_DEVICE',
        'several active allocations use a device of that id; name the allocationId',
        {
          fields: [{ path: 'body.deviceId', message: 'ambiguous' }],
        },
      );
    }
    return rows[0];
  }

  /** Inside the caller's transaction: the notice ten minutes before the allocation's present end (replacing any earlier one). */
  scheduleNotice(row: Pick<AllocationRow, 'id' | 'expiresAt'>): void {
    const at = row.expiresAt === null ? null : expiryNoticeAt(row.expiresAt, this.port.now());
    if (at === null) this.port.cancel(EXPIRY_NOTICE_JOB, row.id);
    else this.port.schedule(EXPIRY_NOTICE_JOB, row.id, at, { expiresAt: row.expiresAt });
  }

  /** Applies an allocation's end, from the node's answer or its message (whichever comes first). */
  applyEnded(m: AllocationEndedMessage | (NodeRelease & { nodeId: string })): AllocationRow | undefined {
    const status = m.status === 'voided' ? 'failed' : m.status;
    // A voided allocation never ran: its hold goes back. (An ended one keeps it until its usage is charged.)
    if (m.status === 'voided') this.wallets.releaseHoldOf(m.allocationId);
    this.port.cancel(EXPIRY_NOTICE_JOB, m.allocationId);
    return this.q.end.get({
      id: m.allocationId,
      status,
      releasedAt: m.releasedAt,
      durationSeconds: m.durationSeconds,
      failure: m.status === 'voided' ? 'voided after the node did not answer' : null,
      now: this.port.now(),
    });
  }
}

/** 402 with the amount the booking needs, what is available, and what is missing. */
export function insufficientBalance(
  verdict: Extract<HoldVerdict, { ok: false }>,
  wallet: WalletState | undefined,
): AppError {
  return new AppError(
    402,
    'INSUFFICIENT_BALANCE',
    `this booking needs ${verdict.neededFen} fen available and ${verdict.availableFen} fen is: top up ${verdict.shortFen} fen or book less`,
    {
      neededFen: verdict.neededFen,
      availableFen: verdict.availableFen,
      shortFen: verdict.shortFen,
      balanceFen: wallet?.balanceFen ?? 0,
      heldFen: wallet?.heldFen ?? 0,
    },
  );
}
