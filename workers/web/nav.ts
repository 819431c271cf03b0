import type { ModuleName } from '../../schema/dto/platform-console';

/**
 * The console's main navigation, in order. A module that adds a page adds one line here
 * (and its route in `console.tsx`); `Layout` marks the entry whose `href` is the current path.
 */
export interface NavEntry {
  href: string;
  zh: string;
  en: string;
  /** Pages only a platform administrator can use: hidden from a company user (core.js). */
  platformOnly?: true;
  /** The paid module the page belongs to: hidden from a company user whose plan lacks it (core.js). */
  module?: ModuleName;
}

export const consoleNav: NavEntry[] = [
  { href: '/', zh: '企业', en: 'Companies', platformOnly: true },
  { href: '/crm/customers', zh: '客户', en: 'Customers', module: 'crm' },
  { href: '/cards', zh: '信用卡年费', en: 'Card fees', module: 'annual-fees' },
  { href: '/dashboard', zh: '仪表盘', en: 'Dashboard', platformOnly: true },
  { href: '/users', zh: '用户', en: 'Users', platformOnly: true },
  { href: '/plans', zh: '套餐', en: 'Plans', platformOnly: true },
  { href: '/invoices', zh: '账单', en: 'Invoices', platformOnly: true },
  { href: '/logs', zh: '操作日志', en: 'Operation log', platformOnly: true },
  { href: '/mail', zh: '邮件', en: 'Mail', platformOnly: true },
  { href: '/tasks', zh: '定时任务', en: 'Scheduled tasks', platformOnly: true },
  { href: '/devices', zh: '设备与计费', en: 'Devices', module: 'devices' },
  { href: '/nodes', zh: '设备节点', en: 'Device nodes', platformOnly: true },
  { href: '/billing-ops', zh: '计费上报', en: 'Usage reports', platformOnly: true },
  { href: '/lawyer-certifications', zh: '律师认证', en: 'Lawyer certification', platformOnly: true }, // legal
];
