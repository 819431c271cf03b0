import type { planChanges } from '../../schema/directory';
import type { MailContent } from './mail-templates';

/** What a company is told of its plan changes (SPEC A12), Chinese first with an English line under it. */

type Change = Pick<
  typeof planChanges.$inferSelect,
  'fromPlan' | 'fromCycle' | 'toPlan' | 'toCycle' | 'prorationFen'
>;
interface Co {
  name: string;
  code: string;
}

const CYCLE: Record<string, string> = {
  monthly: '月付 monthly',
  quarterly: '季付 quarterly',
  yearly: '年付 yearly',
};
const terms = (plan: string, cycle: string) => `${plan}（${CYCLE[cycle] ?? cycle}）`;
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const sign = (platform: string) => `\n\n— ${platform}`;

export const subscriptionMails = {
  applied(p: { company: Co; change: Change; platform: string }) {
    const from = terms(p.change.fromPlan, p.change.fromCycle);
    const to = terms(p.change.toPlan, p.change.toCycle);
    const charge =
      p.change.prorationFen > 0
        ? `\n本期剩余天数的差价 ${yuan(p.change.prorationFen)} 将计入下一张账单。\nThe difference for the rest of this period, ${yuan(p.change.prorationFen)}, is on your next invoice.`
        : '';
    return {
      kind: 'plan.changed',
      subject: `套餐已变更 Plan changed: ${p.company.name}`,
      text: `「${p.company.name}」的套餐已由 ${from} 变更为 ${to}。\n${p.company.name} is now on ${to} (was ${from}).${charge}${sign(p.platform)}`,
    } satisfies MailContent;
  },

  scheduled(p: { company: Co; change: Change; date: string; platform: string }) {
    const to = terms(p.change.toPlan, p.change.toCycle);
    return {
      kind: 'plan.change_scheduled',
      subject: `套餐变更已预约 Plan change scheduled: ${p.company.name}`,
      text: `「${p.company.name}」将于 ${p.date} 本计费周期结束时变更为 ${to}，在此之前可以取消。\n${p.company.name} moves to ${to} when this billing period ends (${p.date}); until then the change can be cancelled.${sign(p.platform)}`,
    } satisfies MailContent;
  },

  cancelled(p: { company: Co; change: Change; platform: string }) {
    const to = terms(p.change.toPlan, p.change.toCycle);
    return {
      kind: 'plan.change_cancelled',
      subject: `套餐变更已取消 Plan change cancelled: ${p.company.name}`,
      text: `「${p.company.name}」预约的套餐变更（${to}）已取消，套餐保持不变。\nThe scheduled change of ${p.company.name} to ${to} is cancelled; the plan stays as it is.${sign(p.platform)}`,
    } satisfies MailContent;
  },
};
