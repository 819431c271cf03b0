import { and, asc, count, desc, eq, inArray, isNull, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { codeCandidates } from '../../lib/company-code-suggestion';
import { AppError, fieldError, type Outcome, toOutcome } from '../../lib/errors';
import { newId, randomSecret } from '../../lib/ids';
import { type Industry, NAMED_FORMS, storedFormsOf } from '../../lib/industries';
import { iso } from '../../lib/iso';
import { DEFAULT_TIMEZONE, TRIAL_DAYS } from '../../lib/plans';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { Company, CompanyCreate, CompanyListQuery, CompanyUpdate } from '../../schema/dto/platform';
import { contains } from '../like';
import type { Db, DirectoryHost, Operator, TenantRow } from './host';
import { mails } from './mail-templates';
import { storedFields } from './operation-log';
import { type PlanSnapshot, snapshotOf } from './plans';
import { afterCompanyUpdate } from './subscription';
import { companyView } from './views';

const { tenants, plans } = schema;

const DAY = 86_400_000;

export interface TenantProfileMessage {
  tenantId: string;
  code: string;
  name: string;
  plan: string;
  subscriptionStatus: string;
  timezone: string;
  deletedAt: number | null;
  version: number;
  /** The plan's quotas and modules, so the tenant enforces them without asking. */
  planSnapshot?: PlanSnapshot;
}

/** What the companies registry needs from the Directory: the plan catalog, the outbox, mail and the log. */
export type CompaniesHost = Pick<
  DirectoryHost,
  | 'db'
  | 'now'
  | 'write'
  | 'send'
  | 'requirePlan'
  | 'requireAssignablePlan'
  | 'mailTenant'
  | 'platformName'
  | 'logOperation'
>;

/**
 * The tenants registry: the platform's companies, their plan and subscription state, each change
 * published to the company's own actor through the outbox.
 */
export class Companies {
  constructor(private readonly host: CompaniesHost) {}

  private get db(): Db {
    return this.host.db;
  }

  async createCompany(input: CompanyCreate, operator: Operator): Promise<Outcome<Company>> {
    return this.host.write(() => {
      const code = input.code ?? this.freeCodeFor(input.name);
      const taken = this.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.code, code)).get();
      if (taken) throw fieldError(409, 'CODE_TAKEN', 'body.code', `company code ${code} is taken`);
      const now = this.host.now();
      const planCode = input.plan ?? 'trial';
      const plan = this.host.requireAssignablePlan(planCode);
      const trial = plan.trialDays !== null;
      if (input.trialDays !== undefined && !trial) {
        throw fieldError(
          400,
          'TRIAL_NOT_IN_PLAN',
          'body.trialDays',
          `the ${planCode} plan starts its paid service at once; create the company on a trial plan to give it a trial`,
        );
      }
      const referrer = input.referredBy ? this.referrerByCode(input.referredBy) : null;
      const { serviceEndAt, referredBy: _code, trialDays, ...profile } = input;
      const row = this.db
        .insert(tenants)
        .values({
          ...profile,
          code,
          id: newId('cmp'),
          plan: planCode,
          subscriptionStatus: trial ? 'trial' : 'active',
          trialEndsAt: trial ? now + (trialDays ?? plan.trialDays ?? TRIAL_DAYS) * DAY : null,
          trialDays: trial ? (trialDays ?? null) : null,
          referredByTenantId: referrer?.id ?? null,
          serviceStartAt: trial ? null : now,
          serviceEndAt: serviceEndAt ? Date.parse(serviceEndAt) : null,
          billingCycle: input.billingCycle ?? 'monthly',
          onboardingStatus: 'pending',
          timezone: input.timezone ?? DEFAULT_TIMEZONE,
          discountPercent: input.discountPercent ?? 0,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      this.publishTenant(row);
      this.host.logOperation(operator, row.id, 'company.create', {
        code: row.code,
        name: row.name,
        plan: row.plan,
        subscriptionStatus: row.subscriptionStatus,
        billingCycle: row.billingCycle,
        discountPercent: row.discountPercent,
        ...(trialDays !== undefined ? { trialDays } : {}),
        ...(referrer ? { referredBy: referrer.code } : {}),
      });
      return companyView(row);
    });
  }

  /** A code for a company named `name` that no company has (nor had: deleted codes stay reserved). */
  suggestCode(name: string): Outcome<{ code: string; name: string }> {
    return toOutcome(() => ({ code: this.freeCodeFor(name), name }));
  }

  private freeCodeFor(name: string): string {
    const candidates = codeCandidates(
      name,
      Array.from({ length: 5 }, () => randomSecret(3).slice(0, 4)),
    );
    const taken = new Set(
      this.db
        .select({ code: tenants.code })
        .from(tenants)
        .where(inArray(tenants.code, candidates))
        .all()
        .map((r) => r.code),
    );
    const free = candidates.find((c) => !taken.has(c));
    if (!free)
      throw new AppError(409, 'CODE_SUGGESTION_FAILED', 'no free code found for that name; give one');
    return free;
  }

  private referrerByCode(code: string): TenantRow {
    const row = this.db.select().from(tenants).where(eq(tenants.code, code)).get();
    if (!row || row.deletedAt) {
      throw fieldError(400, 'REFERRER_NOT_FOUND', 'body.referredBy', `no company with code ${code}`);
    }
    return row;
  }

  listCompanies(query: CompanyListQuery): Page<Company> {
    const filters: SQL[] = [];
    if (query.includeDeleted !== 'true') filters.push(isNull(tenants.deletedAt));
    if (query.status) filters.push(eq(tenants.subscriptionStatus, query.status));
    if (query.plan) filters.push(eq(tenants.plan, query.plan));
    if (query.industry) filters.push(industryIs(query.industry));
    if (query.region) filters.push(eq(tenants.region, query.region));
    if (query.expiringWithinDays !== undefined) {
      const until = this.host.now() + query.expiringWithinDays * DAY;
      filters.push(
        or(
          and(eq(tenants.subscriptionStatus, 'trial'), lt(tenants.trialEndsAt, until)),
          and(eq(tenants.subscriptionStatus, 'active'), lt(tenants.serviceEndAt, until)),
        )!,
      );
    }
    if (query.q) {
      filters.push(
        or(
          contains(tenants.name, query.q),
          contains(tenants.code, query.q),
          contains(tenants.shortName, query.q),
        )!,
      );
    }
    const where = filters.length ? and(...filters) : undefined;
    // Expiry: the trial end of a trial, the service end otherwise; companies without an end come last.
    const expiry = sql`COALESCE(CASE WHEN ${tenants.subscriptionStatus} = 'trial' THEN ${tenants.trialEndsAt} ELSE ${tenants.serviceEndAt} END, 9007199254740991)`;
    const order = {
      created: [asc(tenants.createdAt)],
      '-created': [desc(tenants.createdAt)],
      name: [asc(tenants.name)],
      expiry: [asc(expiry)],
      usage: [desc(tenants.usageUsers), desc(tenants.usageStorageBytes)],
      storage: [desc(tenants.usageStorageBytes)],
      apiCalls: [desc(tenants.usageApiCalls)],
    }[query.sort];
    const total = this.db.select({ n: count() }).from(tenants).where(where).get()!.n;
    const rows = this.db
      .select()
      .from(tenants)
      .where(where)
      .orderBy(...order, asc(tenants.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all();
    return { items: rows.map(companyView), total, page: query.page, pageSize: query.pageSize };
  }

  getCompany(id: string): Outcome<Company> {
    return toOutcome(() => companyView(this.requireCompany(id)));
  }

  async updateCompany(id: string, patch: CompanyUpdate, operator: Operator): Promise<Outcome<Company>> {
    return this.host.write(() => {
      const current = this.requireCompany(id);
      if (current.deletedAt)
        throw new AppError(409, 'COMPANY_DELETED', 'a deleted company cannot be changed');
      const planCode = patch.plan ?? current.plan;
      const plan =
        patch.plan && patch.plan !== current.plan
          ? this.host.requireAssignablePlan(patch.plan)
          : this.host.requirePlan(planCode);
      const now = this.host.now();
      const { serviceEndAt, trialEndsAt, subscriptionStatus, ...profile } = patch;
      const state = afterCompanyUpdate(
        current,
        {
          plan: patch.plan,
          subscriptionStatus,
          trialEndsAt:
            trialEndsAt === undefined ? undefined : trialEndsAt === null ? null : Date.parse(trialEndsAt),
        },
        plan,
        now,
      );
      const row = this.db
        .update(tenants)
        .set({
          ...profile,
          ...state,
          ...(serviceEndAt !== undefined
            ? { serviceEndAt: serviceEndAt === null ? null : Date.parse(serviceEndAt) }
            : {}),
          version: current.version + 1,
          updatedAt: now,
        })
        .where(eq(tenants.id, id))
        .returning()
        .get()!;
      this.publishTenant(row);
      const stored = storedFields(patch, row);
      for (const key of ['trialEndsAt', 'serviceEndAt'] as const)
        if (key in stored) stored[key] = iso(row[key]) as never;
      this.host.logOperation(operator, id, 'company.update', {
        ...stored,
        plan: row.plan,
        subscriptionStatus: row.subscriptionStatus,
      });
      if (current.subscriptionStatus === 'suspended' && row.subscriptionStatus === 'active') {
        this.host.mailTenant(row, mails.tenantRestored({ company: row, platform: this.host.platformName() }));
      }
      return companyView(row);
    });
  }

  async deleteCompany(id: string, operator: Operator): Promise<Outcome<Company>> {
    return this.host.write(() => {
      const current = this.requireCompany(id);
      if (current.deletedAt) return companyView(current);
      const now = this.host.now();
      const row = this.db
        .update(tenants)
        .set({ deletedAt: now, version: current.version + 1, updatedAt: now })
        .where(eq(tenants.id, id))
        .returning()
        .get()!;
      this.publishTenant(row);
      this.host.logOperation(operator, id, 'company.delete', { code: row.code });
      return companyView(row);
    });
  }

  private publishTenant(row: TenantRow): void {
    const plan = this.db.select().from(plans).where(eq(plans.code, row.plan)).get();
    const payload: TenantProfileMessage = {
      tenantId: row.id,
      code: row.code,
      name: row.name,
      plan: row.plan,
      subscriptionStatus: row.subscriptionStatus,
      timezone: row.timezone,
      deletedAt: row.deletedAt,
      version: row.version,
      planSnapshot: plan ? snapshotOf(plan) : undefined,
    };
    this.host.send({
      to: { binding: 'TENANT', name: row.code },
      type: 'tenant.profile',
      payload,
      key: `tenant:${row.id}:${row.version}`,
    });
  }

  /** Bumps the company's version and republishes it (status, plan or plan contents changed). */
  touchTenant(row: TenantRow, set: Partial<TenantRow>): TenantRow {
    const updated = this.db
      .update(tenants)
      .set({ ...set, version: row.version + 1, updatedAt: this.host.now() })
      .where(eq(tenants.id, row.id))
      .returning()
      .get()!;
    this.publishTenant(updated);
    return updated;
  }

  requireCompany(id: string): TenantRow {
    const row = this.db.select().from(tenants).where(eq(tenants.id, id)).get();
    if (!row) throw new AppError(404, 'COMPANY_NOT_FOUND', 'no company with that id');
    return row;
  }
}

/** Rows filed under `code`, text stored before the vocabulary included (see `industryOf`). */
function industryIs(code: Industry): SQL {
  const stored = sql`lower(trim(${tenants.industry}))`;
  if (code !== 'other') return inArray(stored, storedFormsOf(code));
  return and(notInArray(stored, NAMED_FORMS), sql`${stored} <> ''`)!;
}
