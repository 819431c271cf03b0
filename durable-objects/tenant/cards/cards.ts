import { BoundedCache } from '../../../lib/bounded-cache';
import { AppError, fieldError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import { zonedToEpoch } from '../../../lib/zoned';
import type {
  BatchOutcome,
  Card,
  CardBatchAnswer,
  CardCreate,
  CardLang,
  CardListQuery,
  CardUpdate,
  ImportAnswer,
  RecordEffect,
  RowError,
  Transaction,
  TransactionCreate,
  TransactionWrite,
} from '../../../schema/dto/cards';
import type { Page } from '../../../schema/dto/common';
import type { JobHandler } from '../../actor';
import type { Caller } from '../access';
import type { TenantModule, TenantPort } from '../port';
import { type Day, parseDay } from './dates';
import { FEE_EVENTS_JOB, FeeLedger } from './fee-ledger';
import { FeeRecords } from './fee-records';
import { FeeRules } from './fee-rules';
import { CalendarFeeds } from './feeds';
import { daysRemaining, progressDescription } from './rules';
import { CardScope, type Who } from './scope';
import { parseStatement } from './statement';

interface CardViewRow {
  id: string;
  userId: string;
  username: string | null;
  issuer: string;
  name: string;
  last4: string;
  annualFeeRuleId: string;
  ruleName: string;
  feeType: Card['feeType'];
  waiverConditionValue: number | null;
  activationDate: Day;
  pointsBalance: number;
  createdAt: number;
  updatedAt: number;
  recordId: string | null;
  feeYear: number | null;
  dueDate: Day | null;
  feeAmountFen: number | null;
  waiverStatus: NonNullable<Card['currentFee']>['waiverStatus'] | null;
  progress: number | null;
  [column: string]: SqlStorageValue;
}

/** A card as the API shows it, with its current fee: the first due date from `?1` (today) on, else the last one. */
const CARD_VIEW = `SELECT c.id, c.user_id AS userId, m.username, c.issuer, c.name, c.last4,
  c.rule_id AS annualFeeRuleId, r.rule_name AS ruleName, r.fee_type AS feeType,
  r.waiver_condition_value AS waiverConditionValue, c.activation_date AS activationDate,
  c.points_balance AS pointsBalance, c.created_at AS createdAt, c.updated_at AS updatedAt,
  f.id AS recordId, f.fee_year AS feeYear, f.due_date AS dueDate, f.fee_amount_fen AS feeAmountFen,
  f.waiver_status AS waiverStatus, f.progress AS progress
  FROM cards c JOIN card_fee_rules r ON r.id = c.rule_id LEFT JOIN members m ON m.user_id = c.user_id
  LEFT JOIN card_fee_records f ON f.id = (SELECT x.id FROM card_fee_records x WHERE x.card_id = c.id
    ORDER BY x.due_date < ?1, CASE WHEN x.due_date >= ?1 THEN x.due_date END, x.due_date DESC LIMIT 1)`;

function cardView(r: CardViewRow, today: Day, lang: CardLang): Card {
  return {
    id: r.id,
    userId: r.userId,
    username: r.username,
    issuer: r.issuer,
    name: r.name,
    last4: r.last4,
    annualFeeRuleId: r.annualFeeRuleId,
    ruleName: r.ruleName,
    feeType: r.feeType,
    activationDate: r.activationDate,
    pointsBalance: r.pointsBalance,
    currentFee:
      r.recordId === null
        ? null
        : {
            recordId: r.recordId,
            feeYear: r.feeYear!,
            dueDate: r.dueDate!,
            feeAmountFen: r.feeAmountFen!,
            waiverStatus: r.waiverStatus!,
            progress: r.progress!,
            required: r.waiverConditionValue,
            progressDescription: progressDescription(r, r.progress!, lang),
            daysRemaining: daysRemaining(today, r.dueDate!),
          },
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** A business refusal of one item of a batch, as its outcome. */
function failure(index: number, err: unknown): BatchOutcome {
  if (!(err instanceof AppError)) throw err;
  return { index, ok: false, error: { code: err.code, message: err.message } };
}

/**
 * Card annual fees (SPEC C), a module of the company's actor: members' cards with their purchases and
 * points here; the rules, fee records and calendar in the parts beside it, all sharing one scope and
 * one ledger. Every write is one transaction of the actor.
 */
export class Cards implements TenantModule {
  readonly rules: FeeRules;
  readonly fees: FeeRecords;
  readonly feeds: CalendarFeeds;
  private readonly scope: CardScope;
  private readonly ledger: FeeLedger;
  /** Midnight of a day in a zone, for the times of statement rows. */
  private readonly midnights = new BoundedCache<string, number>(1024);

  constructor(port: TenantPort) {
    this.scope = new CardScope(port);
    this.ledger = new FeeLedger(this.scope);
    this.fees = new FeeRecords(this.scope, this.ledger);
    this.rules = new FeeRules(this.scope, this.ledger);
    this.feeds = new CalendarFeeds(this.scope, this.ledger);
  }

  private get sql(): SqlStorage {
    return this.scope.sql;
  }

  private view(id: string, today: Day, lang: CardLang): Card {
    const row = this.sql.exec<CardViewRow>(`${CARD_VIEW} WHERE c.id = ?`, today, id).toArray()[0]!;
    return cardView(row, today, lang);
  }

  /** Adds one card for its holder and opens its current fee record; refusals name the field. */
  private insert(who: Who, input: CardCreate, now: number, today: Day): string {
    const holder = input.userId ?? who.userId;
    if (holder === null)
      throw fieldError(
        400,
        'VALIDATION_FAILED',
        'body.userId',
        'a platform administrator names the holder',
        'required',
      );
    if (holder !== who.userId) {
      if (!who.admin)
        throw new AppError(
          403,
          'TENANT_ADMIN_REQUIRED',
          'only a company administrator may add a card for another member',
        );
      if (!this.scope.isActiveMember(holder))
        throw fieldError(
          400,
          'VALIDATION_FAILED',
          'body.userId',
          'no active member of this company has that id',
          'not_a_member',
        );
    }
    const rule = this.sql
      .exec('SELECT id FROM card_fee_rules WHERE id = ?', input.annualFeeRuleId)
      .toArray()[0];
    if (!rule)
      throw new AppError(404, 'RULE_NOT_FOUND', 'no annual-fee rule with that id', {
        fields: [{ path: 'body.annualFeeRuleId', message: 'no such rule', rule: 'not_found' }],
      });
    if (input.activationDate > today)
      throw fieldError(
        400,
        'VALIDATION_FAILED',
        'body.activationDate',
        'must not be in the future',
        'in_future',
      );
    const id = newId('card');
    this.sql.exec(
      `INSERT INTO cards (id, user_id, issuer, name, last4, rule_id, activation_date, points_balance, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      id,
      holder,
      input.issuer,
      input.name,
      input.last4,
      input.annualFeeRuleId,
      input.activationDate,
      now,
      now,
    );
    this.ledger.ensureCurrent(this.scope.card(id)!, who.profile, now);
    return id;
  }

  create(caller: Caller, input: CardCreate): Promise<Outcome<Card>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      return this.view(this.insert(who, input, now, today), today, 'zh');
    });
  }

  /** Many cards in one transaction; each answers for itself (C6: batch operations report per card). */
  createBatch(caller: Caller, items: CardCreate[]): Promise<Outcome<CardBatchAnswer>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      const results = items.map((input, index): BatchOutcome => {
        try {
          return { index, ok: true, id: this.insert(who, input, now, today) };
        } catch (err) {
          return failure(index, err);
        }
      });
      const created = results.filter((r) => r.ok).length;
      return { created, failed: results.length - created, results };
    });
  }

  list(caller: Caller, query: CardListQuery): Outcome<Page<Card>> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      const today = this.scope.today(who.profile);
      const holder = this.scope.listedHolder(who, query.userId);
      const filter = holder === null ? '' : 'WHERE c.user_id = ?';
      const args = holder === null ? [] : [holder];
      const total = this.sql
        .exec<{ n: number }>(`SELECT count(*) AS n FROM cards c ${filter}`, ...args)
        .one().n;
      // CARD_VIEW numbers today ?1, so the plain placeholders after it count on from 2.
      const items = this.sql
        .exec<CardViewRow>(
          `${CARD_VIEW} ${filter} ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`,
          today,
          ...args,
          query.pageSize,
          (query.page - 1) * query.pageSize,
        )
        .toArray()
        .map((row) => cardView(row, today, query.lang));
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  get(caller: Caller, id: string, lang: CardLang): Outcome<Card> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      this.scope.requireCard(who, id);
      return this.view(id, this.scope.today(who.profile), lang);
    });
  }

  update(caller: Caller, id: string, patch: CardUpdate): Promise<Outcome<Card>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const card = this.scope.requireCard(who, id);
      if (
        patch.annualFeeRuleId !== undefined &&
        !this.sql.exec('SELECT 1 FROM card_fee_rules WHERE id = ?', patch.annualFeeRuleId).toArray().length
      )
        throw new AppError(404, 'RULE_NOT_FOUND', 'no annual-fee rule with that id', {
          fields: [{ path: 'body.annualFeeRuleId', message: 'no such rule', rule: 'not_found' }],
        });
      const now = this.scope.host.now();
      this.sql.exec(
        'UPDATE cards SET issuer = ?, name = ?, last4 = ?, rule_id = ?, updated_at = ? WHERE id = ?',
        patch.issuer ?? card.issuer,
        patch.name ?? card.name,
        patch.last4 ?? card.last4,
        patch.annualFeeRuleId ?? card.ruleId,
        now,
        id,
      );
      if (patch.annualFeeRuleId !== undefined && patch.annualFeeRuleId !== card.ruleId)
        this.ledger.termsChanged(who.profile, 'c.id = ?', id);
      return this.view(id, this.scope.today(who.profile, now), 'zh');
    });
  }

  delete(caller: Caller, id: string): Promise<Outcome<{ id: string; deleted: true }>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      this.scope.requireCard(who, id);
      this.sql.exec(
        'DELETE FROM card_fee_notices WHERE record_id IN (SELECT id FROM card_fee_records WHERE card_id = ?)',
        id,
      );
      this.sql.exec('DELETE FROM card_fee_records WHERE card_id = ?', id);
      this.sql.exec('DELETE FROM card_transactions WHERE card_id = ?', id);
      this.sql.exec('DELETE FROM cards WHERE id = ?', id);
      return { id, deleted: true as const };
    });
  }

  /** C2: the points balance, which a points_exchange fee's progress follows. */
  setPoints(caller: Caller, id: string, balance: number): Promise<Outcome<Card>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      this.scope.requireCard(who, id);
      const now = this.scope.host.now();
      this.sql.exec('UPDATE cards SET points_balance = ?, updated_at = ? WHERE id = ?', balance, now, id);
      this.ledger.termsChanged(who.profile, 'c.id = ?', id);
      return this.view(id, this.scope.today(who.profile, now), 'zh');
    });
  }

  /** The open fees of a card after its purchases changed: progress brought up to date, waived when met. */
  private afterPurchases(who: Who, cardId: string, now: number): RecordEffect[] {
    return this.ledger.openOf(cardId).map((row) => this.ledger.refresh(row, who.profile, now));
  }

  private insertPurchase(
    cardId: string,
    item: TransactionCreate,
    activation: Day,
    who: Who,
    now: number,
  ): string {
    const at = Date.parse(item.at);
    const day = this.scope.dayOf(who.profile, at);
    if (at > now)
      throw fieldError(400, 'VALIDATION_FAILED', 'body.at', 'must not be in the future', 'in_future');
    if (day < activation)
      throw fieldError(
        400,
        'VALIDATION_FAILED',
        'body.at',
        `must not be before the activation on ${activation}`,
        'before_activation',
      );
    const id = newId('txn');
    this.sql.exec(
      `INSERT INTO card_transactions (id, card_id, amount_fen, at, occurred_on, description, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      id,
      cardId,
      item.amountFen,
      at,
      day,
      item.description ?? '',
      now,
    );
    return id;
  }

  /** C2: one purchase, or a batch in one transaction (each item answering for itself); a met condition waives at once. */
  addTransactions(caller: Caller, cardId: string, body: TransactionWrite) {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const card = this.scope.requireCard(who, cardId);
      const now = this.scope.host.now();
      let results: BatchOutcome[];
      if (body.items) {
        results = body.items.map((item, index) => {
          try {
            return { index, ok: true, id: this.insertPurchase(card.id, item, card.activationDate, who, now) };
          } catch (err) {
            return failure(index, err);
          }
        });
      } else {
        const item = { amountFen: body.amountFen!, at: body.at!, description: body.description };
        results = [
          { index: 0, ok: true, id: this.insertPurchase(card.id, item, card.activationDate, who, now) },
        ];
      }
      const added = results.filter((r) => r.ok).length;
      return {
        added,
        failed: results.length - added,
        results,
        records: this.afterPurchases(who, card.id, now),
      };
    });
  }

  listTransactions(
    caller: Caller,
    cardId: string,
    page: number,
    pageSize: number,
  ): Outcome<Page<Transaction>> {
    return toOutcome(() => {
      const who = this.scope.who(caller);
      this.scope.requireCard(who, cardId);
      const total = this.sql
        .exec<{ n: number }>('SELECT count(*) AS n FROM card_transactions WHERE card_id = ?', cardId)
        .one().n;
      const items = this.sql
        .exec<{
          id: string;
          amountFen: number;
          at: number;
          occurredOn: string;
          description: string;
          occurrence: number | null;
        }>(
          `SELECT id, amount_fen AS amountFen, at, occurred_on AS occurredOn, description, import_occurrence AS occurrence
           FROM card_transactions WHERE card_id = ? ORDER BY occurred_on DESC, at DESC, id LIMIT ? OFFSET ?`,
          cardId,
          pageSize,
          (page - 1) * pageSize,
        )
        .toArray()
        .map((t) => ({
          id: t.id,
          cardId,
          amountFen: t.amountFen,
          at: iso(t.at),
          occurredOn: t.occurredOn,
          description: t.description,
          source: t.occurrence === null ? ('manual' as const) : ('import' as const),
        }));
      return { items, total, page, pageSize };
    });
  }

  private epochOf(day: Day, minutes: number | null, timeZone: string): number {
    const midnight = this.midnights.get(`${timeZone} ${day}`, () => {
      const d = parseDay(day);
      return zonedToEpoch(d.year, d.month, d.day, timeZone);
    });
    return midnight + (minutes ?? 0) * 60_000;
  }

  /** C2: a statement as CSV; rows imported before are recognised and skipped, bad rows reported by line. */
  importStatement(caller: Caller, cardId: string, text: string): Promise<Outcome<ImportAnswer>> {
    return this.scope.host.write(() => {
      const who = this.scope.who(caller, 'member');
      const card = this.scope.requireCard(who, cardId);
      const { rows, errors } = parseStatement(text);
      const now = this.scope.host.now();
      const today = this.scope.today(who.profile, now);
      const rowErrors: RowError[] = [...errors];
      let imported = 0;
      let skipped = 0;
      for (const row of rows) {
        if (row.day > today) {
          rowErrors.push({
            line: row.line,
            field: 'date',
            rule: 'in_future',
            message: 'must not be in the future',
          });
          continue;
        }
        if (row.day < card.activationDate) {
          rowErrors.push({
            line: row.line,
            field: 'date',
            rule: 'before_activation',
            message: `must not be before the activation on ${card.activationDate}`,
          });
          continue;
        }
        const inserted = this.sql
          .exec(
            `INSERT INTO card_transactions (id, card_id, amount_fen, at, occurred_on, description, import_occurrence, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
            newId('txn'),
            card.id,
            row.amountFen,
            this.epochOf(row.day, row.minutes, who.profile.timezone),
            row.day,
            row.description,
            row.occurrence,
            now,
          )
          .toArray().length;
        if (inserted) imported++;
        else skipped++;
      }
      rowErrors.sort((a, b) => a.line - b.line);
      return { imported, skipped, rowErrors, records: this.afterPurchases(who, card.id, now) };
    });
  }

  /** The alarm's job: every fee whose moment has come. */
  jobs(): Record<string, JobHandler> {
    return { [FEE_EVENTS_JOB]: () => this.ledger.onEventsDue() };
  }
}
