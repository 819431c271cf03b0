import type { ClaimedRun } from '../../durable-objects/directory/directory';
import { directory } from '../../lib/actors';
import type { Env } from '../../lib/env';
import { log } from '../../lib/log';
import { definitionOf, TASKS, type Task } from './registry';

/**
 * The cron tick: claims every task due at `now` in the Directory (retries of failed runs included) and
 * runs them side by side. `tasks` is the registry; tests hand in their own.
 */
export async function runDueTasks(env: Env, now: number, tasks: readonly Task[] = TASKS): Promise<void> {
  const claimed = await directory(env).claimDueTasks(tasks.map(definitionOf), now);
  await Promise.all(
    claimed.map((claim) => {
      const task = tasks.find((t) => t.name === claim.task);
      return task ? execute(env, task, claim, claim.scheduledFor ?? now) : Promise.resolve();
    }),
  );
}

/**
 * Runs a claimed task and records how it ended; a throw is a failed run, never a lost one. The Directory
 * decides whether a failure waits for a retry (a cron run's first attempt) or counts as failed.
 */
export async function execute(env: Env, task: Task, claim: ClaimedRun, now: number) {
  const started = Date.now();
  const { retryDelayMs } = definitionOf(task);
  try {
    const result = await task.handler({ env, runId: claim.runId, now });
    log.info('task.succeeded', { task: task.name, runId: claim.runId, ms: Date.now() - started });
    return await directory(env).finishRun(claim.runId, 'succeeded', JSON.stringify(result ?? null), null);
  } catch (err) {
    log.error('task.failed', { task: task.name, runId: claim.runId, err: String(err) });
    return await directory(env).finishRun(
      claim.runId,
      'failed',
      null,
      String(err instanceof Error ? err.message : err),
      retryDelayMs,
    );
  }
}
