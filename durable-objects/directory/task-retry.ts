/**
 * What becomes of a scheduled task run that ended (SPEC F3), pure. A run the cron started that fails on
 * its first attempt is not yet a failure: it is recorded as `retried` and tried once more after a delay;
 * only the second attempt's failure counts as failed. A run started by hand is answered to the admin who
 * asked, so it is never retried behind their back.
 */

export type RunEnd = 'succeeded' | 'failed';

export interface EndedAttempt {
  trigger: 'cron' | 'manual';
  /** 1 for the first attempt, 2 for its retry. */
  attempt: number;
}

export type AttemptOutcome =
  | { status: 'succeeded' | 'failed'; retryAt: null }
  | { status: 'retried'; retryAt: number };

/** The status the attempt is recorded with, and when the retry is due when there is one. */
export function attemptOutcome(
  run: EndedAttempt,
  end: RunEnd,
  retryDelayMs: number,
  now: number,
): AttemptOutcome {
  if (end === 'succeeded') return { status: 'succeeded', retryAt: null };
  if (run.trigger !== 'cron' || run.attempt > 1 || retryDelayMs <= 0)
    return { status: 'failed', retryAt: null };
  return { status: 'retried', retryAt: now + retryDelayMs };
}
