import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { LEGAL_MESSAGES, type SlaBreachMessage } from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-client';
import type { Message } from '../../actor';
import type { CollectionStats } from './collection-stats';

const { batchCases, enterprise } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;

export const SLA_JOB = 'batch.sla';
const HOUR_MS = 3_600_000;
/** DO SQLite binds at most 100 parameters per statement. */
const UPDATE_CHUNK = 90;

export interface SlaWatchHost {
  db: Db;
  now(): number;
  send(message: Message): void;
  schedule(kind: string, key: string, dueAt: number): void;
  stats: CollectionStats;
  monthOf(batchId: string): string;
}

/**
 * A company's package promises a lawyer takes each case within its SLA (48 h, 24 h or 4 h from the
 * hand-over). The hand-over sets each case's due time and one job per batch looks when the earliest
 * falls due: a case still not taken is flagged, counted in the month's statistics (the report's
 * `slaBreaches`) and reported to the platform's administrators; the job then waits for the next due.
 */
export class SlaWatch {
  constructor(private readonly host: SlaWatchHost) {}

  /** Inside the hand-over's transaction: these cases are due by the SLA's hours from `handedAt`. */
  handed(batchId: string, caseIds: string[], handedAt: number, slaHours: number): void {
    const dueAt = handedAt + slaHours * HOUR_MS;
    for (let i = 0; i < caseIds.length; i += UPDATE_CHUNK) {
      this.host.db
        .update(batchCases)
        .set({ slaDueAt: dueAt })
        .where(inArray(batchCases.id, caseIds.slice(i, i + UPDATE_CHUNK)))
        .run();
    }
    this.host.schedule(SLA_JOB, batchId, dueAt);
  }

  /** The job: flags the batch's cases past due and not taken, then waits for the next one due. */
  check(batchId: string): void {
    const db = this.host.db;
    const now = this.host.now();
    const late = and(
      eq(batchCases.batchId, batchId),
      eq(batchCases.status, 'dispatching'),
      isNull(batchCases.slaBreachedAt),
    );
    const breached = db
      .update(batchCases)
      .set({ slaBreachedAt: now, updatedAt: now })
      .where(and(late, lte(batchCases.slaDueAt, now)))
      .returning({ id: batchCases.id })
      .all();
    if (breached.length > 0) {
      this.host.stats.record(
        this.host.monthOf(batchId),
        { slaBreaches: breached.length },
        `sla:${batchId}:${now}`,
      );
      const company = db.select().from(enterprise).get();
      const notice: SlaBreachMessage = {
        tenantId: company?.tenantId ?? '',
        code: company?.code ?? '',
        batchId,
        cases: breached.length,
        at: now,
      };
      this.host.send({
        to: { binding: 'DIRECTORY', name: 'global' },
        type: LEGAL_MESSAGES.slaBreach,
        payload: notice,
        key: `sla-breach:${batchId}:${now}`,
      });
    }
    const next = db
      .select({ dueAt: batchCases.slaDueAt })
      .from(batchCases)
      .where(and(late, gt(batchCases.slaDueAt, now)))
      .orderBy(asc(batchCases.slaDueAt))
      .limit(1)
      .get();
    if (next?.dueAt) this.host.schedule(SLA_JOB, batchId, next.dueAt);
  }
}
