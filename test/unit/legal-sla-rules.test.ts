import { describe, expect, it } from 'vitest';
import { lawyerBreachNotice } from '../../durable-objects/legal/client/sla-rules';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';

describe('who hears of an SLA breach (issue 21)', () => {
  const due = Date.UTC(2026, 2, 1, 8);

  it("tells the lawyer who took a flagged case, once per case, in the lawyer's actor", () => {
    const notice = lawyerBreachNotice({ id: 'case_x', slaDueAt: due, slaBreachedAt: due + 5 }, 'usr_l');
    expect(notice).toEqual({
      to: { binding: 'LAWYER', name: 'usr_l' },
      type: LEGAL_MESSAGES.caseSlaBreach,
      payload: { caseId: 'case_x', dueAt: due, breachedAt: due + 5 },
      key: 'case-sla-breach:case_x',
    });
    // Another lawyer taking the same case later is the same telling: the key does not name the lawyer.
    expect(lawyerBreachNotice({ id: 'case_x', slaDueAt: due, slaBreachedAt: due + 5 }, 'usr_m')!.key).toBe(
      notice!.key,
    );
  });

  it('says nothing for a case taken in time or without an SLA', () => {
    expect(lawyerBreachNotice({ id: 'case_y', slaDueAt: due, slaBreachedAt: null }, 'usr_l')).toBeNull();
    expect(lawyerBreachNotice({ id: 'case_z', slaDueAt: null, slaBreachedAt: null }, 'usr_l')).toBeNull();
    expect(lawyerBreachNotice({ id: 'case_z', slaDueAt: null, slaBreachedAt: due }, 'usr_l')).toBeNull();
  });
});
