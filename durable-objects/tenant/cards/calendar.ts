import { addDays, type Day } from './dates';

/**
 * The fee calendar as iCalendar text (RFC 5545), written by hand: a whole-day event on each due date,
 * with an alarm at each reminder still ahead, so a phone that subscribes to the feed shows both.
 * Lines end in CRLF, text values are escaped, and lines longer than 75 octets are folded without
 * splitting a character's UTF-8 bytes.
 */

export interface CalendarAlarm {
  /** Days before the due date (0: on it). */
  daysBefore: number;
  /** Hour of that day, in the calendar's own time. */
  hour: number;
  description: string;
}

export interface CalendarEvent {
  uid: string;
  day: Day;
  summary: string;
  description: string;
  alarms: CalendarAlarm[];
}

const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** TEXT as RFC 5545 §3.3.11 escapes it. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** One content line, folded into lines of at most 75 octets (a continuation starts with a space). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compactDay = (day: Day) => day.replace(/-/g, '');

function stampOf(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** A trigger relative to the start of a whole-day event: `daysBefore` days earlier at `hour` o'clock. */
export function triggerOf(daysBefore: number, hour: number): string {
  const minutes = -daysBefore * 1440 + hour * 60;
  const sign = minutes < 0 ? '-' : '';
  let rest = Math.abs(minutes);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest - hours * 60;
  const time = hours || mins ? `T${hours ? `${hours}H` : ''}${mins ? `${mins}M` : ''}` : '';
  return `${sign}P${days || !time ? `${days}D` : ''}${time}`;
}

export function feeCalendar(input: {
  name: string;
  timeZone: string;
  stamp: number;
  events: CalendarEvent[];
}): string {
  const stamp = stampOf(input.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Keel//Annual fees//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
    `X-WR-TIMEZONE:${input.timeZone}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
    'X-PUBLISHED-TTL:PT12H',
  ];
  for (const event of input.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDay(event.day)}`,
      `DTEND;VALUE=DATE:${compactDay(addDays(event.day, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      'TRANSP:TRANSPARENT',
    );
    for (const alarm of event.alarms) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `DESCRIPTION:${escapeText(alarm.description)}`,
        `TRIGGER:${triggerOf(alarm.daysBefore, alarm.hour)}`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
