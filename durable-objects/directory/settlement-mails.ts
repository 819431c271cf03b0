import type { MailContent } from './mail-templates';

/** What a company is told about settling its invoices, Chinese first with an English line under it. */

interface Co {
  name: string;
}
const sign = (platform: string) => `\n\n— ${platform}`;

export const settlementMails = {
  proofRejected(p: { company: Co; number: string; reason: string; platform: string }) {
    return {
      kind: 'invoice.proof_rejected',
      subject: `付款凭证未通过 Payment proof rejected: ${p.number}`,
      text:
        `「${p.company.name}」您好：\n账单 ${p.number} 的付款凭证未通过审核，原因：${p.reason}\n请核对后重新上传或在线支付。\n` +
        `The payment proof for invoice ${p.number} was rejected: ${p.reason}\nPlease upload a corrected proof or pay online.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  fapiaoDecided(p: {
    company: Co;
    number: string;
    fapiaoNumber: string | null;
    reason: string | null;
    platform: string;
  }) {
    if (p.fapiaoNumber !== null) {
      return {
        kind: 'invoice.fapiao_issued',
        subject: `发票已开具 Fapiao issued for ${p.number}`,
        text:
          `「${p.company.name}」您好：\n账单 ${p.number} 的发票已开具，发票号码 ${p.fapiaoNumber}。\n` +
          `The fapiao for invoice ${p.number} is issued: number ${p.fapiaoNumber}.` +
          sign(p.platform),
      } satisfies MailContent;
    }
    return {
      kind: 'invoice.fapiao_rejected',
      subject: `发票申请未通过 Fapiao request rejected: ${p.number}`,
      text:
        `「${p.company.name}」您好：\n账单 ${p.number} 的发票申请未通过，原因：${p.reason ?? ''}\n` +
        `The fapiao request for invoice ${p.number} was rejected: ${p.reason ?? ''}` +
        sign(p.platform),
    } satisfies MailContent;
  },
};
