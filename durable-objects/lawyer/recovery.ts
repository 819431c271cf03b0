import { asc, eq } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import { LEGAL_MESSAGES, type RecoveryMessage } from '../../schema/dto/legal-messages';
import type {
  CaseRecovery,
  ContactBody,
  PaymentBody,
  RecoveryAnswer,
  RecoveryRecord,
} from '../../schema/dto/legal-recovery';
import * as schema from '../../schema/lawyer';
import type { Message } from '../actor';
import type { LegalCaller } from '../legal/access';
import type { Db, LawyerRecord } from './record';
import { checkRecord, type RecordInput } from './recovery-rules';

const { lawyerCases, recoveryRecords } = schema;
type CaseRow = typeof lawyerCases.$inferSelect;
type RecordRow = typeof recoveryRecords.$inferSelect;

/** What the recovery module needs from the lawyer's actor. */
export interface LawyerRecoveryHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  send(message: Message): void;
  record: LawyerRecord;
}

const caseNotFound = () => new AppError(404, 'CASE_NOT_FOUND', 'no case of yours with that id');

/**
 * The lawyer's record of recovering a debt case (issue 21): each contact with the debtor and each
 * amount recovered, kept here and sent to the client's actor in the same transaction, where the
 * collection statistics are built from them. Closing the case (cases.ts) records its outcome.
 */
export class LawyerRecovery {
  constructor(private readonly host: LawyerRecoveryHost) {}

  private get db(): Db {
    return this.host.db;
  }

  contact(caller: LegalCaller, caseId: string, body: ContactBody): Promise<Outcome<RecoveryAnswer>> {
    return this.add(caller, caseId, { kind: 'contact' }, body.at, body.note, body.responded);
  }

  payment(caller: LegalCaller, caseId: string, body: PaymentBody): Promise<Outcome<RecoveryAnswer>> {
    const input: RecordInput = { kind: 'payment', amountFen: body.amountFen };
    return this.add(caller, caseId, input, body.at, body.note, null);
  }

  read(caller: LegalCaller, caseId: string): Outcome<CaseRecovery> {
    return toOutcome(() => {
      this.host.record.require(caller, false);
      return this.view(this.requireCase(caseId));
    });
  }

  private add(
    caller: LegalCaller,
    caseId: string,
    input: RecordInput,
    when: string | undefined,
    note: string | undefined,
    responded: boolean | null,
  ): Promise<Outcome<RecoveryAnswer>> {
    return this.host.write(() => {
      const lawyer = this.host.record.requireActive(caller, true);
      const kase = this.requireCase(caseId);
      const now = this.host.now();
      const at = when === undefined ? now : Date.parse(when);
      checkRecord(kase, input, at, now, this.recoveredFen(caseId));
      const row = this.db
        .insert(recoveryRecords)
        .values({
          id: newId('rec'),
          caseId,
          kind: input.kind,
          at,
          responded: input.kind === 'contact' ? responded : null,
          amountFen: input.kind === 'payment' ? input.amountFen : null,
          note: note ?? '',
          recordedAt: now,
        })
        .returning()
        .get();
      const message: RecoveryMessage = {
        caseId,
        lawyerId: lawyer.userId,
        record: {
          id: row.id,
          kind: row.kind,
          at: row.at,
          responded: row.responded,
          amountFen: row.amountFen,
        },
      };
      this.host.send({
        to: { binding: 'LEGAL_CLIENT', name: kase.clientId },
        type: LEGAL_MESSAGES.recovery,
        payload: message,
        key: `recovery:${row.id}`,
      });
      return { record: recordView(row), recovery: this.view(kase) };
    });
  }

  private recoveredFen(caseId: string): number {
    return this.records(caseId).reduce((sum, r) => sum + (r.amountFen ?? 0), 0);
  }

  private records(caseId: string): RecordRow[] {
    return this.db
      .select()
      .from(recoveryRecords)
      .where(eq(recoveryRecords.caseId, caseId))
      .orderBy(asc(recoveryRecords.at), asc(recoveryRecords.recordedAt))
      .all();
  }

  private requireCase(caseId: string): CaseRow {
    const kase = this.db.select().from(lawyerCases).where(eq(lawyerCases.caseId, caseId)).get();
    if (!kase) throw caseNotFound();
    return kase;
  }

  private view(kase: CaseRow): CaseRecovery {
    const records = this.records(kase.caseId);
    const contacts = records.filter((r) => r.kind === 'contact');
    return {
      caseId: kase.caseId,
      amountFen: kase.amountFen,
      recoveredFen: records.reduce((sum, r) => sum + (r.amountFen ?? 0), 0),
      contacts: contacts.length,
      debtorResponded: contacts.some((r) => r.responded === true),
      status: kase.status,
      outcome: kase.outcome,
      records: records.map(recordView),
    };
  }
}

function recordView(row: RecordRow): RecoveryRecord {
  return {
    id: row.id,
    kind: row.kind,
    at: iso(row.at)!,
    responded: row.responded,
    amountFen: row.amountFen,
    note: row.note,
    recordedAt: iso(row.recordedAt)!,
  };
}
