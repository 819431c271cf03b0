import { and, asc, count, eq } from 'drizzle-orm';
import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { DEFAULT_PLAN_QUOTAS } from '../../lib/plans';
import type { Page } from '../../schema/dto/common';
import type {
  BenchSeedBody,
  ContractCreate,
  ContractListQuery,
  ContractUpdate,
  CustomerCreate,
  CustomerListQuery,
  CustomerUpdate,
} from '../../schema/dto/crm';
import type { Member, TenantSettings, TenantSettingsPatch, TenantView } from '../../schema/dto/platform';
import migrations from '../../schema/migrations/tenant/migrations.js';
import * as schema from '../../schema/tenant';
import { Actor, type JobHandler, type MessageHandler } from '../actor';
import type { MemberMessage, TenantProfileMessage } from '../directory/directory';
import { authorize, type Caller, type MemberRecord, type Need } from './access';
import { BOUNDARY_JOB, Crm } from './crm/crm';
import type { Operation } from './crm/status';

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

  protected override jobs(): Record<string, JobHandler> {
    return {
      // ---- crm ----
      [BOUNDARY_JOB]: () => this.crm.onBoundary(),
    };
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      'tenant.profile': (p: TenantProfileMessage) => this.applyProfile(p),
      'member.upsert': (m: MemberMessage) => this.applyMember(m),
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
    else
      this.db
        .insert(profile)
        .values({ id: 1, ...values, timezone: p.timezone, createdAt: now })
        .run();
    this.profileCache = undefined;
  }

  private applyMember(m: MemberMessage): void {
    if (!this.db.select({ id: profile.id }).from(profile).get()) {
      // Arrived before the company itself: fail so the sender retries once the profile is here.
      throw new Error('membership for a company this actor does not know yet');
    }
    const now = this.now();
    const current = this.db.select().from(members).where(eq(members.userId, m.userId)).get();
    if (current && current.version >= m.version) return;
    const values = {
      username: m.username,
      role: m.role,
      status: m.status,
      isPrimary: m.isPrimary,
      version: m.version,
    };
    this.db
      .insert(members)
      .values({ userId: m.userId, ...values, joinedAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: members.userId, set: { ...values, updatedAt: now } })
      .run();
  }

  // ---- access ----

  /**
   * The profile row, read once and kept: every request checks it, and only a write or a message from
   * the Directory changes it (both drop the copy).
   */
  private profileCache: ProfileRow | null | undefined;

  protected profileRow(): ProfileRow | null {
    if (this.profileCache === undefined) this.profileCache = this.db.select().from(profile).get() ?? null;
    return this.profileCache;
  }

  protected override async write<T>(fn: () => T): Promise<Outcome<T>> {
    try {
      return await super.write(fn);
    } finally {
      this.profileCache = undefined;
    }
  }

  private memberRecord(userId: string): MemberRecord | undefined {
    // Raw SQL: this runs on every tenant request, and the query builder costs more than the query.
    return this.ctx.storage.sql
      .exec<{ role: MemberRecord['role']; status: MemberRecord['status'] }>(
        'SELECT role, status FROM members WHERE user_id = ?',
        userId,
      )
      .toArray()[0];
  }

  /** The live profile after checking that `caller` may act here with `need`. */
  protected access(caller: Caller, need: Need): ProfileRow {
    const row = this.profileRow();
    if (!row || row.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    authorize(caller, caller.kind === 'user' ? this.memberRecord(caller.id) : undefined, need);
    return row;
  }

  private memberRole(caller: Caller) {
    return caller.kind === 'user' ? (this.memberRecord(caller.id)?.role ?? null) : null;
  }

  // ---- the tenant as its members see it ----

  getTenant(caller: Caller): Outcome<TenantView> {
    return toOutcome(() => {
      const row = this.access(caller, 'member');
      const activeUsers = this.db
        .select({ n: count() })
        .from(members)
        .where(eq(members.status, 'active'))
        .get()!.n;
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
      const before = this.access(caller, 'admin');
      const now = this.now();
      const row = this.db
        .update(profile)
        .set({ ...patch, updatedAt: now })
        .where(eq(profile.id, 1))
        .returning()
        .get()!;
      this.audit(caller, 'settings.update', patch);
      this.crm.onSettingsChanged(before, row, caller.id); // ---- crm ----
      return settingsView(row);
    });
  }

  listMembers(
    caller: Caller,
    page: number,
    pageSize: number,
    status?: Member['status'],
  ): Outcome<Page<Member>> {
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

  // ---- crm ---- (customers, retail contracts and their status sync: durable-objects/tenant/crm/)

  private readonly crm = new Crm({
    db: this.db,
    sql: this.ctx.storage.sql,
    now: () => this.now(),
    access: (caller, need) => this.access(caller, need),
    profile: () => this.profileRow() ?? undefined,
    write: (fn) => this.write(fn),
    tx: (fn) => this.tx(fn),
    send: (message) => this.send(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    cancel: (kind, key) => this.cancel(kind, key),
  });

  createCustomer(caller: Caller, input: CustomerCreate) {
    return this.crm.createCustomer(caller, input);
  }
  listCustomers(caller: Caller, query: CustomerListQuery) {
    return this.crm.listCustomers(caller, query);
  }
  getCustomer(caller: Caller, id: string) {
    return this.crm.getCustomer(caller, id);
  }
  updateCustomer(caller: Caller, id: string, patch: CustomerUpdate) {
    return this.crm.updateCustomer(caller, id, patch);
  }
  deleteCustomer(caller: Caller, id: string) {
    return this.crm.deleteCustomer(caller, id);
  }
  operateCustomer(caller: Caller, id: string, op: Operation, reason?: string) {
    return this.crm.operateCustomer(caller, id, op, reason);
  }
  customerStatusHistory(caller: Caller, id: string, page: number, pageSize: number) {
    return this.crm.statusHistory(caller, id, page, pageSize);
  }
  createContract(caller: Caller, input: ContractCreate) {
    return this.crm.createContract(caller, input);
  }
  listContracts(caller: Caller, query: ContractListQuery) {
    return this.crm.listContracts(caller, query);
  }
  getContract(caller: Caller, id: string) {
    return this.crm.getContract(caller, id);
  }
  updateContract(caller: Caller, id: string, patch: ContractUpdate) {
    return this.crm.updateContract(caller, id, patch);
  }
  deleteContract(caller: Caller, id: string) {
    return this.crm.deleteContract(caller, id);
  }
  /** The nightly `customer-status-sync` task: reconcile as of the run's scheduled time. */
  reconcileCustomerStatuses(asOf: number) {
    return this.crm.reconcile(asOf, {
      event: 'nightly.reconcile',
      reason: 'nightly reconciliation found drift',
      operator: 'system:customer-status-sync',
    });
  }
  /** Bench-only seeding; the route refuses unless BENCH_SEEDING=on. */
  benchSeedCrm(input: BenchSeedBody) {
    return this.crm.benchSeed(input);
  }

  // ---- end crm ----

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
