import type { Lang } from '../i18n';

/** The strings of the steps from a demo to a real account and of the administrators' counts (issue 21). */
const zh = {
  'legal.demo.register.lawyer': '以律师身份正式注册',
  'legal.demo.register.user': '以普通用户身份正式注册',
  'legal.register.as.lawyer': '您在演示中选择了律师身份：验证邮箱并登录后，将直接进入律师认证。',
  'legal.register.as.user': '您在演示中选择了普通用户身份：验证邮箱并登录后，确认即可开始使用。',
  'legal.notices':
    '待审核认证 {pendingCertifications} 件（累计提交 {certificationsSubmitted} 件）；SLA 超时 {slaBreaches} 次，共 {slaBreachedCases} 件案件。',
};

const en: Record<keyof typeof zh, string> = {
  'legal.demo.register.lawyer': 'Register for real as a lawyer',
  'legal.demo.register.user': 'Register for real as a user',
  'legal.register.as.lawyer':
    'You chose to be a lawyer in the demo: after verifying your email and signing in you go straight to the licence check.',
  'legal.register.as.user':
    'You chose to be a user in the demo: after verifying your email and signing in, one click confirms it.',
  'legal.notices':
    '{pendingCertifications} certification(s) waiting ({certificationsSubmitted} submitted in all); SLA breached {slaBreaches} time(s), {slaBreachedCases} case(s).',
};

export type JourneyKey = keyof typeof zh;

export function journeyStrings(lang: Lang): Record<JourneyKey, string> {
  return lang === 'en' ? en : zh;
}
