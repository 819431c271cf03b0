import type { MailContent } from '../../directory/mail-templates';

/** What a device user is told (issue #22 item 7), Chinese first with an English line under it. */

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export const deviceMails = {
  expiring(p: { company: string; deviceId: string; expiresAt: string }) {
    return {
      kind: 'device.expiring',
      subject: `设备即将到期 Device allocation ends in 10 minutes: ${p.deviceId}`,
      text:
        `「${p.company}」的设备 ${p.deviceId} 将于 ${p.expiresAt} 到期（约 10 分钟后）。如需继续使用，请在控制台续期。\n` +
        `Your device ${p.deviceId} at ${p.company} is released at ${p.expiresAt}, in about 10 minutes. Extend it in the console to keep it.`,
    } satisfies MailContent;
  },

  lowBalance(p: { company: string; availableFen: number; thresholdFen: number }) {
    return {
      kind: 'wallet.low_balance',
      subject: `可用余额不足 Available balance below ${yuan(p.thresholdFen)}`,
      text:
        `您在「${p.company}」的可用余额为 ${yuan(p.availableFen)}，低于公司设置的 ${yuan(p.thresholdFen)}。请联系公司管理员充值。\n` +
        `Your available balance at ${p.company} is ${yuan(p.availableFen)}, below the ${yuan(p.thresholdFen)} your company set. Ask your company admin to top it up.`,
    } satisfies MailContent;
  },
};
