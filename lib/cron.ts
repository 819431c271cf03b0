import { Cron } from 'croner';

/** The first time strictly after `after` that `pattern` fires in `timezone` (any IANA zone). */
export function nextRunAfter(pattern: string, timezone: string, after: number): number | null {
  const next = new Cron(pattern, { timezone, paused: true }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

/** The latest time at or before `at` that `pattern` fires in `timezone`. */
export function latestRunAtOrBefore(pattern: string, timezone: string, at: number): number | null {
  const [previous] = new Cron(pattern, { timezone, paused: true }).previousRuns(1, new Date(at + 1));
  return previous ? previous.getTime() : null;
}
