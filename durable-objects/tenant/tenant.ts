import { and, asc, count, eq } from 'drizzle-orm';
import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { DEFAULT_PLAN_QUOTAS } from '../../lib/plans';
import type { Page } from '../../schema/dto/common';
import type { Member, TenantSettings, TenantSettingsPatch, TenantView } from '../../schema/dto/platform';
import migrations from '../../schema/migrations/tenant/migrations.js';
import * as schema from '../../schema/tenant';
import { Actor, type JobHandler, type MessageHandler } from '../actor';
import type { MemberMessage, TenantProfileMessage } from '../directory/directory';
import { authorize, type Caller, type Need } from './access';
// ---- devices ----
import type { AllocationEndedMessage } from '../device-node/device-node';
import type { NodeCapacity } from '../device-node/placement';
import type { ItemOutcome } from '../device-node/reporter';
import { TenantDevices } from './devices/devices';
import type {
  AllocateBody,
  AllocationListQuery,
  Rates,
  ReleaseBody,
  TopUpBody,
  UsageInput,
} from '../../schema/dto/devices';
// ---- end devices ----

const { profile, members, auditLog } = schema;
type ProfileRow = typeof profile.$inferSelect;

/**
 * Everything one company owns. Every method takes the caller and checks, in this same call, that the
 * company exists and the caller may act in it — so no tenant request ever needs the Directory.
 */
export class TenantActor extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      'tenant.profile': (p: TenantProfileMessage) => this.applyProfile(p),
      'member.upsert': (m: MemberMessage) => this.applyMember(m),
      // ---- devices ----
      'device.allocation.ended': (m: AllocationEndedMessage) => void this.devices.applyEnded(m),
    };
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      // ---- devices ----
      'allocation-settle': (key, payload) => this.devices.settle(key, payload),
    };
  }

  // ---- replicas from the Directory ----

  private applyProfile(p: TenantProfileMessage): void {
    const now = this.now();
    const current = this.db.select().from(profile).get();
    if (current && current.directoryVersion >= p.version) return;
    const values = {
      tenantId: p.tenantId,
      code: p.code,
      name: p.name,
      plan: p.plan,
      subscriptionStatus: p.subscriptionStatus,
      deletedAt: p.deletedAt,
      directoryVersion: p.version,
      updatedAt: now,
    };
    if (current) this.db.update(profile).set(values).where(eq(profile.id, 1)).run();
    else this.db.insert(profile).values({ id: 1, ...values, timezone: p.timezone, createdAt: now }).run();
  }

  private applyMember(m: MemberMessage): void {
    if (!this.db.select({ id: profile.id }).from(profile).get()) {
      // Arrived before the company itself: fail so the sender retries once the profile is here.
      throw new Error('membership for a company this actor does not know yet');
    }
    const now = this.now();
    const current = this.db.select().from(members).where(eq(members.userId, m.userId)).get();
    if (current && current.version >= m.version) return;
    const values = { username: m.username, role: m.role, status: m.status, isPrimary: m.isPrimary, version: m.version };
    this.db
      .insert(members)
      .values({ userId: m.userId, ...values, joinedAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: members.userId, set: { ...values, updatedAt: now } })
      .run();
  }

  // ---- access ----

  /** The live profile after checking that `caller` may act here with `need`. */
  protected access(caller: Caller, need: Need): ProfileRow {
    const row = this.db.select().from(profile).get();
    if (!row || row.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    const member =
      caller.kind === 'user'
        ? this.db
            .select({ role: members.role, status: members.status })
            .from(members)
            .where(eq(members.userId, caller.id))
            .get()
        : undefined;
    authorize(caller, member, need);
    return row;
  }

  private memberRole(caller: Caller) {
    if (caller.kind !== 'user') return null;
    return this.db.select({ role: members.role }).from(members).where(eq(members.userId, caller.id)).get()?.role ?? null;
  }

  // ---- the tenant as its members see it ----

  getTenant(caller: Caller): Outcome<TenantView> {
    return toOutcome(() => {
      const row = this.access(caller, 'member');
      const activeUsers = this.db.select({ n: count() }).from(members).where(eq(members.status, 'active')).get()!.n;
      const quotas = DEFAULT_PLAN_QUOTAS[row.plan] ?? DEFAULT_PLAN_QUOTAS.trial!;
      return {
        id: row.tenantId,
        code: row.code,
        name: row.name,
        plan: row.plan,
        subscriptionStatus: row.subscriptionStatus,
        timezone: row.timezone,
        usage: { users: activeUsers, customers: 0, storageMB: 0, apiCallsThisMonth: 0 },
        quotas,
        membership: { role: this.memberRole(caller), platformAdmin: caller.kind === 'admin' },
      };
    });
  }

  getSettings(caller: Caller): Outcome<TenantSettings> {
    return toOutcome(() => settingsView(this.access(caller, 'member')));
  }

  async updateSettings(caller: Caller, patch: TenantSettingsPatch): Promise<Outcome<TenantSettings>> {
    return this.write(() => {
      this.access(caller, 'admin');
      const now = this.now();
      const row = this.db
        .update(profile)
        .set({ ...patch, updatedAt: now })
        .where(eq(profile.id, 1))
        .returning()
        .get()!;
      this.audit(caller, 'settings.update', patch);
      return settingsView(row);
    });
  }

  listMembers(caller: Caller, page: number, pageSize: number, status?: Member['status']): Outcome<Page<Member>> {
    return toOutcome(() => {
      this.access(caller, 'member');
      const where = status ? eq(members.status, status) : undefined;
      const total = this.db.select({ n: count() }).from(members).where(where).get()!.n;
      const items = this.db
        .select()
        .from(members)
        .where(where)
        .orderBy(asc(members.joinedAt), asc(members.userId))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map((m) => ({
          userId: m.userId,
          username: m.username,
          role: m.role,
          status: m.status,
          joinedAt: new Date(m.joinedAt).toISOString(),
        }));
      return { items, total, page, pageSize };
    });
  }

  /** Is `userId` an active member here? Used by tests and by modules that act for a member. */
  isActiveMember(userId: string): boolean {
    return !!this.db
      .select({ id: members.userId })
      .from(members)
      .where(and(eq(members.userId, userId), eq(members.status, 'active')))
      .get();
  }

  // ---- devices & billing (durable-objects/tenant/devices/devices.ts) ----

  private devicesModule: TenantDevices | undefined;
  private get devices(): TenantDevices {
    this.devicesModule ??= new TenantDevices({
      db: this.db,
      env: this.env,
      now: () => this.now(),
      tx: (fn) => this.tx(fn),
      access: (caller, need) => this.access(caller, need),
      audit: (caller, action, detail) => this.audit(caller, action, detail),
      schedule: (kind, key, dueAt, payload) => this.schedule(kind, key, dueAt, payload),
      cancel: (kind, key) => this.cancel(kind, key),
    });
    return this.devicesModule;
  }

  allocateDevice(caller: Caller, body: AllocateBody, nodes: NodeCapacity[]) {
    return this.devices.allocate(caller, body, nodes);
  }
  releaseDevice(caller: Caller, body: ReleaseBody) {
    return this.devices.release(caller, body);
  }
  listDeviceAllocations(caller: Caller, query: AllocationListQuery) {
    return this.devices.listAllocations(caller, query);
  }
  billingBalance(caller: Caller, userId?: string) {
    return this.devices.balance(caller, userId);
  }
  billingUsage(caller: Caller, query: { page: number; pageSize: number; userId?: string }) {
    return this.devices.usage(caller, query);
  }
  billingWallets(caller: Caller, page: number, pageSize: number) {
    return this.devices.wallets(caller, page, pageSize);
  }
  billingTopUp(caller: Caller, body: TopUpBody) {
    return this.devices.topUp(caller, body);
  }
  billingRates(caller: Caller) {
    return this.devices.rates(caller);
  }
  setBillingRates(caller: Caller, rates: Rates) {
    return this.devices.setRates(caller, rates);
  }
  /** Internal (service token or a device node): charge one usage record, once per allocation id. */
  meterDeviceUsage(input: UsageInput) {
    return this.devices.meter(input);
  }
  meterDeviceUsageBatch(inputs: UsageInput[]): Outcome<ItemOutcome[]> {
    return this.devices.meterBatch(inputs);
  }
  internalBalance(userId: string) {
    return this.devices.internalBalance(userId);
  }
  usageRecordsPresent(allocationIds: string[]): string[] {
    return this.devices.usageRecordsPresent(allocationIds);
  }

  // ---- end devices & billing ----

  protected audit(caller: Caller, action: string, detail: unknown): void {
    this.db
      .insert(auditLog)
      .values({ id: newId('aud'), actorId: caller.id, action, detail: detail ?? null, at: this.now() })
      .run();
  }
}

function settingsView(row: ProfileRow): TenantSettings {
  return { timezone: row.timezone, crmAutoStatusSync: row.crmAutoStatusSync };
}
