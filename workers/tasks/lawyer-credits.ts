import { directory } from '../../lib/actors';
import { mapLimit } from '../../lib/concurrency';
import type { Env } from '../../lib/env';
import type { Outcome } from '../../lib/errors';
import { lawyerActor } from '../legal-actors';
import type { Task } from './registry';

const PAGE = 500;
const CONCURRENCY = 25;

/**
 * SPEC D4: every lawyer's AI credits start the month again at 00:00 on the 1st, Asia/Shanghai. Each
 * lawyer's actor also starts the month lazily when it is first read, so a lawyer this run misses is
 * still right; the run makes the reset happen on the day and says how many it touched.
 */
export const lawyerMonthlyCredits: Task = {
  name: 'lawyer-monthly-credits',
  description: "Starts every lawyer's monthly AI credits again",
  cron: '0 0 1 * *',
  timezone: 'Asia/Shanghai',
  async handler({ env, now }) {
    return resetAllLawyers(env, now);
  },
};

export async function resetAllLawyers(env: Env, now: number) {
  const report = { lawyers: 0, reset: 0, month: '', failures: [] as { lawyerId: string; error: string }[] };
  for (let page = 1; ; page++) {
    const ids = await directory(env).legalAccountIds('lawyer', page, PAGE);
    const results = await mapLimit(
      ids.items,
      CONCURRENCY,
      async (id) =>
        (await lawyerActor(env, id).resetMonthlyCredits(now)) as Outcome<{ reset: boolean; month: string }>,
    );
    results.forEach((result, i) => {
      report.lawyers++;
      if (!result.ok) report.failures.push({ lawyerId: ids.items[i]!, error: result.error });
      else if (!result.value.ok)
        report.failures.push({ lawyerId: ids.items[i]!, error: result.value.error.code });
      else {
        report.month = result.value.value.month;
        if (result.value.value.reset) report.reset++;
      }
    });
    if (page * PAGE >= ids.total) break;
  }
  if (report.failures.length > 0) {
    throw new Error(
      `${report.failures.length} of ${report.lawyers} lawyers failed: ${JSON.stringify(report.failures.slice(0, 10))}`,
    );
  }
  return report;
}
