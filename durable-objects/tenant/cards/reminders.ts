import { zonedToEpoch } from '../../../lib/zoned';
import type { WaiverStatus } from '../../../schema/dto/cards';
import { addDays, type Day, parseDay } from './dates';

/**
 * When a fee's holder hears of it, and when an unpaid fee turns overdue (SPEC C6, C7), as pure
 * functions of the due date, the company's time zone and the clock. The alarm, the daily sweep and
 * the calendar feed all ask `plan` and `noticeMoments`, so a notice has one moment and goes once.
 *
 * Each notice has a window of its own, and the windows follow each other without overlap:
 *   reminder-30 [D−30 09:00, D−15 09:00) · reminder-15 · reminder-7 · reminder-1 [D−1 09:00, D 09:00)
 *   due [D 09:00, D+1 00:00) — the fee was not waived and is due today
 *   overdue [D+1 00:00, D+2 00:00) — the fee was not paid and is now overdue
 * A notice goes out at the opening of its window, or later within it (a fee created ten days before
 * its due date hears the 15-day reminder at once, saying how many days are really left); one whose
 * window passed unseen is not sent at all: two reminders at once would tell nothing more.
 */

export const REMINDER_DAYS = [30, 15, 7, 1] as const;
export const NOTICE_KINDS = [
  'reminder-30',
  'reminder-15',
  'reminder-7',
  'reminder-1',
  'due',
  'overdue',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Reminders and the due notice go out at this hour of the company's day. */
export const NOTICE_HOUR = 9;
const DAY_MS = 86_400_000;

/** The instant each notice's window opens, and `lapse`: the midnight after the due date, when an unpaid fee is overdue. */
export interface Moments {
  opens: Record<NoticeKind, number>;
  lapse: number;
}

function at(day: Day, timeZone: string, hour: number): number {
  const d = parseDay(day);
  return zonedToEpoch(d.year, d.month, d.day, timeZone, hour);
}

export function noticeMoments(dueDate: Day, timeZone: string): Moments {
  const lapse = at(addDays(dueDate, 1), timeZone, 0);
  return {
    opens: {
      'reminder-30': at(addDays(dueDate, -30), timeZone, NOTICE_HOUR),
      'reminder-15': at(addDays(dueDate, -15), timeZone, NOTICE_HOUR),
      'reminder-7': at(addDays(dueDate, -7), timeZone, NOTICE_HOUR),
      'reminder-1': at(addDays(dueDate, -1), timeZone, NOTICE_HOUR),
      due: at(dueDate, timeZone, NOTICE_HOUR),
      overdue: lapse,
    },
    lapse,
  };
}

/** The instant a notice's window closes: the next one opens (the overdue notice stays open a day). */
export function closes(moments: Moments, kind: NoticeKind): number {
  const next = NOTICE_KINDS[NOTICE_KINDS.indexOf(kind) + 1];
  return next ? moments.opens[next] : moments.opens.overdue + DAY_MS;
}

/** Which status a notice is about: reminders and the due notice for a fee still open to waiving, overdue for an overdue one. */
function concerns(kind: NoticeKind, status: WaiverStatus): boolean {
  return kind === 'overdue' ? status === 'overdue' : status === 'pending';
}

export interface Plan {
  /** The fee turns overdue now. */
  lapse: boolean;
  /** The notice to send now, at most one (the windows do not overlap). */
  send: NoticeKind | null;
  /**
   * When to look at the fee again: the next window that may need a notice, or the lapse (which also
   * opens the next fee year); null when nothing about this fee will ever happen again.
   */
  nextAt: number | null;
}

/** What happens to a fee of `status` at `now`, given the notices already sent. */
export function plan(moments: Moments, status: WaiverStatus, sent: readonly NoticeKind[], now: number): Plan {
  const lapse = status === 'pending' && now >= moments.lapse;
  const effective: WaiverStatus = lapse ? 'overdue' : status;
  let send: NoticeKind | null = null;
  let nextAt: number | null = now < moments.lapse ? moments.lapse : null;
  for (const kind of NOTICE_KINDS) {
    if (sent.includes(kind)) continue;
    const opens = moments.opens[kind];
    if (opens > now) {
      // A notice ahead: only a fee that is still open may need it.
      if ((effective === 'pending' || effective === 'overdue') && (nextAt === null || opens < nextAt))
        nextAt = opens;
      continue;
    }
    if (now < closes(moments, kind) && concerns(kind, effective)) send = kind;
  }
  return { lapse, send, nextAt };
}
