import { BoundedCache } from '../../../lib/bounded-cache';
import { AppError, fieldError } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import type { SweepReport } from '../../../schema/dto/card-fees';
import type { RecordEffect, WaiverStatus } from '../../../schema/dto/cards';
import { MEMBER_MAIL_MESSAGE, type MemberMailMessage } from '../../directory/mail-queue';
import type { ProfileRow } from '../port';
import type { Day } from './dates';
import { noticeMail } from './notices';
import { type Moments, type NoticeKind, noticeMoments, plan } from './reminders';
import {
  assessmentWindow,
  daysRemaining,
  feeYearOn,
  firstFeeYear,
  isConditionMet,
  isOpen,
  progressDescription,
  progressOf,
  transition,
  waivesItself,
} from './rules';
import type { CardRow, CardScope } from './scope';

/** The alarm job that runs each fee's notices and lapse at their moment (one job for all the company's fees). */
export const FEE_EVENTS_JOB = 'cards.fee-events';
export const AUTO_WAIVER = 'system:annual-fee-waiver';

/** A fee record with its card and rule: what every step of a fee's life reads. */
export interface FeeRow {
  id: string;
  cardId: string;
  userId: string;
  feeYear: number;
  dueDate: Day;
  windowStart: Day;
  feeAmountFen: number;
  waiverStatus: WaiverStatus;
  conditionMet: number;
  progress: number;
  paymentDate: Day | null;
  notes: string | null;
  waivedAt: number | null;
  nextEventAt: number | null;
  createdAt: number;
  updatedAt: number;
  issuer: string;
  cardName: string;
  last4: string;
  activationDate: Day;
  pointsBalance: number;
  feeType: CardRow['feeType'];
  waiverConditionValue: number | null;
  waiverPeriodMonths: number;
  [column: string]: SqlStorageValue;
}

export const FEE_SELECT = `SELECT f.id, f.card_id AS cardId, f.user_id AS userId, f.fee_year AS feeYear,
  f.due_date AS dueDate, f.window_start AS windowStart, f.fee_amount_fen AS feeAmountFen,
  f.waiver_status AS waiverStatus, f.condition_met AS conditionMet, f.progress, f.payment_date AS paymentDate,
  f.notes, f.waived_at AS waivedAt, f.next_event_at AS nextEventAt, f.created_at AS createdAt,
  f.updated_at AS updatedAt, c.issuer, c.name AS cardName, c.last4, c.activation_date AS activationDate,
  c.points_balance AS pointsBalance, r.fee_type AS feeType, r.waiver_condition_value AS waiverConditionValue,
  r.waiver_period_months AS waiverPeriodMonths
  FROM card_fee_records f JOIN cards c ON c.id = f.card_id JOIN card_fee_rules r ON r.id = c.rule_id`;

const OPEN = "f.waiver_status IN ('pending', 'overdue')";

/**
 * The life of a fee record (SPEC C3–C7), inside one transaction of the company's actor: created with
 * its window and first alarm time, its progress kept exact as purchases and points change, waived the
 * moment its condition is met, turned overdue and noticed at its moments by the alarm, and swept daily.
 */
export class FeeLedger {
  /** The moments of a due date in a zone: six time-zone conversions, shared by every fee due that day. */
  private readonly moments = new BoundedCache<string, Moments>(4096);
  /** What the running sweep did; `sweep` starts it at zero. */
  private tally = { created: 0, waived: 0, overdue: 0, notices: 0 };

  constructor(private readonly scope: CardScope) {}

  private get sql(): SqlStorage {
    return this.scope.sql;
  }

  momentsOf(dueDate: Day, timeZone: string): Moments {
    return this.moments.get(`${timeZone} ${dueDate}`, () => noticeMoments(dueDate, timeZone));
  }

  fee(id: string): FeeRow | undefined {
    return this.sql.exec<FeeRow>(`${FEE_SELECT} WHERE f.id = ?`, id).toArray()[0];
  }

  feeOf(cardId: string, feeYear: number): FeeRow | undefined {
    return this.sql
      .exec<FeeRow>(`${FEE_SELECT} WHERE f.card_id = ? AND f.fee_year = ?`, cardId, feeYear)
      .toArray()[0];
  }

  /** Purchases of a card in the window `[start, end)`: their count and their sum in fen, exact. */
  facts(cardId: string, start: Day, end: Day): { count: number; sumFen: number } {
    return this.sql
      .exec<{ count: number; sumFen: number }>(
        `SELECT count(*) AS count, coalesce(sum(amount_fen), 0) AS sumFen FROM card_transactions
         WHERE card_id = ? AND occurred_on >= ? AND occurred_on < ?`,
        cardId,
        start,
        end,
      )
      .one();
  }

  /** Refuses a fee year the card has no fee in, or one too far ahead to bill, naming `path`. */
  checkYear(
    card: Pick<CardRow, 'activationDate'>,
    feeYear: number,
    today: Day,
    path: string,
    ahead = true,
  ): void {
    const first = firstFeeYear(card.activationDate);
    if (feeYear < first)
      throw fieldError(
        400,
        'VALIDATION_FAILED',
        path,
        `the card's first fee falls due in ${first}`,
        'before_first_fee_year',
      );
    const next = feeYearOn(card.activationDate, today) + 1;
    if (ahead && feeYear > next)
      throw fieldError(400, 'VALIDATION_FAILED', path, `fees can be recorded up to ${next}`, 'too_far_ahead');
  }

  /** The record of `feeYear`, created when missing (idempotent: UNIQUE(card, fee year)). */
  ensure(card: CardRow, feeYear: number, p: ProfileRow, now: number): { row: FeeRow; created: boolean } {
    const existing = this.feeOf(card.id, feeYear);
    if (existing) return { row: existing, created: false };
    this.followZone(p, now);
    const window = assessmentWindow(card.activationDate, feeYear, card.waiverPeriodMonths);
    const id = newId('fee');
    this.sql.exec(
      `INSERT INTO card_fee_records (id, card_id, user_id, fee_year, due_date, window_start, fee_amount_fen,
         waiver_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      id,
      card.id,
      card.userId,
      feeYear,
      window.end,
      window.start,
      card.baseFeeFen,
      now,
      now,
    );
    this.tally.created++;
    this.refresh(this.fee(id)!, p, now);
    const row = this.advance(this.fee(id)!, p, now);
    this.keepEventBefore(row.nextEventAt);
    return { row, created: true };
  }

  /** The record of the card's current fee year, created at once when a card is added. */
  ensureCurrent(card: CardRow, p: ProfileRow, now: number): FeeRow {
    return this.ensure(card, feeYearOn(card.activationDate, this.scope.today(p, now)), p, now).row;
  }

  /**
   * Brings an open record's progress up to date and waives it when its condition is met and its type
   * waives itself (C4: nobody has to ask). Purchases, points, the rule, the sweep all end here.
   */
  refresh(
    row: FeeRow,
    p: ProfileRow,
    now: number,
    facts = this.facts(row.cardId, row.windowStart, row.dueDate),
  ): RecordEffect {
    const progress = progressOf(row.feeType, { ...facts, points: row.pointsBalance });
    const met = isConditionMet(row, progress);
    const waive = isOpen(row.waiverStatus) && met && waivesItself(row.feeType);
    if (waive) this.waive(row, p, now, AUTO_WAIVER, progress);
    else if (isOpen(row.waiverStatus) && (progress !== row.progress || met !== !!row.conditionMet)) {
      this.sql.exec(
        'UPDATE card_fee_records SET progress = ?, condition_met = ?, updated_at = ? WHERE id = ?',
        progress,
        met ? 1 : 0,
        now,
        row.id,
      );
    }
    return {
      recordId: row.id,
      feeYear: row.feeYear,
      progress: isOpen(row.waiverStatus) ? progress : row.progress,
      required: row.waiverConditionValue,
      waiverStatus: waive ? 'waived' : row.waiverStatus,
      waivedNow: waive,
    };
  }

  /** C4: the fee is waived; after that only its lapse moment (which opens the next fee year) is still ahead. */
  waive(row: FeeRow, p: ProfileRow, now: number, by: string, progress: number, notes?: string): void {
    transition(row.waiverStatus, 'waive');
    const nextAt = plan(this.momentsOf(row.dueDate, p.timezone), 'waived', [], now).nextAt;
    this.sql.exec(
      `UPDATE card_fee_records SET waiver_status = 'waived', condition_met = 1, progress = ?, waived_at = ?,
         waived_by = ?, notes = coalesce(?, notes), next_event_at = ?, updated_at = ? WHERE id = ?`,
      progress,
      now,
      by,
      notes ?? null,
      nextAt,
      now,
      row.id,
    );
    this.tally.waived++;
  }

  private sentNotices(recordId: string): NoticeKind[] {
    return this.sql
      .exec<{ kind: NoticeKind }>('SELECT kind FROM card_fee_notices WHERE record_id = ?', recordId)
      .toArray()
      .map((r) => r.kind);
  }

  /**
   * What is due for a record at `now` (C6, C7): an unpaid fee past its due date turns overdue, the
   * notice whose window is open goes out once, the next alarm time is kept, and once the due date has
   * passed the card's next fee year is opened.
   */
  advance(row: FeeRow, p: ProfileRow, now: number): FeeRow {
    const moments = this.momentsOf(row.dueDate, p.timezone);
    const step = plan(moments, row.waiverStatus, this.sentNotices(row.id), now);
    const status = step.lapse ? transition(row.waiverStatus, 'lapse') : row.waiverStatus;
    if (step.lapse) this.tally.overdue++;
    if (step.send) this.notify(row, p, step.send, now);
    if (step.lapse || step.nextAt !== row.nextEventAt) {
      this.sql.exec(
        'UPDATE card_fee_records SET waiver_status = ?, next_event_at = ?, updated_at = ? WHERE id = ?',
        status,
        step.nextAt,
        step.lapse ? now : row.updatedAt,
        row.id,
      );
    }
    if (now >= moments.lapse) {
      const card = this.scope.card(row.cardId);
      if (card) this.ensureCurrent(card, p, now);
    }
    return { ...row, waiverStatus: status, nextEventAt: step.nextAt };
  }

  private notify(row: FeeRow, p: ProfileRow, kind: NoticeKind, now: number): void {
    this.sql.exec(
      'INSERT INTO card_fee_notices (record_id, kind, sent_at) VALUES (?, ?, ?)',
      row.id,
      kind,
      now,
    );
    this.tally.notices++;
    const progress =
      row.feeType === 'rigid'
        ? null
        : {
            zh: progressDescription(row, row.progress, 'zh'),
            en: progressDescription(row, row.progress, 'en'),
          };
    const content = noticeMail(kind, {
      company: p.name,
      holder: this.scope.username(row.userId),
      issuer: row.issuer,
      cardName: row.cardName,
      last4: row.last4,
      feeYear: row.feeYear,
      dueDate: row.dueDate,
      daysLeft: daysRemaining(this.scope.today(p, now), row.dueDate),
      feeAmountFen: row.feeAmountFen,
      progress,
    });
    const payload: MemberMailMessage = { tenantId: p.tenantId, userId: row.userId, content };
    this.scope.host.send({
      to: { binding: 'DIRECTORY', name: 'global' },
      type: MEMBER_MAIL_MESSAGE,
      payload,
      key: `annual-fee:${row.id}:${kind}`,
    });
  }

  /** Runs every record whose moment has come. */
  private runDue(p: ProfileRow, now: number): void {
    for (const row of this.sql.exec<FeeRow>(`${FEE_SELECT} WHERE f.next_event_at <= ?`, now).toArray())
      this.advance(row, p, now);
  }

  /** The alarm: everything due now, then the alarm set for the next moment. */
  async onEventsDue(): Promise<void> {
    const outcome = await this.scope.host.write(() => {
      const p = this.scope.liveProfile();
      if (!p) return;
      const now = this.scope.host.now();
      this.followZone(p, now);
      this.runDue(p, now);
      this.rearm();
    });
    if (!outcome.ok) throw AppError.from(outcome.error);
  }

  /**
   * The alarm times were computed in the zone the module last saw; when the company moved, they are
   * computed again for every record that still has one.
   */
  private followZone(p: ProfileRow, now: number): void {
    const stored = this.sql
      .exec<{ value: string }>("SELECT value FROM card_settings WHERE key = 'timezone'")
      .toArray()[0]?.value;
    if (stored === p.timezone) return;
    this.sql.exec(
      "INSERT INTO card_settings (key, value) VALUES ('timezone', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      p.timezone,
    );
    if (stored === undefined) return;
    for (const row of this.sql.exec<FeeRow>(`${FEE_SELECT} WHERE f.next_event_at IS NOT NULL`).toArray()) {
      const nextAt = plan(
        this.momentsOf(row.dueDate, p.timezone),
        row.waiverStatus,
        this.sentNotices(row.id),
        now,
      ).nextAt;
      this.sql.exec('UPDATE card_fee_records SET next_event_at = ? WHERE id = ?', nextAt, row.id);
    }
  }

  /** Keeps the alarm job at the earliest moment of any record (none when no record has one). */
  rearm(): void {
    const next = this.sql
      .exec<{ at: number | null }>('SELECT min(next_event_at) AS at FROM card_fee_records')
      .one().at;
    const current = this.scope.host.jobDueAt(FEE_EVENTS_JOB, '');
    if (next === null) {
      if (current !== null) this.scope.host.cancel(FEE_EVENTS_JOB, '');
    } else if (current !== next) this.scope.host.schedule(FEE_EVENTS_JOB, '', next);
  }

  /** A new record can only bring the next moment closer (a job earlier than needed finds nothing and re-arms). */
  private keepEventBefore(at: number | null): void {
    if (at !== null) this.scope.host.scheduleNoLaterThan(FEE_EVENTS_JOB, '', at);
  }

  /** Open records of the cards `where` selects (on `cards c`), refreshed after their card or rule changed. */
  termsChanged(p: ProfileRow, where: string, ...args: SqlStorageValue[]): RecordEffect[] {
    const now = this.scope.host.now();
    const effects: RecordEffect[] = [];
    for (const card of this.scope.cardsWhere(`WHERE ${where}`, ...args)) {
      for (const row of this.openOf(card.id)) {
        const window = assessmentWindow(card.activationDate, row.feeYear, card.waiverPeriodMonths);
        if (window.start !== row.windowStart) {
          this.sql.exec('UPDATE card_fee_records SET window_start = ? WHERE id = ?', window.start, row.id);
          row.windowStart = window.start;
        }
        effects.push(this.refresh(row, p, now));
      }
    }
    return effects;
  }

  openOf(cardId: string): FeeRow[] {
    return this.sql
      .exec<FeeRow>(`${FEE_SELECT} WHERE f.card_id = ? AND ${OPEN} ORDER BY f.fee_year`, cardId)
      .toArray();
  }

  /**
   * The open fees whose stored progress differs from their purchases and points now, or whose condition
   * the progress reaches: one pass over the purchases of every open window, grouped by fee, and only
   * those rows come back. A candidate filter: `refresh` (the pure rules) decides what happens to them.
   */
  private staleOpenFees(): { id: string; count: number; sumFen: number }[] {
    const measure = `CASE r.fee_type WHEN 'transaction_count' THEN count(t.id)
      WHEN 'transaction_amount' THEN coalesce(sum(t.amount_fen), 0)
      WHEN 'points_exchange' THEN c.points_balance ELSE 0 END`;
    return this.sql
      .exec<{ id: string; count: number; sumFen: number }>(
        `SELECT f.id, count(t.id) AS count, coalesce(sum(t.amount_fen), 0) AS sumFen
         FROM card_fee_records f JOIN cards c ON c.id = f.card_id JOIN card_fee_rules r ON r.id = c.rule_id
         LEFT JOIN card_transactions t
           ON t.card_id = f.card_id AND t.occurred_on >= f.window_start AND t.occurred_on < f.due_date
         WHERE ${OPEN} GROUP BY f.id
         HAVING ${measure} IS NOT f.progress OR r.waiver_condition_value <= ${measure}`,
      )
      .toArray();
  }

  /**
   * C6, the daily safety net, in one transaction: the coming year's record of every card that lacks
   * one, a waiver check of every open record (one statement computes all their progress), and every
   * moment the alarm should have run.
   */
  sweep(p: ProfileRow, asOf: number): SweepReport {
    this.tally = { created: 0, waived: 0, overdue: 0, notices: 0 };
    this.followZone(p, asOf);
    const today = this.scope.today(p, asOf);
    const lacking = this.scope.cardsWhere(
      'WHERE NOT EXISTS (SELECT 1 FROM card_fee_records f WHERE f.card_id = c.id AND f.due_date >= ?)',
      today,
    );
    for (const card of lacking) this.ensure(card, feeYearOn(card.activationDate, today), p, asOf);
    for (const { id, count, sumFen } of this.staleOpenFees())
      this.refresh(this.fee(id)!, p, asOf, { count, sumFen });
    this.runDue(p, asOf);
    this.rearm();
    const cards = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM cards').one().n;
    const { created, waived, overdue, notices } = this.tally;
    return {
      tenant: p.code,
      asOf: new Date(asOf).toISOString(),
      cards,
      recordsCreated: created,
      waived,
      overdue,
      notices,
    };
  }
}
