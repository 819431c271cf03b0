import { Hono } from 'hono';
import type { AppEnv } from '../../types';
import { pickLang } from '../i18n';
import { renderPage } from '../layout';
import { PLATFORM_COMMON_JS } from './assets/common';
import { COMPANY_JS } from './assets/company';
import { DASHBOARD_JS } from './assets/dashboard';
import { INVOICES_JS } from './assets/invoices';
import { LOGS_JS } from './assets/logs';
import { MAIL_JS } from './assets/mail';
import { ONBOARDING_JS } from './assets/onboarding';
import { PLANS_JS } from './assets/plans';
import { SIGNIN_JS } from './assets/signin';
import { PLATFORM_CSS } from './assets/style';
import { USERS_JS } from './assets/users';
import {
  CompanyPage,
  DashboardPage,
  InvoicesPage,
  LogsPage,
  MailPage,
  OnboardingPage,
  PlansPage,
  SignInPage,
  UsersPage,
} from './pages';

const JS = 'text/javascript; charset=utf-8';
const STATIC = new Map([
  ['platform.css', { type: 'text/css; charset=utf-8', body: PLATFORM_CSS }],
  ['common.js', { type: JS, body: PLATFORM_COMMON_JS }],
  ['dashboard.js', { type: JS, body: DASHBOARD_JS }],
  ['users.js', { type: JS, body: USERS_JS }],
  ['plans.js', { type: JS, body: PLANS_JS }],
  ['invoices.js', { type: JS, body: INVOICES_JS }],
  ['logs.js', { type: JS, body: LOGS_JS }],
  ['mail.js', { type: JS, body: MAIL_JS }],
  ['company.js', { type: JS, body: COMPANY_JS }],
  ['onboarding.js', { type: JS, body: ONBOARDING_JS }],
  ['signin.js', { type: JS, body: SIGNIN_JS }],
]);

/** The platform's console pages, the onboarding wizard and the user sign-in, with their static files. */
export const platformPages = new Hono<AppEnv>();

platformPages.get('/dashboard', (c) => renderPage(c, <DashboardPage lang={pickLang(c)} />));
platformPages.get('/users', (c) => renderPage(c, <UsersPage lang={pickLang(c)} />));
platformPages.get('/plans', (c) => renderPage(c, <PlansPage lang={pickLang(c)} />));
platformPages.get('/invoices', (c) => renderPage(c, <InvoicesPage lang={pickLang(c)} />));
platformPages.get('/logs', (c) => renderPage(c, <LogsPage lang={pickLang(c)} />));
platformPages.get('/mail', (c) => renderPage(c, <MailPage lang={pickLang(c)} />));
platformPages.get('/company', (c) => renderPage(c, <CompanyPage lang={pickLang(c)} />));
platformPages.get('/onboarding', (c) => renderPage(c, <OnboardingPage lang={pickLang(c)} />));
platformPages.get('/login', (c) => renderPage(c, <SignInPage lang={pickLang(c)} />));

platformPages.get('/static/platform/:file', (c) => {
  const file = STATIC.get(c.req.param('file'));
  if (!file) return c.notFound();
  return c.body(file.body, 200, {
    'content-type': file.type,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
});
