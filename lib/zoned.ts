/**
 * Calendar arithmetic in an IANA time zone without a date library: business months and dates
 * (invoice periods, monthly counters) are the tenant's, not UTC's.
 */
import { BoundedCache } from './bounded-cache';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The instant at which the wall clock in `timeZone` shows the given local time. */
export function zonedToEpoch(
  year: number,
  month: number,
  day: number,
  timeZone: string,
  hour = 0,
  minute = 0,
): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  // Two corrections settle every zone, including across a DST change.
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const diff = shown - wanted;
    if (diff === 0) break;
    guess -= diff;
  }
  return guess;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM` of the instant in the zone. */
export function monthOf(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}`;
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function dateOf(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function parseMonth(month: string): { year: number; month: number } {
  const [y, m] = month.split('-').map(Number);
  return { year: y!, month: m! };
}

export function addMonths(month: string, n: number): string {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

// Every contract write asks for a boundary; a zone's rules do not change while the isolate lives.
const monthStarts = new BoundedCache<string, number>(1024);

/** Midnight at the start of `month` in the zone. */
export function monthStart(month: string, timeZone: string): number {
  return monthStarts.get(`${timeZone} ${month}`, () => {
    const { year, month: m } = parseMonth(month);
    return zonedToEpoch(year, m, 1, timeZone);
  });
}

/** The `count` months ending with `last`, oldest first. */
export function monthsUpTo(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}
