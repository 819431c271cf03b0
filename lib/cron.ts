import { Cron } from 'croner';

/** The first time strictly after `after` that `pattern` fires in `timezone` (any IANA zone). */
export function nextRunAfter(pattern: string, timezone: string, after: number): number | null {
  const next = new Cron(pattern, { timezone, paused: true }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
