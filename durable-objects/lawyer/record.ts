import { sum } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AppError } from '../../lib/errors';
import type { PracticeArea } from '../../schema/dto/legal-catalog';
import { type LawyerSnapshot, LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import * as schema from '../../schema/lawyer';
import type { Message } from '../actor';
import { checkOwner, type LegalCaller } from '../legal/access';
import { type CounterKeys, counterKeys, type OpenLoad } from '../legal/eligibility';
import { RawTable, sqlOf } from '../raw-rows';
import { effectiveLimits, levelFor } from './levels';
import { DECLINE_WINDOW_MS, type PointsChange, priorityWeightTenths } from './points';

const { lawyerState, pointsLedger } = schema;
const stateRows = new RawTable(lawyerState);
const ledgerRows = new RawTable(pointsLedger);
export type Db = DrizzleSqliteDODatabase<typeof schema>;
export type StateRow = typeof lawyerState.$inferSelect;
export type LedgerRow = typeof pointsLedger.$inferSelect;

/** Timed jobs of the lawyer's actor. */
export const LAWYER_JOBS = {
  lapse: 'offer.lapse',
  membershipEnd: 'membership.end',
  suspensionEnd: 'suspension.end',
  weightRecovers: 'weight.recovers',
} as const;

/** What the lawyer's record needs from its actor. */
export interface LawyerRecordHost {
  db: Db;
  now(): number;
  send(message: Message): void;
  schedule(kind: string, key: string, dueAt: number): void;
}

const notFound = () => new AppError(404, 'LAWYER_NOT_FOUND', 'you have no lawyer workspace');

/**
 * The one row that says where the lawyer stands, and the three things every change goes through: the
 * points ledger (one entry per change, the level following), the day's and month's counters, and the
 * snapshot the dispatchers of the lawyer's practice areas rank them by.
 */
export class LawyerRecord {
  /** The row as this transaction last read or wrote it: a change reads and writes it several times. */
  private current: StateRow | undefined;
  private transactions = 0;

  constructor(private readonly host: LawyerRecordHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** The hot statements are raw SQL (see RawTable). */
  private get sql(): SqlStorage {
    return sqlOf(this.host.db);
  }

  /** Runs `fn` as the actor's transaction; the kept row lives only inside it, so a rollback cannot leave it stale. */
  within<T>(fn: () => T): T {
    this.transactions++;
    this.current = undefined;
    try {
      return fn();
    } finally {
      this.transactions--;
      this.current = undefined;
    }
  }

  get(): StateRow | undefined {
    if (this.current) return this.current;
    const row = stateRows.first(this.sql.exec(`SELECT ${stateRows.columns} FROM lawyer_state`));
    if (this.transactions > 0) this.current = row;
    return row;
  }

  /** The owner's row; a write is refused in a demo workspace. */
  require(caller: LegalCaller, write: boolean): StateRow {
    const row = this.get();
    checkOwner(row, caller, write, notFound);
    return row!;
  }

  /** The owner's row, once certified. */
  requireActive(caller: LegalCaller, write: boolean): StateRow {
    const row = this.require(caller, write);
    if (row.status !== 'active') {
      throw new AppError(409, 'LAWYER_NOT_CERTIFIED', 'this needs an approved lawyer certification', {
        status: row.status,
      });
    }
    return row;
  }

  update(patch: Partial<StateRow>): StateRow {
    const set = stateRows.assignments({ ...patch, updatedAt: this.host.now() });
    const row = stateRows.first(
      this.sql.exec(
        `UPDATE lawyer_state SET ${set.sql} WHERE id = 1 RETURNING ${stateRows.columns}`,
        ...set.values,
      ),
    )!;
    if (this.transactions > 0) this.current = row;
    return row;
  }

  /** The day's and month's counters as of `now` (a new business day or month starts them at zero). */
  counters(row: StateRow, keys: CounterKeys) {
    return {
      acceptedToday: row.dayKey === keys.day ? row.acceptedToday : 0,
      amountThisMonthFen: row.monthKey === keys.month ? row.amountThisMonthFen : 0,
      aiCreditsUsed: row.aiCreditsMonth === keys.month ? row.aiCreditsUsed : 0,
    };
  }

  /** D6: one ledger entry for the change; the balance and the level follow in the same transaction. */
  award(change: PointsChange, caseId: string | null, casesCompletedDelta = 0): LedgerRow {
    const row = this.get()!;
    const points = row.points + change.result;
    const casesCompleted = row.casesCompleted + casesCompletedDelta;
    this.update({ points, casesCompleted, level: levelFor(points, casesCompleted).level });
    return ledgerRows.first(
      this.sql.exec(
        `INSERT INTO points_ledger (at, action, base, multiplier, result, balance_after, plan, case_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${ledgerRows.columns}`,
        this.host.now(),
        change.action,
        change.base,
        change.multiplier,
        change.result,
        points,
        change.plan,
        caseId,
      ),
    )!;
  }

  /** The sum of the ledger, which must always be the balance. */
  ledgerSum(): number {
    return Number(
      this.db
        .select({ total: sum(pointsLedger.result) })
        .from(pointsLedger)
        .get()?.total ?? 0,
    );
  }

  declinesInWindow(now: number): number {
    return this.sql
      .exec<{ n: number }>(
        `SELECT count(*) AS n FROM lawyer_cases WHERE status = 'declined' AND responded_at > ?`,
        now - DECLINE_WINDOW_MS,
      )
      .one().n;
  }

  /** When the oldest decline still counted leaves the 7-day window, or null when none is counted. */
  nextDeclineExpiry(now: number): number | null {
    const oldest = this.sql
      .exec<{ at: number | null }>(
        `SELECT min(responded_at) AS at FROM lawyer_cases WHERE status = 'declined' AND responded_at > ?`,
        now - DECLINE_WINDOW_MS,
      )
      .one().at;
    return oldest === null ? null : oldest + DECLINE_WINDOW_MS;
  }

  openLoad(): OpenLoad {
    const row = this.sql
      .exec<{ n: number; amount: number | null }>(
        `SELECT count(*) AS n, sum(amount_fen) AS amount FROM lawyer_cases WHERE status = 'offered'`,
      )
      .one();
    return { offers: row.n, amountFen: row.amount ?? 0 };
  }

  /** What the dispatchers rank and filter the lawyer by, now. */
  snapshot(row: StateRow, now: number, version = row.snapshotVersion): LawyerSnapshot {
    const keys = counterKeys(now);
    const level = levelFor(row.points, row.casesCompleted);
    const limits = effectiveLimits(row.plan, level);
    const counters = this.counters(row, keys);
    const open = this.openLoad();
    return {
      lawyerId: row.userId,
      version,
      active: row.status === 'active' && !row.demo,
      areas: row.practiceAreas,
      plan: row.plan,
      weightTenths: priorityWeightTenths(level, this.declinesInWindow(now)),
      suspendedUntil: row.suspendedUntil !== null && row.suspendedUntil > now ? row.suspendedUntil : null,
      dailyLimit: limits.dailyCases,
      monthlyLimitFen: limits.monthlyAmountFen,
      dayKey: keys.day,
      acceptedToday: counters.acceptedToday,
      monthKey: keys.month,
      amountThisMonthFen: counters.amountThisMonthFen,
      openOffers: open.offers,
      openAmountFen: open.amountFen,
    };
  }

  /**
   * Sends the lawyer's snapshot to the dispatcher of each practice area (but `except`, which hears it
   * with the answer it is waiting for), when anything in it changed since it was last sent. Answers the
   * snapshot, with the version it went out with.
   */
  publish(options: { except?: PracticeArea; force?: boolean } = {}): LawyerSnapshot {
    const now = this.host.now();
    const row = this.get()!;
    const current = this.snapshot(row, now);
    const facts = JSON.stringify({ ...current, version: 0 });
    if (!options.force && facts === row.publishedFacts) return current;
    const version = row.snapshotVersion + 1;
    this.update({ snapshotVersion: version, publishedFacts: facts });
    const snapshot = { ...current, version };
    for (const area of row.practiceAreas) {
      if (area === options.except) continue;
      this.host.send({
        to: { binding: 'DISPATCH', name: area },
        type: LEGAL_MESSAGES.snapshot,
        payload: snapshot,
        key: `snapshot:${row.userId}:${version}:${area}`,
      });
    }
    return snapshot;
  }
}
