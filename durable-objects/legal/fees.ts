/**
 * What publishing a single task costs (SPEC D10): the only answer to "what is this task's service fee".
 * Pure, over the case-type table of `legal-catalog.ts`.
 */
import { CASE_TYPE_TERMS, type CaseType } from '../../schema/dto/legal-catalog';

/** The case type's flat fee plus its share of the amount (rounded half up to the fen), kept within its bounds. */
export function serviceFeeFen(caseType: CaseType, amountFen: number): number {
  const terms = CASE_TYPE_TERMS[caseType];
  const share = Math.floor((amountFen * terms.rateBasisPoints + 5_000) / 10_000);
  return Math.min(terms.maxFeeFen, Math.max(terms.minFeeFen, terms.flatFeeFen + share));
}
