import { Hono } from 'hono';
import type { AppEnv } from '../types';
import { COMPANIES_JS } from './assets/companies';
import { CORE_JS } from './assets/core';
import { CONSOLE_CSS } from './assets/style';
import { CompaniesPage } from './companies';
import { langPage, staticFiles } from './layout';
import { memberPages } from './member/pages';
import { platformPages } from './platform/routes';

export const consolePages = new Hono<AppEnv>();

consolePages.get('/', langPage(CompaniesPage));
// Dashboard, users, plans, invoices, logs, mail, company, onboarding wizard, sign-in.
consolePages.route('/', platformPages);
// The member's sign-in and home, account bindings and company invoices.
consolePages.route('/', memberPages);

/** The console's static files, served by the worker itself (nothing loads from elsewhere). */
consolePages.get(
  '/static/console/:file',
  staticFiles({ 'console.css': CONSOLE_CSS, 'core.js': CORE_JS, 'companies.js': COMPANIES_JS }),
);
