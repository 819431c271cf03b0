import type { Lang } from '../i18n';

/** The strings of a company's collection analytics page (SPEC D11), Chinese first. */
const zh = {
  'analytics.title': '企业催收数据分析',
  'analytics.months': '统计月数',
  'analytics.show': '查看',
  'analytics.package': '企业套餐：{name}，本月（{month}）已用 {used} / {allowance} 件，剩余 {remaining} 件。',
  'analytics.noPackage': '公司尚未开通企业套餐，请联系平台管理员。',
  'analytics.summary': '{from} 至 {to} 的汇总',
  'analytics.col.metric': '指标',
  'analytics.col.company': '本公司',
  'analytics.col.platform': '平台平均',
  'analytics.metric.casesProcessed': '处理案件数',
  'analytics.metric.casesWithResponse': '获得响应的案件',
  'analytics.metric.amountRecoveredFen': '回收金额',
  'analytics.metric.averageResponseHours': '平均响应时间（小时）',
  'analytics.metric.casesPerLawyerMonth': '律师利用率（每位律师每月案件数）',
  'analytics.metric.responseRate': '响应率',
  'analytics.metric.recoveryRate': '回收率（按金额）',
  'analytics.metric.satisfaction': '满意度',
  'analytics.none': '—',
  'analytics.trend.title': '按月趋势：处理案件数',
  'analytics.trend.axis': '案件数',
  'analytics.trend.caption': '每月处理的案件数',
  'analytics.recovery.title': '回收率：本公司与平台平均',
  'analytics.recovery.axis': '回收率',
  'analytics.recovery.caption': '每月回收率，本公司与平台平均',
  'analytics.col.month': '月份',
  'analytics.recommendations': '建议',
  'analytics.disclaimer': '声明',
};

export type AnalyticsKey = keyof typeof zh;

const en: Record<AnalyticsKey, string> = {
  'analytics.title': 'Enterprise collection analytics',
  'analytics.months': 'Months',
  'analytics.show': 'Show',
  'analytics.package':
    'Enterprise package: {name}; this month ({month}) {used} of {allowance} cases used, {remaining} left.',
  'analytics.noPackage': 'The company has no enterprise package yet; ask the platform administrator.',
  'analytics.summary': 'Totals from {from} to {to}',
  'analytics.col.metric': 'Figure',
  'analytics.col.company': 'This company',
  'analytics.col.platform': 'Platform average',
  'analytics.metric.casesProcessed': 'Cases processed',
  'analytics.metric.casesWithResponse': 'Cases with a response',
  'analytics.metric.amountRecoveredFen': 'Amount recovered',
  'analytics.metric.averageResponseHours': 'Average response time (hours)',
  'analytics.metric.casesPerLawyerMonth': 'Lawyer utilisation (cases per lawyer a month)',
  'analytics.metric.responseRate': 'Response rate',
  'analytics.metric.recoveryRate': 'Recovery rate (by amount)',
  'analytics.metric.satisfaction': 'Satisfaction',
  'analytics.none': '—',
  'analytics.trend.title': 'Trend by month: cases processed',
  'analytics.trend.axis': 'Cases',
  'analytics.trend.caption': 'Cases processed each month',
  'analytics.recovery.title': 'Recovery rate: this company and the platform average',
  'analytics.recovery.axis': 'Recovery rate',
  'analytics.recovery.caption': 'Recovery rate each month, this company and the platform average',
  'analytics.col.month': 'Month',
  'analytics.recommendations': 'Recommendations',
  'analytics.disclaimer': 'Disclaimer',
};

export function analyticsStrings(lang: Lang): Record<AnalyticsKey, string> {
  return lang === 'en' ? en : zh;
}
