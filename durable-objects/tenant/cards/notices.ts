import type { MailContent } from '../../directory/mail-templates';
import type { Day } from './dates';
import type { NoticeKind } from './reminders';
import { yuan } from './rules';

/** What a notice says of one fee: its card, its year and due date, its amount and how far the waiver got. */
export interface NoticeFacts {
  company: string;
  holder: string;
  issuer: string;
  cardName: string;
  last4: string;
  feeYear: number;
  dueDate: Day;
  /** Days from the day the notice goes out to the due date (a reminder sent late in its window says so). */
  daysLeft: number;
  feeAmountFen: number;
  /** The progress as "8/12 笔" and "8/12 transactions"; null for a rigid fee, which has none. */
  progress: { zh: string; en: string } | null;
}

/**
 * The mail of one notice (SPEC C6, C7), Chinese first with the English under it, as the platform's
 * other mails. Pure: the fee records module queues it through the outbox to the Directory's mail.
 */
export function noticeMail(kind: NoticeKind, f: NoticeFacts): MailContent {
  const card = `${f.issuer} ${f.cardName}（尾号 ${f.last4}）`;
  const cardEn = `${f.issuer} ${f.cardName} (ending ${f.last4})`;
  const fee = yuan(f.feeAmountFen);
  const progressZh = f.progress ? `\n当前减免进度：${f.progress.zh}` : '';
  const progressEn = f.progress ? `\nWaiver progress so far: ${f.progress.en}` : '';
  const days = f.daysLeft;
  let zh: string;
  let en: string;
  let subject: string;
  if (kind.startsWith('reminder-')) {
    subject = `年费提醒：${card} ${days} 天后到期 Annual fee due in ${days} days`;
    zh = `您的${card} ${f.feeYear} 年度年费 ${fee} 将于 ${f.dueDate} 到期，还有 ${days} 天。${progressZh}`;
    en = `The ${f.feeYear} annual fee of ${fee} on your ${cardEn} is due on ${f.dueDate}, in ${days} days.${progressEn}`;
  } else if (kind === 'due') {
    subject = `年费今日到期：${card} Annual fee due today`;
    zh = `您的${card} ${f.feeYear} 年度年费 ${fee} 未获减免，今日（${f.dueDate}）到期，请按时缴纳。${progressZh}`;
    en = `The ${f.feeYear} annual fee of ${fee} on your ${cardEn} was not waived and is due today (${f.dueDate}).${progressEn}`;
  } else {
    subject = `年费已逾期：${card} Annual fee overdue`;
    zh = `您的${card} ${f.feeYear} 年度年费 ${fee} 已于 ${f.dueDate} 到期，尚未缴纳，现已逾期。`;
    en = `The ${f.feeYear} annual fee of ${fee} on your ${cardEn} was due on ${f.dueDate}, is unpaid and now overdue.`;
  }
  return {
    kind: `annual-fee.${kind}`,
    subject,
    text: `${f.holder} 您好：\n${zh}\n\nHello ${f.holder},\n${en}\n\n— ${f.company}`,
  };
}
