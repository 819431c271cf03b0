/**
 * How a debt case's recovery records move its month's collection statistics (issue 21), pure: each
 * record changes the case's standing (did the debtor answer, when was the first payment, how much is
 * recovered) and the figures by the difference, so the kept figures are always those recomputed from
 * the records, whatever order they arrive in.
 */
import type { CollectionFigureName } from '../../../schema/dto/legal-messages';

export interface CaseStanding {
  /** When the case was handed to the dispatcher: recovery time counts from here. */
  handedAt: number;
  debtorResponded: boolean;
  firstPaymentAt: number | null;
  recoveredFen: number;
}

export interface RecoveryEntry {
  kind: 'contact' | 'payment';
  at: number;
  responded: boolean | null;
  amountFen: number | null;
}

export type RecoveryFigures = Pick<
  Record<CollectionFigureName, number>,
  'debtorResponded' | 'paidCases' | 'recoveredFen' | 'recoveryMsTotal'
>;

export const NO_RECOVERY: RecoveryFigures = {
  debtorResponded: 0,
  paidCases: 0,
  recoveredFen: 0,
  recoveryMsTotal: 0,
};

/** What one case's standing contributes to its month's figures. */
export function figuresOfStanding(s: CaseStanding): RecoveryFigures {
  return {
    debtorResponded: s.debtorResponded ? 1 : 0,
    paidCases: s.firstPaymentAt === null ? 0 : 1,
    recoveredFen: s.recoveredFen,
    recoveryMsTotal: s.firstPaymentAt === null ? 0 : Math.max(0, s.firstPaymentAt - s.handedAt),
  };
}

/** The case's standing after one more record, and the change it makes to the month's figures. */
export function applyRecovery(
  before: CaseStanding,
  entry: RecoveryEntry,
): { after: CaseStanding; change: RecoveryFigures } {
  const after: CaseStanding =
    entry.kind === 'contact'
      ? { ...before, debtorResponded: before.debtorResponded || entry.responded === true }
      : {
          ...before,
          recoveredFen: before.recoveredFen + entry.amountFen!,
          firstPaymentAt:
            before.firstPaymentAt === null ? entry.at : Math.min(before.firstPaymentAt, entry.at),
        };
  const was = figuresOfStanding(before);
  const is = figuresOfStanding(after);
  return {
    after,
    change: {
      debtorResponded: is.debtorResponded - was.debtorResponded,
      paidCases: is.paidCases - was.paidCases,
      recoveredFen: is.recoveredFen - was.recoveredFen,
      recoveryMsTotal: is.recoveryMsTotal - was.recoveryMsTotal,
    },
  };
}
