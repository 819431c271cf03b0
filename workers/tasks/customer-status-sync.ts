import { directory, tenantActor } from '../../lib/actors';
import { mapLimit } from '../../lib/concurrency';
import type { Env } from '../../lib/env';
import { type Outcome, unwrap } from '../../lib/errors';
import type { ReconcileReport, StatusFix } from '../../schema/dto/crm';
import type { Task } from './registry';

/** How many tenants reconcile at once: enough to finish 100 tenants in a blink, few enough for subrequest limits. */
export const TENANT_CONCURRENCY = 25;
export const REPORT_DETAILS_CAP = 100;

export interface CustomerStatusSyncReport {
  asOf: string;
  tenants: number;
  tenantsReconciled: number;
  /** Tenants whose automatic sync is switched off (requirement B4's per-tenant switch): scanned, never changed. */
  tenantsSkipped: string[];
  customersScanned: number;
  fixed: number;
  details: (StatusFix & { tenant: string })[];
  detailsTruncated: boolean;
  failures: { tenant: string; error: string }[];
}

/**
 * The safety net of SPEC B5: statuses already move at the exact month boundary through each tenant's
 * alarm; this daily run visits every tenant the Directory knows to hold CRM data, each reconciling all its
 * non-terminated customers in one transaction of its own actor, and reports what it had to fix.
 */
export const customerStatusSync: Task = {
  name: 'customer-status-sync',
  description: 'Reconciles every customer status with its contracts and reports the drift it fixed',
  cron: '0 2 * * *',
  timezone: 'Asia/Shanghai',
  leaseMs: 30 * 60_000,
  async handler({ env, now }) {
    const report = await reconcileAllTenants(env, now);
    // What was fixed is drift whether or not every tenant answered: the operational alerts watch it.
    unwrap(await directory(env).recordCrmDrift(report.fixed));
    if (report.failures.length > 0) {
      // The runner keeps only the error of a failed run, so the error carries the counts as well.
      const summary = { ...report, details: report.details.slice(0, 10) };
      throw new Error(
        `${report.failures.length} of ${report.tenants} tenants failed: ${JSON.stringify(summary)}`,
      );
    }
    return report;
  },
};

export async function reconcileAllTenants(env: Env, asOf: number): Promise<CustomerStatusSyncReport> {
  const codes = await directory(env).crmTenantCodes();
  const report: CustomerStatusSyncReport = {
    asOf: new Date(asOf).toISOString(),
    tenants: codes.length,
    tenantsReconciled: 0,
    tenantsSkipped: [],
    customersScanned: 0,
    fixed: 0,
    details: [],
    detailsTruncated: false,
    failures: [],
  };
  const add = (r: ReconcileReport) => {
    report.customersScanned += r.scanned;
    if (r.outcome === 'skipped') {
      report.tenantsSkipped.push(r.tenant);
      return;
    }
    report.tenantsReconciled++;
    report.fixed += r.fixed;
    for (const d of r.details) {
      if (report.details.length < REPORT_DETAILS_CAP) report.details.push({ tenant: r.tenant, ...d });
    }
  };
  const results = await mapLimit(codes, TENANT_CONCURRENCY, async (code) => {
    const outcome = (await tenantActor(env, code).reconcileCustomerStatuses(
      asOf,
    )) as Outcome<ReconcileReport>;
    if (outcome.ok) add(outcome.value);
    else report.failures.push({ tenant: code, error: `${outcome.error.code}: ${outcome.error.message}` });
  });
  results.forEach((r, i) => {
    if (!r.ok) report.failures.push({ tenant: codes[i]!, error: r.error });
  });
  report.tenantsSkipped.sort();
  report.detailsTruncated = report.fixed > report.details.length;
  return report;
}
