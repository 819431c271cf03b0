import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { iso } from '../../../lib/iso';
import type { FeedStatus } from '../../../schema/dto/card-fees';
import type { CardLang } from '../../../schema/dto/cards';
import type { Caller } from '../access';
import { type CalendarAlarm, feeCalendar } from './calendar';
import { parseDay } from './dates';
import { FEE_SELECT, type FeeLedger, type FeeRow } from './fee-ledger';
import { NOTICE_HOUR, REMINDER_DAYS } from './reminders';
import { isOpen, progressDescription, yuan } from './rules';
import type { CardScope } from './scope';

const WORDS = {
  zh: {
    calendar: '信用卡年费',
    due: '年费到期',
    waived: '年费已减免',
    paid: '年费已缴',
    overdue: '年费逾期',
    remind: (days: number) => `年费 ${days} 天后到期`,
    today: '年费今日到期',
    progress: '减免进度',
  },
  en: {
    calendar: 'Card annual fees',
    due: 'Annual fee due',
    waived: 'Annual fee waived',
    paid: 'Annual fee paid',
    overdue: 'Annual fee overdue',
    remind: (days: number) => `Annual fee due in ${days} days`,
    today: 'Annual fee due today',
    progress: 'Waiver progress',
  },
} as const;

/**
 * A member's fee calendar (SPEC C6 through their phone): an iCalendar feed of their due dates with an
 * alarm at each reminder still ahead, read with their bearer token or through a secret link a phone
 * can subscribe to. Only the link's hash is kept; making a new link ends the old one.
 */
export class CalendarFeeds {
  constructor(
    private readonly scope: CardScope,
    private readonly ledger: FeeLedger,
  ) {}

  private holder(caller: Caller): { userId: string; profile: ReturnType<CardScope['who']>['profile'] } {
    const who = this.scope.who(caller);
    if (who.userId === null)
      throw new AppError(403, 'USER_REQUIRED', 'a fee calendar belongs to a member: sign in as one');
    return { userId: who.userId, profile: who.profile };
  }

  calendar(caller: Caller, lang: CardLang): Outcome<string> {
    return toOutcome(() => {
      const { userId, profile } = this.holder(caller);
      const today = this.scope.today(profile);
      const since = parseDay(today).year - 1;
      const rows = this.scope.sql
        .exec<FeeRow>(
          `${FEE_SELECT} WHERE f.user_id = ? AND f.fee_year >= ? ORDER BY f.due_date, f.id`,
          userId,
          since,
        )
        .toArray();
      const now = this.scope.host.now();
      const w = WORDS[lang];
      return feeCalendar({
        name: `${w.calendar} · ${profile.name}`,
        timeZone: profile.timezone,
        stamp: now,
        events: rows.map((row) => {
          const card = `${row.issuer} ${row.cardName} (${row.last4})`;
          const title = { pending: w.due, waived: w.waived, paid: w.paid, overdue: w.overdue }[
            row.waiverStatus
          ];
          const alarms: CalendarAlarm[] = [];
          if (row.waiverStatus === 'pending') {
            const moments = this.ledger.momentsOf(row.dueDate, profile.timezone);
            for (const days of REMINDER_DAYS) {
              if (moments.opens[`reminder-${days}`] > now)
                alarms.push({
                  daysBefore: days,
                  hour: NOTICE_HOUR,
                  description: `${w.remind(days)}: ${card}`,
                });
            }
            if (moments.opens.due > now)
              alarms.push({ daysBefore: 0, hour: NOTICE_HOUR, description: `${w.today}: ${card}` });
          }
          const progress =
            isOpen(row.waiverStatus) && row.feeType !== 'rigid'
              ? `\n${w.progress}: ${progressDescription(row, row.progress, lang)}`
              : '';
          return {
            uid: `${row.id}@keel`,
            day: row.dueDate,
            summary: `${title}: ${card} ${yuan(row.feeAmountFen)}`,
            description: `${card}\n${row.feeYear} · ${yuan(row.feeAmountFen)}${progress}`,
            alarms,
          };
        }),
      });
    });
  }

  /** The feed behind a secret link: its member's calendar, as long as they are still a member with the module. */
  calendarByToken(tokenHash: string, lang: CardLang): Outcome<string> {
    const userId = this.scope.sql
      .exec<{ userId: string }>(
        'SELECT user_id AS userId FROM card_calendar_feeds WHERE token_hash = ?',
        tokenHash,
      )
      .toArray()[0]?.userId;
    if (userId) return this.calendar({ kind: 'user', id: userId }, lang);
    return toOutcome(() => {
      throw new AppError(404, 'CALENDAR_NOT_FOUND', 'no calendar at this link');
    });
  }

  status(caller: Caller): Outcome<FeedStatus> {
    return toOutcome(() => {
      const { userId } = this.holder(caller);
      const row = this.scope.sql
        .exec<{ createdAt: number }>(
          'SELECT created_at AS createdAt FROM card_calendar_feeds WHERE user_id = ?',
          userId,
        )
        .toArray()[0];
      return { active: !!row, createdAt: row ? iso(row.createdAt) : null, url: null };
    });
  }

  /** A new secret link for the caller (the worker made the token; only its hash comes here); the old one stops working. */
  rotate(caller: Caller, tokenHash: string): Promise<Outcome<{ createdAt: string }>> {
    return this.scope.host.write(() => {
      const { userId } = this.holder(caller);
      const now = this.scope.host.now();
      this.scope.sql.exec(
        `INSERT INTO card_calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
        userId,
        tokenHash,
        now,
      );
      return { createdAt: iso(now) };
    });
  }

  revoke(caller: Caller): Promise<Outcome<FeedStatus>> {
    return this.scope.host.write(() => {
      const { userId } = this.holder(caller);
      this.scope.sql.exec('DELETE FROM card_calendar_feeds WHERE user_id = ?', userId);
      return { active: false, createdAt: null, url: null };
    });
  }
}
