import { directory, tenantActor } from '../../lib/actors';
import { mapLimit } from '../../lib/concurrency';
import type { Env } from '../../lib/env';
import type { Outcome } from '../../lib/errors';
import type { SweepReport } from '../../schema/dto/card-fees';
import type { Task } from './registry';

/** How many companies sweep at once: each sweep is one transaction in its own actor. */
export const SWEEP_CONCURRENCY = 25;

export interface AnnualFeeSweepReport {
  asOf: string;
  tenants: number;
  cards: number;
  recordsCreated: number;
  waived: number;
  overdue: number;
  notices: number;
  failures: { tenant: string; error: string }[];
}

/**
 * SPEC C6, the daily safety net: reminders and lapses already happen at their moment through each
 * company's alarm; this run visits every company whose plan has the annual-fees module, which creates
 * the coming year's records, checks every open fee's waiver and catches up any moment missed.
 */
export const annualFeeSweep: Task = {
  name: 'annual-fee-sweep',
  description:
    "Creates the coming year's fee records, waives those that qualify, marks unpaid ones past due overdue and sends due reminders",
  cron: '0 1 * * *',
  timezone: 'Asia/Shanghai',
  leaseMs: 30 * 60_000,
  async handler({ env, now }) {
    const report = await sweepAllTenants(env, now);
    if (report.failures.length > 0) {
      // The runner keeps only the error of a failed run, so the error carries the counts as well.
      throw new Error(
        `${report.failures.length} of ${report.tenants} companies failed: ${JSON.stringify(report)}`,
      );
    }
    return report;
  },
};

export async function sweepAllTenants(env: Env, asOf: number): Promise<AnnualFeeSweepReport> {
  const codes = await directory(env).tenantCodesWithModule('annual-fees');
  const results = await mapLimit(codes, SWEEP_CONCURRENCY, async (code) => {
    const outcome = (await tenantActor(env, code).sweepAnnualFees(asOf)) as Outcome<SweepReport>;
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    return outcome.value;
  });
  const report: AnnualFeeSweepReport = {
    asOf: new Date(asOf).toISOString(),
    tenants: codes.length,
    cards: 0,
    recordsCreated: 0,
    waived: 0,
    overdue: 0,
    notices: 0,
    failures: [],
  };
  results.forEach((result, i) => {
    if (!result.ok) {
      report.failures.push({ tenant: codes[i]!, error: result.error });
      return;
    }
    report.cards += result.value.cards;
    report.recordsCreated += result.value.recordsCreated;
    report.waived += result.value.waived;
    report.overdue += result.value.overdue;
    report.notices += result.value.notices;
  });
  return report;
}
