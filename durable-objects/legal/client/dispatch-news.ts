import type { CaseDispatchMessage } from '../../../schema/dto/legal-messages';

/**
 * The dispatcher's news about a case while it looks for a lawyer, applied to whichever table keeps the
 * case (a single task's or a batch's): a later step never gives way to an earlier one, so the news is
 * idempotent by its sequence number. Raw SQL: every dispatch message of a client runs it twice.
 */
export function applyDispatchNews(
  sql: SqlStorage,
  table: 'client_cases' | 'batch_cases',
  m: CaseDispatchMessage,
  now: number,
): void {
  sql.exec(
    `UPDATE ${table} SET dispatch_state = ?, dispatch_seq = ?, updated_at = ?
     WHERE id = ? AND status = 'dispatching' AND dispatch_seq < ?`,
    m.state,
    m.seq,
    now,
    m.caseId,
    m.seq,
  );
}
