import { and, asc, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Outcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import * as schema from '../../schema/directory';
import type { AlertQuery } from '../../schema/dto/platform-console';
import { newestWrittenFirst } from '../write-order';
import { type AlertDue, alertsDue } from './alerts';
import type { Db, DirectoryHost, TenantRow } from './host';
import { mails } from './mail-templates';
import { quotaLimit, snapshotOf } from './plans';
import { alertView } from './views';

const { tenants, plans, alerts, usageMonthly } = schema;

/** What a tenant reports of itself to the Directory. */
export interface TenantUsageMessage {
  tenantId: string;
  month: string;
  users: number;
  customers: number;
  storageBytes: number;
  apiCalls: number;
  requests: number;
  reportedAt: number;
}

/** What usage and alerts need from the Directory: its companies and their mail. */
export type UsageAndAlertsHost = Pick<
  DirectoryHost,
  'db' | 'now' | 'write' | 'config' | 'requireCompany' | 'mailTenant'
>;

/**
 * Usage and alerts (SPEC A10): the usage each tenant reports of itself, kept per company and per month,
 * and the alerts (quotas nearly used, trial or service ending, suspension) raised once each and mailed.
 */
export class UsageAndAlerts {
  constructor(private readonly host: UsageAndAlertsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** A tenant's own report of its usage (sent from its outbox after activity). */
  applyUsage(u: TenantUsageMessage): void {
    this.db
      .update(tenants)
      .set({
        usageUsers: u.users,
        usageCustomers: u.customers,
        usageStorageBytes: u.storageBytes,
        usageApiCalls: u.apiCalls,
        usageMonth: u.month,
        usageReportedAt: u.reportedAt,
      })
      .where(
        and(
          eq(tenants.id, u.tenantId),
          or(isNull(tenants.usageReportedAt), lt(tenants.usageReportedAt, u.reportedAt)),
        ),
      )
      .run();
    // Counts only grow within a month, so the larger of two reports is the newer one.
    this.db
      .insert(usageMonthly)
      .values({ tenantId: u.tenantId, month: u.month, apiCalls: u.apiCalls, requests: u.requests })
      .onConflictDoUpdate({
        target: [usageMonthly.tenantId, usageMonthly.month],
        set: {
          apiCalls: sql`max(${usageMonthly.apiCalls}, ${u.apiCalls})`,
          requests: sql`max(${usageMonthly.requests}, ${u.requests})`,
        },
      })
      .run();
  }

  /** Companies the alert sweep looks at. */
  alertCandidates(): { tenantId: string; code: string }[] {
    return this.db
      .select({ tenantId: tenants.id, code: tenants.code })
      .from(tenants)
      .where(
        and(isNull(tenants.deletedAt), inArray(tenants.subscriptionStatus, ['trial', 'active', 'suspended'])),
      )
      .orderBy(asc(tenants.createdAt))
      .all();
  }

  /** Stores the tenant's fresh usage and raises every alert whose condition holds and was not sent before. */
  async checkAlerts(usage: TenantUsageMessage, now: number): Promise<Outcome<{ raised: string[] }>> {
    const raised: string[] = [];
    const outcome = await this.host.write(() => {
      this.applyUsage(usage);
      const company = this.host.requireCompany(usage.tenantId);
      const plan = this.db.select().from(plans).where(eq(plans.code, company.plan)).get();
      const snapshot = plan ? snapshotOf(plan) : undefined;
      const config = this.host.config();
      const due = alertsDue({
        subscriptionStatus: company.subscriptionStatus,
        trialEndsAt: company.trialEndsAt,
        serviceEndAt: company.serviceEndAt,
        suspendedAt: company.suspendedAt,
        usage: {
          users: usage.users,
          storageBytes: usage.storageBytes,
          apiCalls: usage.apiCalls,
          month: usage.month,
        },
        quotas: {
          users: quotaLimit(snapshot, company.plan, 'users'),
          storageMB: quotaLimit(snapshot, company.plan, 'storageMB'),
          apiCallsPerMonth: quotaLimit(snapshot, company.plan, 'apiCallsPerMonth'),
        },
        thresholdPercent: config.alertThresholdPercent,
        trialNoticeDays: config.trialEndingNoticeDays,
        serviceNoticeDays: config.serviceEndingNoticeDays,
        now,
      });
      for (const alert of due) {
        if (!this.recordAlert(company, alert, now)) continue;
        raised.push(alert.key);
        this.host.mailTenant(
          company,
          mails.alert({
            company,
            zh: alert.zh,
            en: alert.en,
            kind: alert.kind,
            platform: config.platformName,
          }),
        );
      }
      return null;
    });
    return outcome.ok ? { ok: true, value: { raised } } : outcome;
  }

  /** Stores an alert once per (company, key); answers whether it is new. */
  recordAlert(company: TenantRow, alert: AlertDue, now: number): boolean {
    const row = this.db
      .insert(alerts)
      .values({
        id: newId('alr'),
        tenantId: company.id,
        key: alert.key,
        kind: alert.kind,
        detail: alert.detail,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [alerts.tenantId, alerts.key] })
      .returning({ id: alerts.id })
      .get();
    return !!row;
  }

  listAlerts(query: AlertQuery) {
    const filters: SQL[] = [];
    if (query.companyId) filters.push(eq(alerts.tenantId, query.companyId));
    if (query.kind) filters.push(eq(alerts.kind, query.kind));
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(alerts).where(where).get()!.n;
    const items = this.db
      .select()
      .from(alerts)
      .where(where)
      .orderBy(desc(alerts.createdAt), newestWrittenFirst(alerts))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all()
      .map(alertView);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
