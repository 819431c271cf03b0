import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { billingConfig } from '../../../lib/billing-config';
import type { Env } from '../../../lib/env';
import { AppError, type Outcome, toOutcome, toOutcomeAsync } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import { log } from '../../../lib/log';
import type { Page } from '../../../schema/dto/common';
import type {
  AllocateAnswer,
  AllocateBody,
  AllocationListQuery,
  Balance,
  InternalBalanceAnswer,
  MeterAnswer,
  Rates,
  ReleaseAnswer,
  ReleaseBody,
  TenantAllocation,
  TopUpAnswer,
  TopUpBody,
  UsageInput,
  UsageRecordView,
} from '../../../schema/dto/devices';
import * as schema from '../../../schema/tenant';
import type { AllocationEndedMessage, NodeAllocation, NodeRelease } from '../../device-node/node-types';
import { type NodeCapacity, rankNodes } from '../../device-node/placement';
import type { ItemOutcome } from '../../device-node/reporter';
import type { Caller, Need } from '../access';
import { admission, type BalanceCheck, balanceVerdict, chargeFen, DEFAULT_RATES } from '../billing/charge';

const { profile, members, deviceAllocations, wallets, walletEntries, usageRecords, billingRates } = schema;
type ProfileRow = typeof profile.$inferSelect;
type AllocationRow = typeof deviceAllocations.$inferSelect;
type WalletRow = typeof wallets.$inferSelect;

/** What the devices module needs from the TenantActor it lives in. */
export interface TenantPort {
  db: DrizzleSqliteDODatabase<typeof schema>;
  env: Env;
  now(): number;
  tx<T>(fn: () => T): T;
  access(caller: Caller, need: Need): ProfileRow;
  /** The plan's limit on a counted resource (null: unlimited), from the tenant's replica of the catalog. */
  quotaLimit(metric: string): number | null;
  audit(caller: Caller, action: string, detail: unknown): void;
  schedule(kind: string, key: string, dueAt: number, payload?: unknown): void;
  cancel(kind: string, key: string): void;
}

/** Nodes asked for one allocation before giving up: enough to ride out a stale index, few enough to stay fast. */
export const MAX_NODE_TRIES = 6;
/** How long an allocation whose node did not answer waits before the tenant voids it. */
export const SETTLE_AFTER_MS = 30_000;
export const SETTLE_JOB = 'allocation-settle';
const NODE_REFUSALS = new Set(['NODE_FULL', 'NO_MATCHING_DEVICE', 'NODE_NOT_FOUND', 'ALLOCATION_VOIDED']);
const ALLOCATING_STATUSES = new Set(['trial', 'active']);

/**
 * The tenant's side of devices and billing. The tenant coordinates an allocation: it owns the quota (its
 * pending and active allocations) and its users' wallets, and asks device nodes by RPC for a device. It also
 * is the built-in billing: usage records charged against prepaid wallets, once per allocation id.
 */
export class TenantDevices {
  constructor(private readonly port: TenantPort) {}

  private get db() {
    return this.port.db;
  }

  // ---- allocate ----

  async allocate(
    caller: Caller,
    body: AllocateBody,
    nodes: NodeCapacity[],
  ): Promise<Outcome<AllocateAnswer>> {
    return toOutcomeAsync(async () => {
      const strategy = body.strategy ?? 'least-loaded';
      const config = billingConfig(this.port.env);
      const tenant = this.port.tx(() => this.admissible(caller));
      const userId = caller.id;

      const check = config.serviceUrl
        ? await this.remoteBalance(tenant.code, userId)
        : this.localBalance(userId);
      const verdict = admission(check, config.allowOnError);
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
        log.warn('devices.balance_unchecked', { tenant: tenant.code, userId, error: check.error });

      const allocationId = newId('alc');
      const now = this.port.now();
      const spec = { cpuCores: body.cpuCores, memoryMB: body.memoryMB };
      const candidates = this.port.tx(() => {
        this.admissible(caller);
        this.db
          .insert(deviceAllocations)
          .values({
            id: allocationId,
            userId,
            status: 'pending',
            strategy,
            durationMinutes: body.durationMinutes,
            createdAt: now,
            updatedAt: now,
          })
          .run();
        // Only `spread` needs to know where the tenant's devices are; the others skip the count.
        const ranked = rankNodes(nodes, strategy, spec, strategy === 'spread' ? this.loadByNode() : {}).slice(
          0,
          MAX_NODE_TRIES,
        );
        // Should this request die half-way (a node that never answers, an actor restart), `settle` frees the
        // quota slot and voids whatever the nodes it could have asked may have started. A finished request
        // cancels it. (Naming the candidates here saves a write before each node is asked.)
        this.port.schedule(SETTLE_JOB, allocationId, now + SETTLE_AFTER_MS, { nodes: ranked });
        return ranked;
      });
      const giveUp = () =>
        this.port.tx(() => {
          this.db.delete(deviceAllocations).where(eq(deviceAllocations.id, allocationId)).run();
          this.port.cancel(SETTLE_JOB, allocationId);
        });

      for (const nodeId of candidates) {
        let outcome: Outcome<NodeAllocation>;
        try {
          outcome = (await this.node(nodeId).allocate({
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
        return this.port.tx(() => {
          const started = this.db
            .update(deviceAllocations)
            .set({
              status: 'active',
              nodeId: a.nodeId,
              deviceId: a.deviceId,
              cpuCores: a.cpuCores,
              memoryMB: a.memoryMB,
              storageMB: a.storageMB,
              allocatedAt: a.allocatedAt,
              expiresAt: a.expiresAt,
              updatedAt: this.port.now(),
            })
            .where(and(eq(deviceAllocations.id, allocationId), eq(deviceAllocations.status, 'pending')))
            .returning({ id: deviceAllocations.id })
            .get();
          if (!started) {
            // `settle` gave up on it meanwhile and voided it on the node.
            throw new AppError(503, 'NODE_UNAVAILABLE', 'the device node answered too late; try again', {
              nodeId,
            });
          }
          this.port.cancel(SETTLE_JOB, allocationId);
          this.port.audit(caller, 'device.allocate', {
            allocationId,
            nodeId: a.nodeId,
            deviceId: a.deviceId,
          });
          return {
            allocationId,
            deviceId: a.deviceId,
            nodeId: a.nodeId,
            allocatedAt: iso(a.allocatedAt)!,
            expiresAt: iso(a.expiresAt)!,
            cpuCores: a.cpuCores,
            memoryMB: a.memoryMB,
            storageMB: a.storageMB,
            strategy,
          };
        });
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
  private admissible(caller: Caller): ProfileRow {
    const tenant = this.port.access(caller, 'member');
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
      const used = this.db
        .select({ n: count() })
        .from(deviceAllocations)
        .where(inArray(deviceAllocations.status, ['pending', 'active']))
        .get()!.n;
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

  private localBalance(userId: string): BalanceCheck {
    const wallet = this.wallet(userId);
    const balanceFen = wallet?.balanceFen ?? 0;
    return { answered: true, balanceFen, hasBalance: balanceVerdict(wallet ? balanceFen : null).hasBalance };
  }

  /** The seed's `checkUserBalance` against an external billing service. */
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

  private node(nodeId: string) {
    return this.port.env.DEVICE_NODE.get(this.port.env.DEVICE_NODE.idFromName(nodeId));
  }

  /**
   * A job: an allocation still pending this long was abandoned half-way. Void it on every node it could
   * have been offered to (ending it uncharged where it had started, refusing it where it had not yet arrived)
   * and free the quota slot.
   */
  async settle(allocationId: string, payload: unknown): Promise<void> {
    const row = this.db.select().from(deviceAllocations).where(eq(deviceAllocations.id, allocationId)).get();
    if (row?.status !== 'pending') return;
    const named = (payload as { nodes?: string[] } | null)?.nodes ?? [];
    for (const nodeId of new Set([...(row.nodeId ? [row.nodeId] : []), ...named])) {
      const outcome = (await this.node(nodeId).voidAllocation(allocationId)) as Outcome<unknown>;
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

  // ---- release ----

  async release(caller: Caller, body: ReleaseBody): Promise<Outcome<ReleaseAnswer>> {
    return toOutcomeAsync(async () => {
      const row = this.port.tx(() => {
        this.port.access(caller, 'member');
        const found = body.allocationId
          ? this.findById(body.allocationId)
          : this.findActiveByDevice(body.deviceId!);
        if (!found || !this.maySee(caller, found)) {
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
      const outcome = (await this.node(row.nodeId).release(row.id)) as Outcome<NodeRelease>;
      if (!outcome.ok) throw AppError.from(outcome.error);
      return this.port.tx(() => {
        const ended = this.applyEnded({ ...outcome.value, nodeId: row.nodeId! });
        this.port.audit(caller, 'device.release', { allocationId: row.id, status: outcome.value.status });
        return releaseAnswer(ended ?? this.findById(row.id)!);
      });
    });
  }

  private findById(id: string): AllocationRow | undefined {
    return this.db.select().from(deviceAllocations).where(eq(deviceAllocations.id, id)).get();
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

  /** Applies an allocation's end, from the node's answer or its message (whichever comes first). */
  applyEnded(m: AllocationEndedMessage | (NodeRelease & { nodeId: string })): AllocationRow | undefined {
    const status = m.status === 'voided' ? 'failed' : m.status;
    return this.db
      .update(deviceAllocations)
      .set({
        status,
        releasedAt: m.releasedAt,
        durationSeconds: m.durationSeconds,
        failure: m.status === 'voided' ? 'voided after the node did not answer' : null,
        updatedAt: this.port.now(),
      })
      .where(
        and(
          eq(deviceAllocations.id, m.allocationId),
          inArray(deviceAllocations.status, ['pending', 'active']),
        ),
      )
      .returning()
      .get();
  }

  // ---- what members see ----

  private isTenantAdmin(caller: Caller): boolean {
    if (caller.kind === 'admin') return true;
    const m = this.db.select({ role: members.role }).from(members).where(eq(members.userId, caller.id)).get();
    return m?.role === 'admin';
  }

  private maySee(caller: Caller, row: { userId: string }): boolean {
    return this.isTenantAdmin(caller) || row.userId === caller.id;
  }

  /**
   * Whose data a read is about: a member reads their own; tenant and platform admins may name any user, and
   * their lists cover the whole company unless they do.
   */
  private subject(caller: Caller, forUser: string | undefined, list: boolean): string | null {
    const admin = this.isTenantAdmin(caller);
    if (forUser) {
      if (forUser !== caller.id && !admin) {
        throw new AppError(
          403,
          'TENANT_ADMIN_REQUIRED',
          "only a company administrator may see another user's data",
        );
      }
      return forUser;
    }
    if (list && admin) return null;
    if (caller.kind === 'admin') {
      throw new AppError(400, 'VALIDATION_FAILED', 'query.userId: required for platform administrators', {
        fields: [{ path: 'query.userId', message: 'required' }],
      });
    }
    return caller.id;
  }

  listAllocations(caller: Caller, query: AllocationListQuery): Outcome<Page<TenantAllocation>> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const userId = this.subject(caller, query.userId, true);
      const filters: SQL[] = [];
      if (userId) filters.push(eq(deviceAllocations.userId, userId));
      if (query.status) filters.push(eq(deviceAllocations.status, query.status));
      const where = filters.length ? and(...filters) : undefined;
      const total = this.db.select({ n: count() }).from(deviceAllocations).where(where).get()!.n;
      const items = this.db
        .select()
        .from(deviceAllocations)
        .where(where)
        .orderBy(desc(deviceAllocations.createdAt), desc(deviceAllocations.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .all()
        .map(allocationView);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  balance(caller: Caller, forUser?: string): Outcome<Balance> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const userId = this.subject(caller, forUser, false)!;
      return balanceView(userId, this.wallet(userId));
    });
  }

  usage(
    caller: Caller,
    query: { page: number; pageSize: number; userId?: string },
  ): Outcome<Page<UsageRecordView>> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const userId = this.subject(caller, query.userId, true);
      const where = userId ? eq(usageRecords.userId, userId) : undefined;
      const total = this.db.select({ n: count() }).from(usageRecords).where(where).get()!.n;
      const items = this.db
        .select()
        .from(usageRecords)
        .where(where)
        .orderBy(desc(usageRecords.recordedAt), desc(usageRecords.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .all()
        .map(usageView);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  wallets(caller: Caller, page: number, pageSize: number): Outcome<Page<Balance>> {
    return toOutcome(() => {
      this.port.access(caller, 'admin');
      const total = this.db.select({ n: count() }).from(wallets).get()!.n;
      const items = this.db
        .select()
        .from(wallets)
        .orderBy(asc(wallets.createdAt), asc(wallets.userId))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map((w) => balanceView(w.userId, w));
      return { items, total, page, pageSize };
    });
  }

  // ---- wallets ----

  private wallet(userId: string): WalletRow | undefined {
    return this.db.select().from(wallets).where(eq(wallets.userId, userId)).get();
  }

  private ensureWallet(userId: string): WalletRow {
    const now = this.port.now();
    this.db
      .insert(wallets)
      .values({
        userId,
        balanceFen: 0,
        topUpTotalFen: 0,
        chargedTotalFen: 0,
        chargeCount: 0,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .run();
    return this.wallet(userId)!;
  }

  topUp(caller: Caller, body: TopUpBody): Outcome<TopUpAnswer> {
    return toOutcome(() =>
      this.port.tx(() => {
        this.port.access(caller, 'admin');
        const member = this.db
          .select({ id: members.userId })
          .from(members)
          .where(eq(members.userId, body.userId))
          .get();
        if (!member) {
          throw new AppError(404, 'USER_NOT_FOUND', 'that user is not a member of this company', {
            fields: [{ path: 'body.userId', message: 'not a member of this company' }],
          });
        }
        if (body.reference) {
          const earlier = this.db
            .select()
            .from(walletEntries)
            .where(eq(walletEntries.reference, body.reference))
            .get();
          if (earlier) {
            if (earlier.userId !== body.userId || earlier.amountFen !== body.amountFen) {
              throw new AppError(
                409,
                'REFERENCE_CONFLICT',
                'that reference was used for a different top-up',
                {
                  fields: [{ path: 'body.reference', message: 'already used' }],
                },
              );
            }
            return {
              ...balanceView(body.userId, this.wallet(body.userId)),
              entryId: earlier.id,
              duplicate: true,
            };
          }
        }
        const wallet = this.ensureWallet(body.userId);
        const now = this.port.now();
        const updated = this.db
          .update(wallets)
          .set({
            balanceFen: wallet.balanceFen + body.amountFen,
            topUpTotalFen: wallet.topUpTotalFen + body.amountFen,
            updatedAt: now,
          })
          .where(eq(wallets.userId, body.userId))
          .returning()
          .get()!;
        const entryId = newId('wle');
        this.db
          .insert(walletEntries)
          .values({
            id: entryId,
            userId: body.userId,
            kind: 'top_up',
            amountFen: body.amountFen,
            balanceAfterFen: updated.balanceFen,
            reference: body.reference ?? null,
            actorId: caller.id,
            at: now,
          })
          .run();
        this.port.audit(caller, 'billing.top_up', { userId: body.userId, amountFen: body.amountFen });
        return { ...balanceView(body.userId, updated), entryId, duplicate: false };
      }),
    );
  }

  // ---- rates ----

  private currentRates(): Rates {
    const row = this.db.select().from(billingRates).get();
    return row
      ? {
          coreHourMilliFen: row.coreHourMilliFen,
          memoryGbHourMilliFen: row.memoryGbHourMilliFen,
          storageGbHourMilliFen: row.storageGbHourMilliFen,
        }
      : DEFAULT_RATES;
  }

  rates(caller: Caller): Outcome<Rates> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      return this.currentRates();
    });
  }

  setRates(caller: Caller, rates: Rates): Outcome<Rates> {
    return toOutcome(() =>
      this.port.tx(() => {
        this.port.access(caller, 'admin');
        const values = { ...rates, updatedAt: this.port.now(), updatedBy: caller.id };
        this.db
          .insert(billingRates)
          .values({ id: 1, ...values })
          .onConflictDoUpdate({ target: billingRates.id, set: values })
          .run();
        this.port.audit(caller, 'billing.rates', rates);
        return this.currentRates();
      }),
    );
  }

  // ---- the built-in billing (internal, service token) ----

  private requireTenant(): ProfileRow {
    const row = this.db.select().from(profile).get();
    if (!row) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    return row;
  }

  /**
   * Prices a usage record, deducts it from the user's wallet and stores it — once per allocation id: the
   * UNIQUE allocation id is claimed in the same transaction as the deduction, so a repeated report charges
   * nothing and answers the original charge. A repeat that disagrees with the original is refused.
   */
  meter(input: UsageInput): Outcome<MeterAnswer> {
    return toOutcome(() =>
      this.port.tx(() => {
        this.requireTenant();
        const existing = this.db
          .select()
          .from(usageRecords)
          .where(eq(usageRecords.allocationId, input.allocationId))
          .get();
        if (existing) {
          if (
            existing.userId !== input.userId ||
            existing.deviceId !== input.deviceId ||
            existing.durationSeconds !== input.durationSeconds
          ) {
            throw new AppError(
              409,
              'USAGE_CONFLICT',
              'a different usage record was already charged for this allocation',
              {
                allocationId: input.allocationId,
              },
            );
          }
          return {
            recorded: false,
            duplicate: true,
            chargeFen: existing.chargeFen,
            balanceFen: this.wallet(input.userId)?.balanceFen ?? 0,
          };
        }
        const rates = this.currentRates();
        const charge = chargeFen(input, rates);
        const now = this.port.now();
        this.db
          .insert(usageRecords)
          .values({
            id: newId('use'),
            allocationId: input.allocationId,
            deviceId: input.deviceId,
            nodeId: input.nodeId,
            userId: input.userId,
            durationSeconds: input.durationSeconds,
            cpuCores: input.cpuCores,
            memoryMB: input.memoryMB,
            storageMB: input.storageMB,
            allocatedAt: input.allocatedAt,
            releasedAt: input.releasedAt,
            chargeFen: charge,
            ...rates,
            recordedAt: now,
          })
          .run();
        const wallet = this.ensureWallet(input.userId);
        const updated = this.db
          .update(wallets)
          .set({
            balanceFen: wallet.balanceFen - charge,
            chargedTotalFen: wallet.chargedTotalFen + charge,
            chargeCount: wallet.chargeCount + 1,
            updatedAt: now,
          })
          .where(eq(wallets.userId, input.userId))
          .returning()
          .get()!;
        this.db
          .insert(walletEntries)
          .values({
            id: newId('wle'),
            userId: input.userId,
            kind: 'charge',
            amountFen: -charge,
            balanceAfterFen: updated.balanceFen,
            allocationId: input.allocationId,
            at: now,
          })
          .run();
        this.db
          .update(deviceAllocations)
          .set({ chargeFen: charge, updatedAt: now })
          .where(eq(deviceAllocations.id, input.allocationId))
          .run();
        // A usage record means the allocation has ended: should the node's message about it be late or
        // lost, the quota slot comes back now all the same.
        this.endFromUsage(input);
        return { recorded: true, duplicate: false, chargeFen: charge, balanceFen: updated.balanceFen };
      }),
    );
  }

  private endFromUsage(input: UsageInput): void {
    const row = this.findById(input.allocationId);
    if (!row || (row.status !== 'pending' && row.status !== 'active')) return;
    const expired = row.expiresAt !== null && input.releasedAt >= row.expiresAt;
    this.applyEnded({
      allocationId: input.allocationId,
      nodeId: input.nodeId ?? row.nodeId ?? '',
      status: expired ? 'expired' : 'released',
      releasedAt: input.releasedAt,
      durationSeconds: input.durationSeconds,
    });
  }

  /** Each record on its own: one bad record does not hold back the others. */
  meterBatch(inputs: UsageInput[]): Outcome<ItemOutcome[]> {
    return toOutcome(() => {
      this.requireTenant();
      return inputs.map((input) => {
        const outcome = this.meter(input);
        return outcome.ok
          ? {
              allocationId: input.allocationId,
              ok: true,
              duplicate: outcome.value.duplicate,
              chargeFen: outcome.value.chargeFen,
            }
          : {
              allocationId: input.allocationId,
              ok: false,
              error: `${outcome.error.code}: ${outcome.error.message}`,
            };
      });
    });
  }

  internalBalance(userId: string): Outcome<InternalBalanceAnswer> {
    return toOutcome(() => {
      this.requireTenant();
      const wallet = this.wallet(userId);
      const balanceFen = wallet?.balanceFen ?? 0;
      const verdict = balanceVerdict(wallet ? balanceFen : null);
      return { ...verdict, balance: balanceFen, balanceFen };
    });
  }

  usageRecordsPresent(allocationIds: string[]): string[] {
    if (allocationIds.length === 0) return [];
    const present: string[] = [];
    for (let i = 0; i < allocationIds.length; i += 500) {
      const chunk = allocationIds.slice(i, i + 500);
      for (const r of this.db
        .select({ id: usageRecords.allocationId })
        .from(usageRecords)
        .where(inArray(usageRecords.allocationId, chunk))
        .all()) {
        present.push(r.id);
      }
    }
    return present;
  }
}

function releaseAnswer(row: AllocationRow): ReleaseAnswer {
  return {
    allocationId: row.id,
    status: row.status === 'expired' ? 'expired' : 'released',
    durationSeconds: row.durationSeconds ?? 0,
    releasedAt: iso(row.releasedAt ?? row.updatedAt)!,
  };
}

function allocationView(r: AllocationRow): TenantAllocation {
  return {
    allocationId: r.id,
    userId: r.userId,
    status: r.status,
    strategy: r.strategy,
    durationMinutes: r.durationMinutes,
    nodeId: r.nodeId,
    deviceId: r.deviceId,
    cpuCores: r.cpuCores,
    memoryMB: r.memoryMB,
    storageMB: r.storageMB,
    allocatedAt: iso(r.allocatedAt),
    expiresAt: iso(r.expiresAt),
    releasedAt: iso(r.releasedAt),
    durationSeconds: r.durationSeconds,
    chargeFen: r.chargeFen,
    createdAt: iso(r.createdAt)!,
  };
}

function balanceView(userId: string, w: WalletRow | undefined): Balance {
  const balanceFen = w?.balanceFen ?? 0;
  return {
    userId,
    balanceFen,
    topUpTotalFen: w?.topUpTotalFen ?? 0,
    chargedTotalFen: w?.chargedTotalFen ?? 0,
    chargeCount: w?.chargeCount ?? 0,
    hasBalance: balanceVerdict(w ? balanceFen : null).hasBalance,
  };
}

function usageView(r: typeof usageRecords.$inferSelect): UsageRecordView {
  return {
    id: r.id,
    allocationId: r.allocationId,
    deviceId: r.deviceId,
    nodeId: r.nodeId,
    userId: r.userId,
    durationSeconds: r.durationSeconds,
    cpuCores: r.cpuCores,
    memoryMB: r.memoryMB,
    storageMB: r.storageMB,
    allocatedAt: iso(r.allocatedAt)!,
    releasedAt: iso(r.releasedAt)!,
    chargeFen: r.chargeFen,
    rates: {
      coreHourMilliFen: r.coreHourMilliFen,
      memoryGbHourMilliFen: r.memoryGbHourMilliFen,
      storageGbHourMilliFen: r.storageGbHourMilliFen,
    },
    recordedAt: iso(r.recordedAt)!,
  };
}
