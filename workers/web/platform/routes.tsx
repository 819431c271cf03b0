import { Hono } from 'hono';
import type { AppEnv } from '../../types';
import { langPage, staticFiles } from '../layout';
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

/** The platform's console pages, the onboarding wizard and the user sign-in, with their static files. */
export const platformPages = new Hono<AppEnv>();

platformPages.get('/dashboard', langPage(DashboardPage));
platformPages.get('/users', langPage(UsersPage));
platformPages.get('/plans', langPage(PlansPage));
platformPages.get('/invoices', langPage(InvoicesPage));
platformPages.get('/logs', langPage(LogsPage));
platformPages.get('/mail', langPage(MailPage));
platformPages.get('/company', langPage(CompanyPage));
platformPages.get('/onboarding', langPage(OnboardingPage));
platformPages.get('/login', langPage(SignInPage));

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
    'signin.js': SIGNIN_JS,
  }),
);
