import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/**
 * Every string the console shows, in Chinese (the default) and English. Pages render with
 * `strings(lang)`; the browser scripts get the same table through `<body data-strings>` and
 * look keys up with `Keel.t(key, vars)`. `{name}` placeholders are filled from `vars`.
 * Error codes from the API may have an `error.<CODE>` entry; without one the server's message is shown.
 */
const zh = {
  'app.name': 'Keel 控制台',
  'app.skip': '跳到主要内容',
  'nav.label': '主导航',
  'lang.label': '语言',
  'session.signedInAs': '已登录：{username}',
  'session.logout': '退出登录',
  'session.loggedOut': '已退出登录。',
  'session.expired': '登录已过期，请重新登录。',
  'confirm.title': '请确认',
  'confirm.keep': '不，保留',
  'notFound.title': '页面不存在',
  'notFound.text': '没有找到这个地址：',
  'notFound.console': '平台控制台首页',
  'notFound.member': '企业用户登录与首页',

  'login.title': '平台管理员登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.busy': '正在登录…',

  'companies.title': '企业',
  'companies.list': '企业列表',
  'companies.search': '搜索企业（代码或名称）',
  'companies.searchSubmit': '搜索',
  'companies.empty': '没有找到企业。',
  'companies.summary': '共 {total} 家企业，第 {page} / {pages} 页',
  'companies.col.code': '代码',
  'companies.col.name': '名称',
  'companies.col.plan': '套餐',
  'companies.col.status': '订阅状态',
  'companies.col.created': '创建时间',
  'pager.label': '分页',
  'pager.prev': '上一页',
  'pager.next': '下一页',

  'create.title': '新建企业',
  'create.code': '企业代码',
  'create.codeHint': '小写字母、数字和连字符，以字母开头；同时用作子域名。',
  'create.name': '企业名称',
  'create.plan': '套餐',
  'create.industry': '行业',
  'create.industryNone': '未选择',
  'create.contactEmail': '联系邮箱',
  'create.submit': '创建企业',
  'create.busy': '正在创建…',
  'create.done': '已创建企业 {name}（{code}）。',

  loading: '正在加载…',
  'form.requiredNote': '标 * 的为必填项。',
  'form.fix': '请修改：{list}',

  'plan.trial': '试用版',
  'plan.basic': '基础版',
  'plan.professional': '专业版',
  'plan.enterprise': '企业版',
  'status.trial': '试用中',
  'status.active': '正常',
  'status.suspended': '已暂停',
  'status.expired': '已过期',
  'status.cancelled': '已取消',

  'error.generic': '出错了，请稍后再试。',
  'error.NETWORK': '无法连接服务器，请检查网络。',
  'error.INVALID_CREDENTIALS': '用户名或密码错误。',
  'error.LOGIN_LOCKED': '登录失败次数过多，请 {retryAfterSeconds} 秒后再试。',
  'error.CODE_TAKEN': '该企业代码已被使用。',
  'error.VALIDATION_FAILED': '请检查填写的内容。',

  // A refused field, by the API's `rule` (then origin or format, then `.exclusive`); see core.js fieldText.
  'field.required': '必填',
  'field.invalid_type': '类型不对',
  'field.too_small.string': '至少 {minimum} 个字符',
  'field.too_small.number': '不能小于 {minimum}',
  'field.too_small.number.exclusive': '必须大于 {minimum}',
  'field.too_small.array': '至少 {minimum} 项',
  'field.too_big.string': '最多 {maximum} 个字符',
  'field.too_big.number': '不能大于 {maximum}',
  'field.too_big.number.exclusive': '必须小于 {maximum}',
  'field.too_big.array': '最多 {maximum} 项',
  'field.invalid_format': '格式不对',
  'field.invalid_format.email': '不是有效的邮箱地址',
  'field.invalid_format.url': '不是有效的网址',
  'field.invalid_format.month': '应为 YYYY-MM 格式的月份',
  'field.invalid_format.company_code': '只能用小写字母、数字和连字符，以字母开头，不以连字符结尾',
  'field.invalid_format.plan_code': '只能用小写字母、数字和连字符，以字母开头',
  'field.invalid_format.username': '只能用字母、数字、点、下划线和连字符',
  'field.invalid_format.name': '只能用字母、数字、点、下划线和连字符，以字母或数字开头',
  'field.invalid_value': '不是可选的值',
  'field.unrecognized_keys': '含有无法识别的字段',
  'field.month_order': '不能早于开始月份',
  'field.decimal_places': '最多 {maximum} 位小数',
  'field.nothing_to_update': '没有要修改的内容',
  'field.time_zone': '不是有效的时区（IANA 名称，如 Asia/Shanghai）',
  'field.plan': '没有这个套餐',
  'field.reserved': '这个代码保留给系统使用',
  'field.username_or_email': '请填写用户名或邮箱',
  'field.one_of': '分配编号和设备编号只能填一个',
  'field.one_device': '指定设备时数量只能是 1',
};

export type MessageKey = keyof typeof zh;
export type Strings = Record<MessageKey, string>;

const en: Strings = {
  'app.name': 'Keel Console',
  'app.skip': 'Skip to main content',
  'nav.label': 'Main',
  'lang.label': 'Language',
  'session.signedInAs': 'Signed in as {username}',
  'session.logout': 'Log out',
  'session.loggedOut': 'You have logged out.',
  'session.expired': 'Your session has expired; please log in again.',
  'confirm.title': 'Please confirm',
  'confirm.keep': 'No, keep it',
  'notFound.title': 'Page not found',
  'notFound.text': 'There is nothing at this address:',
  'notFound.console': 'Platform console home',
  'notFound.member': 'Company users: sign in and home',

  'login.title': 'Platform admin login',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.busy': 'Logging in…',

  'companies.title': 'Companies',
  'companies.list': 'Company list',
  'companies.search': 'Search companies (code or name)',
  'companies.searchSubmit': 'Search',
  'companies.empty': 'No companies found.',
  'companies.summary': '{total} companies, page {page} of {pages}',
  'companies.col.code': 'Code',
  'companies.col.name': 'Name',
  'companies.col.plan': 'Plan',
  'companies.col.status': 'Subscription',
  'companies.col.created': 'Created',
  'pager.label': 'Pagination',
  'pager.prev': 'Previous',
  'pager.next': 'Next',

  'create.title': 'Create a company',
  'create.code': 'Company code',
  'create.codeHint': 'Lower-case letters, digits and hyphens, starting with a letter; also the subdomain.',
  'create.name': 'Company name',
  'create.plan': 'Plan',
  'create.industry': 'Industry',
  'create.industryNone': 'Not given',
  'create.contactEmail': 'Contact email',
  'create.submit': 'Create company',
  'create.busy': 'Creating…',
  'create.done': 'Company {name} ({code}) created.',

  loading: 'Loading…',
  'form.requiredNote': 'Fields marked * are required.',
  'form.fix': 'Please correct: {list}',

  'plan.trial': 'Trial',
  'plan.basic': 'Basic',
  'plan.professional': 'Professional',
  'plan.enterprise': 'Enterprise',
  'status.trial': 'Trial',
  'status.active': 'Active',
  'status.suspended': 'Suspended',
  'status.expired': 'Expired',
  'status.cancelled': 'Cancelled',

  'error.generic': 'Something went wrong; please try again.',
  'error.NETWORK': 'The server cannot be reached; check the network.',
  'error.INVALID_CREDENTIALS': 'Wrong username or password.',
  'error.LOGIN_LOCKED': 'Too many failed logins; try again in {retryAfterSeconds} s.',
  'error.CODE_TAKEN': 'That company code is taken.',
  'error.VALIDATION_FAILED': 'Please check what you entered.',

  'field.required': 'required',
  'field.invalid_type': 'has the wrong type',
  'field.too_small.string': 'at least {minimum} characters',
  'field.too_small.number': 'must be at least {minimum}',
  'field.too_small.number.exclusive': 'must be more than {minimum}',
  'field.too_small.array': 'at least {minimum} items',
  'field.too_big.string': 'at most {maximum} characters',
  'field.too_big.number': 'must be at most {maximum}',
  'field.too_big.number.exclusive': 'must be less than {maximum}',
  'field.too_big.array': 'at most {maximum} items',
  'field.invalid_format': 'is not in the expected format',
  'field.invalid_format.email': 'is not an email address',
  'field.invalid_format.url': 'is not a web address',
  'field.invalid_format.month': 'must be a month YYYY-MM',
  'field.invalid_format.company_code':
    'lower-case letters, digits and hyphens, starting with a letter, not ending with a hyphen',
  'field.invalid_format.plan_code': 'lower-case letters, digits and hyphens, starting with a letter',
  'field.invalid_format.username': 'letters, digits, dots, underscores and hyphens only',
  'field.invalid_format.name':
    'letters, digits, dots, underscores and hyphens, starting with a letter or digit',
  'field.invalid_value': 'is not one of the choices',
  'field.unrecognized_keys': 'has fields that are not known',
  'field.month_order': 'must not be before the start month',
  'field.decimal_places': 'at most {maximum} decimal places',
  'field.nothing_to_update': 'nothing to update',
  'field.time_zone': 'is not a time zone (an IANA name such as Asia/Shanghai)',
  'field.plan': 'no such plan',
  'field.reserved': 'is reserved',
  'field.username_or_email': 'give a username or an email',
  'field.one_of': 'give an allocation or a device, not both',
  'field.one_device': 'a device means a count of 1',
};

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The value of `<html lang>` for each language. */
export const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };
/** Each language's name in itself, for the switch. */
export const LANG_NAMES: Record<Lang, string> = { zh: '中文', en: 'English' };

const TABLES: Record<Lang, Strings> = { zh, en };

export function strings(lang: Lang): Strings {
  return TABLES[lang];
}

const isLang = (value: string | undefined): value is Lang => LANGS.includes(value as Lang);
const LANG_COOKIE = 'keel_lang';

/**
 * The page language: `?lang=` when given (and then remembered in a cookie for a year),
 * else the remembered choice, else Chinese.
 */
export function pickLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (isLang(asked)) {
    setCookie(c, LANG_COOKIE, asked, { path: '/', maxAge: 365 * 86_400, sameSite: 'Lax' });
    return asked;
  }
  const remembered = getCookie(c, LANG_COOKIE);
  return isLang(remembered) ? remembered : 'zh';
}
