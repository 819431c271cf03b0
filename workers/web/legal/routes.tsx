import { type Context, Hono } from 'hono';
import { DEMO_LAWYER_WORKSPACE, DEMO_USER_WORKSPACE } from '../../../schema/dto/legal-catalog';
import type { AppEnv } from '../../types';
import { pickLang } from '../i18n';
import { langPage, renderPage, staticFiles } from '../layout';
import { pageTenant } from '../member/frame';
import { ANALYTICS_CSS, ANALYTICS_JS } from './analytics-assets';
import { AnalyticsPage } from './analytics-page';
import { AUTH_JS, LAWYER_JS, LEGAL_COMMON_JS, LEGAL_CSS, USER_JS } from './assets';
import { BATCH_VIEW_JS, BATCHES_JS, COMPANY_BATCHES_JS } from './batch-assets';
import { CERTIFICATIONS_JS } from './certification-assets';
import { CompanyBatchesPage } from './company-batches-page';
import { LAWYER_INSIGHTS_JS } from './insights-assets';
import { AuthPage, CertificationsPage, LawyerWorkspacePage, UserWorkspacePage } from './pages';
import { RECOVERY_JS } from './recovery-assets';
import { LAWYER_TOOLS_JS } from './tools-assets';

/** The marketplace's pages and their static files. */
export const legalPages = new Hono<AppEnv>();

const WORKSPACE_ID = /^ws_[a-z2-7]{26}$/;

/** A workspace page for a real (random) workspace id or the demo's; anything else is not found. */
const workspacePage =
  (demoId: string, Page: typeof LawyerWorkspacePage) =>
  (c: Context<AppEnv>): Response | Promise<Response> => {
    const workspaceId = c.req.param('workspaceId') ?? '';
    if (workspaceId !== demoId && !WORKSPACE_ID.test(workspaceId)) return c.notFound();
    return renderPage(c, <Page lang={pickLang(c)} workspaceId={workspaceId} />, 200, {
      'cache-control': 'no-store',
    });
  };

legalPages.get('/legal', langPage(AuthPage));
legalPages.get('/legal/:workspaceId', workspacePage(DEMO_LAWYER_WORKSPACE, LawyerWorkspacePage));
legalPages.get('/user/:workspaceId', workspacePage(DEMO_USER_WORKSPACE, UserWorkspacePage));
legalPages.get('/lawyer-certifications', langPage(CertificationsPage));
legalPages.get('/legal-analytics', (c) =>
  renderPage(c, <AnalyticsPage lang={pickLang(c)} tenant={pageTenant(c)} />),
);
legalPages.get('/legal-batches', (c) =>
  renderPage(c, <CompanyBatchesPage lang={pickLang(c)} tenant={pageTenant(c)} />),
);
legalPages.get(
  '/static/legal/:file',
  staticFiles({
    'legal.css': LEGAL_CSS,
    'common.js': LEGAL_COMMON_JS,
    'auth.js': AUTH_JS,
    'lawyer.js': LAWYER_JS,
    'lawyer-tools.js': LAWYER_TOOLS_JS,
    'lawyer-insights.js': LAWYER_INSIGHTS_JS,
    'user.js': USER_JS,
    'batch-view.js': BATCH_VIEW_JS,
    'batches.js': BATCHES_JS,
    'company-batches.js': COMPANY_BATCHES_JS,
    'certifications.js': CERTIFICATIONS_JS,
    'recovery.js': RECOVERY_JS,
    'analytics.js': ANALYTICS_JS,
    'analytics.css': ANALYTICS_CSS,
  }),
);
