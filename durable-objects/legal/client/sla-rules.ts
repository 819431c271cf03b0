/**
 * Who hears of an SLA breach besides the company (issue 21): the lawyer who took a batch case the SLA
 * watch had flagged. Pure: the notice to send, or none for a case that was taken in time.
 */
import { type CaseSlaBreachMessage, LEGAL_MESSAGES } from '../../../schema/dto/legal-messages';
import type { Message } from '../../actor';

export interface BreachFacts {
  id: string;
  slaDueAt: number | null;
  slaBreachedAt: number | null;
}

/** The message for the lawyer's actor; its key makes a second telling of the same case a no-op. */
export function lawyerBreachNotice(kase: BreachFacts, lawyerId: string): Message | null {
  if (kase.slaBreachedAt === null || kase.slaDueAt === null) return null;
  const payload: CaseSlaBreachMessage = {
    caseId: kase.id,
    dueAt: kase.slaDueAt,
    breachedAt: kase.slaBreachedAt,
  };
  return {
    to: { binding: 'LAWYER', name: lawyerId },
    type: LEGAL_MESSAGES.caseSlaBreach,
    payload,
    key: `case-sla-breach:${kase.id}`,
  };
}
