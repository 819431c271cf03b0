import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { AppError, fieldError, type Outcome, toOutcome } from '../../lib/errors';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { Plan, PlanCreate, PlanUpdate } from '../../schema/dto/platform-console';
import type { Db, DirectoryHost, Operator, PlanRow } from './host';
import { storedFields } from './operation-log';
import { DEFAULT_PLANS, snapshotOf } from './plans';
import { planView } from './views';

const { plans, tenants } = schema;

/** What the plan catalog needs from the Directory: its companies, to republish those on a changed plan. */
export type PlanCatalogHost = Pick<DirectoryHost, 'db' | 'now' | 'write' | 'touchTenant' | 'logOperation'>;

/** The platform's plans: the shipped defaults, and a super admin's additions, edits and prices. */
export class PlanCatalog {
  constructor(private readonly host: PlanCatalogHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** Ships the default catalog once; later starts leave a super admin's edits alone. */
  seedPlans(): void {
    const now = this.host.now();
    for (const p of DEFAULT_PLANS) {
      this.db
        .insert(plans)
        .values({ ...p, version: 1, createdAt: now, updatedAt: now })
        .onConflictDoNothing({ target: plans.code })
        .run();
    }
  }

  planCodes(): string[] {
    return this.db
      .select({ code: plans.code })
      .from(plans)
      .all()
      .map((p) => p.code);
  }

  private tenantCounts(): Map<string, number> {
    const rows = this.db
      .select({ plan: tenants.plan, n: count() })
      .from(tenants)
      .where(isNull(tenants.deletedAt))
      .groupBy(tenants.plan)
      .all();
    return new Map(rows.map((r) => [r.plan, r.n]));
  }

  listPlans(page: number, pageSize: number): Page<Plan> {
    const counts = this.tenantCounts();
    const total = this.db.select({ n: count() }).from(plans).get()!.n;
    const items = this.db
      .select()
      .from(plans)
      .orderBy(asc(plans.sortOrder), asc(plans.code))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all()
      .map((p) => planView(p, counts.get(p.code) ?? 0));
    return { items, total, page, pageSize };
  }

  getPlan(code: string): Outcome<Plan> {
    return toOutcome(() => planView(this.requirePlan(code), this.tenantCounts().get(code) ?? 0));
  }

  async createPlan(input: PlanCreate, operator: Operator): Promise<Outcome<Plan>> {
    return this.host.write(() => {
      if (this.db.select({ code: plans.code }).from(plans).where(eq(plans.code, input.code)).get()) {
        throw fieldError(409, 'PLAN_EXISTS', 'body.code', `a plan with code ${input.code} exists`);
      }
      const now = this.host.now();
      const last =
        this.db
          .select({ max: sql<number>`max(${plans.sortOrder})` })
          .from(plans)
          .get()?.max ?? 0;
      const row = this.db
        .insert(plans)
        .values({
          code: input.code,
          name: input.name,
          description: input.description ?? null,
          sortOrder: input.sortOrder ?? last + 1,
          quotas: input.quotas,
          modules: input.modules,
          priceMonthlyFen: input.priceMonthlyFen,
          priceQuarterlyFen: input.priceQuarterlyFen ?? input.priceMonthlyFen * 3,
          priceYearlyFen: input.priceYearlyFen,
          extraUserFen: input.extraUserFen ?? 8_000,
          extraStorageGbFen: input.extraStorageGbFen ?? 500,
          apiCallFen: input.apiCallFen ?? 1,
          allowOverage: input.allowOverage ?? true,
          trialDays: input.trialDays ?? null,
          active: input.active ?? true,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      const { createdAt, updatedAt, version, ...stored } = row;
      this.host.logOperation(operator, null, 'plan.create', stored);
      return planView(row, 0);
    });
  }

  /** Edits, reprices, enables or disables a plan; companies on it learn new quotas and modules at once. */
  async updatePlan(code: string, patch: PlanUpdate, operator: Operator): Promise<Outcome<Plan>> {
    return this.host.write(() => {
      const current = this.requirePlan(code);
      const { quotas, ...rest } = patch;
      const row = this.db
        .update(plans)
        .set({
          ...rest,
          ...(quotas ? { quotas: { ...current.quotas, ...quotas } as Record<string, number | null> } : {}),
          version: current.version + 1,
          updatedAt: this.host.now(),
        })
        .where(eq(plans.code, code))
        .returning()
        .get()!;
      const enforced = JSON.stringify(snapshotOf(row)) !== JSON.stringify(snapshotOf(current));
      if (enforced) {
        for (const t of this.db
          .select()
          .from(tenants)
          .where(and(eq(tenants.plan, code), isNull(tenants.deletedAt)))
          .all())
          this.host.touchTenant(t, {});
      }
      this.host.logOperation(operator, null, 'plan.update', { code, ...storedFields(patch, row) });
      return planView(row, this.tenantCounts().get(code) ?? 0);
    });
  }

  requirePlan(code: string): PlanRow {
    const row = this.db.select().from(plans).where(eq(plans.code, code)).get();
    if (!row) throw new AppError(404, 'PLAN_NOT_FOUND', `no plan with code ${code}`);
    return row;
  }

  /** A plan a company may be put on: it exists and is enabled. Refusals name the `plan` field. */
  requireAssignablePlan(code: string): PlanRow {
    const row = this.db.select().from(plans).where(eq(plans.code, code)).get();
    if (!row) {
      throw new AppError(400, 'VALIDATION_FAILED', `invalid body.plan: no plan ${code}`, {
        fields: [{ path: 'body.plan', message: 'no such plan' }],
      });
    }
    if (!row.active) {
      throw new AppError(400, 'PLAN_DISABLED', `the plan ${code} is disabled`, {
        fields: [{ path: 'body.plan', message: 'this plan is disabled' }],
      });
    }
    return row;
  }
}
