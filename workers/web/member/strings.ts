import type { Lang } from '../i18n';
import { platformStrings } from '../platform/strings';
import { MEMBER_MODULES } from './modules';

/**
 * The member pages' strings: the home after sign-in, the third-party account bindings, the company's
 * invoices and the shared member frame. They ride over the console's table in `<main data-strings>`,
 * with the platform's words these pages share (sign-in, providers, invoice statuses) and each member
 * module's name and description (`module.<name>`, `module.<name>.about`).
 */
const zh = {
  'member.signInTitle': '请先登录',
  'member.signIn': '登录后即可使用公司的各项功能，所有页面共用这一次登录。',
  'member.signInLink': '前往登录',
  'member.bar': '当前公司',
  'member.company': '当前公司：{name}',
  'member.switch': '我的首页与切换公司',

  'home.title': '我的首页',
  'home.greeting': '{username}，您好',
  'home.company': '当前公司',
  'home.plan': '套餐',
  'home.status': '订阅状态',
  'home.readOnly': '公司当前{status}：数据只能查看，不能修改。',
  'home.modules': '功能模块',
  'home.noModules': '公司的套餐里还没有可用的功能模块。',
  'home.primary': '主公司',
  'home.noCompany': '您的账号还没有加入任何公司，请联系管理员。',
  'home.account': '账号与公司管理',
  'home.bindings': '绑定钉钉、微信或飞书账号',
  'home.invoices': '公司账单（管理员）',

  'account.title': '第三方账号绑定',
  'account.note': '绑定后可以直接用这些账号登录，密码登录照常可用。',
  'account.col.provider': '第三方',
  'account.col.status': '状态',
  'account.col.since': '绑定时间',
  'account.col.actions': '操作',
  'account.bound': '已绑定',
  'account.boundAs': '已绑定（{nickname}）',
  'account.unbound': '未绑定',
  'account.bind': '绑定',
  'account.bindLabel': '绑定{provider}账号',
  'account.unbind': '解除绑定',
  'account.unbindLabel': '解除绑定：{provider}',
  'account.confirmUnbind': '解除{provider}账号的绑定？之后不能再用它登录，随时可以重新绑定。',
  'account.unbindDone': '已解除{provider}账号的绑定。',
  'account.leaving': '正在前往{provider}授权……',
  'account.back': '返回账号绑定',

  'companyInvoices.title': '公司账单',
  'companyInvoices.paid': '支付时间',
  'settle.col': '付款凭证与发票',
  'settle.col.actions': '操作',
  'settle.open': '办理',
  'settle.openLabel': '办理账单 {number}',
  'settle.title': '办理账单 {number}',
  'settle.pay': '在线支付',
  'settle.order': '已创建支付单 {id}，金额 {amount}，请在支付页面完成付款。',
  'settle.proof': '付款凭证（PDF、JPG 或 PNG，不超过 10 MB）',
  'settle.upload': '上传凭证',
  'settle.uploaded': '凭证已上传，等待平台审核。',
  'settle.fapiao': '申请发票',
  'settle.fapiao.title': '发票抬头',
  'settle.fapiao.taxNumber': '税号',
  'settle.fapiao.type': '发票类型',
  'settle.fapiao.normal': '普通发票',
  'settle.fapiao.special': '增值税专用发票',
  'settle.fapiao.done': '发票申请已提交。',
  'settle.close': '关闭',
  'settle.proof.pending': '凭证待审核',
  'settle.proof.accepted': '凭证已通过',
  'settle.proof.rejected': '凭证未通过：{reason}',
  'settle.fapiao.requested': '发票已申请',
  'settle.fapiao.issued': '发票已开具 {fapiaoNumber}',
  'settle.fapiao.rejected': '发票申请未通过：{reason}',
  'error.TENANT_ADMIN_REQUIRED': '只有公司管理员可以查看这些内容。',
  'error.OAUTH_PROVIDER_NOT_CONFIGURED': '平台还没有开通这种第三方登录。',
};

export type MemberKey = keyof typeof zh;

const en: Record<MemberKey, string> = {
  'member.signInTitle': 'Please sign in',
  'member.signIn': 'Sign in once to use every page of your company.',
  'member.signInLink': 'Go to sign-in',
  'member.bar': 'Current company',
  'member.company': 'Company: {name}',
  'member.switch': 'My home and other companies',

  'home.title': 'My home',
  'home.greeting': 'Hello, {username}',
  'home.company': 'Current company',
  'home.plan': 'Plan',
  'home.status': 'Subscription',
  'home.readOnly': 'The company is {status}: its data can be read but not changed.',
  'home.modules': 'Modules',
  'home.noModules': 'The company’s plan includes no module with pages yet.',
  'home.primary': 'primary',
  'home.noCompany': 'Your account belongs to no company yet; ask an administrator.',
  'home.account': 'Account and company',
  'home.bindings': 'Connect a DingTalk, WeChat or Feishu account',
  'home.invoices': 'Company invoices (admins)',

  'account.title': 'Connected sign-in accounts',
  'account.note': 'A connected account signs you in directly; your password keeps working.',
  'account.col.provider': 'Provider',
  'account.col.status': 'Status',
  'account.col.since': 'Connected',
  'account.col.actions': 'Actions',
  'account.bound': 'Connected',
  'account.boundAs': 'Connected ({nickname})',
  'account.unbound': 'Not connected',
  'account.bind': 'Connect',
  'account.bindLabel': 'Connect a {provider} account',
  'account.unbind': 'Disconnect',
  'account.unbindLabel': 'Disconnect {provider}',
  'account.confirmUnbind':
    'Disconnect your {provider} account? You can no longer sign in with it until you connect it again.',
  'account.unbindDone': 'Your {provider} account is disconnected.',
  'account.leaving': 'Going to {provider} to approve…',
  'account.back': 'Back to connected accounts',

  'companyInvoices.title': 'Company invoices',
  'companyInvoices.paid': 'Paid',
  'settle.col': 'Proof and fapiao',
  'settle.col.actions': 'Actions',
  'settle.open': 'Settle',
  'settle.openLabel': 'Settle invoice {number}',
  'settle.title': 'Settle invoice {number}',
  'settle.pay': 'Pay online',
  'settle.order': 'Payment order {id} for {amount} is open; complete the payment on the payment page.',
  'settle.proof': 'Payment proof (PDF, JPG or PNG, up to 10 MB)',
  'settle.upload': 'Upload proof',
  'settle.uploaded': 'Proof uploaded; the platform will review it.',
  'settle.fapiao': 'Request fapiao',
  'settle.fapiao.title': 'Fapiao title',
  'settle.fapiao.taxNumber': 'Tax number',
  'settle.fapiao.type': 'Fapiao type',
  'settle.fapiao.normal': 'Normal (普通)',
  'settle.fapiao.special': 'Special VAT (专用)',
  'settle.fapiao.done': 'Fapiao requested.',
  'settle.close': 'Close',
  'settle.proof.pending': 'Proof awaiting review',
  'settle.proof.accepted': 'Proof accepted',
  'settle.proof.rejected': 'Proof rejected: {reason}',
  'settle.fapiao.requested': 'Fapiao requested',
  'settle.fapiao.issued': 'Fapiao issued {fapiaoNumber}',
  'settle.fapiao.rejected': 'Fapiao rejected: {reason}',
  'error.TENANT_ADMIN_REQUIRED': 'Only a company admin may see this.',
  'error.OAUTH_PROVIDER_NOT_CONFIGURED': 'This kind of sign-in is not set up on the platform.',
};

const TABLES: Record<Lang, Record<MemberKey, string>> = { zh, en };

/** The platform's words the member pages share, by key prefix. */
const SHARED = ['signin.', 'oauth.', 'error.OAUTH', 'invoice.', 'invoices.col.', 'empty'];

export function memberStrings(lang: Lang): Record<string, string> {
  const shared = Object.entries(platformStrings(lang)).filter(([key]) =>
    SHARED.some((p) => key.startsWith(p)),
  );
  const modules = MEMBER_MODULES.flatMap((m) => [
    [`module.${m.key ?? m.module}`, m.name[lang]],
    [`module.${m.key ?? m.module}.about`, m.about[lang]],
  ]);
  return { ...Object.fromEntries(shared), ...Object.fromEntries(modules), ...TABLES[lang] };
}
