import type { Lang } from '../i18n';

/** The strings of the lawyer's data analysis (SPEC D4 `dataAnalysis`), Chinese first. */
const zh = {
  'insights.title': '数据分析',
  'insights.link': '查看数据分析',
  'insights.locked': '数据分析需要{plan}。升级后即可按月查看接案、完成、评价、积分与服务费。',
  'insights.months': '统计月数',
  'insights.show': '查看',
  'insights.summary': '{from} 至 {to}（北京时间自然月）',
  'insights.header': '报告抬头：{header}',
  'insights.chart.axis': '案件数',
  'insights.chart.caption': '每月案件：收到、接受、完成',
  'insights.col.month': '月份',
  'insights.col.total': '合计',
  'insights.col.metric': '指标',
  'insights.col.value': '数值',
  'insights.none': '—',
  'insights.metric.offered': '收到案件',
  'insights.metric.accepted': '接受',
  'insights.metric.declined': '拒绝',
  'insights.metric.lapsed': '超时未响应',
  'insights.metric.completed': '完成',
  'insights.metric.succeeded': '成功',
  'insights.metric.failed': '失败',
  'insights.metric.acceptanceRate': '接案率',
  'insights.metric.averageResponseMinutes': '平均首次响应（分钟）',
  'insights.metric.successRate': '成功率',
  'insights.metric.averageStars': '平均评价星级',
  'insights.metric.reviews': '评价数',
  'insights.metric.pointsEarned': '获得积分',
  'insights.metric.pointsLost': '扣除积分',
  'insights.metric.feesEarnedFen': '完成案件服务费',
  'insights.metric.debtorContacts': '联系债务人次数',
  'insights.metric.debtorResponses': '债务人回应次数',
  'insights.metric.recoveredFen': '回收金额',
};

export type InsightKey = keyof typeof zh;

const en: Record<InsightKey, string> = {
  'insights.title': 'Data analysis',
  'insights.link': 'See your data analysis',
  'insights.locked':
    'Data analysis needs the {plan} membership: your cases, completions, reviews, points and fees month by month.',
  'insights.months': 'Months',
  'insights.show': 'Show',
  'insights.summary': '{from} to {to} (calendar months, Beijing time)',
  'insights.header': 'Report header: {header}',
  'insights.chart.axis': 'Cases',
  'insights.chart.caption': 'Cases each month: offered, accepted, completed',
  'insights.col.month': 'Month',
  'insights.col.total': 'Total',
  'insights.col.metric': 'Figure',
  'insights.col.value': 'Value',
  'insights.none': '—',
  'insights.metric.offered': 'Offered',
  'insights.metric.accepted': 'Accepted',
  'insights.metric.declined': 'Declined',
  'insights.metric.lapsed': 'Lapsed unanswered',
  'insights.metric.completed': 'Completed',
  'insights.metric.succeeded': 'Succeeded',
  'insights.metric.failed': 'Failed',
  'insights.metric.acceptanceRate': 'Acceptance rate',
  'insights.metric.averageResponseMinutes': 'Average first response (minutes)',
  'insights.metric.successRate': 'Success rate',
  'insights.metric.averageStars': 'Average review stars',
  'insights.metric.reviews': 'Reviews',
  'insights.metric.pointsEarned': 'Points earned',
  'insights.metric.pointsLost': 'Points lost',
  'insights.metric.feesEarnedFen': 'Fees of completed cases',
  'insights.metric.debtorContacts': 'Contacts with debtors',
  'insights.metric.debtorResponses': 'Debtor answers',
  'insights.metric.recoveredFen': 'Amount recovered',
};

export function insightStrings(lang: Lang): Record<InsightKey, string> {
  return lang === 'en' ? en : zh;
}
