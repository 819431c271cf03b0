import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { BoundedCache } from '../../lib/bounded-cache';
import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import { addMonths, monthOf, monthStart } from '../../lib/zoned';
import type { JsonText, Page } from '../../schema/dto/common';
import type {
  BenchSeedBody,
  ContractCreate,
  ContractListQuery,
  ContractUpdate,
  CustomerCreate,
  CustomerListQuery,
  CustomerUpdate,
} from '../../schema/dto/crm';
import type {
  AllocateBody,
  AllocationListQuery,
  Rates,
  ReleaseBody,
  TopUpBody,
  UsageInput,
} from '../../schema/dto/devices';
import type { ApiKey, BasicData } from '../../schema/dto/onboarding';
import type { Member, TenantSettings, TenantSettingsPatch, TenantView } from '../../schema/dto/platform';
import type { TenantInvoice } from '../../schema/dto/platform-console';
import migrations from '../../schema/migrations/tenant/migrations.js';
import * as schema from '../../schema/tenant';
import type { Operation } from '../../schema/vocabulary/crm';
import { Actor, type JobHandler, type MessageHandler } from '../actor';
// ---- devices ----
import type { AllocationEndedMessage } from '../device-node/node-types';
import type { NodeCapacity } from '../device-node/placement';
import type { ItemOutcome } from '../device-node/reporter';
import type {
  BasicDataMessage,
  InvoiceReplicaMessage,
  MemberMessage,
  TenantProfileMessage,
  TenantUsageMessage,
} from '../directory/directory';
import { type PlanSnapshot, quotaLimit } from '../directory/plans';
import {
  type AccessOptions,
  authorize,
  type Caller,
  checkQuota,
  type MemberRecord,
  type Need,
  requireModule,
  writeRefusal,
} from './access';
import { BOUNDARY_JOB, Crm } from './crm/crm';
import { TenantDevices } from './devices/devices';

// ---- end devices ----

const {
  profile,
  members,
  auditLog,
  tenantPlan,
  quotaUsage,
  usageCounters,
  apiKeys,
  invoiceReplica,
  basicData,
} = schema;
type ProfileRow = typeof profile.$inferSelect;

const MB = 1024 * 1024;
/** How long usage may change before the tenant tells the Directory (console list, dashboard). */
export const USAGE_REPORT_DELAY_MS = 5 * 60_000;
const USAGE_REPORT_JOB = 'usage.report';

/**
 * Quotas whose overage a plan may bill instead of refusing (SPEC A2: extra users, storage and API
 * calls are priced). Everything else (customers, devices …) is a hard limit.
 */
const BILLABLE_OVERAGE = new Set(['users', 'storageMB', 'apiCallsPerMonth']);

/** Countable resources: the counter a module moves, and the plan quota that limits it. */
const COUNTED: Record<string, { quota: string; scale: number; unit?: string }> = {
  customers: { quota: 'customers', scale: 1 },
  storageBytes: { quota: 'storageMB', scale: MB, unit: 'bytes' },
};

/**
 * Everything one company owns. Every method takes the caller and checks, in this same call, that the
 * company exists and the caller may act in it — so no tenant request ever needs the Directory.
 */
export class TenantActor extends Actor<typeof schema> {
  /**
   * When the request path last made sure a usage report is waiting, so it looks that up at most once a
   * minute (a write that rolled back may have taken the scheduled job with it).
   */
  private usageReportCheckedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [BOUNDARY_JOB]: () => this.crm.onBoundary(), // crm
      [USAGE_REPORT_JOB]: () => this.reportUsage(), // platform
      'allocation-settle': (key, payload) => this.devices.settle(key, payload), // devices
    };
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      'tenant.profile': (p: TenantProfileMessage) => this.applyProfile(p),
      'member.upsert': (m: MemberMessage) => this.applyMember(m),
      // ---- platform ----
      'tenant.invoice': (i: InvoiceReplicaMessage) => this.applyInvoice(i),
      'tenant.basic-data': (b: BasicDataMessage) => this.applyBasicData(b),
      // ---- devices ----
      'device.allocation.ended': (m: AllocationEndedMessage) => void this.devices.applyEnded(m),
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
    if (p.planSnapshot) {
      const plan = {
        planCode: p.planSnapshot.code,
        quotas: p.planSnapshot.quotas,
        modules: p.planSnapshot.modules,
        allowOverage: p.planSnapshot.allowOverage,
        updatedAt: now,
      };
      this.db
        .insert(tenantPlan)
        .values({ id: 1, ...plan })
        .onConflictDoUpdate({ target: tenantPlan.id, set: plan })
        .run();
    }
    this.dropCaches();
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
      .values({
        userId: m.userId,
        ...values,
        joinedAt: now,
        joinedAtIso: new Date(now).toISOString(),
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: members.userId, set: { ...values, updatedAt: now } })
      .run();
    this.memberPages.clear();
    this.memberRecords.clear();
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

  /**
   * A committed write keeps the caches: the two writes that change the profile or the plan set or
   * drop them inside their own transaction (`updateSettings`, the Directory's profile message). A
   * write that failed may have cached rows its rolled-back transaction had changed, so it drops them.
   */
  protected override async write<T>(fn: () => T): Promise<Outcome<T>> {
    let outcome: Outcome<T> | undefined;
    try {
      outcome = await super.write(fn);
      return outcome;
    } finally {
      if (!outcome?.ok) this.dropCaches();
    }
  }

  private dropCaches(): void {
    this.profileCache = undefined;
    this.planCache = undefined;
  }

  /**
   * Each user's membership as SQLite last answered it (null: not a member), read on every tenant request.
   * `applyMember`, the only writer of the members table, empties the map, so a kept record is what
   * SQLite would answer now; a disabled or removed member is refused on the next request.
   */
  private readonly memberRecords = new BoundedCache<string, MemberRecord | null>(1000);

  private memberRecord(userId: string): MemberRecord | undefined {
    const record = this.memberRecords.get(
      userId,
      () =>
        // Raw SQL: the query builder costs more than the query.
        this.ctx.storage.sql
          .exec<{ role: MemberRecord['role']; status: MemberRecord['status'] }>(
            'SELECT role, status FROM members WHERE user_id = ?',
            userId,
          )
          .toArray()[0] ?? null,
    );
    return record ?? undefined;
  }

  /**
   * The live profile after checking that `caller` may act here with `need`. The one door of every
   * tenant method, so every module gets the same rules:
   * - the company exists and the caller is an active member (platform admins always pass);
   * - an API key must still be valid, and its calls count against the plan's monthly API quota;
   * - a write is refused while the company is suspended, expired or cancelled (reads still work),
   *   and while its storage is past a hard quota;
   * - `options.module` must be enabled by the plan.
   * Every call is counted for its month here, in the call the request already makes.
   */
  protected access(caller: Caller, need: Need, options: AccessOptions = {}): ProfileRow {
    const row = this.profileRow();
    if (!row || row.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    authorize(caller, caller.kind === 'user' ? this.memberRecord(caller.id) : undefined, need);
    const apiKey = caller.kind === 'user' ? caller.apiKey : undefined;
    if (apiKey) this.checkApiKey(apiKey);
    const write = options.write ?? caller.write ?? false;
    const plan = this.planOf(row);
    if (caller.kind === 'user') {
      if (write) {
        const refusal = writeRefusal(row.subscriptionStatus);
        if (refusal) throw refusal;
        this.checkStorage(row, plan);
      }
      if (options.module) requireModule(plan.modules, options.module, row.plan);
    }
    this.countCall(row, plan, !!apiKey);
    return row;
  }

  private memberRole(caller: Caller) {
    return caller.kind === 'user' ? (this.memberRecord(caller.id)?.role ?? null) : null;
  }

  // ---- the tenant as its members see it ----

  getTenant(caller: Caller): Outcome<TenantView> {
    return toOutcome(() => {
      const row = this.access(caller, 'member');
      const plan = this.planOf(row);
      const usage = this.currentUsage(row);
      return {
        id: row.tenantId,
        code: row.code,
        name: row.name,
        plan: row.plan,
        subscriptionStatus: row.subscriptionStatus,
        timezone: row.timezone,
        usage: {
          users: usage.users,
          customers: usage.customers,
          storageMB: Math.ceil(usage.storageBytes / MB),
          apiCallsThisMonth: usage.apiCalls,
        },
        quotas: this.quotasOf(row, plan),
        modules: plan.modules,
        allowOverage: plan.allowOverage,
        writable: writeRefusal(row.subscriptionStatus) === null,
        membership: { role: this.memberRole(caller), platformAdmin: caller.kind === 'admin' },
      };
    });
  }

  getSettings(caller: Caller): Outcome<TenantSettings> {
    return toOutcome(() => settingsView(this.access(caller, 'member')));
  }

  async updateSettings(caller: Caller, patch: TenantSettingsPatch): Promise<Outcome<TenantSettings>> {
    return this.write(() => {
      const before = this.access(caller, 'admin', { write: true });
      const now = this.now();
      const row = this.db
        .update(profile)
        .set({ ...patch, updatedAt: now })
        .where(eq(profile.id, 1))
        .returning()
        .get()!;
      this.profileCache = row;
      this.audit(caller, 'settings.update', patch);
      this.crm.onSettingsChanged(before, row, caller.id); // ---- crm ----
      return settingsView(row);
    });
  }

  /**
   * Member pages already written, by query. `applyMember` is the only writer of the members table and
   * empties this map, so a page here is always what SQLite would answer now. Few queries are common
   * (the console's first page), so the map stays small; past its limit it starts over.
   */
  private readonly memberPages = new BoundedCache<string, JsonText<Page<Member>>>(32);

  listMembers(
    caller: Caller,
    page: number,
    pageSize: number,
    status?: Member['status'],
  ): Outcome<JsonText<Page<Member>>> {
    return toOutcome(() => {
      this.access(caller, 'member');
      return this.memberPages.get(`${page}:${pageSize}:${status ?? ''}`, () =>
        this.memberPage(page, pageSize, status),
      );
    });
  }

  private memberPage(page: number, pageSize: number, status?: Member['status']): JsonText<Page<Member>> {
    // A hot read: SQLite counts, pages and writes the JSON in one statement, so no row object is
    // built in JavaScript only to be serialised again.
    const filter = status ? 'WHERE status = ?1' : 'WHERE ?1 IS NULL';
    const answer = this.ctx.storage.sql
      .exec<{ json: string }>(
        `SELECT json_object(
             'items', (SELECT json_group_array(json_object(
                         'userId', user_id, 'username', username, 'role', role, 'status', status,
                         'joinedAt', joined_at_iso))
                       FROM (SELECT * FROM members ${filter}
                             ORDER BY joined_at, user_id LIMIT ?2 OFFSET ?3)),
             'total', (SELECT COUNT(*) FROM members ${filter}),
             -- JavaScript numbers are bound as REAL: without the casts the page would read 2.0.
             'page', CAST(?4 AS INTEGER), 'pageSize', CAST(?2 AS INTEGER)) AS json`,
        status ?? null,
        pageSize,
        (page - 1) * pageSize,
        page,
      )
      .one();
    return answer.json as JsonText<Page<Member>>;
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
    monthNow: (profile) => this.monthNow(profile),
    access: (caller, need) => this.access(caller, need, { module: 'crm' }),
    beforeCustomerCreate: () => this.consumeQuota('customers', 1),
    afterCustomerDelete: () => this.consumeQuota('customers', -1),
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

  // ---- devices & billing (durable-objects/tenant/devices/devices.ts) ----

  private devicesModule: TenantDevices | undefined;
  private get devices(): TenantDevices {
    this.devicesModule ??= new TenantDevices({
      db: this.db,
      env: this.env,
      now: () => this.now(),
      tx: (fn) => this.tx(fn),
      access: (caller, need) => this.access(caller, need, { module: 'devices' }),
      quotaLimit: (metric) => {
        const row = this.profileRow();
        return row ? quotaLimit(this.planOf(row), row.plan, metric) : null;
      },
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

  // ---- platform: plan, quotas and usage ----

  /** Kept with the profile: both change only through a write or a Directory message. */
  private planCache: PlanSnapshot | undefined;

  /** The plan this tenant runs on; before the Directory published one, the shipped defaults of its code. */
  private planOf(row: ProfileRow): PlanSnapshot {
    if (this.planCache?.code !== row.plan) this.planCache = this.loadPlan(row);
    return this.planCache;
  }

  private loadPlan(row: ProfileRow): PlanSnapshot {
    const stored = this.db.select().from(tenantPlan).get();
    if (stored && stored.planCode === row.plan) {
      return {
        code: stored.planCode,
        quotas: stored.quotas,
        modules: stored.modules,
        allowOverage: stored.allowOverage,
      };
    }
    return {
      code: row.plan,
      quotas: {},
      modules: ['crm', 'annual-fees', 'legal', 'devices'],
      allowOverage: false,
    };
  }

  private quotasOf(row: ProfileRow, plan: PlanSnapshot): TenantView['quotas'] {
    const keys = new Set([
      'users',
      'customers',
      'storageMB',
      'apiCallsPerMonth',
      'devices',
      ...Object.keys(plan.quotas),
    ]);
    const out: Record<string, number | null> = {};
    for (const key of keys) out[key] = quotaLimit(plan, row.plan, key);
    return out as TenantView['quotas'];
  }

  private usedOf(metric: string): number {
    return (
      this.db.select({ used: quotaUsage.used }).from(quotaUsage).where(eq(quotaUsage.metric, metric)).get()
        ?.used ?? 0
    );
  }

  /** The tenant's own database plus the file bytes modules reported: what its storage quota measures. */
  private storageBytes(): number {
    return this.ctx.storage.sql.databaseSize + this.usedOf('storageBytes');
  }

  /**
   * The quota hook for modules (CRM customers, stored files …): call it inside the transaction that
   * creates (`delta` > 0) or removes (`delta` < 0) a counted resource. Past a hard limit it throws
   * 403 `QUOTA_EXCEEDED` with `details.quota` naming the quota, which rolls the whole create back.
   * `metric` is `customers`, `storageBytes`, or the name of any other plan quota (e.g. `devices`).
   */
  protected consumeQuota(metric: string, delta: number): void {
    const profileRow = this.db.select().from(profile).get();
    if (!profileRow) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    const plan = this.planOf(profileRow);
    const counted = COUNTED[metric] ?? { quota: metric, scale: 1 };
    const used = this.usedOf(metric);
    const limit = quotaLimit(plan, profileRow.plan, counted.quota);
    const base = metric === 'storageBytes' ? this.ctx.storage.sql.databaseSize : 0;
    checkQuota({
      quota: counted.quota,
      used: used + base,
      delta,
      limit: limit === null ? null : limit * counted.scale,
      overageBilled: plan.allowOverage && BILLABLE_OVERAGE.has(counted.quota),
      unit: counted.unit,
    });
    const next = Math.max(0, used + delta);
    this.db
      .insert(quotaUsage)
      .values({ metric, used: next })
      .onConflictDoUpdate({ target: quotaUsage.metric, set: { used: next } })
      .run();
    this.scheduleUsageReport();
  }

  /** Writes are refused while storage is past a hard quota (a plan without storage overage). */
  private checkStorage(row: ProfileRow, plan: PlanSnapshot): void {
    const limitMB = quotaLimit(plan, row.plan, 'storageMB');
    if (limitMB === null || plan.allowOverage) return;
    const used = this.storageBytes();
    if (used <= limitMB * MB) return;
    throw new AppError(403, 'QUOTA_EXCEEDED', `the plan's storage quota is used up (${limitMB} MB)`, {
      quota: 'storageMB',
      limit: limitMB,
      used: Math.ceil(used / MB),
      unit: 'MB',
    });
  }

  /** The current business month, recomputed only when the clock leaves it (time-zone maths is not free). */
  private monthCache: { timezone: string; month: string; from: number; until: number } | undefined;

  private monthNow(row: ProfileRow): string {
    const now = this.now();
    const cached = this.monthCache;
    if (cached?.timezone === row.timezone && now >= cached.from && now < cached.until) return cached.month;
    const month = monthOf(now, row.timezone);
    this.monthCache = {
      timezone: row.timezone,
      month,
      from: monthStart(month, row.timezone),
      until: monthStart(addMonths(month, 1), row.timezone),
    };
    return month;
  }

  /**
   * Plain requests are counted in memory and written every 100 calls and with each usage report, so a
   * read stays a read. (API-key calls, which are billed, are written on every call.)
   */
  private unrecorded = { month: '', requests: 0 };

  private recordRequests(): void {
    const { month, requests } = this.unrecorded;
    if (requests === 0) return;
    this.unrecorded = { month, requests: 0 };
    this.bump(month, 'requests', requests);
  }

  private counter(month: string, metric: string): number {
    return (
      this.db
        .select({ value: usageCounters.value })
        .from(usageCounters)
        .where(and(eq(usageCounters.month, month), eq(usageCounters.metric, metric)))
        .get()?.value ?? 0
    );
  }

  private bump(month: string, metric: string, by = 1): void {
    this.db
      .insert(usageCounters)
      .values({ month, metric, value: by })
      .onConflictDoUpdate({
        target: [usageCounters.month, usageCounters.metric],
        set: { value: sql`${usageCounters.value} + ${by}` },
      })
      .run();
  }

  /** Counts the call for its month; an API-key call past a hard API quota is refused with 429. */
  private countCall(row: ProfileRow, plan: PlanSnapshot, viaApiKey: boolean): void {
    const month = this.monthNow(row);
    if (viaApiKey) {
      checkQuota({
        quota: 'apiCallsPerMonth',
        used: this.counter(month, 'apiCalls'),
        delta: 1,
        limit: quotaLimit(plan, row.plan, 'apiCallsPerMonth'),
        overageBilled: plan.allowOverage,
      });
      this.bump(month, 'apiCalls');
    }
    if (this.unrecorded.month !== month) {
      this.recordRequests();
      this.unrecorded = { month, requests: 0 };
    }
    this.unrecorded.requests += 1;
    if (this.unrecorded.requests >= 100) this.recordRequests();
    this.scheduleUsageReport();
  }

  private currentUsage(row: ProfileRow) {
    const month = this.monthNow(row);
    // One statement instead of five: `GET /api/tenant` is a hot read.
    const counts = this.ctx.storage.sql
      .exec<{ users: number; customers: number; storedBytes: number; apiCalls: number; requests: number }>(
        `SELECT
           (SELECT COUNT(*) FROM members WHERE status = 'active') AS users,
           COALESCE((SELECT used FROM quota_usage WHERE metric = 'customers'), 0) AS customers,
           COALESCE((SELECT used FROM quota_usage WHERE metric = 'storageBytes'), 0) AS storedBytes,
           COALESCE((SELECT value FROM usage_counters WHERE month = ?1 AND metric = 'apiCalls'), 0) AS apiCalls,
           COALESCE((SELECT value FROM usage_counters WHERE month = ?1 AND metric = 'requests'), 0) AS requests`,
        month,
      )
      .one();
    return {
      month,
      users: counts.users,
      customers: counts.customers,
      storageBytes: this.ctx.storage.sql.databaseSize + counts.storedBytes,
      apiCalls: counts.apiCalls,
      requests: counts.requests + (this.unrecorded.month === month ? this.unrecorded.requests : 0),
    };
  }

  /**
   * Usage for the platform's sweeps (invoices, alerts): live counts and the API calls of `months`.
   * Internal: only the worker's tasks call it.
   */
  usageReport(
    months: string[] = [],
  ): Outcome<TenantUsageMessage & { apiCallsByMonth: Record<string, number> }> {
    return toOutcome(() => {
      const row = this.db.select().from(profile).get();
      if (!row) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
      const usage = this.currentUsage(row);
      const apiCallsByMonth: Record<string, number> = {};
      if (months.length) {
        for (const r of this.db
          .select()
          .from(usageCounters)
          .where(and(inArray(usageCounters.month, months), eq(usageCounters.metric, 'apiCalls')))
          .all())
          apiCallsByMonth[r.month] = r.value;
      }
      return { tenantId: row.tenantId, reportedAt: this.now(), ...usage, apiCallsByMonth };
    });
  }

  private scheduleUsageReport(): void {
    const now = this.now();
    if (now - this.usageReportCheckedAt < 60_000) return;
    this.usageReportCheckedAt = now;
    const waiting = this.db
      .select({ key: schema.jobs.key })
      .from(schema.jobs)
      .where(eq(schema.jobs.kind, USAGE_REPORT_JOB))
      .get();
    if (!waiting) this.schedule(USAGE_REPORT_JOB, '', now + USAGE_REPORT_DELAY_MS);
  }

  /** Tells the Directory the current usage, through the outbox (the console list and dashboard read it). */
  private async reportUsage(): Promise<void> {
    this.usageReportCheckedAt = 0;
    const row = this.db.select().from(profile).get();
    if (!row) return;
    this.recordRequests();
    const usage = this.currentUsage(row);
    const payload: TenantUsageMessage = { tenantId: row.tenantId, reportedAt: this.now(), ...usage };
    this.tx(() =>
      this.send({
        to: { binding: 'DIRECTORY', name: 'global' },
        type: 'tenant.usage',
        payload,
        key: `usage:${row.tenantId}:${payload.reportedAt}`,
      }),
    );
    await this.flushOutbox();
  }

  // ---- platform: API keys ----

  private checkApiKey(id: string): void {
    const key = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    const now = this.now();
    if (!key || key.revokedAt || key.expiresAt <= now) {
      throw new AppError(401, 'API_KEY_INVALID', 'this API key is revoked, expired or not of this company');
    }
    // Recorded at most once a minute, so a busy key does not write on every call for this alone.
    if (!key.lastUsedAt || now - key.lastUsedAt > 60_000) {
      this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id)).run();
    }
  }

  /**
   * Creates an API key record for the calling tenant admin; the worker signs the key itself. Refused
   * when the plan has no API access (SPEC A2: trial and basic have none).
   */
  async createApiKey(caller: Caller, name: string, ttlMs: number): Promise<Outcome<ApiKey>> {
    return this.write(() => {
      const row = this.access(caller, 'admin', { write: true });
      if (caller.kind !== 'user' || caller.apiKey) {
        throw new AppError(
          403,
          'USER_REQUIRED',
          'API keys are created by a company administrator signed in as a user',
        );
      }
      const plan = this.planOf(row);
      if (quotaLimit(plan, row.plan, 'apiCallsPerMonth') === 0) {
        throw new AppError(403, 'API_NOT_IN_PLAN', `the ${row.plan} plan has no API access`, {
          quota: 'apiCallsPerMonth',
          plan: row.plan,
        });
      }
      const now = this.now();
      const key = this.db
        .insert(apiKeys)
        .values({ id: newId('key'), name, createdBy: caller.id, createdAt: now, expiresAt: now + ttlMs })
        .returning()
        .get();
      this.audit(caller, 'api_key.create', { id: key.id, name });
      return apiKeyView(key);
    });
  }

  listApiKeys(caller: Caller, page: number, pageSize: number): Outcome<Page<ApiKey>> {
    return toOutcome(() => {
      this.access(caller, 'admin');
      const total = this.db.select({ n: count() }).from(apiKeys).get()!.n;
      const items = this.db
        .select()
        .from(apiKeys)
        .orderBy(desc(apiKeys.createdAt))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map(apiKeyView);
      return { items, total, page, pageSize };
    });
  }

  async revokeApiKey(caller: Caller, id: string): Promise<Outcome<ApiKey>> {
    return this.write(() => {
      // Revoking stays possible while suspended: it only takes access away.
      this.access(caller, 'admin', { write: false });
      const key = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
      if (!key) throw new AppError(404, 'API_KEY_NOT_FOUND', 'no API key with that id in this company');
      if (key.revokedAt) return apiKeyView(key);
      const revoked = this.db
        .update(apiKeys)
        .set({ revokedAt: this.now() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning()
        .get()!;
      this.audit(caller, 'api_key.revoke', { id });
      return apiKeyView(revoked);
    });
  }

  // ---- platform: invoices and basic data ----

  private applyInvoice(i: InvoiceReplicaMessage): void {
    const current = this.db
      .select({ version: invoiceReplica.version })
      .from(invoiceReplica)
      .where(eq(invoiceReplica.id, i.id))
      .get();
    if (current && current.version >= i.version) return;
    const values = {
      number: i.number,
      period: i.period,
      status: i.status,
      totalFen: i.totalFen,
      invoiceDate: i.invoiceDate,
      dueAt: i.dueAt,
      paidAt: i.paidAt,
      lines: i.lines,
      version: i.version,
    };
    this.db
      .insert(invoiceReplica)
      .values({ id: i.id, ...values })
      .onConflictDoUpdate({ target: invoiceReplica.id, set: values })
      .run();
  }

  listInvoices(caller: Caller, page: number, pageSize: number): Outcome<Page<TenantInvoice>> {
    return toOutcome(() => {
      this.access(caller, 'admin');
      const total = this.db.select({ n: count() }).from(invoiceReplica).get()!.n;
      const items = this.db
        .select()
        .from(invoiceReplica)
        .orderBy(desc(invoiceReplica.invoiceDate), desc(invoiceReplica.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map((r) => ({
          id: r.id,
          number: r.number,
          period: r.period,
          status: r.status as TenantInvoice['status'],
          totalFen: r.totalFen,
          invoiceDate: new Date(r.invoiceDate).toISOString(),
          dueAt: new Date(r.dueAt).toISOString(),
          paidAt: r.paidAt === null ? null : new Date(r.paidAt).toISOString(),
          lines: r.lines as TenantInvoice['lines'],
        }));
      return { items, total, page, pageSize };
    });
  }

  private applyBasicData(b: BasicDataMessage): void {
    const now = this.now();
    const start = this.db.select({ n: count() }).from(basicData).get()!.n;
    const rows = [
      ...b.departments.map((name) => ({ kind: 'department' as const, name })),
      ...b.roles.map((name) => ({ kind: 'role' as const, name })),
    ].map((r, i) => ({ ...r, position: start + i, createdAt: now }));
    if (rows.length) this.db.insert(basicData).values(rows).onConflictDoNothing().run();
  }

  getBasicData(caller: Caller): Outcome<BasicData> {
    return toOutcome(() => {
      this.access(caller, 'member');
      const rows = this.db.select().from(basicData).orderBy(asc(basicData.position)).all();
      return {
        departments: rows.filter((r) => r.kind === 'department').map((r) => r.name),
        roles: rows.filter((r) => r.kind === 'role').map((r) => r.name),
      };
    });
  }
}

function settingsView(row: ProfileRow): TenantSettings {
  return { timezone: row.timezone, crmAutoStatusSync: row.crmAutoStatusSync };
}

function apiKeyView(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt)!,
    expiresAt: iso(row.expiresAt)!,
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}
