import { and, desc, eq, lte, ne } from 'drizzle-orm';
import { AppError, fieldError, type Outcome, toOutcome, unwrap } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import { addMonths, dateOf, monthOf } from '../../lib/zoned';
import * as schema from '../../schema/directory';
import type {
  PlanChange,
  PlanChangePreview,
  Subscription,
  SubscriptionChange,
} from '../../schema/dto/self-service';
import { newestWrittenFirst } from '../write-order';
import { periodBounds, periodMonths, periodOf } from './billing';
import type { Db, DirectoryHost, PlanRow, TenantRow } from './host';
import {
  type ChangeTiming,
  type Cycle,
  changeKind,
  changeTiming,
  type Proration,
  prorate,
  type QuotaExcess,
  quotaExcess,
  STANDING_QUOTAS,
  type StandingQuota,
} from './plan-change-rules';
import { cyclePrice, quotaLimit, snapshotOf } from './plans';
import { afterCompanyUpdate } from './subscription';
import { subscriptionMails } from './subscription-mails';

const { planChanges, plans, invoices } = schema;
type ChangeRow = typeof planChanges.$inferSelect;

export const PLAN_CHANGE_JOB = 'plan-change';

/** Who asks, as the company's own actor vouched for them: a member with their role, or a platform admin. */
export interface Requester {
  kind: 'user' | 'admin';
  id: string;
  role: 'admin' | 'member' | null;
}

/** The usage the company's actor reported with the request: what a smaller plan's quotas are checked against. */
export type StandingUsage = Record<StandingQuota, number>;

/** What plan changes need from the Directory: companies and plans, the next invoice's charges, alarms, mail. */
export type PlanChangesHost = Pick<
  DirectoryHost,
  | 'db'
  | 'now'
  | 'write'
  | 'requireCompany'
  | 'requireAssignablePlan'
  | 'requirePlan'
  | 'touchTenant'
  | 'addInvoiceCharge'
  | 'schedule'
  | 'cancel'
  | 'mailTenant'
  | 'platformName'
>;

interface Plan {
  company: TenantRow;
  kind: 'upgrade' | 'downgrade' | 'cycle';
  timing: ChangeTiming;
  target: PlanRow;
  toCycle: Cycle;
  effectiveAt: number;
  proration: Proration | null;
  blockedBy: QuotaExcess[];
}

/**
 * Plan and billing-cycle changes by a company's administrator (SPEC A12): previewed, applied at once or
 * scheduled for the end of the period (an alarm applies it on time), cancelled while they wait. The rules
 * are in plan-change-rules.ts.
 */
export class PlanChanges {
  constructor(private readonly host: PlanChangesHost) {}

  private get db(): Db {
    return this.host.db;
  }

  subscription(tenantId: string, requester: Requester): Outcome<Subscription> {
    return toOutcome(() => {
      requireCompanyAdmin(requester);
      const company = this.host.requireCompany(tenantId);
      const now = this.host.now();
      const period = periodOf(company.billingCycle, monthOf(now, company.timezone));
      const { start, end } = periodBounds(period, company.timezone);
      const offers = this.db
        .select()
        .from(plans)
        .where(eq(plans.active, true))
        .all()
        .filter((p) => p.trialDays === null)
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((p) => ({
          code: p.code,
          name: p.name,
          priceMonthlyFen: p.priceMonthlyFen,
          priceQuarterlyFen: p.priceQuarterlyFen,
          priceYearlyFen: p.priceYearlyFen,
          quotas: Object.fromEntries(
            STANDING_QUOTAS.map((q) => [q, quotaLimit(snapshotOf(p), p.code, q)]),
          ) as Record<string, number | null>,
        }));
      const recent = this.db
        .select()
        .from(planChanges)
        .where(eq(planChanges.tenantId, tenantId))
        .orderBy(desc(planChanges.requestedAt), newestWrittenFirst(planChanges))
        .limit(10)
        .all();
      const pending = recent.find((c) => c.status === 'scheduled') ?? this.scheduledFor(tenantId);
      return {
        companyId: company.id,
        plan: company.plan,
        billingCycle: company.billingCycle,
        subscriptionStatus: company.subscriptionStatus,
        currentPeriod: { period, start: iso(start)!, end: iso(end)! },
        pendingChange: pending ? changeView(pending) : null,
        offers,
        recentChanges: recent.map(changeView),
      };
    });
  }

  preview(
    tenantId: string,
    request: SubscriptionChange,
    usage: StandingUsage,
    requester: Requester,
  ): Outcome<PlanChangePreview> {
    return toOutcome(() => {
      requireCompanyAdmin(requester);
      const plan = this.plan(tenantId, request, usage);
      return {
        kind: plan.kind,
        timing: plan.timing,
        from: { plan: plan.company.plan, billingCycle: plan.company.billingCycle },
        to: { plan: plan.target.code, billingCycle: plan.toCycle },
        effectiveAt: iso(plan.effectiveAt)!,
        proration: plan.proration,
        blockedBy: plan.blockedBy,
        allowed: plan.blockedBy.length === 0,
      };
    });
  }

  async change(
    tenantId: string,
    request: SubscriptionChange,
    usage: StandingUsage,
    requester: Requester,
  ): Promise<Outcome<PlanChange>> {
    return this.host.write(() => {
      requireCompanyAdmin(requester);
      const plan = this.plan(tenantId, request, usage);
      if (plan.blockedBy.length > 0) {
        const named = plan.blockedBy.map((b) => `${b.quota} ${b.used} of ${b.limit}`).join(', ');
        throw new AppError(
          409,
          'PLAN_QUOTA_EXCEEDED',
          `the ${plan.target.code} plan allows less than the company uses: ${named}`,
          { plan: plan.target.code, quotas: plan.blockedBy },
        );
      }
      const now = this.host.now();
      this.cancelScheduled(tenantId, 'replaced by a newer change', now);
      const row = this.db
        .insert(planChanges)
        .values({
          id: newId('pch'),
          tenantId,
          kind: plan.kind,
          fromPlan: plan.company.plan,
          fromCycle: plan.company.billingCycle,
          toPlan: plan.target.code,
          toCycle: plan.toCycle,
          status: plan.timing === 'now' ? 'applied' : 'scheduled',
          requestedBy: requester.id,
          requestedAt: now,
          effectiveAt: plan.effectiveAt,
          appliedAt: plan.timing === 'now' ? now : null,
          prorationFen: plan.proration?.amountFen ?? 0,
          prorationDays: plan.proration?.days ?? null,
          periodDays: plan.proration?.periodDays ?? null,
        })
        .returning()
        .get();
      if (plan.timing === 'now') {
        const updated = this.applyNow(plan.company, plan.target, plan.toCycle, now);
        if (plan.proration && plan.proration.amountFen > 0) {
          this.host.addInvoiceCharge(
            tenantId,
            `plan-change:${row.id}`,
            prorationLabel(row, plan.proration),
            plan.proration.amountFen,
          );
        }
        this.host.mailTenant(
          updated,
          subscriptionMails.applied({ company: updated, change: row, platform: this.host.platformName() }),
        );
      } else {
        this.host.schedule(PLAN_CHANGE_JOB, row.id, row.effectiveAt);
        this.host.mailTenant(
          plan.company,
          subscriptionMails.scheduled({
            company: plan.company,
            change: row,
            date: dateOf(row.effectiveAt, plan.company.timezone),
            platform: this.host.platformName(),
          }),
        );
      }
      return changeView(row);
    });
  }

  async cancelPending(tenantId: string, requester: Requester): Promise<Outcome<PlanChange>> {
    return this.host.write(() => {
      requireCompanyAdmin(requester);
      const company = this.host.requireCompany(tenantId);
      const cancelled = this.cancelScheduled(tenantId, 'cancelled by the company', this.host.now());
      if (!cancelled) throw new AppError(404, 'NO_PENDING_CHANGE', 'no plan change is waiting');
      this.host.mailTenant(
        company,
        subscriptionMails.cancelled({ company, change: cancelled, platform: this.host.platformName() }),
      );
      return changeView(cancelled);
    });
  }

  /** The alarm of a scheduled change: applies it (its job runs at the period's end). */
  async applyScheduled(id: string): Promise<void> {
    unwrap(
      await this.host.write(() => {
        const row = this.db.select().from(planChanges).where(eq(planChanges.id, id)).get();
        if (row?.status === 'scheduled' && row.effectiveAt <= this.host.now()) this.applyDue(row);
        return null;
      }),
    );
  }

  /** Applies every scheduled change that is due; the invoice sweep calls it first, so it bills the new terms. */
  async applyAllDue(now: number): Promise<Outcome<{ applied: string[] }>> {
    return this.host.write(() => {
      const due = this.db
        .select()
        .from(planChanges)
        .where(and(eq(planChanges.status, 'scheduled'), lte(planChanges.effectiveAt, now)))
        .all();
      return { applied: due.filter((row) => this.applyDue(row)).map((row) => row.id) };
    });
  }

  /** Applies a scheduled change, or drops it when the company moved on meanwhile (an admin changed it). */
  private applyDue(row: ChangeRow): boolean {
    const now = this.host.now();
    const company = this.host.requireCompany(row.tenantId);
    this.host.cancel(PLAN_CHANGE_JOB, row.id);
    const stale =
      company.deletedAt || company.plan !== row.fromPlan || company.billingCycle !== row.fromCycle;
    if (stale) {
      this.db
        .update(planChanges)
        .set({
          status: 'cancelled',
          cancelledAt: now,
          cancelReason: 'superseded: the subscription changed meanwhile',
        })
        .where(eq(planChanges.id, row.id))
        .run();
      return false;
    }
    const updated = this.host.touchTenant(company, {
      plan: row.toPlan,
      billingCycle: row.toCycle,
      ...(row.toCycle !== row.fromCycle ? { cycleSince: row.effectiveAt } : {}),
    });
    const applied = this.db
      .update(planChanges)
      .set({ status: 'applied', appliedAt: now })
      .where(eq(planChanges.id, row.id))
      .returning()
      .get()!;
    this.host.mailTenant(
      updated,
      subscriptionMails.applied({ company: updated, change: applied, platform: this.host.platformName() }),
    );
    return true;
  }

  /** Everything a change would do, as of now: the rules applied to this company and target. */
  private plan(tenantId: string, request: SubscriptionChange, usage: StandingUsage): Plan {
    const company = this.host.requireCompany(tenantId);
    if (company.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    if (company.subscriptionStatus === 'suspended') {
      throw new AppError(
        402,
        'TENANT_SUSPENDED',
        'the company is suspended for non-payment: pay the overdue invoices first',
      );
    }
    if (company.subscriptionStatus === 'cancelled') {
      throw new AppError(402, 'SUBSCRIPTION_CANCELLED', "this company's subscription is cancelled");
    }
    const target =
      request.plan && request.plan !== company.plan
        ? this.host.requireAssignablePlan(request.plan)
        : this.host.requirePlan(request.plan ?? company.plan);
    const toCycle = request.billingCycle ?? company.billingCycle;
    if (target.trialDays !== null) {
      throw fieldError(
        400,
        'TRIAL_NOT_SELF_SERVICE',
        'body.plan',
        'a trial is given by the platform, not chosen',
      );
    }
    if (cyclePrice(target, toCycle) <= 0 && cyclePrice(target, 'monthly') > 0) {
      throw fieldError(
        400,
        'CYCLE_NOT_OFFERED',
        'body.billingCycle',
        `the ${target.code} plan has no ${toCycle} price`,
      );
    }
    if (target.code === company.plan && toCycle === company.billingCycle) {
      throw new AppError(409, 'PLAN_UNCHANGED', `the company is on ${target.code}, ${toCycle}, already`);
    }
    const current = this.host.requirePlan(company.plan);
    const now = this.host.now();
    const period = periodOf(company.billingCycle, monthOf(now, company.timezone));
    const prepaid = company.subscriptionStatus === 'active' && this.invoiced(company.id, period);
    const from = {
      plan: company.plan,
      cycle: company.billingCycle,
      cyclePriceFen: cyclePrice(current, company.billingCycle),
    };
    const to = { plan: target.code, cycle: toCycle, cyclePriceFen: cyclePrice(target, toCycle) };
    const timing = changeTiming(from, to, prepaid);
    const months = periodMonths(period);
    const proration =
      timing === 'now' && prepaid
        ? prorate(
            to.cyclePriceFen - from.cyclePriceFen,
            `${months[0]}-01`,
            `${addMonths(months[months.length - 1]!, 1)}-01`,
            dateOf(now, company.timezone),
          )
        : null;
    const limits = Object.fromEntries(
      STANDING_QUOTAS.map((q) => [q, quotaLimit(snapshotOf(target), target.code, q)]),
    ) as Record<StandingQuota, number | null>;
    return {
      company,
      kind: changeKind(from, to),
      timing,
      target,
      toCycle,
      effectiveAt: timing === 'now' ? now : periodBounds(period, company.timezone).end,
      proration,
      blockedBy: quotaExcess(usage, limits),
    };
  }

  /** A change at once: the new terms, and a company that had not paid yet starts its paid service. */
  private applyNow(company: TenantRow, target: PlanRow, toCycle: Cycle, now: number): TenantRow {
    const state = afterCompanyUpdate(company, { plan: target.code }, target, now);
    return this.host.touchTenant(company, {
      ...state,
      plan: target.code,
      billingCycle: toCycle,
      ...(toCycle !== company.billingCycle && company.serviceStartAt !== null ? { cycleSince: now } : {}),
    });
  }

  /** Whether the period was billed in advance: an invoice for it that was not cancelled. */
  private invoiced(tenantId: string, period: string): boolean {
    return !!this.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(
        and(eq(invoices.tenantId, tenantId), eq(invoices.period, period), ne(invoices.status, 'cancelled')),
      )
      .get();
  }

  private scheduledFor(tenantId: string): ChangeRow | undefined {
    return this.db
      .select()
      .from(planChanges)
      .where(and(eq(planChanges.tenantId, tenantId), eq(planChanges.status, 'scheduled')))
      .get();
  }

  private cancelScheduled(tenantId: string, reason: string, now: number): ChangeRow | undefined {
    const pending = this.scheduledFor(tenantId);
    if (!pending) return undefined;
    this.host.cancel(PLAN_CHANGE_JOB, pending.id);
    return this.db
      .update(planChanges)
      .set({ status: 'cancelled', cancelledAt: now, cancelReason: reason })
      .where(eq(planChanges.id, pending.id))
      .returning()
      .get();
  }
}

function requireCompanyAdmin(requester: Requester): void {
  if (requester.kind === 'admin' || requester.role === 'admin') return;
  throw new AppError(
    403,
    'TENANT_ADMIN_REQUIRED',
    "only a company administrator may change the company's plan",
  );
}

function prorationLabel(row: ChangeRow, p: Proration): string {
  return `套餐升级 Upgrade ${row.fromPlan} → ${row.toPlan}, ${p.days}/${p.periodDays} 天 days`;
}

function changeView(row: ChangeRow): PlanChange {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    from: { plan: row.fromPlan, billingCycle: row.fromCycle },
    to: { plan: row.toPlan, billingCycle: row.toCycle },
    requestedAt: iso(row.requestedAt)!,
    effectiveAt: iso(row.effectiveAt)!,
    appliedAt: iso(row.appliedAt),
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    proration:
      row.prorationDays === null || row.periodDays === null
        ? null
        : { amountFen: row.prorationFen, days: row.prorationDays, periodDays: row.periodDays },
  };
}
