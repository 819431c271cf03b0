import { eq } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { RecoveryMessage } from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-client';
import type { CollectionStats } from './collection-stats';
import { applyRecovery } from './recovery-rules';

const { batchCases, recoveryRecords } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;

export interface ClientRecoveryHost {
  db: Db;
  now(): number;
  stats: CollectionStats;
  /** The business month a batch's statistics belong to. */
  monthOf(batchId: string): string;
}

/**
 * The lawyer's recovery records of a batch case, received here (issue 21): each is kept once, moves
 * the case's standing and adds the difference to the month's statistics (and the platform's) in the
 * same transaction. A single task's case has no statistics, so its records stay with the lawyer.
 */
export class ClientRecovery {
  constructor(private readonly host: ClientRecoveryHost) {}

  apply(m: RecoveryMessage): void {
    const db = this.host.db;
    const kase = db.select().from(batchCases).where(eq(batchCases.id, m.caseId)).get();
    if (!kase) return;
    const kept = db
      .insert(recoveryRecords)
      .values({ ...m.record, caseId: m.caseId, receivedAt: this.host.now() })
      .onConflictDoNothing()
      .returning({ id: recoveryRecords.id })
      .get();
    if (!kept) return;
    const { after, change } = applyRecovery(
      {
        handedAt: kase.handedAt ?? m.record.at,
        debtorResponded: kase.debtorResponded,
        firstPaymentAt: kase.firstPaymentAt,
        recoveredFen: kase.recoveredFen,
      },
      m.record,
    );
    db.update(batchCases)
      .set({
        debtorResponded: after.debtorResponded,
        firstPaymentAt: after.firstPaymentAt,
        recoveredFen: after.recoveredFen,
        updatedAt: this.host.now(),
      })
      .where(eq(batchCases.id, m.caseId))
      .run();
    this.host.stats.record(this.host.monthOf(kase.batchId), change, `recovery:${m.record.id}`);
  }
}
