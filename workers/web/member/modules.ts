/**
 * The business modules company members work in, in the order the home page lists them. A module
 * that adds member pages adds one entry here: the plan module that unlocks it (GET /api/tenant
 * `modules`), its first page and what it is called; its pages use `MemberFrame` (frame.tsx) and
 * `window.Member` (/static/member/member.js) for the one member session.
 */
export interface MemberModule {
  /** The module as plans name it; the home page lists only the ones the company's plan includes. */
  module: string;
  /** Names the entry's strings when a module has more than one entry; defaults to `module`. */
  key?: string;
  /** Its first page; the home page links to it under the company's `/t/{code}` prefix. */
  href: string;
  name: { zh: string; en: string };
  about: { zh: string; en: string };
}

export const MEMBER_MODULES: MemberModule[] = [
  {
    module: 'crm',
    href: '/crm/customers',
    name: { zh: '客户与合同', en: 'Customers and contracts' },
    about: {
      zh: '售电客户、零售合同和客户状态变更记录。',
      en: 'Electricity-retail customers, their retail contracts and status history.',
    },
  },
  {
    module: 'devices',
    href: '/devices',
    name: { zh: '设备与计费', en: 'Devices and billing' },
    about: {
      zh: '申请和释放设备，查看余额、用量和费用。',
      en: 'Allocate and release devices; see balances, usage and charges.',
    },
  },
  {
    module: 'annual-fees',
    href: '/cards',
    name: { zh: '信用卡年费', en: 'Card annual fees' },
    about: {
      zh: '信用卡、消费记录、年费减免进度与提醒。',
      en: 'Cards, purchases, annual-fee waiver progress and reminders.',
    },
  },
  {
    module: 'legal',
    href: '/legal',
    name: { zh: '法律服务', en: 'Legal services' },
    about: {
      zh: '律师市场：发布付费法律任务，或作为认证律师接案。',
      en: "The lawyers' marketplace: publish a paid legal task, or take cases as a certified lawyer.",
    },
  },
  {
    module: 'legal',
    key: 'legal-batches',
    href: '/legal-batches',
    name: { zh: '企业批量催收案件', en: 'Enterprise batch cases' },
    about: {
      zh: '公司上传的批次、每件案件的进度，并用企业套餐的 AI 额度起草催款函或案件摘要。',
      en: "The company's uploaded batches, where each case stands, and drafts of a demand letter or case summary paid from the package's AI credits.",
    },
  },
  {
    module: 'legal',
    key: 'legal-analytics',
    href: '/legal-analytics',
    name: { zh: '企业催收数据分析', en: 'Enterprise collection analytics' },
    about: {
      zh: '企业套餐的本月额度、催收数据与平台平均的对比、按月趋势和建议。',
      en: "The enterprise package's allowance this month, collection figures beside the platform's, the trend and advice.",
    },
  },
];
