/**
 * Business months (`YYYY-MM`) in a tenant's time zone. Contract months are compared as text: the
 * fixed-width form sorts the same way as the months themselves, in SQL and in JavaScript.
 */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function parts(month: Month): [number, number] {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  return [Number(match[1]), Number(match[2])];
}

function format(year: number, month: number): Month {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: Month, n: number): Month {
  const [year, m] = parts(month);
  const index = year * 12 + (m - 1) + n;
  return format(Math.floor(index / 12), (index % 12) + 1);
}

// Building a DateTimeFormat costs far more than using one; every request asks for the month.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of instant `at` in `timeZone`. */
function wallClock(at: number, timeZone: string) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  return out;
}

/** The business month that instant `at` falls in, in `timeZone`. */
export function monthOf(at: number, timeZone: string): Month {
  const w = wallClock(at, timeZone);
  return format(w.year, w.month);
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The instant month `month` begins (00:00 on its 1st) in `timeZone`. */
export function monthStart(month: Month, timeZone: string): number {
  const [year, m] = parts(month);
  const wall = Date.UTC(year, m - 1, 1);
  // The offset at the guess can differ from the offset at the answer across a DST change: look twice.
  let at = wall - offsetAt(wall, timeZone);
  at = wall - offsetAt(at, timeZone);
  return at;
}
