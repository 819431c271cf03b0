import { describe, expect, it } from 'vitest';
import { checkCredits, type DocumentFacts, draftDocument } from '../../durable-objects/lawyer/documents';
import { DOCUMENT_TEMPLATES } from '../../schema/dto/legal-catalog';

const facts: DocumentFacts = {
  caseId: 'case_abc',
  caseType: 'debt_collection',
  practiceArea: 'debt',
  amountFen: 12_345_67,
  description: 'Unpaid goods since March',
  lawyerName: 'Zhang Wei',
  lawFirm: 'Jinghua Law Firm',
  header: null,
  date: '2026-12-07',
};

describe('the document helper (D4 AI credits)', () => {
  it('costs each template its credits and refuses with what is left when they do not cover it', () => {
    expect(checkCredits('demand_letter', 2)).toBe(DOCUMENT_TEMPLATES.demand_letter.credits);
    expect(checkCredits('case_summary', 1)).toBe(1);
    expect(() => checkCredits('demand_letter', 1)).toThrow(
      expect.objectContaining({
        status: 402,
        code: 'AI_CREDITS_EXHAUSTED',
        details: { template: 'demand_letter', cost: 2, remaining: 1 },
      }),
    );
  });

  it('drafts a demand letter from the case’s fields, headed by the law firm', () => {
    const doc = draftDocument('demand_letter', facts);
    expect(doc.body).toContain('致债务人：经委托人授权，本律师就');
    expect(doc.body).toContain("To the debtor: on our client's instructions we write");
    expect(doc.body).toContain('or our client will take further steps');
    expect(doc).toMatchObject({
      template: 'demand_letter',
      title: '催款函 Demand letter',
      header: 'Jinghua Law Firm',
    });
    for (const part of [
      'case_abc',
      '2026-12-07',
      '12345.67',
      'Unpaid goods since March',
      '债务催收',
      'debt collection',
      'Zhang Wei',
    ])
      expect(doc.body).toContain(part);
    expect(doc.body.endsWith('Jinghua Law Firm')).toBe(true);
  });

  it('puts the white-label header in place of the law firm when one is set', () => {
    const doc = draftDocument('case_summary', { ...facts, header: 'Acme Legal Partners' });
    expect(doc.header).toBe('Acme Legal Partners');
    expect(doc.body).toContain('Acme Legal Partners');
    expect(doc.body).not.toContain('Jinghua Law Firm');
    expect(doc.body).toContain('¥12345.67');
    expect(doc.title).toBe('案件摘要 Case summary');
  });

  it('writes a creditor’s own letter to the debtor by name, due date included, signed once', () => {
    const doc = draftDocument('demand_letter', {
      ...facts,
      lawyerName: 'Acme Ltd',
      lawFirm: 'Acme Ltd',
      debtor: { name: 'Wang Fang', dueDate: '2026-03-01' },
    });
    expect(doc.body).toContain('致Wang Fang：本公司就');
    expect(doc.body).toContain('已于 2026-03-01 到期');
    expect(doc.body).toContain('否则本公司将');
    expect(doc.body).toContain('To Wang Fang: we write about a debt collection matter');
    expect(doc.body).toContain('CNY 12345.67, due on 2026-03-01');
    expect(doc.body).toContain('or we will take further steps');
    expect(doc.body).not.toContain('委托人');
    expect(doc.body).not.toContain('our client');
    expect(doc.body.split('\n').filter((line) => line === 'Acme Ltd')).toHaveLength(1);
    expect(doc.body.endsWith('\n\nAcme Ltd')).toBe(true);
  });
});
