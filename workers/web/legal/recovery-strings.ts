import type { Lang } from '../i18n';

/** The strings of the lawyer's recovery record of a debt case (issue 21), Chinese first. */
const zh = {
  'recovery.open': '回收记录',
  'recovery.title': '回收记录：{case}',
  'recovery.close': '关闭',
  'recovery.owed': '欠款金额',
  'recovery.recovered': '已回收',
  'recovery.contacts': '联系次数',
  'recovery.responded': '债务人已响应',
  'recovery.yes': '是',
  'recovery.no': '否',
  'recovery.records': '记录',
  'recovery.col.at': '时间',
  'recovery.col.kind': '类型',
  'recovery.col.result': '结果 / 金额',
  'recovery.col.note': '备注',
  'recovery.kind.contact': '联系债务人',
  'recovery.kind.payment': '回收款项',
  'recovery.empty': '尚无记录。',
  'recovery.contact.title': '记录一次联系',
  'recovery.contact.responded': '债务人是否响应',
  'recovery.contact.submit': '记录联系',
  'recovery.payment.title': '记录回收金额',
  'recovery.payment.amount': '回收金额（元）',
  'recovery.payment.submit': '记录回收',
  'recovery.at': '发生时间（留空为现在）',
  'recovery.note': '备注',
  'recovery.busy': '正在记录…',
  'recovery.saved': '已记录。',
  'recovery.closed': '案件已结案，记录只读。',
};

const en: Record<keyof typeof zh, string> = {
  'recovery.open': 'Recovery',
  'recovery.title': 'Recovery: {case}',
  'recovery.close': 'Close',
  'recovery.owed': 'Amount owed',
  'recovery.recovered': 'Recovered',
  'recovery.contacts': 'Contacts',
  'recovery.responded': 'Debtor answered',
  'recovery.yes': 'Yes',
  'recovery.no': 'No',
  'recovery.records': 'Records',
  'recovery.col.at': 'When',
  'recovery.col.kind': 'Kind',
  'recovery.col.result': 'Result / amount',
  'recovery.col.note': 'Note',
  'recovery.kind.contact': 'Contact with the debtor',
  'recovery.kind.payment': 'Amount recovered',
  'recovery.empty': 'Nothing recorded yet.',
  'recovery.contact.title': 'Record a contact',
  'recovery.contact.responded': 'Did the debtor answer',
  'recovery.contact.submit': 'Record contact',
  'recovery.payment.title': 'Record an amount recovered',
  'recovery.payment.amount': 'Amount recovered (yuan)',
  'recovery.payment.submit': 'Record amount',
  'recovery.at': 'When it happened (empty: now)',
  'recovery.note': 'Note',
  'recovery.busy': 'Recording…',
  'recovery.saved': 'Recorded.',
  'recovery.closed': 'The case is closed: its record is read-only.',
};

export type RecoveryKey = keyof typeof zh;

export function recoveryStrings(lang: Lang): Record<RecoveryKey, string> {
  return lang === 'en' ? en : zh;
}
