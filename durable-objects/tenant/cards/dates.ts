/**
 * Calendar days (`YYYY-MM-DD`) as a card's business sees them: activation dates, due dates and the
 * days a transaction happened, all in the company's time zone. Days are whole: no clock, no zone, so
 * two days compare as text and count apart exactly. Inputs are valid days (`isCalendarDate`).
 */

export type Day = string;

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function parseDay(day: Day): { year: number; month: number; day: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

export function formatDay(year: number, month: number, day: number): Day {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01: the number a day is counted by. */
export function dayNumber(day: Day): number {
  const d = parseDay(day);
  return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
}

export function fromDayNumber(n: number): Day {
  const d = new Date(n * DAY_MS);
  return formatDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(day: Day, n: number): Day {
  return fromDayNumber(dayNumber(day) + n);
}

/** `to` − `from` in days: negative when `to` is earlier. */
export function daysBetween(from: Day, to: Day): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The day of `anchor`'s day-of-month in the month `months` after `year`-`anchor`'s month; past the end
 * of a shorter month, its last day. Anchoring every shift on the original day keeps 31 Jan → 28 Feb →
 * 31 Mar instead of drifting to the 28th.
 */
export function shiftMonths(anchor: Day, year: number, months: number): Day {
  const d = parseDay(anchor);
  const index = year * 12 + (d.month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatDay(y, m, Math.min(d.day, daysInMonth(y, m)));
}

/** The day `day` falls on in `year`: the same month and day, except 29 February, which is 28 February in a common year. */
export function anniversary(day: Day, year: number): Day {
  return shiftMonths(day, year, 0);
}

export const maxDay = (a: Day, b: Day): Day => (a >= b ? a : b);
