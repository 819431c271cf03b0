import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../types';
import { pickLang } from '../i18n';
import { langPage, renderPage, staticFiles } from '../layout';
import { PLATFORM_COMMON_JS } from './assets/common';
import { COMPANY_JS } from './assets/company';
import { DASHBOARD_JS } from './assets/dashboard';
import { INVOICES_JS } from './assets/invoices';
import { LOGS_JS } from './assets/logs';
import { MAIL_JS } from './assets/mail';
import { OAUTH_JS } from './assets/oauth';
import { ONBOARDING_JS } from './assets/onboarding';
import { PLANS_JS } from './assets/plans';
import { PLATFORM_CSS } from './assets/style';
import { TASKS_JS } from './assets/tasks';
import { USERS_JS } from './assets/users';

import { CompanyPage, DashboardPage, InvoicesPage, LogsPage, MailPage, PlansPage, UsersPage } from './pages';
import { OAuthPage, OnboardingPage } from './public-pages';
import { TasksPage } from './tasks';

/** The platform's console pages and the onboarding wizard, with their static files. */
export const platformPages = new Hono<AppEnv>();

platformPages.get('/dashboard', langPage(DashboardPage));
platformPages.get('/users', langPage(UsersPage));
platformPages.get('/plans', langPage(PlansPage));
platformPages.get('/invoices', langPage(InvoicesPage));
platformPages.get('/logs', langPage(LogsPage));
platformPages.get('/mail', langPage(MailPage));
platformPages.get('/tasks', langPage(TasksPage));
platformPages.get('/company', langPage(CompanyPage));
platformPages.get('/onboarding', langPage(OnboardingPage));

platformPages.get(
  '/static/platform/:file',
  staticFiles({
    'platform.css': PLATFORM_CSS,
    'common.js': PLATFORM_COMMON_JS,
    'dashboard.js': DASHBOARD_JS,
    'users.js': USERS_JS,
    'plans.js': PLANS_JS,
    'invoices.js': INVOICES_JS,
    'logs.js': LOGS_JS,
    'mail.js': MAIL_JS,
    'company.js': COMPANY_JS,
    'onboarding.js': ONBOARDING_JS,
    'oauth.js': OAUTH_JS,
    'tasks.js': TASKS_JS,
  }),
);

/** The OAuth callback's answer (or refusal) as the page that finishes the sign-in in the browser. */
export function renderOAuthPage(c: Context<AppEnv>, status: ContentfulStatusCode, answer: unknown) {
  // The answer may carry a session token: never kept by a cache or the browser's history store.
  return renderPage(c, <OAuthPage lang={pickLang(c)} answer={answer} />, status, {
    'cache-control': 'no-store',
  });
}
