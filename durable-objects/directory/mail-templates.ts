/** The platform's mails, Chinese first with an English line under it. Pure: subject and text only. */
export interface MailContent {
  kind: string;
  subject: string;
  text: string;
}

interface Who {
  name: string;
  username: string;
}
interface Co {
  name: string;
  code: string;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const sign = (platform: string) => `\n\n— ${platform}`;

export const mails = {
  membershipGranted(p: {
    user: Who;
    company: Co;
    reactivated: boolean;
    isPrimary: boolean;
    platform: string;
  }) {
    const zh = p.reactivated
      ? `您在「${p.company.name}」的权限已重新启用。`
      : `您已加入「${p.company.name}」。`;
    const en = p.reactivated
      ? `Your access to ${p.company.name} has been re-activated.`
      : `You have been added to ${p.company.name}.`;
    const primary = p.isPrimary
      ? `\n该公司是您的主公司，登录后默认进入。\nIt is your primary company: you land there after login.`
      : '';
    return {
      kind: 'membership.granted',
      subject: p.reactivated
        ? `公司权限已恢复 Access restored: ${p.company.name}`
        : `加入公司 Welcome to ${p.company.name}`,
      text: `${p.user.name}（${p.user.username}）您好：\n${zh}\n${en}${primary}${sign(p.platform)}`,
    } satisfies MailContent;
  },

  /** Seed scenario 5: the primary company was disabled and another active one became primary. */
  primarySwitched(p: { user: Who; disabled: Co; primary: Co; platform: string }) {
    return {
      kind: 'membership.primary_switched',
      subject: `主公司权限变更通知 Your primary company changed`,
      text:
        `${p.user.name}（${p.user.username}）您好：\n` +
        `您在「${p.disabled.name}」的权限已停用，主公司已自动切换为「${p.primary.name}」。\n` +
        `Your access to ${p.disabled.name} has been disabled; your primary company is now ${p.primary.name}.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  membershipDisabled(p: { user: Who; company: Co; platform: string }) {
    return {
      kind: 'membership.disabled',
      subject: `公司权限已停用 Access disabled: ${p.company.name}`,
      text:
        `${p.user.name}（${p.user.username}）您好：\n您在「${p.company.name}」的权限已停用。\n` +
        `Your access to ${p.company.name} has been disabled.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  /** Seed scenario 6: no active company left. */
  accountDisabled(p: { user: Who; company: Co; platform: string }) {
    return {
      kind: 'account.disabled',
      subject: `账号已停用 Your account has been disabled`,
      text:
        `${p.user.name}（${p.user.username}）您好：\n` +
        `您在「${p.company.name}」的权限已停用，您在所有公司的权限均已停用，账号已冻结。如需恢复请联系管理员。\n` +
        `Your access to ${p.company.name} has been disabled and you belong to no active company any more, ` +
        `so your account is frozen. Ask an administrator to restore it.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  /** The primary company stopped being valid (deleted company, say) and login moved it on. */
  primaryRepaired(p: { user: Who; primary: Co; platform: string }) {
    return {
      kind: 'membership.primary_repaired',
      subject: `主公司已自动切换 Your primary company changed`,
      text:
        `${p.user.name}（${p.user.username}）您好：\n您原来的主公司已失效，主公司已自动切换为「${p.primary.name}」。\n` +
        `Your former primary company is no longer available; your primary company is now ${p.primary.name}.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  onboardingLink(p: { company: Co; url: string; expiresAt: string; platform: string }) {
    return {
      kind: 'onboarding.link',
      subject: `开通您的企业账号 Set up ${p.company.name}`,
      text:
        `您好：\n请通过以下链接开通「${p.company.name}」（有效期至 ${p.expiresAt}，仅可使用一次）：\n${p.url}\n` +
        `Open this link to set up ${p.company.name} (valid until ${p.expiresAt}, single use).` +
        sign(p.platform),
    } satisfies MailContent;
  },

  invoiceIssued(p: {
    company: Co;
    number: string;
    period: string;
    totalFen: number;
    dueDate: string;
    platform: string;
  }) {
    return {
      kind: 'invoice.issued',
      subject: `账单 ${p.number}（${p.period}）Invoice ${p.number}`,
      text:
        `「${p.company.name}」您好：\n账期 ${p.period} 的账单 ${p.number} 已生成，应付 ${yuan(p.totalFen)}，请于 ${p.dueDate} 前支付。\n` +
        `Invoice ${p.number} for ${p.period} is ready: ${yuan(p.totalFen)}, due ${p.dueDate}.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  invoiceOverdue(p: { company: Co; number: string; totalFen: number; graceDays: number; platform: string }) {
    return {
      kind: 'invoice.overdue',
      subject: `账单逾期 Invoice ${p.number} is overdue`,
      text:
        `「${p.company.name}」您好：\n账单 ${p.number}（${yuan(p.totalFen)}）已逾期。逾期超过 ${p.graceDays} 天将暂停服务。\n` +
        `Invoice ${p.number} (${yuan(p.totalFen)}) is overdue. Service is suspended after ${p.graceDays} more days.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  invoicePaid(p: { company: Co; number: string; totalFen: number; platform: string }) {
    return {
      kind: 'invoice.paid',
      subject: `收款确认 Payment received for ${p.number}`,
      text:
        `「${p.company.name}」您好：\n已收到账单 ${p.number} 的付款 ${yuan(p.totalFen)}，谢谢。\n` +
        `We received ${yuan(p.totalFen)} for invoice ${p.number}. Thank you.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  invoiceCancelled(p: { company: Co; number: string; platform: string }) {
    return {
      kind: 'invoice.cancelled',
      subject: `账单已取消 Invoice ${p.number} cancelled`,
      text: `「${p.company.name}」您好：\n账单 ${p.number} 已取消。\nInvoice ${p.number} has been cancelled.${sign(p.platform)}`,
    } satisfies MailContent;
  },

  /** 欠费停机: writes are refused until the overdue invoices are settled. */
  tenantSuspended(p: { company: Co; numbers: string[]; platform: string }) {
    return {
      kind: 'tenant.suspended',
      subject: `服务已暂停（欠费）Service suspended for non-payment`,
      text:
        `「${p.company.name}」您好：\n由于账单 ${p.numbers.join('、')} 逾期未付，服务已暂停：数据仍可查看，但不能新增或修改。付款后自动恢复。\n` +
        `Because invoice(s) ${p.numbers.join(', ')} are overdue, service is suspended: you can still read your ` +
        `data but not change it. Service resumes once they are paid.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  tenantRestored(p: { company: Co; platform: string }) {
    return {
      kind: 'tenant.restored',
      subject: `服务已恢复 Service restored`,
      text: `「${p.company.name}」您好：\n服务已恢复正常。\nYour service has been restored.${sign(p.platform)}`,
    } satisfies MailContent;
  },

  subscriptionExpired(p: { company: Co; reason: 'trial' | 'service'; platform: string }) {
    const zh = p.reason === 'trial' ? '试用期已结束' : '服务期已结束';
    const en = p.reason === 'trial' ? 'Your trial has ended' : 'Your service period has ended';
    return {
      kind: 'subscription.expired',
      subject: `${zh} ${en}`,
      text:
        `「${p.company.name}」您好：\n${zh}，数据仍可查看，续订后可继续使用。\n${en}; your data stays readable and everything ` +
        `works again once you subscribe.` +
        sign(p.platform),
    } satisfies MailContent;
  },

  alert(p: { company: Co; zh: string; en: string; platform: string; kind: string }) {
    return {
      kind: `alert.${p.kind}`,
      subject: `提醒 Notice: ${p.en}`,
      text: `「${p.company.name}」您好：\n${p.zh}\n${p.en}${sign(p.platform)}`,
    } satisfies MailContent;
  },
};
