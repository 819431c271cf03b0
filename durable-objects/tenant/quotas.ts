import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { addMonths, monthStart } from '../../lib/zoned';
import type { TenantView } from '../../schema/dto/platform';
import * as schema from '../../schema/tenant';
import type { JobHandler } from '../actor';
import type { TenantUsageMessage } from '../directory/directory';
import { type PlanSnapshot, quotaLimit } from '../directory/plans';
import { preparedFor } from '../prepared';
import { checkQuota } from './access';
import type { TenantGate } from './gate';
import type { ProfileRow, TenantDb, TenantModule, TenantPort } from './port';

const { profile, quotaUsage, usageCounters } = schema;

/** Every write checks the storage quota: the statement is built once (see durable-objects/prepared.ts). */
const usedStatement = preparedFor((db: TenantDb) =>
  db
    .select({ used: quotaUsage.used })
    .from(quotaUsage)
    .where(eq(quotaUsage.metric, sql.placeholder('metric')))
    .prepare(),
);

const MB = 1024 * 1024;
/** How long usage may change before the tenant tells the Directory (console list, dashboard). */
const USAGE_REPORT_DELAY_MS = 5 * 60_000;
const USAGE_REPORT_JOB = 'usage.report';

/**
 * Quotas whose overage a plan may bill instead of refusing (requirement A2: extra users, storage and
 * API calls are priced). Everything else (customers, devices …) is a hard limit.
 */
const BILLABLE_OVERAGE = new Set(['users', 'storageMB', 'apiCallsPerMonth']);

/** Countable resources: the counter a module moves, and the plan quota that limits it. */
const COUNTED: Record<string, { quota: string; scale: number; unit?: string }> = {
  customers: { quota: 'customers', scale: 1 },
  storageBytes: { quota: 'storageMB', scale: MB, unit: 'bytes' },
};

export type Usage = ReturnType<QuotasAndUsage['current']>;

/**
 * The company's quotas and usage: counted resources (customers, stored bytes …) checked against the
 * plan inside the transaction that moves them, calls counted per month, and the usage the tenant
 * reports of itself to the Directory a few minutes after it changes.
 */
export class QuotasAndUsage implements TenantModule {
  /**
   * When the request path last made sure a usage report is waiting, so it looks that up at most once a
   * minute (a write that rolled back may have taken the scheduled job with it).
   */
  private usageReportCheckedAt = 0;
  /**
   * Plain requests are counted in memory and written every 100 calls and with each usage report, so a
   * read stays a read. (API-key calls, which are billed, are written on every call.)
   */
  private unrecorded = { month: '', requests: 0 };

  constructor(
    private readonly port: Pick<
      TenantPort,
      'db' | 'sql' | 'now' | 'tx' | 'send' | 'flushOutbox' | 'schedule' | 'scheduleNoLaterThan'
    >,
    private readonly gate: TenantGate,
  ) {}

  private get db() {
    return this.port.db;
  }

  jobs(): Record<string, JobHandler> {
    return { [USAGE_REPORT_JOB]: () => this.reportUsage() };
  }

  quotasOf(row: ProfileRow, plan: PlanSnapshot): TenantView['quotas'] {
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

  limit(metric: string): number | null {
    const row = this.gate.profileRow();
    return row ? quotaLimit(this.gate.planOf(row), row.plan, metric) : null;
  }

  private usedOf(metric: string): number {
    return usedStatement(this.db).get({ metric })?.used ?? 0;
  }

  /** The tenant's own database plus the file bytes modules reported: what its storage quota measures. */
  private storageBytes(): number {
    return this.port.sql.databaseSize + this.usedOf('storageBytes');
  }

  /** See TenantPort.consumeQuota. */
  consume(metric: string, delta: number): void {
    const profileRow = this.db.select().from(profile).get();
    if (!profileRow) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    const plan = this.gate.planOf(profileRow);
    const counted = COUNTED[metric] ?? { quota: metric, scale: 1 };
    const used = this.usedOf(metric);
    const limit = quotaLimit(plan, profileRow.plan, counted.quota);
    const base = metric === 'storageBytes' ? this.port.sql.databaseSize : 0;
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
  checkStorage(row: ProfileRow, plan: PlanSnapshot): void {
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
  countCall(row: ProfileRow, plan: PlanSnapshot, viaApiKey: boolean): void {
    const month = this.gate.monthNow(row);
    if (viaApiKey) {
      checkQuota({
        quota: 'apiCallsPerMonth',
        used: this.counter(month, 'apiCalls'),
        delta: 1,
        limit: quotaLimit(plan, row.plan, 'apiCallsPerMonth'),
        overageBilled: plan.allowOverage,
        retryAfterSeconds: Math.ceil(
          (monthStart(addMonths(month, 1), row.timezone) - this.port.now()) / 1000,
        ),
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

  /** The usage of now and of this business month. */
  current(row: ProfileRow) {
    const month = this.gate.monthNow(row);
    // One statement instead of five: `GET /api/tenant` is a hot read.
    const counts = this.port.sql
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
      storageBytes: this.port.sql.databaseSize + counts.storedBytes,
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
      const usage = this.current(row);
      const apiCallsByMonth: Record<string, number> = {};
      if (months.length) {
        for (const r of this.db
          .select()
          .from(usageCounters)
          .where(and(inArray(usageCounters.month, months), eq(usageCounters.metric, 'apiCalls')))
          .all())
          apiCallsByMonth[r.month] = r.value;
      }
      return { tenantId: row.tenantId, reportedAt: this.port.now(), ...usage, apiCallsByMonth };
    });
  }

  private scheduleUsageReport(): void {
    const now = this.port.now();
    if (now - this.usageReportCheckedAt < 60_000) return;
    this.usageReportCheckedAt = now;
    this.port.scheduleNoLaterThan(USAGE_REPORT_JOB, '', now + USAGE_REPORT_DELAY_MS);
  }

  /** Tells the Directory the current usage, through the outbox (the console list and dashboard read it). */
  private async reportUsage(): Promise<void> {
    this.usageReportCheckedAt = 0;
    const row = this.db.select().from(profile).get();
    if (!row) return;
    this.recordRequests();
    const usage = this.current(row);
    const payload: TenantUsageMessage = { tenantId: row.tenantId, reportedAt: this.port.now(), ...usage };
    this.port.tx(() =>
      this.port.send({
        to: { binding: 'DIRECTORY', name: 'global' },
        type: 'tenant.usage',
        payload,
        key: `usage:${row.tenantId}:${payload.reportedAt}`,
      }),
    );
    await this.port.flushOutbox();
  }
}
