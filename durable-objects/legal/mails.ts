/** The marketplace's mails, Chinese first with the English under it. Pure: subject and text only. */
import type { MailContent } from '../directory/mail-templates';

const sign = (platform: string) => `\n\n— ${platform}`;
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const legalMails = {
  verifyEmail(p: { name: string; url: string; hours: number; platform: string }): MailContent {
    return {
      kind: 'legal.verify_email',
      subject: '请验证您的邮箱 Verify your email',
      text:
        `${p.name}，您好：\n请打开以下链接完成邮箱验证（${p.hours} 小时内有效，仅可使用一次）：\n${p.url}\n` +
        `Open this link to verify your email (valid for ${p.hours} hours, single use).` +
        sign(p.platform),
    };
  },

  /** Someone registered with an address that already has an account: its owner is told, nobody else. */
  alreadyRegistered(p: { name: string; url: string; platform: string }): MailContent {
    return {
      kind: 'legal.already_registered',
      subject: '您已有账号 You already have an account',
      text:
        `${p.name}，您好：\n有人使用您的邮箱申请注册。您已有账号，请直接登录：${p.url}\n如非本人操作，请忽略本邮件。\n` +
        `Someone tried to register with your email. You already have an account: sign in at ${p.url}. ` +
        `If it was not you, ignore this mail.` +
        sign(p.platform),
    };
  },

  certificationApproved(p: { name: string; url: string; platform: string }): MailContent {
    return {
      kind: 'legal.certification_approved',
      subject: '律师认证已通过 Your lawyer certification is approved',
      text:
        `${p.name}，您好：\n您的律师证认证已通过，已为您开通基础律师版会员（免费）。工作台：${p.url}\n` +
        `Your lawyer licence is approved and your free basic membership has started. Your workspace: ${p.url}` +
        sign(p.platform),
    };
  },

  certificationRejected(p: { name: string; reason: string; url: string; platform: string }): MailContent {
    return {
      kind: 'legal.certification_rejected',
      subject: '律师认证未通过 Your lawyer certification was not approved',
      text:
        `${p.name}，您好：\n您的律师证认证未通过，原因：${p.reason}\n您可以在工作台重新上传：${p.url}\n` +
        `Your lawyer licence was not approved. Reason: ${p.reason}. You may upload it again at ${p.url}.` +
        sign(p.platform),
    };
  },

  offersSuspended(p: { name: string; declines: number; until: number; platform: string }): MailContent {
    return {
      kind: 'legal.offers_suspended',
      subject: '派单已暂停 24 小时 New cases paused for 24 hours',
      text:
        `${p.name}，您好：\n您在 7 天内拒绝了 ${p.declines} 个案件，新案件派单暂停至 ${when(p.until)}。\n` +
        `You declined ${p.declines} cases within 7 days, so no new cases will be offered to you until ${when(p.until)}.` +
        sign(p.platform),
    };
  },
};
