import { and, asc, count, desc, eq, isNull, or, type SQL } from 'drizzle-orm';
import { AppError, fieldError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type {
  CompanySummary,
  GrantMembership,
  MembershipView,
  User,
  UserDetail,
  UserListQuery,
  UserUpdate,
} from '../../schema/dto/platform';
import { contains } from '../like';
import type { Db, DirectoryHost, Operator, TenantRow } from './host';
import { mails } from './mail-templates';
import { activeInOrder, resolvePrimary } from './memberships';
import { storedFields } from './operation-log';
import { quotaLimit, snapshotOf } from './plans';
import { userView } from './views';

const { users, memberships, tenants, plans } = schema;

export interface MemberMessage {
  userId: string;
  username: string;
  role: 'admin' | 'member';
  status: 'active' | 'disabled' | 'pending';
  isPrimary: boolean;
  version: number;
}

/** What users and memberships need from the Directory: its companies, the outbox, mail and the log. */
export type UserAccountsHost = Pick<
  DirectoryHost,
  'db' | 'now' | 'write' | 'send' | 'requireCompany' | 'queueMail' | 'platformName' | 'logOperation'
>;

/**
 * The platform's users (usernames and emails are global) and their memberships of companies: granting,
 * revoking, the primary company (SPEC A4), and each company's member replica kept through the outbox.
 */
export class UserAccounts {
  constructor(private readonly host: UserAccountsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** The user's active companies, primary first; repairs a primary that is no longer valid (SPEC A4). */
  ensurePrimary(userId: string): CompanySummary[] {
    const user = this.requireUser(userId);
    const rows = this.db
      .select({ m: memberships, t: tenants })
      .from(memberships)
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(and(eq(memberships.userId, userId), isNull(tenants.deletedAt)))
      .all();
    const views = rows.map(({ m, t }) => ({ ...m, tenant: t }));
    const decision = resolvePrimary(views, user.primaryTenantId);
    if (decision.changed && decision.primaryTenantId) {
      this.setPrimary(userId, decision.primaryTenantId);
      const primary = views.find((v) => v.tenantId === decision.primaryTenantId)!.tenant;
      // The user is told when a primary they had stopped being valid (not when they first get one).
      if (user.primaryTenantId) {
        this.host.queueMail(
          user.email,
          mails.primaryRepaired({ user, primary, platform: this.host.platformName() }),
          {
            userId,
            tenantId: primary.id,
          },
        );
      }
    }
    return activeInOrder(
      views.map((v) => ({ ...v, isPrimary: v.tenantId === decision.primaryTenantId })),
    ).map((v) => ({
      id: v.tenant.id,
      code: v.tenant.code,
      name: v.tenant.name,
      role: v.role,
      isPrimary: v.isPrimary,
    }));
  }

  private setPrimary(userId: string, tenantId: string): void {
    const now = this.host.now();
    const user = this.requireUser(userId);
    this.db
      .update(users)
      .set({ primaryTenantId: tenantId, updatedAt: now })
      .where(eq(users.id, userId))
      .run();
    const affected = this.db
      .select()
      .from(memberships)
      .where(
        and(
          eq(memberships.userId, userId),
          or(eq(memberships.isPrimary, true), eq(memberships.tenantId, tenantId)),
        ),
      )
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
      .set({
        role: m.role,
        status: m.status,
        isPrimary: m.isPrimary,
        disabledAt: m.disabledAt,
        version,
        updatedAt: now,
      })
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
    this.host.send({
      to: { binding: 'TENANT', name: tenant.code },
      type: 'member.upsert',
      payload,
      key: `member:${tenantId}:${m.userId}:${m.version}`,
    });
  }

  async createUser(
    input: { username: string; email: string; passwordHash: string; name: string },
    operator: Operator,
  ): Promise<Outcome<User>> {
    return this.host.write(() => {
      const row = this.insertUser(input);
      this.host.logOperation(operator, null, 'user.create', { userId: row.id, username: row.username });
      return userView(row);
    });
  }

  /** `id` is given when it was promised before the user existed (a marketplace registration). */
  insertUser(input: { id?: string; username: string; email: string; passwordHash: string; name: string }) {
    const username = input.username.toLowerCase();
    const email = input.email.toLowerCase();
    if (this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
      throw fieldError(409, 'USERNAME_TAKEN', 'body.username', `username ${username} is taken`);
    }
    if (this.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw fieldError(409, 'EMAIL_TAKEN', 'body.email', 'that email is already registered');
    }
    const now = this.host.now();
    return this.db
      .insert(users)
      .values({
        id: input.id ?? newId('usr'),
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
  }

  /** Renames a user (or changes email or name); the companies' member replicas learn the new username. */
  async updateUser(id: string, patch: UserUpdate, operator: Operator): Promise<Outcome<UserDetail>> {
    const outcome = await this.host.write(() => {
      const current = this.requireUser(id);
      const username = patch.username?.toLowerCase();
      const email = patch.email?.toLowerCase();
      if (username && username !== current.username) {
        if (this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
          throw fieldError(409, 'USERNAME_TAKEN', 'body.username', `username ${username} is taken`);
        }
      }
      if (email && email !== current.email) {
        if (this.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
          throw fieldError(409, 'EMAIL_TAKEN', 'body.email', 'that email is already registered');
        }
      }
      const now = this.host.now();
      const row = this.db
        .update(users)
        .set({
          username: username ?? current.username,
          email: email ?? current.email,
          name: patch.name ?? current.name,
          updatedAt: now,
        })
        .where(eq(users.id, id))
        .returning()
        .get()!;
      if (row.username !== current.username) {
        for (const m of this.db.select().from(memberships).where(eq(memberships.userId, id)).all()) {
          this.updateMembership(row.username, m, now);
        }
      }
      this.host.logOperation(operator, null, 'user.update', {
        userId: id,
        from: current.username,
        ...storedFields(patch, row),
      });
      return null;
    });
    return outcome.ok ? this.getUser(id) : outcome;
  }

  listUsers(query: UserListQuery): Page<User> {
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(users.status, query.status));
    if (query.q) {
      const q = query.q.toLowerCase();
      filters.push(or(contains(users.username, q), contains(users.email, q), contains(users.name, query.q))!);
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

  /** Grants (or re-activates) a membership; the tenant's replica learns it through the outbox (requirement A4: re-hiring). */
  async grantMembership(
    userId: string,
    grant: GrantMembership,
    operator: Operator,
  ): Promise<Outcome<UserDetail>> {
    const outcome = await this.host.write(() => {
      const company = this.host.requireCompany(grant.companyId);
      const { reactivated } = this.activateMembership(userId, company, grant.role, !!grant.isPrimary);
      const stored = this.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, company.id)))
        .get()!;
      this.host.logOperation(
        operator,
        company.id,
        reactivated ? 'membership.reactivate' : 'membership.grant',
        {
          userId,
          role: stored.role,
          isPrimary: stored.isPrimary,
          status: stored.status,
        },
      );
      return null;
    });
    return outcome.ok ? this.getUser(userId) : outcome;
  }

  /**
   * Makes `userId` an active member of `company` (adding or re-activating the membership), re-enables a
   * disabled account, sets the primary when asked or when there is none, and tells the user by mail.
   * Adding an active member counts against the plan's users quota.
   */
  activateMembership(
    userId: string,
    company: TenantRow,
    role: 'admin' | 'member' | undefined,
    makePrimary: boolean,
  ) {
    const user = this.requireUser(userId);
    if (company.deletedAt) throw new AppError(409, 'COMPANY_DELETED', 'that company is deleted');
    const now = this.host.now();
    const existing = this.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, company.id)))
      .get();
    if (existing?.status !== 'active') this.checkUsersQuota(company);
    const next = {
      userId,
      tenantId: company.id,
      role: role ?? existing?.role ?? 'member',
      isPrimary: existing?.isPrimary ?? false,
      status: 'active' as const,
      disabledAt: null,
      version: existing?.version ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (!existing) this.db.insert(memberships).values(next).run();
    this.updateMembership(user.username, next, now);
    const reactivated = existing?.status === 'disabled' || user.status === 'disabled';
    if (user.status === 'disabled') {
      this.db.update(users).set({ status: 'active', updatedAt: now }).where(eq(users.id, userId)).run();
    }
    const isPrimary = makePrimary || !user.primaryTenantId || user.status === 'disabled';
    if (isPrimary) this.setPrimary(userId, company.id);
    if (existing?.status !== 'active') {
      this.host.queueMail(
        user.email,
        mails.membershipGranted({
          user,
          company,
          reactivated,
          isPrimary,
          platform: this.host.platformName(),
        }),
        { userId, tenantId: company.id },
      );
    }
    return { next, reactivated };
  }

  /** The users quota of SPEC A2, checked where a member is added (a plan with user overage bills instead). */
  private checkUsersQuota(company: TenantRow): void {
    const plan = this.db.select().from(plans).where(eq(plans.code, company.plan)).get();
    const limit = quotaLimit(plan ? snapshotOf(plan) : undefined, company.plan, 'users');
    if (limit === null || plan?.allowOverage) return;
    const used = this.db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.tenantId, company.id), eq(memberships.status, 'active')))
      .get()!.n;
    if (used + 1 > limit) {
      throw new AppError(
        403,
        'QUOTA_EXCEEDED',
        `the ${company.plan} plan allows ${limit} users and ${used} are active`,
        {
          quota: 'users',
          limit,
          used,
          requested: 1,
        },
      );
    }
  }

  /** Disables a membership; the primary moves to another active company, or the account is disabled (SPEC A4). */
  async revokeMembership(
    userId: string,
    companyId: string,
    operator: Operator,
  ): Promise<Outcome<UserDetail>> {
    const outcome = await this.host.write(() => {
      const user = this.requireUser(userId);
      const existing = this.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.tenantId, companyId)))
        .get();
      if (!existing)
        throw new AppError(404, 'MEMBERSHIP_NOT_FOUND', 'the user is not a member of that company');
      if (existing.status === 'disabled') return null;
      const now = this.host.now();
      this.updateMembership(user.username, { ...existing, status: 'disabled', disabledAt: now }, now);
      const all = this.db
        .select()
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.userId, userId), isNull(tenants.deletedAt)))
        .all()
        .map((r) => r.memberships);
      const decision = resolvePrimary(all, user.primaryTenantId);
      const company = this.host.requireCompany(companyId);
      const platform = this.host.platformName();
      if (decision.disableAccount) {
        this.db
          .update(users)
          .set({ status: 'disabled', primaryTenantId: null, updatedAt: now })
          .where(eq(users.id, userId))
          .run();
        // Seed scenario 6: no company is primary any more (the rows stay, for the audit).
        for (const m of this.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.userId, userId), eq(memberships.isPrimary, true)))
          .all())
          this.updateMembership(user.username, { ...m, isPrimary: false }, now);
        this.host.queueMail(user.email, mails.accountDisabled({ user, company, platform }), {
          userId,
          tenantId: companyId,
        });
      } else if (decision.changed && decision.primaryTenantId) {
        this.setPrimary(userId, decision.primaryTenantId);
        const primary = this.host.requireCompany(decision.primaryTenantId);
        this.host.queueMail(
          user.email,
          mails.primarySwitched({ user, disabled: company, primary, platform }),
          {
            userId,
            tenantId: companyId,
          },
        );
      } else {
        this.host.queueMail(user.email, mails.membershipDisabled({ user, company, platform }), {
          userId,
          tenantId: companyId,
        });
      }
      this.host.logOperation(operator, companyId, 'membership.disable', { userId, ...decision });
      return null;
    });
    return outcome.ok ? this.getUser(userId) : outcome;
  }

  requireUser(id: string) {
    const row = this.db.select().from(users).where(eq(users.id, id)).get();
    if (!row) throw new AppError(404, 'USER_NOT_FOUND', 'no user with that id');
    return row;
  }

  /** The user's active companies (primary first) and the current one, repairing the primary if needed. */
  userCompanies(
    userId: string,
  ): Promise<Outcome<{ companies: CompanySummary[]; currentCompanyId: string | null }>> {
    return this.host.write(() => {
      const user = this.requireUser(userId);
      return {
        companies: this.ensurePrimary(user.id),
        currentCompanyId: user.currentTenantId,
      };
    });
  }

  /** Makes `companyId` the user's current company; refused unless the user is an active member of it. */
  switchCompany(userId: string, companyId: string): Promise<Outcome<{ currentCompany: CompanySummary }>> {
    return this.host.write(() => {
      const user = this.requireUser(userId);
      if (user.status !== 'active')
        throw new AppError(403, 'ACCOUNT_DISABLED', 'your account has been disabled; ask an administrator');
      const company = this.ensurePrimary(userId).find((c) => c.id === companyId);
      if (!company) throw new AppError(403, 'NOT_A_MEMBER', 'you are not an active member of that company');
      this.host.db
        .update(users)
        .set({ currentTenantId: companyId, updatedAt: this.host.now() })
        .where(eq(users.id, userId))
        .run();
      return { currentCompany: company };
    });
  }
}
