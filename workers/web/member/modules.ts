/**
 * The business modules company members work in, in the order the home page lists them. A module
 * that adds member pages adds one entry here: the plan module that unlocks it (GET /api/tenant
 * `modules`), its first page and what it is called; its pages use `MemberFrame` (frame.tsx) and
 * `window.Member` (/static/member/member.js) for the one member session.
 */
export interface MemberModule {
  /** The module as plans name it; the home page lists only the ones the company's plan includes. */
  module: string;
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
];
