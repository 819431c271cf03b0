import { directory, tenantActor } from '../../lib/actors';
import { mapLimit } from '../../lib/concurrency';
import { unwrap } from '../../lib/errors';
import type { Task } from './registry';

/** How many tenant actors a sweep talks to at once. */
const FAN_OUT = 8;

/**
 * SPEC A9: bills every active company once for its current period. Runs at 12:00 UTC on the 1st, when
 * the 1st has begun in every time zone (UTC−12 … UTC+14), so each company's period is the new one in its
 * own zone. Each company reports its usage (users, storage, API calls of the previous period) from its
 * actor; the Directory prices it and the unique (company, period) index makes a rerun harmless — a run
 * by hand after a failure bills only who was missed.
 */
export const invoiceGeneration: Task = {
  name: 'invoice-generation',
  description:
    'Bills every active company once per period (monthly, quarterly, yearly) with overage lines and discounts',
  cron: '0 12 1 * *',
  timezone: 'UTC',
  leaseMs: 60 * 60_000,
  async handler({ env, now }) {
    const dir = directory(env);
    // Changes scheduled for the period's end first, so the new period is billed on the new terms.
    unwrap(await dir.applyDuePlanChanges(now));
    const candidates = await dir.invoiceCandidates(now);
    const results = await mapLimit(candidates, FAN_OUT, async (candidate) => {
      const usage = unwrap(await tenantActor(env, candidate.code).usageReport(candidate.apiMonths));
      const issued = unwrap(
        await dir.issueInvoice(
          candidate.tenantId,
          candidate.period,
          {
            activeUsers: usage.users,
            storageBytes: usage.storageBytes,
            apiCallsByMonth: usage.apiCallsByMonth,
          },
          now,
        ),
      );
      return issued.invoice ? { number: issued.invoice.number, totalFen: issued.invoice.totalFen } : null;
    });
    const issued = results.flatMap((r) => (r.ok && r.value ? [r.value] : []));
    const failed = results.flatMap((r, i) =>
      r.ok ? [] : [{ company: candidates[i]!.code, error: r.error }],
    );
    const summary = {
      candidates: candidates.length,
      issued: issued.length,
      totalFen: issued.reduce((s, i) => s + i.totalFen, 0),
      invoices: issued.map((i) => i.number),
      failed,
    };
    if (failed.length)
      throw new Error(
        `${failed.length} of ${candidates.length} companies failed: ${JSON.stringify(summary)}`,
      );
    return summary;
  },
};

/** SPEC A9: unpaid invoices past due become overdue; past the grace period the company is suspended; ended trials expire. */
export const invoiceOverdue: Task = {
  name: 'invoice-overdue',
  description:
    'Marks unpaid invoices past due as overdue, suspends companies overdue beyond the grace period, expires ended trials',
  cron: '10 0 * * *',
  timezone: 'Asia/Shanghai',
  async handler({ env, now }) {
    return unwrap(await directory(env).overdueSweep(now));
  },
};

/** SPEC A10: near-quota, trial or service ending, suspension — each condition mailed once. */
export const usageAlerts: Task = {
  name: 'usage-alerts',
  description:
    'Alerts companies near a quota (≥80 %), with a trial or service ending soon, or suspended; each condition once',
  cron: '0 9 * * *',
  timezone: 'Asia/Shanghai',
  leaseMs: 60 * 60_000,
  async handler({ env, now }) {
    const dir = directory(env);
    const candidates = await dir.alertCandidates();
    const results = await mapLimit(candidates, FAN_OUT, async ({ code }) => {
      const usage = unwrap(await tenantActor(env, code).usageReport([]));
      return unwrap(await dir.checkAlerts(usage, now)).raised;
    });
    const failed = results.flatMap((r, i) =>
      r.ok ? [] : [{ company: candidates[i]!.code, error: r.error }],
    );
    const raised = results.flatMap((r, i) =>
      r.ok ? r.value.map((key) => ({ company: candidates[i]!.code, key })) : [],
    );
    const summary = { companies: candidates.length, raised, failed };
    if (failed.length)
      throw new Error(
        `${failed.length} of ${candidates.length} companies failed: ${JSON.stringify(summary)}`,
      );
    return summary;
  },
};
