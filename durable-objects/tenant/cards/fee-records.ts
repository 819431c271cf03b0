import { AppError, fieldError, type Outcome, toOutcome } from '../../../lib/errors';
import { iso } from '../../../lib/iso';
import type {
  FeeRecord,
  RecordBatchAnswer,
  RecordBatchBody,
  RecordListQuery,
  RecordPatch,
  RedeemAnswer,
  Statistics,
  SweepReport,
  UserChecks,
  WaiverCheck,
} from '../../../schema/dto/card-fees';
import type { CardLang } from '../../../schema/dto/cards';
import type { Page } from '../../../schema/dto/common';
import type { Caller } from '../access';
import { type Day, parseDay } from './dates';
import { FEE_SELECT, type FeeLedger, type FeeRow } from './fee-ledger';
import { plan } from './reminders';
import {
  assessmentWindow,
  daysRemaining,
  estimatedDate,
  feeYearOn,
  isConditionMet,
  progressDescription,
  progressOf,
  transition,
  waiverRate,
  waivesItself,
} from './rules';
import type { CardRow, CardScope, Who } from './scope';

export function recordView(row: FeeRow, today: Day): FeeRecord {
  return {
    id: row.id,
    cardId: row.cardId,
    cardName: row.cardName,
    issuer: row.issuer,
    last4: row.last4,
    userId: row.userId,
    feeYear: row.feeYear,
    dueDate: row.dueDate,
    windowStart: row.windowStart,
    feeAmountFen: row.feeAmountFen,
    feeType: row.feeType,
    waiverStatus: row.waiverStatus,
    waiverConditionMet: !!row.conditionMet,
    currentProgress: row.progress,
    required: row.waiverConditionValue,
    daysRemaining: daysRemaining(today, row.dueDate),
    paymentDate: row.paymentDate,
    notes: row.notes,
    waivedAt: row.waivedAt === null ? null : iso(row.waivedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const errorOf = (err: unknown) => {
  const e = err instanceof AppError ? err : new AppError(500, 'INTERNAL', String(err));
  return { code: e.code, message: e.message };
};

/**
 * Fee records as members and administrators ask for them (SPEC C3–C5): created on request, listed,
 * marked paid, waiver checks of one card or all of a member's, a points exchange on the holder's word,
 * and statistics — each a read or one transaction around the ledger.
 */
export class FeeRecords {
  constructor(
    private readonly scope: CardScope,
    readonly ledger: FeeLedger,
  ) {}

  /** POST records/auto: the year's record, created when missing; `created` says which. */
  auto(
    caller: Caller,
    cardId: string,
    feeYear: number,
  ): Promise<Outcome<{ record: FeeRecord; created: boolean }>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const card = this.scope.requireCard(who, cardId);
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      this.ledger.checkYear(card, feeYear, today, 'query.feeYear');
      const { row, created } = this.ledger.ensure(card, feeYear, who.profile, now);
      return { record: recordView(this.ledger.fee(row.id)!, today), created };
    });
  }

  /** Records of one fee year for many cards at once; each card answers for itself (C6). */
  batch(caller: Caller, body: RecordBatchBody): Promise<Outcome<RecordBatchAnswer>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      const ids =
        body.cardIds ??
        this.scope
          .cardsWhere(
            who.admin ? 'ORDER BY c.created_at' : 'WHERE c.user_id = ? ORDER BY c.created_at',
            ...(who.admin ? [] : [who.userId]),
          )
          .map((c) => c.id);
      const answer: RecordBatchAnswer = { created: 0, existing: 0, failed: 0, results: [] };
      for (const cardId of ids) {
        try {
          const card = this.scope.requireCard(who, cardId);
          this.ledger.checkYear(card, body.feeYear, today, 'body.feeYear');
          const { row, created } = this.ledger.ensure(card, body.feeYear, who.profile, now);
          answer[created ? 'created' : 'existing']++;
          answer.results.push({
            cardId,
            ok: true,
            created,
            record: recordView(this.ledger.fee(row.id)!, today),
          });
        } catch (err) {
          answer.failed++;
          answer.results.push({ cardId, ok: false, error: errorOf(err) });
        }
      }
      return answer;
    });
  }

  list(caller: Caller, query: RecordListQuery): Outcome<Page<FeeRecord>> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      const today = this.scope.today(who.profile);
      const filters: string[] = [];
      const args: SqlStorageValue[] = [];
      const holder = this.scope.listedHolder(who, query.userId);
      const only = (condition: string, value: SqlStorageValue | undefined) => {
        if (value === undefined || value === null) return;
        filters.push(condition);
        args.push(value);
      };
      only('f.user_id = ?', holder);
      only('f.card_id = ?', query.cardId);
      only('f.fee_year = ?', query.feeYear);
      only('f.waiver_status = ?', query.waiverStatus);
      const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
      const total = this.scope.sql
        .exec<{ n: number }>(`SELECT count(*) AS n FROM card_fee_records f ${where}`, ...args)
        .one().n;
      const items = this.scope.sql
        .exec<FeeRow>(
          `${FEE_SELECT} ${where} ORDER BY f.due_date DESC, f.id LIMIT ? OFFSET ?`,
          ...args,
          query.pageSize,
          (query.page - 1) * query.pageSize,
        )
        .toArray()
        .map((row) => recordView(row, today));
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  private requireFee(who: Who, id: string): FeeRow {
    const row = this.ledger.fee(id);
    if (!row || (!who.admin && row.userId !== who.userId))
      throw new AppError(404, 'FEE_RECORD_NOT_FOUND', 'no fee record with that id');
    return row;
  }

  /** C3: a pending or overdue fee is marked paid with its date; the notes may change any time. */
  patch(caller: Caller, id: string, body: RecordPatch): Promise<Outcome<FeeRecord>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const row = this.requireFee(who, id);
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      let status = row.waiverStatus;
      if (body.paymentDate !== undefined && body.paymentDate > today)
        throw fieldError(
          400,
          'VALIDATION_FAILED',
          'body.paymentDate',
          'must not be in the future',
          'in_future',
        );
      if (body.waiverStatus === 'paid') status = transition(row.waiverStatus, 'pay');
      else if (body.paymentDate !== undefined && row.waiverStatus !== 'paid')
        throw new AppError(409, 'FEE_NOT_PAID', 'a payment date belongs to a paid fee: mark it paid', {
          status: row.waiverStatus,
        });
      const nextAt =
        status === row.waiverStatus
          ? row.nextEventAt
          : plan(this.ledger.momentsOf(row.dueDate, who.profile.timezone), status, [], now).nextAt;
      this.scope.sql.exec(
        `UPDATE card_fee_records SET waiver_status = ?, payment_date = ?, notes = ?, next_event_at = ?, updated_at = ?
         WHERE id = ?`,
        status,
        body.paymentDate ?? row.paymentDate,
        body.notes !== undefined ? body.notes || null : row.notes,
        nextAt,
        now,
        id,
      );
      return recordView(this.ledger.fee(id)!, today);
    });
  }

  /** C4: how far a card is towards waiving its fee of `feeYear`, computed now from its purchases or points. */
  private checkOf(card: CardRow, feeYear: number, today: Day, lang: CardLang, path: string): WaiverCheck {
    this.ledger.checkYear(card, feeYear, today, path, false);
    const window = assessmentWindow(card.activationDate, feeYear, card.waiverPeriodMonths);
    const record = this.scope.sql
      .exec<{ id: string; status: WaiverCheck['waiverStatus']; fee: number }>(
        'SELECT id, waiver_status AS status, fee_amount_fen AS fee FROM card_fee_records WHERE card_id = ? AND fee_year = ?',
        card.id,
        feeYear,
      )
      .toArray()[0];
    const facts = waivesItself(card.feeType)
      ? this.ledger.facts(card.id, window.start, window.end)
      : { count: 0, sumFen: 0 };
    const progress = progressOf(card.feeType, { ...facts, points: card.pointsBalance });
    return {
      cardId: card.id,
      cardName: card.name,
      feeYear,
      recordId: record?.id ?? null,
      waiverStatus: record?.status ?? null,
      feeType: card.feeType,
      feeAmountFen: record?.fee ?? card.baseFeeFen,
      eligible: isConditionMet(card, progress),
      progress,
      required: card.waiverConditionValue,
      progressDescription: progressDescription(card, progress, lang),
      dueDate: window.end,
      windowStart: window.start,
      daysRemaining: daysRemaining(today, window.end),
      estimatedDate: estimatedDate(card, window, today, progress),
    };
  }

  check(caller: Caller, cardId: string, feeYear: number, lang: CardLang): Outcome<WaiverCheck> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      const card = this.scope.requireCard(who, cardId);
      return this.checkOf(card, feeYear, this.scope.today(who.profile), lang, 'params.feeYear');
    });
  }

  /** C4: one check per card of a member, each in its current fee year unless `year` is given. */
  checkUser(caller: Caller, userId: string, year: number | undefined, lang: CardLang): Outcome<UserChecks> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      const holder = this.scope.subject(who, userId) ?? userId;
      const today = this.scope.today(who.profile);
      const items = this.scope
        .cardsWhere('WHERE c.user_id = ? ORDER BY c.created_at, c.id', holder)
        .map((card) => {
          try {
            const feeYear = year ?? feeYearOn(card.activationDate, today);
            return {
              cardId: card.id,
              ok: true,
              check: this.checkOf(card, feeYear, today, lang, 'query.year'),
            };
          } catch (err) {
            return { cardId: card.id, ok: false, error: errorOf(err) };
          }
        });
      return { userId: holder, items };
    });
  }

  /** C4: the holder confirms a points exchange: the points are deducted and the fee waived, together. */
  redeem(caller: Caller, cardId: string, feeYear: number): Promise<Outcome<RedeemAnswer>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const card = this.scope.requireCard(who, cardId);
      if (who.userId !== card.userId)
        throw new AppError(403, 'HOLDER_REQUIRED', "only the card's holder can exchange its points");
      if (card.feeType !== 'points_exchange')
        throw new AppError(
          409,
          'NOT_POINTS_EXCHANGE',
          `this card's fee is ${card.feeType}, not waived by points`,
          {
            feeType: card.feeType,
          },
        );
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      this.ledger.checkYear(card, feeYear, today, 'params.feeYear');
      const { row } = this.ledger.ensure(card, feeYear, who.profile, now);
      transition(row.waiverStatus, 'waive');
      const required = card.waiverConditionValue!;
      if (card.pointsBalance < required) {
        throw new AppError(
          409,
          'NOT_ENOUGH_POINTS',
          `the exchange takes ${required} points; the card has ${card.pointsBalance}`,
          {
            required,
            balance: card.pointsBalance,
          },
        );
      }
      const balance = card.pointsBalance - required;
      this.scope.sql.exec(
        'UPDATE cards SET points_balance = ?, updated_at = ? WHERE id = ?',
        balance,
        now,
        card.id,
      );
      this.ledger.waive(row, who.profile, now, caller.id, card.pointsBalance, `redeemed ${required} points`);
      this.ledger.termsChanged(who.profile, 'c.id = ?', card.id);
      return {
        record: recordView(this.ledger.fee(row.id)!, today),
        pointsRedeemed: required,
        pointsBalance: balance,
      };
    });
  }

  /** C5, in SQL and exact in fen: a member's fees of one year by status, and the share waived. */
  statistics(caller: Caller, userId: string, year: number | undefined): Outcome<Statistics> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      const holder = this.scope.subject(who, userId) ?? userId;
      const feeYear = year ?? parseDay(this.scope.today(who.profile)).year;
      const sums = this.scope.sql
        .exec<{
          cards: number;
          total: number;
          waived: number;
          paid: number;
          pending: number;
          overdue: number;
        }>(
          `SELECT count(DISTINCT card_id) AS cards, coalesce(sum(fee_amount_fen), 0) AS total,
             coalesce(sum(CASE waiver_status WHEN 'waived' THEN fee_amount_fen END), 0) AS waived,
             coalesce(sum(CASE waiver_status WHEN 'paid' THEN fee_amount_fen END), 0) AS paid,
             coalesce(sum(CASE waiver_status WHEN 'pending' THEN fee_amount_fen END), 0) AS pending,
             coalesce(sum(CASE waiver_status WHEN 'overdue' THEN fee_amount_fen END), 0) AS overdue
           FROM card_fee_records WHERE user_id = ? AND fee_year = ?`,
          holder,
          feeYear,
        )
        .one();
      return {
        userId: holder,
        year: feeYear,
        totalCards: sums.cards,
        totalAnnualFeesFen: sums.total,
        waivedFeesFen: sums.waived,
        paidFeesFen: sums.paid,
        pendingFeesFen: sums.pending,
        overdueFeesFen: sums.overdue,
        waiverRate: waiverRate(sums.waived, sums.total),
      };
    });
  }

  /** The `annual-fee-sweep` task's visit, as of the run's scheduled time. */
  sweep(asOf: number): Promise<Outcome<SweepReport>> {
    return this.scope.host.write(() => {
      const p = this.scope.liveProfile();
      if (!p) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
      return this.ledger.sweep(p, asOf);
    });
  }
}
