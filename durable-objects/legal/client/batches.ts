import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import { DEFAULT_TIMEZONE } from '../../../lib/plans';
import { monthOf } from '../../../lib/zoned';
import type { Page } from '../../../schema/dto/common';
import type { Batch, BatchAnswer, BatchCase, BatchRowError } from '../../../schema/dto/legal-batches';
import { CASE_TYPE_TERMS } from '../../../schema/dto/legal-catalog';
import {
  type CaseAssignedMessage,
  type CaseCompletedMessage,
  type CaseDispatchMessage,
  LEGAL_MESSAGES,
  type PublishedCase,
} from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-client';
import type { Message } from '../../actor';
import { sqlOf } from '../../raw-rows';
import type { LegalCaller } from '../access';
import type { CollectionStats } from './collection-stats';
import { DEBT_AREA, type Debt, debtDescription } from './debt-rows';
import { applyDispatchNews } from './dispatch-news';
import { lawyerBreachNotice } from './sla-rules';

const { batches, batchCases } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;
type BatchRow = typeof batches.$inferSelect;
type TakenCase = {
  id: string;
  batchId: string;
  handedAt: number | null;
  slaDueAt: number | null;
  slaBreachedAt: number | null;
};

export const BATCH_DISPATCH_JOB = 'batch.dispatch';
/** Cases handed to the dispatcher in one message; one alarm run each, so a big batch never holds the actor long. */
export const DISPATCH_CHUNK = 500;
/** DO SQLite binds at most 100 parameters per statement: a case row has 17. */
const INSERT_CHUNK = 5;

export interface BatchUpload {
  fileName: string;
  format: 'csv' | 'xlsx';
  debts: Debt[];
  rowErrors: BatchRowError[];
  estimatedRevenueFen: number;
}

/** What the batches module needs from its actor. */
export interface BatchesHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  send(message: Message): void;
  schedule(kind: string, key: string, dueAt: number): void;
  access(caller: LegalCaller, write: boolean): { userId: string };
  /** The user (or company) this actor belongs to. */
  ownerId(): string;
  /** Inside the hand-over's transaction: a company's SLA starts for these cases. */
  handedOver(batchId: string, caseIds: string[], at: number): void;
  stats: CollectionStats;
}

/**
 * What pays for an upload, inside its transaction: a person's credit, or a company's monthly case
 * allowance; either refuses with 402 and the counts, which rolls the batch back.
 */
export interface BatchPayer {
  pay(batchId: string, cases: number): Pick<BatchAnswer, 'creditsUsed' | 'credits' | 'allowance'>;
  /** The business month the batch's statistics belong to. */
  month(): string;
}

const batchNotFound = () => new AppError(404, 'BATCH_NOT_FOUND', 'no batch of yours with that id');

/**
 * Batch debt collection (SPEC D10): an upload's good rows become one case each, recorded with the
 * batch in the transaction that spends its credit; then the actor's own alarm hands them to the debt
 * dispatcher a chunk at a time through its outbox, and the dispatcher's and lawyers' messages move
 * each case on, so the batch's progress is a count of its cases by where they stand.
 */
export class Batches {
  constructor(private readonly host: BatchesHost) {}

  private get db(): Db {
    return this.host.db;
  }

  upload(caller: LegalCaller, upload: BatchUpload, payer: BatchPayer): Promise<Outcome<BatchAnswer>> {
    return this.host.write(() => {
      this.host.access(caller, true);
      const now = this.host.now();
      const batchId = newId('batch');
      const paid = payer.pay(batchId, upload.debts.length);
      const month = payer.month();
      this.db
        .insert(batches)
        .values({
          id: batchId,
          fileName: upload.fileName,
          format: upload.format,
          totalCases: upload.debts.length,
          creditsUsed: paid.creditsUsed,
          estimatedRevenueFen: upload.estimatedRevenueFen,
          rowErrors: upload.rowErrors,
          month,
          createdAt: now,
        })
        .run();
      for (let i = 0; i < upload.debts.length; i += INSERT_CHUNK) {
        this.db
          .insert(batchCases)
          .values(
            upload.debts.slice(i, i + INSERT_CHUNK).map((debt) => ({
              id: newId('case'),
              batchId,
              line: debt.line,
              debtorName: debt.debtorName,
              debtorIdNumber: debt.idNumber,
              phone: debt.phone,
              amountFen: debt.amountFen,
              dueDate: debt.dueDate,
              notes: debt.notes,
              status: 'queued' as const,
              dispatchSeq: 0,
              updatedAt: now,
            })),
          )
          .run();
      }
      this.host.schedule(BATCH_DISPATCH_JOB, batchId, now);
      const owedFen = upload.debts.reduce((sum, debt) => sum + debt.amountFen, 0);
      this.host.stats.record(month, { cases: upload.debts.length, owedFen }, `upload:${batchId}`);
      return {
        batchId,
        totalCases: upload.debts.length,
        estimatedRevenueFen: upload.estimatedRevenueFen,
        rowErrors: upload.rowErrors,
        ...paid,
      };
    });
  }

  /**
   * The alarm's step: the next chunk of the batch's queued cases goes to the dispatcher in one
   * message, written with their new status; answers whether any are left for the next step.
   */
  dispatchNext(batchId: string): Promise<Outcome<{ remaining: boolean }>> {
    return this.host.write(() => {
      const rows = this.db
        .select()
        .from(batchCases)
        .where(and(eq(batchCases.batchId, batchId), eq(batchCases.status, 'queued')))
        .orderBy(asc(batchCases.line))
        .limit(DISPATCH_CHUNK + 1)
        .all();
      const chunk = rows.slice(0, DISPATCH_CHUNK);
      if (chunk.length === 0) return { remaining: false };
      const now = this.host.now();
      const terms = CASE_TYPE_TERMS.debt_collection;
      const cases: PublishedCase[] = chunk.map((row) => ({
        caseId: row.id,
        clientId: this.host.ownerId(),
        caseType: 'debt_collection',
        area: DEBT_AREA,
        amountFen: row.amountFen,
        minMembership: terms.minMembership,
        description: debtDescription({ ...row, idNumber: row.debtorIdNumber }),
        publishedAt: now,
      }));
      for (let i = 0; i < chunk.length; i += 90) {
        this.db
          .update(batchCases)
          .set({ status: 'dispatching', handedAt: now, updatedAt: now })
          .where(
            and(
              eq(batchCases.status, 'queued'),
              inArray(
                batchCases.id,
                chunk.slice(i, i + 90).map((row) => row.id),
              ),
            ),
          )
          .run();
      }
      this.host.handedOver(
        batchId,
        chunk.map((row) => row.id),
        now,
      );
      this.host.send({
        to: { binding: 'DISPATCH', name: DEBT_AREA },
        type: LEGAL_MESSAGES.publishMany,
        payload: { cases },
        key: `publish-batch:${batchId}:${chunk[0]!.line}`,
      });
      const remaining = rows.length > DISPATCH_CHUNK;
      if (remaining) this.host.schedule(BATCH_DISPATCH_JOB, batchId, now);
      return { remaining };
    });
  }

  get(caller: LegalCaller, id: string): Outcome<Batch> {
    return toOutcome(() => {
      this.host.access(caller, false);
      const row = this.db.select().from(batches).where(eq(batches.id, id)).get();
      if (!row) throw batchNotFound();
      return this.view(row);
    });
  }

  /** The batch's cases in the order of the file, a page at a time. */
  cases(caller: LegalCaller, batchId: string, page: number, pageSize: number): Outcome<Page<BatchCase>> {
    return toOutcome(() => {
      this.host.access(caller, false);
      const batch = this.db.select({ id: batches.id }).from(batches).where(eq(batches.id, batchId)).get();
      if (!batch) throw batchNotFound();
      const ofBatch = eq(batchCases.batchId, batchId);
      const total = this.db.select({ n: count() }).from(batchCases).where(ofBatch).get()!.n;
      const rows = this.db
        .select()
        .from(batchCases)
        .where(ofBatch)
        .orderBy(asc(batchCases.line))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all();
      return { items: rows.map(batchCaseView), total, page, pageSize };
    });
  }

  list(caller: LegalCaller, page: number, pageSize: number): Outcome<Page<ReturnType<Batches['summary']>>> {
    return toOutcome(() => {
      this.host.access(caller, false);
      const total = this.db.select({ n: count() }).from(batches).get()!.n;
      const rows = this.db
        .select()
        .from(batches)
        .orderBy(desc(batches.createdAt), desc(batches.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all();
      return { items: rows.map((row) => this.summary(row)), total, page, pageSize };
    });
  }

  private summary(row: BatchRow) {
    const { rowErrors, ...rest } = this.view(row);
    return { ...rest, rowErrorCount: rowErrors.length };
  }

  private view(row: BatchRow): Batch {
    const progress = { queued: 0, dispatched: 0, accepted: 0, failed: 0 };
    let slaBreaches = 0;
    for (const group of this.db
      .select({
        status: batchCases.status,
        outcome: batchCases.outcome,
        n: count(),
        late: count(batchCases.slaBreachedAt),
      })
      .from(batchCases)
      .where(eq(batchCases.batchId, row.id))
      .groupBy(batchCases.status, batchCases.outcome)
      .all()) {
      slaBreaches += group.late;
      if (group.status === 'queued') progress.queued += group.n;
      else if (group.status === 'dispatching') progress.dispatched += group.n;
      else if (group.outcome === 'fail') progress.failed += group.n;
      else progress.accepted += group.n;
    }
    return {
      id: row.id,
      fileName: row.fileName,
      format: row.format,
      totalCases: row.totalCases,
      creditsUsed: row.creditsUsed,
      estimatedRevenueFen: row.estimatedRevenueFen,
      rowErrors: row.rowErrors as BatchRowError[],
      progress,
      slaBreaches,
      createdAt: iso(row.createdAt)!,
    };
  }

  /** The dispatcher's news about a batch case; a later step never gives way to an earlier one. */
  applyDispatch(m: CaseDispatchMessage): void {
    applyDispatchNews(sqlOf(this.db), 'batch_cases', m, this.host.now());
  }

  applyAssigned(m: CaseAssignedMessage): void {
    const now = this.host.now();
    const [taken] = sqlOf(this.db)
      .exec<TakenCase>(
        `UPDATE batch_cases SET status = 'assigned', dispatch_state = NULL, lawyer_id = ?, updated_at = ?
         WHERE id = ? AND status = 'dispatching' RETURNING id, batch_id AS batchId, handed_at AS handedAt,
         sla_due_at AS slaDueAt, sla_breached_at AS slaBreachedAt`,
        m.lawyerId,
        now,
        m.caseId,
      )
      .toArray();
    if (taken) this.taken(m, taken);
  }

  /**
   * A lawyer took the case: a response, and how long it took since the case was handed over; a case
   * the SLA watch flagged is told to that lawyer too.
   */
  private taken(m: CaseAssignedMessage, kase: TakenCase) {
    const waited = m.assignedAt - (kase.handedAt ?? m.assignedAt);
    const figures = { responded: 1, responseMsTotal: Math.max(0, waited) };
    this.host.stats.record(this.monthOf(kase.batchId), figures, `assigned:${m.caseId}`, m.lawyerId);
    const notice = lawyerBreachNotice(kase, m.lawyerId);
    if (notice) this.host.send(notice);
  }

  /** A batch recorded before months were kept belongs to its upload's month in Asia/Shanghai. */
  monthOf(batchId: string): string {
    const row = this.db
      .select({ month: batches.month, createdAt: batches.createdAt })
      .from(batches)
      .where(eq(batches.id, batchId))
      .get()!;
    return row.month ?? monthOf(row.createdAt, DEFAULT_TIMEZONE);
  }

  applyCompleted(m: CaseCompletedMessage): void {
    const now = this.host.now();
    const before = this.db.select().from(batchCases).where(eq(batchCases.id, m.caseId)).get();
    if (!before || before.status === 'completed') return;
    // The completion may overtake the assignment's message; the response is counted either way.
    if (before.status === 'dispatching') this.taken(m, before);
    const recovered = m.outcome === 'success';
    this.host.stats.record(
      this.monthOf(before.batchId),
      { completed: 1, recovered: recovered ? 1 : 0 },
      `completed:${m.caseId}`,
    );
    this.db
      .update(batchCases)
      .set({
        status: 'completed',
        dispatchState: null,
        lawyerId: m.lawyerId,
        outcome: m.outcome,
        updatedAt: now,
      })
      .where(eq(batchCases.id, m.caseId))
      .run();
  }
}

function batchCaseView(row: typeof batchCases.$inferSelect): BatchCase {
  return {
    id: row.id,
    line: row.line,
    debtorName: row.debtorName,
    amountFen: row.amountFen,
    dueDate: row.dueDate,
    summary: debtDescription({ ...row, idNumber: row.debtorIdNumber }),
    status: row.status,
    dispatchState: row.dispatchState,
    outcome: row.outcome,
    recoveredFen: row.recoveredFen,
    slaDueAt: iso(row.slaDueAt),
    slaBreachedAt: iso(row.slaBreachedAt),
  };
}
