import { and, asc, count, desc, eq, isNull, like, lt, ne, or, type SQL } from 'drizzle-orm';
import { nextRunAfter } from '../../lib/cron';
import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { DEFAULT_TIMEZONE, TRIAL_DAYS } from '../../lib/plans';
import type { AdminRole } from '../../lib/tokens';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type {
  Company,
  CompanyCreate,
  CompanyListQuery,
  CompanySummary,
  CompanyUpdate,
  GrantMembership,
  MembershipView,
  User,
  UserDetail,
  UserListQuery,
} from '../../schema/dto/platform';
import type { TaskHistoryQuery, TaskRunRecord } from '../../schema/dto/tasks';
import migrations from '../../schema/migrations/directory/migrations.js';
import { Actor } from '../actor';
import type { NodeCapacity } from '../device-node/placement'; // ---- devices ----
import { activeInOrder, resolvePrimary } from './memberships';
import * as deviceNodeIndex from './nodes'; // ---- devices ----
import { afterFailure, lockedFor } from './throttle';
import { companyView, iso, userView } from './views';

const { admins, users, memberships, tenants, loginThrottle, taskState, taskRuns, operationLog } = schema;

/** Who did an admin write, for the platform operation log. */
export interface Operator {
  adminId: string;
  username: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginAccount {
  id: string;
  username: string;
  status: 'active' | 'disabled';
  passwordHash: string | null;
  role?: AdminRole;
}

export interface TaskDefinition {
  name: string;
  cron: string;
  timezone: string;
  graceMs: number;
  leaseMs: number;
}

export interface ClaimedRun {
  runId: string;
  task: string;
  scheduledFor: number | null;
}

export interface TenantProfileMessage {
  tenantId: string;
  code: string;
  name: string;
  plan: string;
  subscriptionStatus: string;
  timezone: string;
  deletedAt: number | null;
  version: number;
}

export interface MemberMessage {
  userId: string;
  username: string;
  role: 'admin' | 'member';
  status: 'active' | 'disabled' | 'pending';
  isPrimary: boolean;
  version: number;
}

const like_ = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Global uniqueness and look-ups: usernames and emails, the user → companies index, the tenants registry,
 * platform admins and their operation log, login throttling, and the scheduled-task state and history.
 * Never on a tenant request's path: tenant requests are checked inside the tenant's own actor.
 */
export class Directory extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  // ---- login ----

  /** The account behind a login name and how long it is locked; the worker verifies the password. */
  loginAccount(kind: 'admin' | 'user', name: string): { account: LoginAccount | null; lockedForMs: number } {
    const subject = `${kind}:${name.toLowerCase()}`;
    const throttle = this.db.select().from(loginThrottle).where(eq(loginThrottle.subject, subject)).get();
    const lockedForMs = lockedFor(throttle, this.now());
    if (kind === 'admin') {
      const row = this.db.select().from(admins).where(eq(admins.username, name.toLowerCase())).get();
      return { account: row ? { ...row, role: row.role } : null, lockedForMs };
    }
    const key = name.toLowerCase();
    const row = this.db
      .select()
      .from(users)
      .where(or(eq(users.username, key), eq(users.email, key)))
      .get();
    return { account: row ?? null, lockedForMs };
  }

  recordLoginFailure(kind: 'admin' | 'user', name: string): { lockedForMs: number } {
    const subject = `${kind}:${name.toLowerCase()}`;
    return this.tx(() => {
      const state = this.db.select().from(loginThrottle).where(eq(loginThrottle.subject, subject)).get();
      const next = afterFailure(state, this.now());
      this.db
        .insert(loginThrottle)
        .values({ subject, ...next })
        .onConflictDoUpdate({ target: loginThrottle.subject, set: next })
        .run();
      return { lockedForMs: lockedFor(next, this.now()) };
    });
  }

  /** A successful admin login: clears the throttle, records time and IP; the env super admin is created on first use. */
  adminLoggedIn(name: string, ip: string | null, superAdmin: boolean): { id: string; username: string; role: AdminRole } {
    const username = name.toLowerCase();
    const now = this.now();
    return this.tx(() => {
      this.db.delete(loginThrottle).where(eq(loginThrottle.subject, `admin:${username}`)).run();
      if (superAdmin) {
        this.db
          .insert(admins)
          .values({ id: newId('adm'), username, role: 'super_admin', createdAt: now })
          .onConflictDoNothing({ target: admins.username })
          .run();
      }
      const row = this.db
        .update(admins)
        .set({ lastLoginAt: now, lastLoginIp: ip })
        .where(eq(admins.username, username))
        .returning()
        .get();
      if (!row) throw new Error(`admin ${username} vanished during login`);
      return { id: row.id, username: row.username, role: row.role };
    });
  }

  /** A successful user login: answers the active companies, primary first (SPEC A4). */
  userLoggedIn(userId: string): Outcome<{ user: User; companies: CompanySummary[]; currentCompany: CompanySummary | null }> {
    return toOutcome(() =>
      this.tx(() => {
        const user = this.requireUser(userId);
        this.db.delete(loginThrottle).where(eq(loginThrottle.subject, `user:${user.username}`)).run();
        this.db.delete(loginThrottle).where(eq(loginThrottle.subject, `user:${user.email}`)).run();
        if (user.status !== 'active') throw new AppError(403, 'ACCOUNT_DISABLED', 'this account is disabled');
        const companies = this.ensurePrimary(user.id);
        if (companies.length === 0) {
          throw new AppError(403, 'NO_ACTIVE_COMPANY', 'this account belongs to no active company; ask an administrator');
        }
        const current = companies.find((c) => c.id === user.currentTenantId) ?? companies[0]!;
        const now = this.now();
        const updated = this.db
          .update(users)
          .set({ lastLoginAt: now, lastLoginTenantId: current.id, currentTenantId: current.id })
          .where(eq(users.id, user.id))
          .returning()
          .get()!;
        return { user: userView(updated), companies, currentCompany: current };
      }),
    );
  }

  userCompanies(userId: string): Outcome<{ companies: CompanySummary[]; currentCompanyId: string | null }> {
    return toOutcome(() =>
      this.tx(() => {
        const user = this.requireUser(userId);
        return { companies: this.ensurePrimary(user.id), currentCompanyId: user.currentTenantId };
      }),
    );
  }

  switchCompany(userId: string, companyId: string): Outcome<{ currentCompany: CompanySummary }> {
    return toOutcome(() =>
      this.tx(() => {
        this.requireUser(userId);
        const company = this.ensurePrimary(userId).find((c) => c.id === companyId);
        if (!company) throw new AppError(403, 'NOT_A_MEMBER', 'you are not an active member of that company');
        this.db.update(users).set({ currentTenantId: companyId, updatedAt: this.now() }).where(eq(users.id, userId)).run();
        return { currentCompany: company };
      }),
    );
  }

  /** The user's active companies, primary first; repairs a primary that is no longer valid (SPEC A4). */
  private ensurePrimary(userId: string): CompanySummary[] {
    const user = this.requireUser(userId);
    const rows = this.db
      .select({ m: memberships, t: tenants })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, userId), isNull(tenants.deletedAt)))
      .all();
    const views = rows.map(({ m, t }) => ({ ...m, tenant: t }));
    const decision = resolvePrimary(views, user.primaryTenantId);
    if (decision.changed && decision.primaryTenantId) this.setPrimary(userId, decision.primaryTenantId);
    return activeInOrder(
      views.map((v) => ({ ...v, isPrimary: v.tenantId === decision.primaryTenantId })),
    ).map((v) => ({ id: v.tenant.id, code: v.tenant.code, name: v.tenant.name, role: v.role, isPrimary: v.isPrimary }));
  }

  private setPrimary(userId: string, tenantId: string): void {
    const now = this.now();
    const user = this.requireUser(userId);
    this.db.update(users).set({ primaryTenantId: tenantId, updatedAt: now }).where(eq(users.id, userId)).run();
    const affected = this.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, userId), or(eq(memberships.isPrimary, true), eq(memberships.tenantId, tenantId))))
      .all();
    for (const m of affected) {
      const isPrimary = m.tenantId === tenantId;
      if (m.isPrimary === isPrimary) continue;
      this.updateMembership(user.username, { ...m, isPrimary }, now);
    }
  }

  private updateMembership(username: string, m: typeof memberships.$inferSelect, now: number): void {
    const version = m.version + 1;
    this.db
      .update(memberships)
      .set({ role: m.role, status: m.status, isPrimary: m.isPrimary, disabledAt: m.disabledAt, version, updatedAt: now })
      .where(and(eq(memberships.userId, m.userId), eq(memberships.tenantId, m.tenantId)))
      .run();
    this.notifyTenant(m.tenantId, username, { ...m, version });
  }

  private notifyTenant(tenantId: string, username: string, m: typeof memberships.$inferSelect): void {
    const tenant = this.db.select({ code: tenants.code }).from(tenants).where(eq(tenants.id, tenantId)).get();
    if (!tenant) return;
    const payload: MemberMessage = {
      userId: m.userId,
      username,
      role: m.role,
      status: m.status,
      isPrimary: m.isPrimary,
      version: m.version,
    };
    this.send({
      to: { binding: 'TENANT', name: tenant.code },
      type: 'member.upsert',
      payload,
      key: `member:${tenantId}:${m.userId}:${m.version}`,
    });
  }

  // ---- companies ----

  async createCompany(input: CompanyCreate, operator: Operator): Promise<Outcome<Company>> {
    return this.write(() => {
      const taken = this.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, input.code)).get();
      if (taken) throw new AppError(409, 'CODE_TAKEN', `company code ${input.code} is taken`, { field: 'code' });
      const now = this.now();
      const plan = input.plan ?? 'trial';
      const trial = plan === 'trial';
      const row = this.db
        .insert(tenants)
        .values({
          ...input,
          id: newId('cmp'),
          plan,
          subscriptionStatus: trial ? 'trial' : 'active',
          trialEndsAt: trial ? now + TRIAL_DAYS * 86_400_000 : null,
          serviceStartAt: trial ? null : now,
          billingCycle: input.billingCycle ?? 'monthly',
          onboardingStatus: 'pending',
          timezone: input.timezone ?? DEFAULT_TIMEZONE,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      this.publishTenant(row);
      this.logOperation(operator, row.id, 'company.create', { code: row.code, name: row.name, plan });
      return companyView(row);
    });
  }

  listCompanies(query: CompanyListQuery): Page<Company> {
    const filters: SQL[] = [];
    if (query.includeDeleted !== 'true') filters.push(isNull(tenants.deletedAt));
    if (query.status) filters.push(eq(tenants.subscriptionStatus, query.status));
    if (query.plan) filters.push(eq(tenants.plan, query.plan));
    if (query.q) {
      const pattern = like_(query.q);
      filters.push(or(like(tenants.name, pattern), like(tenants.code, pattern), like(tenants.shortName, pattern))!);
    }
    const where = filters.length ? and(...filters) : undefined;
    const order = {
      created: asc(tenants.createdAt),
      '-created': desc(tenants.createdAt),
      name: asc(tenants.name),
      expiry: asc(tenants.serviceEndAt),
    }[query.sort];
    const total = this.db.select({ n: count() }).from(tenants).where(where).get()!.n;
    const rows = this.db
      .select()
      .from(tenants)
      .where(where)
      .orderBy(order, asc(tenants.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all();
    return { items: rows.map(companyView), total, page: query.page, pageSize: query.pageSize };
  }

  getCompany(id: string): Outcome<Company> {
    return toOutcome(() => companyView(this.requireCompany(id)));
  }

  async updateCompany(id: string, patch: CompanyUpdate, operator: Operator): Promise<Outcome<Company>> {
    return this.write(() => {
      const current = this.requireCompany(id);
      if (current.deletedAt) throw new AppError(409, 'COMPANY_DELETED', 'a deleted company cannot be changed');
      const row = this.db
        .update(tenants)
        .set({ ...patch, version: current.version + 1, updatedAt: this.now() })
        .where(eq(tenants.id, id))
        .returning()
        .get()!;
      this.publishTenant(row);
      this.logOperation(operator, id, 'company.update', patch);
      return companyView(row);
    });
  }

  async deleteCompany(id: string, operator: Operator): Promise<Outcome<Company>> {
    return this.write(() => {
      const current = this.requireCompany(id);
      if (current.deletedAt) return companyView(current);
      const now = this.now();
      const row = this.db
        .update(tenants)
        .set({ deletedAt: now, version: current.version + 1, updatedAt: now })
        .where(eq(tenants.id, id))
        .returning()
        .get()!;
      this.publishTenant(row);
      this.logOperation(operator, id, 'company.delete', { code: row.code });
      return companyView(row);
    });
  }

  private publishTenant(row: typeof tenants.$inferSelect): void {
    const payload: TenantProfileMessage = {
      tenantId: row.id,
      code: row.code,
      name: row.name,
      plan: row.plan,
      subscriptionStatus: row.subscriptionStatus,
      timezone: row.timezone,
      deletedAt: row.deletedAt,
      version: row.version,
    };
    this.send({
      to: { binding: 'TENANT', name: row.code },
      type: 'tenant.profile',
      payload,
      key: `tenant:${row.id}:${row.version}`,
    });
  }

  private requireCompany(id: string) {
    const row = this.db.select().from(tenants).where(eq(tenants.id, id)).get();
    if (!row) throw new AppError(404, 'COMPANY_NOT_FOUND', 'no company with that id');
    return row;
  }

  // ---- users and memberships ----

  async createUser(
    input: { username: string; email: string; passwordHash: string; name: string },
    operator: Operator,
  ): Promise<Outcome<User>> {
    return this.write(() => {
      const username = input.username.toLowerCase();
      const email = input.email.toLowerCase();
      if (this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
        throw new AppError(409, 'USERNAME_TAKEN', `username ${username} is taken`, { field: 'username' });
      }
      if (this.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
        throw new AppError(409, 'EMAIL_TAKEN', 'that email is already registered', { field: 'email' });
      }
      const now = this.now();
      const row = this.db
        .insert(users)
        .values({
          id: newId('usr'),
          uuid: crypto.randomUUID(),
          username,
          email,
          name: input.name,
          passwordHash: input.passwordHash,
          status: 'active',
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      this.logOperation(operator, null, 'user.create', { userId: row.id, username });
      return userView(row);
    });
  }

  listUsers(query: UserListQuery): Page<User> {
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(users.status, query.status));
    if (query.q) {
      const pattern = like_(query.q.toLowerCase());
      filters.push(or(like(users.username, pattern), like(users.email, pattern), like(users.name, pattern))!);
    }
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(users).where(where).get()!.n;
    const rows = this.db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), asc(users.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all();
    return { items: rows.map(userView), total, page: query.page, pageSize: query.pageSize };
  }

  getUser(id: string): Outcome<UserDetail> {
    return toOutcome(() => {
      const user = this.requireUser(id);
      const rows = this.db
        .select({ m: memberships, t: tenants })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(eq(memberships.userId, id))
        .orderBy(asc(memberships.createdAt))
        .all();
      const companies: MembershipView[] = rows.map(({ m, t }) => ({
        companyId: t.id,
        code: t.code,
        name: t.name,
        role: m.role,
        isPrimary: m.isPrimary,
        status: m.status,
        disabledAt: iso(m.disabledAt),
      }));
      return { ...userView(user), companies };
    });
  }

  /** Grants (or re-activates) a membership; the tenant's replica learns it through the outbox. */
  async grantMembership(userId: string, grant: GrantMembership, operator: Operator): Promise<Outcome<UserDetail>> {
    const outcome = await this.write(() => {
      const user = this.requireUser(userId);
      const company = this.requireCompany(grant.companyId);
      if (company.deletedAt) throw new AppError(409, 'COMPANY_DELETED', 'that company is deleted');
      const now = this.now();
      const existing = this.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, company.id)))
        .get();
      const next = {
        userId,
        tenantId: company.id,
        role: grant.role ?? existing?.role ?? 'member',
        isPrimary: existing?.isPrimary ?? false,
        status: 'active' as const,
        disabledAt: null,
        version: existing?.version ?? 0,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      if (!existing) this.db.insert(memberships).values(next).run();
      this.updateMembership(user.username, next, now);
      if (user.status === 'disabled') {
        this.db.update(users).set({ status: 'active', updatedAt: now }).where(eq(users.id, userId)).run();
      }
      if (grant.isPrimary || !user.primaryTenantId) this.setPrimary(userId, company.id);
      this.logOperation(operator, company.id, 'membership.grant', { userId, role: next.role, isPrimary: !!grant.isPrimary });
      return null;
    });
    return outcome.ok ? this.getUser(userId) : outcome;
  }

  /** Disables a membership; the primary moves to another active company, or the account is disabled (SPEC A4). */
  async revokeMembership(userId: string, companyId: string, operator: Operator): Promise<Outcome<UserDetail>> {
    const outcome = await this.write(() => {
      const user = this.requireUser(userId);
      const existing = this.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, companyId)))
        .get();
      if (!existing) throw new AppError(404, 'MEMBERSHIP_NOT_FOUND', 'the user is not a member of that company');
      if (existing.status === 'disabled') return null;
      const now = this.now();
      this.updateMembership(user.username, { ...existing, status: 'disabled', disabledAt: now }, now);
      const all = this.db
        .select()
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.userId, userId), isNull(tenants.deletedAt)))
        .all()
        .map((r) => r.memberships);
      const decision = resolvePrimary(all, user.primaryTenantId);
      if (decision.disableAccount) {
        this.db.update(users).set({ status: 'disabled', primaryTenantId: null, updatedAt: now }).where(eq(users.id, userId)).run();
      } else if (decision.changed && decision.primaryTenantId) {
        this.setPrimary(userId, decision.primaryTenantId);
      }
      this.logOperation(operator, companyId, 'membership.disable', { userId, ...decision });
      return null;
    });
    return outcome.ok ? this.getUser(userId) : outcome;
  }

  private requireUser(id: string) {
    const row = this.db.select().from(users).where(eq(users.id, id)).get();
    if (!row) throw new AppError(404, 'USER_NOT_FOUND', 'no user with that id');
    return row;
  }

  // ---- platform operation log ----

  private logOperation(operator: Operator, tenantId: string | null, action: string, detail: unknown): void {
    this.db
      .insert(operationLog)
      .values({
        id: newId('log'),
        adminId: operator.adminId,
        adminUsername: operator.username,
        tenantId,
        action,
        detail: detail ?? null,
        ip: operator.ip,
        userAgent: operator.userAgent,
        at: this.now(),
      })
      .run();
  }

  operationLog(page: number, pageSize: number) {
    const total = this.db.select({ n: count() }).from(operationLog).get()!.n;
    const items = this.db
      .select()
      .from(operationLog)
      .orderBy(desc(operationLog.at))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all()
      .map((r) => ({ ...r, at: iso(r.at)! }));
    return { items, total, page, pageSize };
  }

  // ---- scheduled tasks ----

  /**
   * Claims every task due at `now`. Runs missed while nothing ticked collapse into one (the next run is
   * computed from now); a run later than its grace time is recorded as skipped instead; a task still
   * running (lease not expired) is not started twice.
   */
  claimDueTasks(definitions: TaskDefinition[], now = this.now()): ClaimedRun[] {
    return this.tx(() => {
      const claimed: ClaimedRun[] = [];
      for (const def of definitions) {
        const state = this.taskStateFor(def, now);
        if (state.nextRunAt > now) continue;
        if (state.runningRunId && state.leaseUntil && state.leaseUntil > now) continue;
        this.expireStaleRun(state, now);
        const nextRunAt = nextRunAfter(def.cron, def.timezone, now) ?? Number.MAX_SAFE_INTEGER;
        const lateBy = now - state.nextRunAt;
        if (lateBy > def.graceMs) {
          const runId = newId('run');
          this.db
            .insert(taskRuns)
            .values({
              runId,
              task: def.name,
              trigger: 'cron',
              scheduledFor: state.nextRunAt,
              startedAt: now,
              endedAt: now,
              durationMs: 0,
              status: 'skipped',
              error: `misfired: ${Math.round(lateBy / 1000)} s late, past the ${Math.round(def.graceMs / 1000)} s grace time`,
            })
            .run();
          this.db
            .update(taskState)
            .set({ nextRunAt, runningRunId: null, leaseUntil: null, lastRunId: runId })
            .where(eq(taskState.name, def.name))
            .run();
          continue;
        }
        const runId = this.startRun(def, 'cron', state.nextRunAt, now);
        this.db.update(taskState).set({ nextRunAt }).where(eq(taskState.name, def.name)).run();
        claimed.push({ runId, task: def.name, scheduledFor: state.nextRunAt });
      }
      return claimed;
    });
  }

  /** A manual run; refused while another run of the task holds its lease. */
  claimManualRun(def: TaskDefinition): Outcome<ClaimedRun> {
    return toOutcome(() =>
      this.tx(() => {
        const now = this.now();
        const state = this.taskStateFor(def, now);
        if (state.runningRunId && state.leaseUntil && state.leaseUntil > now) {
          throw new AppError(409, 'TASK_RUNNING', `${def.name} is already running`, { runId: state.runningRunId });
        }
        this.expireStaleRun(state, now);
        return { runId: this.startRun(def, 'manual', null, now), task: def.name, scheduledFor: null };
      }),
    );
  }

  finishRun(runId: string, status: 'succeeded' | 'failed', resultJson: string | null, error: string | null): TaskRunRecord | null {
    return this.tx(() => {
      const run = this.db.select().from(taskRuns).where(eq(taskRuns.runId, runId)).get();
      if (!run || run.status !== 'running') return run ? taskRunView(run) : null;
      const now = this.now();
      const done = this.db
        .update(taskRuns)
        .set({ status, result: resultJson, error, endedAt: now, durationMs: now - run.startedAt })
        .where(eq(taskRuns.runId, runId))
        .returning()
        .get()!;
      this.db
        .update(taskState)
        .set({ runningRunId: null, leaseUntil: null })
        .where(and(eq(taskState.name, run.task), eq(taskState.runningRunId, runId)))
        .run();
      return taskRunView(done);
    });
  }

  taskOverview(definitions: TaskDefinition[]) {
    const now = this.now();
    return this.tx(() =>
      definitions.map((def) => {
        const state = this.taskStateFor(def, now);
        const last = state.lastRunId
          ? this.db.select().from(taskRuns).where(eq(taskRuns.runId, state.lastRunId)).get()
          : undefined;
        const running = !!(state.runningRunId && state.leaseUntil && state.leaseUntil > now);
        return { name: def.name, nextRunAt: iso(state.nextRunAt), running, lastRun: last ? taskRunView(last) : null };
      }),
    );
  }

  taskHistory(query: TaskHistoryQuery): Page<TaskRunRecord> {
    const filters: SQL[] = [];
    if (query.task) filters.push(eq(taskRuns.task, query.task));
    if (query.status) filters.push(eq(taskRuns.status, query.status));
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(taskRuns).where(where).get()!.n;
    const rows = this.db
      .select()
      .from(taskRuns)
      .where(where)
      .orderBy(desc(taskRuns.startedAt), desc(taskRuns.runId))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all();
    return { items: rows.map(taskRunView), total, page: query.page, pageSize: query.pageSize };
  }

  /** Deletes finished history older than `before`, and delivered messages and inbox keys of the same age. */
  pruneHistory(before: number): { taskRuns: number; messages: number } {
    return this.tx(() => {
      const runs = this.db
        .delete(taskRuns)
        .where(and(lt(taskRuns.startedAt, before), ne(taskRuns.status, 'running')))
        .returning({ id: taskRuns.runId })
        .all().length;
      return { taskRuns: runs, messages: this.pruneMessages(before) };
    });
  }

  private taskStateFor(def: TaskDefinition, now: number) {
    const state = this.db.select().from(taskState).where(eq(taskState.name, def.name)).get();
    if (state) return state;
    const fresh = {
      name: def.name,
      nextRunAt: nextRunAfter(def.cron, def.timezone, now) ?? Number.MAX_SAFE_INTEGER,
      runningRunId: null,
      leaseUntil: null,
      lastRunId: null,
    };
    this.db.insert(taskState).values(fresh).run();
    return fresh;
  }

  private startRun(def: TaskDefinition, trigger: 'cron' | 'manual', scheduledFor: number | null, now: number) {
    const runId = newId('run');
    this.db
      .insert(taskRuns)
      .values({ runId, task: def.name, trigger, scheduledFor, startedAt: now, status: 'running' })
      .run();
    this.db
      .update(taskState)
      .set({ runningRunId: runId, leaseUntil: now + def.leaseMs, lastRunId: runId })
      .where(eq(taskState.name, def.name))
      .run();
    return runId;
  }

  /** A run whose lease ran out without finishing died with its worker: record it as failed. */
  private expireStaleRun(state: typeof taskState.$inferSelect, now: number): void {
    if (!state.runningRunId) return;
    this.db
      .update(taskRuns)
      .set({ status: 'failed', error: 'lease expired before the run finished', endedAt: now })
      .where(and(eq(taskRuns.runId, state.runningRunId), eq(taskRuns.status, 'running')))
      .run();
  }

  // ---- devices: the node index (durable-objects/directory/nodes.ts) ----

  publishNodeCapacity(snapshot: NodeCapacity): void {
    deviceNodeIndex.publishNodeCapacity(this.db, snapshot);
  }

  nodeIndex(): NodeCapacity[] {
    return deviceNodeIndex.nodeIndex(this.db);
  }

  listNodeIds(page: number, pageSize: number): Page<string> {
    return deviceNodeIndex.listNodeIds(this.db, page, pageSize);
  }

  tenantCodeById(tenantId: string): string | null {
    return deviceNodeIndex.tenantCodeById(this.db, tenantId);
  }

  // ---- end devices ----
}

function taskRunView(row: typeof taskRuns.$inferSelect): TaskRunRecord {
  return {
    runId: row.runId,
    task: row.task,
    trigger: row.trigger,
    scheduledFor: iso(row.scheduledFor),
    startedAt: iso(row.startedAt)!,
    endedAt: iso(row.endedAt),
    durationMs: row.durationMs,
    status: row.status,
    resultJson: row.result,
    error: row.error,
  };
}
