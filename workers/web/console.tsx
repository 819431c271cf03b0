import { Hono } from 'hono';
import type { AppEnv } from '../types';
import { COMPANIES_JS } from './assets/companies';
import { CORE_JS } from './assets/core';
import { CONSOLE_CSS } from './assets/style';
import { CompaniesPage } from './companies';
import { pickLang } from './i18n';
import { renderPage } from './layout';

/** The console's static files, served by the worker itself (nothing loads from elsewhere). */
const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const STATIC = new Map([
  ['console.css', { type: CSS, body: CONSOLE_CSS }],
  ['core.js', { type: JS, body: CORE_JS }],
  ['companies.js', { type: JS, body: COMPANIES_JS }],
]);

export const consolePages = new Hono<AppEnv>();

consolePages.get('/', (c) => renderPage(c, <CompaniesPage lang={pickLang(c)} />));

consolePages.get('/static/:file', (c) => {
  const file = STATIC.get(c.req.param('file'));
  if (!file) return c.notFound();
  return c.body(file.body, 200, {
    'content-type': file.type,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
});
