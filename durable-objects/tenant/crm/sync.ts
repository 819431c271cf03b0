import { count, eq, gt, gte, min, ne } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import {
  CRM_TENANT_MESSAGE,
  type CrmTenantMessage,
  type ReconcileReport,
  type StatusFix,
} from '../../../schema/dto/crm';
import * as schema from '../../../schema/tenant';
import type { CustomerStatus, Month } from '../../../schema/vocabulary/crm';
import type { ProfileRow, TenantPort } from '../port';
import { type ChangeParams, monthBegan, syncSwitchedOn, timezoneChanged } from './history';
import { monthOf, monthStart } from './months';
import type { CustomerRow } from './records';
import { type ContractTerm, customerStatusFor, firstChangeAfter, isSyncManaged } from './status';

const { crmCustomers, crmContracts, outbox } = schema;

/** The alarm job that moves statuses at the exact month boundary a contract starts or ends (requirement B5). */
export const BOUNDARY_JOB = 'crm.boundary';
/** How many fixed customers a reconciliation reports by name; the counts are always complete. */
export const DETAILS_CAP = 100;

/** A history entry's cause: a person's operation (their reason in their words) or a coded change. */
export interface Change {
  event: string;
  reason: string;
  operator: string;
  params?: ChangeParams;
}

export type SyncPort = Pick<
  TenantPort,
  'db' | 'sql' | 'now' | 'tx' | 'send' | 'schedule' | 'cancel' | 'profile' | 'monthNow'
>;

/**
 * How customer statuses follow their contracts without a person: after each contract write, at the
 * month boundary a contract starts or ends (one alarm job at the next such boundary), every night, and
 * when automatic sync is switched back on. Every change is written with its history entry.
 */
export class StatusSync {
  constructor(private readonly port: SyncPort) {}

  private get db() {
    return this.port.db;
  }

  /** Applies `customerStatusFor` to one customer after a contract write; answers the resulting status. */
  syncCustomer(
    p: ProfileRow,
    customer: Pick<CustomerRow, 'id' | 'status'>,
    month: Month,
    change: Change,
  ): CustomerStatus {
    if (!p.crmAutoStatusSync || !isSyncManaged(customer.status)) return customer.status;
    // `decisiveContract`, asked of SQLite: the rule over this one term is the rule over them all.
    const decisive = this.port.sql
      .exec<{ startMonth: string; endMonth: string }>(
        `select start_month as startMonth, end_month as endMonth from crm_contracts
         where customer_id = ? and end_month >= ? order by start_month limit 1`,
        customer.id,
        month,
      )
      .toArray();
    const target = customerStatusFor(decisive, month, customer.status);
    if (target !== customer.status) this.setStatus(customer, target, 'auto', change);
    return target;
  }

  /**
   * Brings every non-terminated customer in line with its contracts as of `asOf` (the nightly task
   * passes its scheduled time). One transaction; a tenant with automatic sync off is skipped.
   */
  reconcile(asOf: number, change: Change): Outcome<ReconcileReport> {
    return toOutcome(() =>
      this.port.tx(() => {
        const p = this.port.profile();
        if (!p || p.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
        const month = monthOf(asOf, p.timezone);
        if (!p.crmAutoStatusSync) {
          const scanned = this.db
            .select({ n: count() })
            .from(crmCustomers)
            .where(ne(crmCustomers.status, 'terminated'))
            .get()!.n;
          return { tenant: p.code, outcome: 'skipped' as const, month, scanned, fixed: 0, details: [] };
        }
        const { scanned, fixed, details } = this.reconcileAll(month, change);
        return { tenant: p.code, outcome: 'reconciled' as const, month, scanned, fixed, details };
      }),
    );
  }

  /** The boundary alarm: a contract started or ended at this instant. */
  onBoundary(): void {
    this.port.tx(() => {
      const p = this.port.profile();
      if (!p || p.deletedAt) return;
      const month = this.port.monthNow(p);
      if (p.crmAutoStatusSync) {
        this.reconcileAll(month, { ...monthBegan(month), operator: 'system:month-boundary' });
      }
      this.scheduleBoundary(p);
    });
  }

  /**
   * Settings changed (inside the settings transaction): turning sync back on, or moving the time zone,
   * brings statuses in line at once instead of at the next boundary or night.
   */
  onSettingsChanged(before: ProfileRow, after: ProfileRow, operator: string): void {
    if (!after.crmAutoStatusSync) return;
    const enabled = !before.crmAutoStatusSync;
    const moved = before.timezone !== after.timezone;
    if (!enabled && !moved) return;
    const change = enabled ? syncSwitchedOn() : timezoneChanged(after.timezone);
    this.reconcileAll(this.port.monthNow(after), { ...change, operator });
    this.scheduleBoundary(after);
  }

  private reconcileAll(
    month: Month,
    change: Change,
  ): { scanned: number; fixed: number; details: StatusFix[] } {
    const customers = this.db
      .select({ id: crmCustomers.id, name: crmCustomers.name, status: crmCustomers.status })
      .from(crmCustomers)
      .where(ne(crmCustomers.status, 'terminated'))
      .all();
    const termsOf = new Map<string, ContractTerm[]>();
    const all = this.db
      .select({
        customerId: crmContracts.customerId,
        startMonth: crmContracts.startMonth,
        endMonth: crmContracts.endMonth,
      })
      .from(crmContracts)
      .all();
    for (const t of all) {
      const list = termsOf.get(t.customerId);
      if (list) list.push(t);
      else termsOf.set(t.customerId, [t]);
    }
    let fixed = 0;
    const details: StatusFix[] = [];
    for (const c of customers) {
      const target = customerStatusFor(termsOf.get(c.id) ?? [], month, c.status);
      if (target === c.status) continue;
      this.setStatus(c, target, 'auto', change);
      fixed++;
      if (details.length < DETAILS_CAP) {
        details.push({ customerId: c.id, customerName: c.name, oldStatus: c.status, newStatus: target });
      }
    }
    return { scanned: customers.length, fixed, details };
  }

  setStatus(
    customer: Pick<CustomerRow, 'id' | 'status'>,
    to: CustomerStatus,
    type: 'auto' | 'manual',
    change: Change,
  ): void {
    this.port.sql.exec(
      'update crm_customers set status = ?, updated_at = ?, updated_by = ? where id = ?',
      to,
      this.port.now(),
      change.operator,
      customer.id,
    );
    this.record(customer.id, customer.status, to, type, change);
  }

  record(
    customerId: string,
    from: CustomerStatus | null,
    to: CustomerStatus,
    type: 'auto' | 'manual',
    change: Change,
  ): void {
    // Raw statements here and in setStatus: they run in every status-changing contract write and nightly fix.
    this.port.sql.exec(
      `insert into crm_status_history (customer_id, old_status, new_status, change_type, event, reason, params, operator, at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      customerId,
      from,
      to,
      type,
      change.event,
      change.reason,
      change.params ? JSON.stringify(change.params) : null,
      change.operator,
      this.port.now(),
    );
  }

  /** The boundary job's time, or null when none is armed. */
  private boundaryDueAt(): number | null {
    const row = this.port.sql
      .exec<{ dueAt: number }>(
        'select due_at as dueAt from _jobs where kind = ? and key = ?',
        BOUNDARY_JOB,
        '',
      )
      .toArray()[0];
    return row?.dueAt ?? null;
  }

  /** Moves the boundary job earlier when `month` begins before it (a new contract can only add boundaries). */
  keepBoundaryBefore(p: ProfileRow, month: Month | null): void {
    if (month === null) return;
    const dueAt = monthStart(month, p.timezone);
    const current = this.boundaryDueAt();
    if (current === null || dueAt < current) this.port.schedule(BOUNDARY_JOB, '', dueAt);
  }

  /** Keeps one alarm job at the next month boundary where any contract starts or ends (requirement B5). */
  scheduleBoundary(p: ProfileRow): void {
    const month = this.port.monthNow(p);
    const start = this.db
      .select({ m: min(crmContracts.startMonth) })
      .from(crmContracts)
      .where(gt(crmContracts.startMonth, month))
      .get()?.m;
    const end = this.db
      .select({ m: min(crmContracts.endMonth) })
      .from(crmContracts)
      .where(gte(crmContracts.endMonth, month))
      .get()?.m;
    const next = firstChangeAfter(month, start ?? null, end ?? null);
    const current = this.boundaryDueAt();
    if (next === null) {
      if (current !== null) this.port.cancel(BOUNDARY_JOB, '');
      return;
    }
    const dueAt = monthStart(next, p.timezone);
    if (current !== dueAt) this.port.schedule(BOUNDARY_JOB, '', dueAt);
  }

  /** Tells the Directory, once, that this tenant has CRM data, so the nightly task visits it. */
  announce(p: ProfileRow): void {
    const key = `crm-data:${p.tenantId}`;
    const sent = this.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.idempotencyKey, key)).get();
    if (sent) return;
    const payload: CrmTenantMessage = { tenantId: p.tenantId, code: p.code };
    this.port.send({ to: { binding: 'DIRECTORY', name: 'global' }, type: CRM_TENANT_MESSAGE, payload, key });
  }
}
