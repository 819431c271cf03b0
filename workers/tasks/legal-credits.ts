import { directory } from '../../lib/actors';
import { mapLimit } from '../../lib/concurrency';
import type { Env } from '../../lib/env';
import type { Outcome } from '../../lib/errors';
import { clientActor, lawyerActor } from '../legal-actors';
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
    let month = '';
    const counts = await everyAccount(env, 'lawyer', async (id) => {
      const answer = (await lawyerActor(env, id).resetMonthlyCredits(now)) as Outcome<{
        reset: boolean;
        month: string;
      }>;
      if (answer.ok) month = answer.value.month;
      return answer;
    });
    return { lawyers: counts.accounts, reset: counts.reset, month };
  },
};

/**
 * SPEC D9: every marketplace user's free credit is one again at 00:00 on Monday, Asia/Shanghai. The
 * user's actor also gives it lazily on the first read of the week; this makes it happen on the day.
 */
export const weeklyCreditsReset: Task = {
  name: 'weekly-credits-reset',
  description: "Gives every marketplace user the week's free credit again",
  cron: '0 0 * * 1',
  timezone: 'Asia/Shanghai',
  async handler({ env, now }) {
    const counts = await everyAccount(
      env,
      'user',
      async (id) => (await clientActor(env, id).resetWeeklyCredits(now)) as Outcome<{ reset: boolean }>,
    );
    return { users: counts.accounts, reset: counts.reset };
  },
};

/** Visits every marketplace account of a kind the Directory knows; a run with failures throws after the last. */
async function everyAccount(
  env: Env,
  accountType: 'lawyer' | 'user',
  visit: (id: string) => Promise<Outcome<{ reset: boolean }>>,
) {
  const counts = { accounts: 0, reset: 0 };
  const failures: { id: string; error: string }[] = [];
  for (let page = 1; ; page++) {
    const ids = await directory(env).legalAccountIds(accountType, page, PAGE);
    const results = await mapLimit(ids.items, CONCURRENCY, visit);
    results.forEach((result, i) => {
      counts.accounts++;
      if (!result.ok) failures.push({ id: ids.items[i]!, error: result.error });
      else if (!result.value.ok) failures.push({ id: ids.items[i]!, error: result.value.error.code });
      else if (result.value.value.reset) counts.reset++;
    });
    if (page * PAGE >= ids.total) break;
  }
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} of ${counts.accounts} ${accountType}s failed: ${JSON.stringify(failures.slice(0, 10))}`,
    );
  }
  return counts;
}
