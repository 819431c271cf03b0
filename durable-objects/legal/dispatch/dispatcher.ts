import { asc, count, eq } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { addMonths, dateOf, zonedToEpoch } from '../../../lib/zoned';
import {
  MARKETPLACE_TIME_ZONE,
  type MembershipPlan,
  type PracticeArea,
} from '../../../schema/dto/legal-catalog';
import {
  type CaseDispatchMessage,
  type LawyerSnapshot,
  LEGAL_MESSAGES,
  type OfferAnswerMessage,
  type OfferMessage,
  type PublishedCase,
} from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-dispatch';
import type { Message } from '../../actor';
import { RawTable, sqlOf } from '../../raw-rows';
import { bestCandidate, type CaseFacts, counterKeys, type OpenLoad, refusalFor } from '../eligibility';

const { lawyerIndex, dispatchCases } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;
type CaseRow = typeof dispatchCases.$inferSelect;
const caseRows = new RawTable(dispatchCases);

export const POOL_RETRY_JOB = 'pool.retry';
/** A lawyer who refused a case this many times (each time for lack of room) is not asked about it again. */
export const MAX_REFUSALS = 3;

/** What the dispatcher needs from its actor. */
export interface DispatcherHost {
  db: Db;
  now(): number;
  send(message: Message): void;
  /** `send`, riding back in the answer when it goes to the sender of the message being applied. */
  sendOrReply(message: Message): void;
  schedule(kind: string, key: string, dueAt: number): void;
}

export type AnswerOutcome = 'accepted' | 'declined' | 'lapsed' | 'refused';

/** Midnight at the start of the business day after `now`, when daily limits start again. */
export function nextBusinessDay(now: number): number {
  const [y, m, d] = dateOf(now, MARKETPLACE_TIME_ZONE).split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < lastDay) return zonedToEpoch(y, m, d + 1, MARKETPLACE_TIME_ZONE);
  const [ny, nm] = addMonths(`${y}-${String(m).padStart(2, '0')}`, 1)
    .split('-')
    .map(Number) as [number, number];
  return zonedToEpoch(ny, nm, 1, MARKETPLACE_TIME_ZONE);
}

/**
 * The dispatcher of one practice area (SPEC D8): the index of the lawyers practising it, as their
 * actors publish it, and every paid case of the area, offered to one lawyer at a time. The best
 * eligible lawyer is offered the case; a decline, a lapse or a refusal moves it to the next; when no
 * one is eligible it waits in the pool and is offered again when a lawyer's state changes or a new
 * business day begins. It never assigns anything itself: the lawyer's actor accepts, so a case is
 * only ever held by the one lawyer it is offered to.
 *
 * The index, the open offers per lawyer and the pool are kept in memory (loaded on first use), since
 * every case is matched against all of them; every change is written to SQLite in the same call.
 */
export class Dispatcher {
  private lawyers: Map<string, LawyerSnapshot> | undefined;
  private openOffers: Map<string, OpenLoad> | undefined;
  private pool: CaseRow[] | undefined;
  /** When the pool retry is scheduled for, once this instance scheduled it. */
  private poolRetryAt: number | undefined;

  constructor(private readonly host: DispatcherHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** Every paid case and every answer passes here: these statements are raw SQL (see RawTable). */
  private get sql(): SqlStorage {
    return sqlOf(this.host.db);
  }

  /** Runs a change; if it fails, the kept copies are dropped, since the transaction undoes its writes. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      this.lawyers = undefined;
      this.openOffers = undefined;
      this.pool = undefined;
      this.poolRetryAt = undefined;
      throw err;
    }
  }

  private index(): Map<string, LawyerSnapshot> {
    this.lawyers ??= new Map(
      this.db
        .select()
        .from(lawyerIndex)
        .all()
        .map((r) => [r.lawyerId, r.snapshot]),
    );
    return this.lawyers;
  }

  private open(): Map<string, OpenLoad> {
    if (!this.openOffers) {
      this.openOffers = new Map();
      for (const row of this.db
        .select()
        .from(dispatchCases)
        .where(eq(dispatchCases.status, 'offered'))
        .all()) {
        this.addOpen(row.lawyerId!, row.amountFen, 1);
      }
    }
    return this.openOffers;
  }

  private pooled(): CaseRow[] {
    this.pool ??= this.db
      .select()
      .from(dispatchCases)
      .where(eq(dispatchCases.status, 'pooled'))
      .orderBy(asc(dispatchCases.publishedAt), asc(dispatchCases.caseId))
      .all();
    return this.pool;
  }

  private addOpen(lawyerId: string, amountFen: number, sign: 1 | -1): void {
    const map = this.openOffers!;
    const load = map.get(lawyerId) ?? { offers: 0, amountFen: 0 };
    map.set(lawyerId, { offers: load.offers + sign, amountFen: load.amountFen + sign * amountFen });
  }

  /** Open offers to a lawyer as far as this dispatcher knows: its own, or more if the lawyer said so. */
  private openOf = (lawyerId: string): OpenLoad => {
    const own = this.open().get(lawyerId) ?? { offers: 0, amountFen: 0 };
    const said = this.index().get(lawyerId);
    return said
      ? {
          offers: Math.max(own.offers, said.openOffers),
          amountFen: Math.max(own.amountFen, said.openAmountFen),
        }
      : own;
  };

  /** A paid case arrives (the client's message): it is offered at once, or pooled. */
  publish(m: PublishedCase): void {
    const now = this.host.now();
    const row = caseRows.first(
      this.sql.exec(
        `INSERT INTO dispatch_cases (case_id, client_id, area, case_type, min_membership, description, amount_fen,
           status, seq, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pooled', 0, ?, ?)
         ON CONFLICT (case_id) DO NOTHING RETURNING ${caseRows.columns}`,
        m.caseId,
        m.clientId,
        m.area,
        m.caseType,
        m.minMembership,
        m.description,
        m.amountFen,
        m.publishedAt,
        now,
      ),
    );
    // Published before: it is already offered, pooled or assigned.
    if (row) this.offerOrPool(row, now);
  }

  /** A lawyer's new state (their actor's message): kept, and the pool is offered to them. */
  applySnapshot(s: LawyerSnapshot): void {
    if (!this.keep(s)) return;
    this.offerPoolTo(s.lawyerId);
  }

  /** The lawyer answered an offer (or refused it, or let it lapse): the case is assigned or moves on. */
  answered(m: OfferAnswerMessage, outcome: AnswerOutcome): void {
    this.keep(m.snapshot);
    const row = caseRows.first(
      this.sql.exec(`SELECT ${caseRows.columns} FROM dispatch_cases WHERE case_id = ?`, m.caseId),
    );
    if (row?.status !== 'offered' || row.lawyerId !== m.lawyerId) return;
    const now = this.host.now();
    this.open();
    this.addOpen(m.lawyerId, row.amountFen, -1);
    const refusals = this.refusalsOf(m.caseId, m.lawyerId) + (outcome === 'refused' ? 1 : 0);
    this.sql.exec(
      `INSERT INTO case_tries (case_id, lawyer_id, outcome, refusals, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (case_id, lawyer_id) DO UPDATE SET outcome = excluded.outcome, refusals = excluded.refusals,
         at = excluded.at`,
      m.caseId,
      m.lawyerId,
      outcome,
      refusals,
      now,
    );
    if (outcome === 'accepted') {
      this.sql.exec(
        `UPDATE dispatch_cases SET status = 'assigned', updated_at = ? WHERE case_id = ?`,
        now,
        m.caseId,
      );
    } else {
      this.offerOrPool(row, now);
    }
    this.offerPoolTo(m.lawyerId);
  }

  /** A new business day (the alarm): every pooled case is tried again, oldest first. */
  retryPool(): void {
    const now = this.host.now();
    for (const row of [...this.pooled()]) this.offerOrPool(row, now);
  }

  stats(): Record<'offered' | 'pooled' | 'assigned', number> & { lawyers: number } {
    const counts = { offered: 0, pooled: 0, assigned: 0 };
    for (const row of this.db
      .select({ status: dispatchCases.status, n: count() })
      .from(dispatchCases)
      .groupBy(dispatchCases.status)
      .all())
      counts[row.status] = row.n;
    return { ...counts, lawyers: this.index().size };
  }

  private keep(s: LawyerSnapshot): boolean {
    const current = this.index().get(s.lawyerId);
    if (current && current.version >= s.version) return false;
    if (s.version === 0) return false;
    this.sql.exec(
      `INSERT INTO lawyer_index (lawyer_id, version, snapshot) VALUES (?, ?, ?)
       ON CONFLICT (lawyer_id) DO UPDATE SET version = excluded.version, snapshot = excluded.snapshot`,
      s.lawyerId,
      s.version,
      JSON.stringify(s),
    );
    this.index().set(s.lawyerId, s);
    return true;
  }

  private refusalsOf(caseId: string, lawyerId: string): number {
    const [row] = this.sql
      .exec<{ n: number }>(
        'SELECT refusals AS n FROM case_tries WHERE case_id = ? AND lawyer_id = ?',
        caseId,
        lawyerId,
      )
      .toArray();
    return row?.n ?? 0;
  }

  /** Lawyers the case must not go to again: those who answered it, and those who refused it too often. */
  private excludedFor(row: CaseRow): ReadonlySet<string> {
    // A case never offered (seq 0) has no tries yet.
    if (row.seq === 0) return NOBODY;
    return new Set(
      this.sql
        .exec<{ lawyerId: string }>(
          `SELECT lawyer_id AS lawyerId FROM case_tries WHERE case_id = ?
           AND (outcome IN ('accepted', 'declined', 'lapsed') OR refusals >= ?)`,
          row.caseId,
          MAX_REFUSALS,
        )
        .toArray()
        .map((r) => r.lawyerId),
    );
  }

  /** Offers the case to the best eligible lawyer, or keeps it in the pool. */
  private offerOrPool(row: CaseRow, now: number): void {
    const facts = factsOf(row);
    const best = bestCandidate(
      this.index().values(),
      facts,
      now,
      counterKeys(now),
      this.openOf,
      this.excludedFor(row),
    );
    if (best) this.offer(row, best.lawyerId, now);
    else this.toPool(row, now);
  }

  private offer(row: CaseRow, lawyerId: string, now: number): void {
    const seq = row.seq + 1;
    this.sql.exec(
      `UPDATE dispatch_cases SET status = 'offered', lawyer_id = ?, seq = ?, updated_at = ? WHERE case_id = ?`,
      lawyerId,
      seq,
      now,
      row.caseId,
    );
    this.sql.exec(
      `INSERT INTO case_tries (case_id, lawyer_id, outcome, refusals, at) VALUES (?, ?, 'offered', 0, ?)
       ON CONFLICT (case_id, lawyer_id) DO UPDATE SET outcome = 'offered', at = excluded.at`,
      row.caseId,
      lawyerId,
      now,
    );
    this.open();
    this.addOpen(lawyerId, row.amountFen, 1);
    if (row.status === 'pooled' && this.pool) this.pool = this.pool.filter((p) => p.caseId !== row.caseId);
    const offer: OfferMessage = {
      caseId: row.caseId,
      lawyerId,
      clientId: row.clientId,
      caseType: row.caseType as OfferMessage['caseType'],
      area: row.area as PracticeArea,
      amountFen: row.amountFen,
      minMembership: row.minMembership as MembershipPlan,
      description: row.description,
      publishedAt: row.publishedAt,
    };
    this.host.send({
      to: { binding: 'LAWYER', name: lawyerId },
      type: LEGAL_MESSAGES.offer,
      payload: offer,
      key: `offer:${row.caseId}:${seq}`,
    });
    this.tellClient(row, 'offered', seq);
  }

  private toPool(row: CaseRow, now: number): void {
    if (row.status !== 'pooled' || row.seq === 0) {
      const seq = row.seq + 1;
      const pooled = caseRows.first(
        this.sql.exec(
          `UPDATE dispatch_cases SET status = 'pooled', lawyer_id = NULL, seq = ?, updated_at = ? WHERE case_id = ?
           RETURNING ${caseRows.columns}`,
          seq,
          now,
          row.caseId,
        ),
      )!;
      this.tellClient(row, 'pooled', seq);
      if (this.pool) this.pool.push(pooled);
    }
    this.schedulePoolRetry(now);
  }

  /** The pool is tried again when the next business day starts; scheduled once, not once per pooled case. */
  private schedulePoolRetry(now: number): void {
    if (this.poolRetryAt !== undefined && now < this.poolRetryAt) return;
    this.poolRetryAt = nextBusinessDay(now);
    this.host.schedule(POOL_RETRY_JOB, '', this.poolRetryAt);
  }

  /**
   * Offers pooled cases to one lawyer while they have room, oldest first. The lawyer's open load is
   * counted once and again only after an offer, since the pool is long and most of it does not fit.
   */
  private offerPoolTo(lawyerId: string): void {
    const s = this.index().get(lawyerId);
    if (!s?.active || this.pooled().length === 0) return;
    const now = this.host.now();
    const keys = counterKeys(now);
    let open = this.openOf(lawyerId);
    for (const row of [...this.pooled()]) {
      const facts = factsOf(row);
      if (refusalFor(s, facts, now, keys, open) !== null) {
        // Out of room even for the smallest case: nothing further down the pool fits either.
        const smallest = { ...facts, amountFen: 0, minMembership: 'free' as const };
        if (refusalFor(s, smallest, now, keys, open) !== null) return;
        continue;
      }
      if (this.excludedFor(row).has(lawyerId)) continue;
      this.offer(row, lawyerId, now);
      open = this.openOf(lawyerId);
    }
  }

  /** The client hears where its case stands; while its own message is applied, in the answer to it. */
  private tellClient(row: CaseRow, state: CaseDispatchMessage['state'], seq: number): void {
    this.host.sendOrReply(clientNews(row.clientId, { caseId: row.caseId, state, seq }));
  }

  /**
   * Where the cases stand now, as news for their client: the answer to a publication delivered again
   * (its first answer, which carried this news, may have been lost). Assigned cases have told their
   * client through the lawyer.
   */
  standing(caseIds: string[]): { clientId: string; news: CaseDispatchMessage }[] {
    if (caseIds.length === 0) return [];
    return caseRows
      .all(
        this.sql.exec(
          `SELECT ${caseRows.columns} FROM dispatch_cases
           WHERE case_id IN (SELECT value FROM json_each(?)) AND status != 'assigned' AND seq > 0`,
          JSON.stringify(caseIds),
        ),
      )
      .map((row) => ({
        clientId: row.clientId,
        news: { caseId: row.caseId, state: row.status as CaseDispatchMessage['state'], seq: row.seq },
      }));
  }
}

const NOBODY: ReadonlySet<string> = new Set();

function factsOf(row: CaseRow): CaseFacts {
  return {
    caseId: row.caseId,
    area: row.area as PracticeArea,
    amountFen: row.amountFen,
    minMembership: row.minMembership as MembershipPlan,
  };
}

/** The message that tells a client where one of its cases stands (its key makes it idempotent). */
export function clientNews(clientId: string, news: CaseDispatchMessage): Message & { key: string } {
  return {
    to: { binding: 'LEGAL_CLIENT', name: clientId },
    type: LEGAL_MESSAGES.dispatch,
    payload: news,
    key: `dispatch:${news.caseId}:${news.seq}`,
  };
}
