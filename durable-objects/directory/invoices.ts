import { and, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { DEFAULT_TIMEZONE } from '../../lib/plans';
import { dateOf, monthOf } from '../../lib/zoned';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { Invoice, InvoiceListQuery, MarkPaid } from '../../schema/dto/platform-console';
import { contains } from '../like';
import { suspensionAlert } from './alerts';
import {
  type BillingCycle,
  cycleOfPeriod,
  periodBounds,
  periodMonths,
  periodOf,
  previousPeriod,
  priceInvoice,
  shouldSuspend,
} from './billing';
import type { Db, DirectoryHost, Operator, TenantRow } from './host';
import { mails } from './mail-templates';
import { cyclePrice, isPaidPlan, quotaLimit, snapshotOf } from './plans';
import { expiryOf } from './subscription';
import { invoiceView } from './views';

const { tenants, plans, invoices, counters } = schema;

type InvoiceRow = typeof invoices.$inferSelect;

const DAY = 86_400_000;

export interface InvoiceReplicaMessage {
  id: string;
  number: string;
  period: string;
  status: string;
  totalFen: number;
  invoiceDate: number;
  dueAt: number;
  paidAt: number | null;
  lines: unknown;
  version: number;
}

/** One tenant the invoice sweep should bill, and which period. */
export interface InvoiceCandidate {
  tenantId: string;
  code: string;
  period: string;
  /** The months of the previous period, whose API calls past quota this invoice bills. */
  apiMonths: string[];
}

/** What invoicing needs from the Directory: the companies and plans it bills, their mail and their alerts. */
export type InvoicesHost = Pick<
  DirectoryHost,
  | 'db'
  | 'now'
  | 'write'
  | 'send'
  | 'config'
  | 'requireCompany'
  | 'requirePlan'
  | 'touchTenant'
  | 'mailTenant'
  | 'recordAlert'
  | 'logOperation'
  | 'invoiceExtras'
  | 'settleInvoiceExtras'
>;

/**
 * The platform's invoices (SPEC A9): which companies are due a bill, issuing it with the usage the
 * tenant reported, marking it paid or cancelled, and the daily overdue sweep that suspends and expires.
 */
export class Invoices {
  constructor(private readonly host: InvoicesHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /**
   * Companies to bill at `now`: active, on a plan with a price for their cycle, whose current period
   * (in their time zone) has no invoice yet and whose service has begun.
   */
  invoiceCandidates(now: number): InvoiceCandidate[] {
    const priced = new Map(
      this.db
        .select()
        .from(plans)
        .all()
        .map((p) => [p.code, p]),
    );
    const rows = this.db
      .select()
      .from(tenants)
      .where(and(eq(tenants.subscriptionStatus, 'active'), isNull(tenants.deletedAt)))
      .all();
    const wanted = rows
      .map((t) => ({ t, period: periodOf(t.billingCycle, monthOf(now, t.timezone)) }))
      .filter(({ t }) => {
        const plan = priced.get(t.plan);
        return plan && isPaidPlan(plan) && cyclePrice(plan, t.billingCycle) > 0;
      })
      .filter(({ t, period }) => {
        const { end } = periodBounds(period, t.timezone);
        return t.serviceStartAt === null || t.serviceStartAt < end;
      });
    if (wanted.length === 0) return [];
    const billed = new Set(
      this.db
        .select({ tenantId: invoices.tenantId, period: invoices.period })
        .from(invoices)
        .where(inArray(invoices.period, [...new Set(wanted.map((w) => w.period))]))
        .all()
        .map((i) => `${i.tenantId} ${i.period}`),
    );
    return wanted
      .filter(({ t, period }) => !billed.has(`${t.id} ${period}`))
      .map(({ t, period }) => ({
        tenantId: t.id,
        code: t.code,
        period,
        apiMonths: periodMonths(previousPeriod(period)),
      }));
  }

  /**
   * Bills one company for one period with the usage its actor reported. Idempotent: the unique
   * (company, period) index turns a second invoice for the same period into a no-op.
   */
  async issueInvoice(
    tenantId: string,
    period: string,
    usage: { activeUsers: number; storageBytes: number; apiCallsByMonth: Record<string, number> },
    now: number,
  ): Promise<Outcome<{ issued: boolean; invoice: Invoice | null }>> {
    let created: InvoiceRow | undefined;
    const outcome = await this.host.write(() => {
      const company = this.host.requireCompany(tenantId);
      if (company.deletedAt || company.subscriptionStatus !== 'active') return null;
      const plan = this.host.requirePlan(company.plan);
      const cycle = company.billingCycle as BillingCycle;
      if (cycleOfPeriod(period) !== cycle) {
        throw new AppError(409, 'PERIOD_CYCLE_MISMATCH', `${period} is not a ${cycle} period`);
      }
      const { start, end } = periodBounds(period, company.timezone);
      const config = this.host.config();
      const snapshot = snapshotOf(plan);
      const extras = this.host.invoiceExtras(company, plan, cycle, start);
      const pricing = priceInvoice({
        cycle,
        cyclePriceFen: cyclePrice(plan, cycle),
        periodStart: start,
        periodEnd: end,
        // A company that changed cycle is billed from then in the new cycle's first period.
        serviceStartAt: company.cycleSince ?? company.serviceStartAt,
        quotas: {
          users: quotaLimit(snapshot, plan.code, 'users'),
          storageMB: quotaLimit(snapshot, plan.code, 'storageMB'),
          apiCallsPerMonth: quotaLimit(snapshot, plan.code, 'apiCallsPerMonth'),
        },
        prices: {
          extraUserFen: plan.extraUserFen,
          extraStorageGbFen: plan.extraStorageGbFen,
          apiCallFen: plan.apiCallFen,
        },
        usage,
        apiMonths: periodMonths(previousPeriod(period)),
        ...extras,
      });
      const id = newId('inv');
      const free = pricing.totalFen === 0;
      const row = this.db
        .insert(invoices)
        .values({
          id,
          number: this.nextInvoiceNumber(now, config.platformTimezone),
          tenantId,
          period,
          periodStart: start,
          periodEnd: end,
          invoiceDate: now,
          dueAt: now + config.invoiceDueDays * DAY,
          planCode: plan.code,
          billingCycle: cycle,
          baseFen: pricing.baseFen,
          extraUsers: pricing.extraUsers,
          extraUsersFen: pricing.extraUsersFen,
          extraStorageGb: pricing.extraStorageGb,
          extraStorageFen: pricing.extraStorageFen,
          apiOverageCalls: pricing.apiOverageCalls,
          apiOverageFen: pricing.apiOverageFen,
          discountPercent: pricing.discountPercent,
          discountFen: pricing.discountFen,
          totalFen: pricing.totalFen,
          lines: pricing.lines,
          // Nothing to pay (a full discount) is settled at once rather than left to go overdue.
          status: free ? 'paid' : 'pending',
          paidAt: free ? now : null,
          paymentMethod: free ? 'none' : null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [invoices.tenantId, invoices.period] })
        .returning()
        .get();
      if (!row) return null;
      created = row;
      this.host.settleInvoiceExtras(row.id, extras, pricing.reductions);
      this.db.update(tenants).set({ updatedAt: now }).where(eq(tenants.id, tenantId)).run();
      this.publishInvoice(row, company);
      this.host.mailTenant(
        company,
        mails.invoiceIssued({
          company,
          number: row.number,
          period,
          totalFen: row.totalFen,
          dueDate: dateOf(row.dueAt, company.timezone),
          platform: config.platformName,
        }),
      );
      return null;
    });
    if (!outcome.ok) return outcome;
    if (!created) return { ok: true, value: { issued: false, invoice: null } };
    return { ok: true, value: { issued: true, invoice: this.invoiceOf(created) } };
  }

  /** `INV-YYYYMM-000123`: the month of issue and a running number (accounting wants them gapless). */
  private nextInvoiceNumber(now: number, timezone: string): string {
    const row = this.db
      .insert(counters)
      .values({ name: 'invoice', value: 1 })
      .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
      .returning()
      .get()!;
    return `INV-${monthOf(now, timezone).replace('-', '')}-${String(row.value).padStart(6, '0')}`;
  }

  private publishInvoice(row: InvoiceRow, company: TenantRow): void {
    const payload: InvoiceReplicaMessage = {
      id: row.id,
      number: row.number,
      period: row.period,
      status: row.status,
      totalFen: row.totalFen,
      invoiceDate: row.invoiceDate,
      dueAt: row.dueAt,
      paidAt: row.paidAt,
      lines: row.lines,
      version: row.version,
    };
    this.host.send({
      to: { binding: 'TENANT', name: company.code },
      type: 'tenant.invoice',
      payload,
      key: `invoice:${row.id}:${row.version}`,
    });
  }

  private invoiceOf(row: InvoiceRow): Invoice {
    const company = this.db
      .select({ code: tenants.code, name: tenants.name, timezone: tenants.timezone })
      .from(tenants)
      .where(eq(tenants.id, row.tenantId))
      .get() ?? { code: '?', name: '?', timezone: DEFAULT_TIMEZONE };
    return invoiceView(row, company);
  }

  listInvoices(query: InvoiceListQuery): Page<Invoice> {
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(invoices.status, query.status));
    if (query.companyId) filters.push(eq(invoices.tenantId, query.companyId));
    if (query.period) filters.push(eq(invoices.period, query.period));
    if (query.q)
      filters.push(
        or(
          contains(invoices.number, query.q),
          contains(tenants.name, query.q),
          contains(tenants.code, query.q),
        )!,
      );
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db
      .select({ n: count() })
      .from(invoices)
      .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
      .where(where)
      .get()!.n;
    const items = this.db
      .select({ i: invoices, t: { code: tenants.code, name: tenants.name, timezone: tenants.timezone } })
      .from(invoices)
      .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
      .where(where)
      .orderBy(desc(invoices.invoiceDate), desc(invoices.number))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all()
      .map(({ i, t }) => invoiceView(i, t));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  getInvoice(id: string): Outcome<Invoice> {
    return toOutcome(() => this.invoiceOf(this.requireInvoice(id)));
  }

  private requireInvoice(id: string): InvoiceRow {
    const row = this.db.select().from(invoices).where(eq(invoices.id, id)).get();
    if (!row) throw new AppError(404, 'INVOICE_NOT_FOUND', 'no invoice with that id');
    return row;
  }

  private updateInvoice(row: InvoiceRow, set: Partial<InvoiceRow>): InvoiceRow {
    const updated = this.db
      .update(invoices)
      .set({ ...set, version: row.version + 1, updatedAt: this.host.now() })
      .where(eq(invoices.id, row.id))
      .returning()
      .get()!;
    this.publishInvoice(updated, this.host.requireCompany(row.tenantId));
    return updated;
  }

  /** Records a payment by an admin (`operator`) or by itself (null); see recordPayment. */
  markInvoicePaid(id: string, body: MarkPaid, operator: Operator | null): Promise<Outcome<Invoice>> {
    return this.changeInvoice(() => this.recordPayment(id, body, operator));
  }

  /**
   * Records a payment inside the caller's transaction; the same reference again is the same payment told
   * twice (a repeated callback) and answers the paid invoice.
   */
  recordPayment(id: string, body: MarkPaid, operator: Operator | null): InvoiceRow {
    const row = this.requireInvoice(id);
    if (row.status === 'paid' && body.paymentReference && row.paymentReference === body.paymentReference)
      return row;
    if (row.status === 'paid')
      throw new AppError(409, 'INVOICE_ALREADY_PAID', `invoice ${row.number} is paid already`);
    if (row.status === 'cancelled')
      throw new AppError(409, 'INVOICE_CANCELLED', `invoice ${row.number} is cancelled`);
    const paidAt = body.paidAt ? Date.parse(body.paidAt) : this.host.now();
    const done = this.updateInvoice(row, {
      status: 'paid',
      paidAt,
      paymentMethod: body.paymentMethod,
      paymentReference: body.paymentReference ?? null,
      notes: body.notes ?? row.notes,
    });
    const company = this.host.requireCompany(row.tenantId);
    this.host.mailTenant(
      company,
      mails.invoicePaid({
        company,
        number: row.number,
        totalFen: row.totalFen,
        platform: this.host.config().platformName,
      }),
    );
    this.restoreIfSettled(company);
    if (operator)
      this.host.logOperation(operator, row.tenantId, 'invoice.mark_paid', {
        invoiceId: id,
        number: row.number,
        totalFen: row.totalFen,
        paymentMethod: body.paymentMethod,
        paymentReference: body.paymentReference ?? null,
      });
    return done;
  }

  cancelInvoice(id: string, reason: string | undefined, operator: Operator): Promise<Outcome<Invoice>> {
    return this.changeInvoice(() => {
      const row = this.requireInvoice(id);
      if (row.status === 'paid')
        throw new AppError(
          409,
          'INVOICE_ALREADY_PAID',
          `invoice ${row.number} is paid; it cannot be cancelled`,
        );
      if (row.status === 'cancelled') return row;
      const done = this.updateInvoice(row, {
        status: 'cancelled',
        cancelledAt: this.host.now(),
        notes: reason ?? row.notes,
      });
      const company = this.host.requireCompany(row.tenantId);
      this.host.mailTenant(
        company,
        mails.invoiceCancelled({ company, number: row.number, platform: this.host.config().platformName }),
      );
      this.restoreIfSettled(company);
      this.host.logOperation(operator, row.tenantId, 'invoice.cancel', {
        invoiceId: id,
        number: row.number,
        reason: reason ?? null,
      });
      return done;
    });
  }

  /** One write that ends with an invoice, answered as the invoice's view once committed. */
  private async changeInvoice(fn: () => InvoiceRow): Promise<Outcome<Invoice>> {
    const outcome = await this.host.write(fn);
    return outcome.ok ? { ok: true, value: this.invoiceOf(outcome.value) } : outcome;
  }

  /** A company suspended for non-payment is restored once no invoice is overdue past the grace period. */
  private restoreIfSettled(company: TenantRow): void {
    if (company.subscriptionStatus !== 'suspended') return;
    const grace = this.host.config().overdueGraceDays;
    const overdue = this.db
      .select({ dueAt: invoices.dueAt })
      .from(invoices)
      .where(and(eq(invoices.tenantId, company.id), eq(invoices.status, 'overdue')))
      .all()
      .map((i) => i.dueAt);
    if (shouldSuspend(overdue, grace, this.host.now())) return;
    const row = this.host.touchTenant(company, { subscriptionStatus: 'active', suspendedAt: null });
    this.host.mailTenant(
      row,
      mails.tenantRestored({ company: row, platform: this.host.config().platformName }),
    );
  }

  /**
   * The daily sweep: unpaid invoices past due become overdue (and the company is told); a company with
   * an invoice overdue beyond the grace period is suspended (欠费停机); ended trials and service
   * periods expire.
   */
  async overdueSweep(
    now: number,
  ): Promise<Outcome<{ overdue: string[]; suspended: string[]; expired: string[] }>> {
    const result = { overdue: [] as string[], suspended: [] as string[], expired: [] as string[] };
    const outcome = await this.host.write(() => {
      const config = this.host.config();
      const due = this.db
        .select()
        .from(invoices)
        .where(and(eq(invoices.status, 'pending'), lt(invoices.dueAt, now)))
        .all();
      for (const row of due) {
        const company = this.host.requireCompany(row.tenantId);
        this.updateInvoice(row, { status: 'overdue', overdueAt: now });
        result.overdue.push(row.number);
        // The debt stays on the books for finance, but a deleted company is no longer written to.
        if (company.deletedAt) continue;
        this.host.mailTenant(
          company,
          mails.invoiceOverdue({
            company,
            number: row.number,
            totalFen: row.totalFen,
            graceDays: config.overdueGraceDays,
            platform: config.platformName,
          }),
        );
      }
      const overdueByTenant = new Map<string, InvoiceRow[]>();
      for (const row of this.db.select().from(invoices).where(eq(invoices.status, 'overdue')).all()) {
        overdueByTenant.set(row.tenantId, [...(overdueByTenant.get(row.tenantId) ?? []), row]);
      }
      for (const [tenantId, rows] of overdueByTenant) {
        const company = this.host.requireCompany(tenantId);
        if (company.deletedAt || company.subscriptionStatus !== 'active') continue;
        const dueDates = rows.map((r) => r.dueAt);
        if (!shouldSuspend(dueDates, config.overdueGraceDays, now)) continue;
        const row = this.host.touchTenant(company, { subscriptionStatus: 'suspended', suspendedAt: now });
        result.suspended.push(row.code);
        const numbers = rows.map((r) => r.number);
        if (this.host.recordAlert(row, suspensionAlert(now, numbers), now)) {
          this.host.mailTenant(
            row,
            mails.tenantSuspended({ company: row, numbers, platform: config.platformName }),
          );
        }
      }
      for (const company of this.db
        .select()
        .from(tenants)
        .where(and(isNull(tenants.deletedAt), inArray(tenants.subscriptionStatus, ['trial', 'active'])))
        .all()) {
        const reason = expiryOf(company, now);
        if (!reason) continue;
        const row = this.host.touchTenant(company, { subscriptionStatus: 'expired' });
        result.expired.push(row.code);
        this.host.mailTenant(
          row,
          mails.subscriptionExpired({ company: row, reason, platform: config.platformName }),
        );
      }
      return null;
    });
    return outcome.ok ? { ok: true, value: result } : outcome;
  }
}
