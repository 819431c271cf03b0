/**
 * The workspace's document helper (SPEC D4 AI credits): drafts from a case's own fields with a fixed
 * template, no outside service, and costs the lawyer AI credits. The only answer to "what does this
 * document cost, may it be drafted now, and what does it say". Pure.
 */
import { AppError } from '../../lib/errors';
import {
  CASE_TYPE_TERMS,
  type CaseType,
  DOCUMENT_TEMPLATES,
  type DocumentTemplate,
  PRACTICE_AREA_NAMES,
  type PracticeArea,
} from '../../schema/dto/legal-catalog';

export type { DocumentTemplate };

/** Refuses a document the month's remaining credits do not cover, with what it costs and what is left. */
export function checkCredits(template: DocumentTemplate, remaining: number): number {
  const cost = DOCUMENT_TEMPLATES[template].credits;
  if (cost > remaining) {
    throw new AppError(
      402,
      'AI_CREDITS_EXHAUSTED',
      'not enough AI credits left this month for this document',
      {
        template,
        cost,
        remaining,
      },
    );
  }
  return cost;
}

export interface DocumentFacts {
  caseId: string;
  caseType: CaseType;
  practiceArea: PracticeArea;
  amountFen: number;
  description: string;
  lawyerName: string;
  lawFirm: string;
  /** The white-label header when the lawyer set one; the law firm otherwise. */
  header: string | null;
  /** The business date of drafting, YYYY-MM-DD. */
  date: string;
  /** A creditor's own letter (a company's batch case): addressed to the debtor by name, in the creditor's voice. */
  debtor?: { name: string; dueDate: string };
}

export interface DraftedDocument {
  template: DocumentTemplate;
  title: string;
  header: string;
  body: string;
}

/** The document, in Chinese and English one after the other, headed by the white-label name or the firm. */
export function draftDocument(template: DocumentTemplate, facts: DocumentFacts): DraftedDocument {
  const terms = DOCUMENT_TEMPLATES[template];
  const header = facts.header ?? facts.lawFirm;
  const type = CASE_TYPE_TERMS[facts.caseType];
  const area = PRACTICE_AREA_NAMES[facts.practiceArea];
  const amount = (facts.amountFen / 100).toFixed(2);
  const debtor = facts.debtor;
  const zhFrom = debtor ? `致${debtor.name}：本公司` : '致债务人：经委托人授权，本律师';
  const zhDue = debtor ? `，已于 ${debtor.dueDate} 到期` : '';
  const enFrom = debtor
    ? `To ${debtor.name}: we write`
    : "To the debtor: on our client's instructions we write";
  const enDue = debtor ? `, due on ${debtor.dueDate}` : '';
  const lines =
    template === 'demand_letter'
      ? [
          `${terms.titleZh} / ${terms.titleEn}`,
          `案件编号 Case: ${facts.caseId}`,
          `日期 Date: ${facts.date}`,
          '',
          `${zhFrom}就${type.nameZh}（${area.zh}）一事致函。` +
            `所涉金额为人民币 ${amount} 元${zhDue}。事由：${facts.description}`,
          `请于收到本函之日起七日内付清上述款项，否则${debtor ? '本公司' : '委托人'}将依法采取进一步措施。`,
          '',
          `${enFrom} about a ${type.nameEn.toLowerCase()} matter ` +
            `(${area.en.toLowerCase()}) of CNY ${amount}${enDue}. Facts: ${facts.description}`,
          `Please pay the amount within seven days of receiving this letter, or ${debtor ? 'we' : 'our client'} will take further steps as the law allows.`,
        ]
      : [
          `${terms.titleZh} / ${terms.titleEn}`,
          `案件编号 Case: ${facts.caseId}`,
          `日期 Date: ${facts.date}`,
          `类型 Type: ${type.nameZh} / ${type.nameEn}`,
          `领域 Area: ${area.zh} / ${area.en}`,
          `金额 Amount: ¥${amount}`,
          `事由 Facts: ${facts.description}`,
        ];
  // A company signs its own letter once: its name is both the sender and the header.
  lines.push('', ...new Set([facts.lawyerName, header]));
  return { template, title: `${terms.titleZh} ${terms.titleEn}`, header, body: lines.join('\n') };
}
