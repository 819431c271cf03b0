/**
 * What a lawyer may record on a case while recovering its debt (issue 21), pure: only on a debt
 * case they hold, at a time between taking it and now, and never more recovered than is owed.
 */
import { AppError, fieldError } from '../../lib/errors';

export const DEBT_CASE_TYPE = 'debt_collection';

export interface RecoverableCase {
  caseType: string;
  status: string;
  /** When the lawyer took the case. */
  respondedAt: number | null;
  amountFen: number;
}

export type RecordInput = { kind: 'contact' } | { kind: 'payment'; amountFen: number };

/** Refuses a record the case cannot take; `recoveredFen` is what the case's payments add up to so far. */
export function checkRecord(
  kase: RecoverableCase,
  input: RecordInput,
  at: number,
  now: number,
  recoveredFen: number,
): void {
  if (kase.caseType !== DEBT_CASE_TYPE) {
    throw new AppError(409, 'NOT_A_DEBT_CASE', 'contacts and recovered amounts are recorded on debt cases', {
      caseType: kase.caseType,
    });
  }
  if (kase.status !== 'assigned') {
    throw new AppError(
      409,
      'CASE_NOT_ASSIGNED',
      'recovery is recorded on a case you hold and have not closed',
      {
        status: kase.status,
      },
    );
  }
  if (at > now) throw fieldError(400, 'VALIDATION_FAILED', 'body.at', 'is in the future', 'not_future');
  if (kase.respondedAt !== null && at < kase.respondedAt) {
    throw fieldError(400, 'VALIDATION_FAILED', 'body.at', 'is before you took the case', 'not_before_taken');
  }
  if (input.kind === 'payment' && recoveredFen + input.amountFen > kase.amountFen) {
    throw new AppError(409, 'RECOVERY_EXCEEDS_DEBT', 'the amounts recovered would exceed the amount owed', {
      amountFen: kase.amountFen,
      recoveredFen,
      requestedFen: input.amountFen,
    });
  }
}
