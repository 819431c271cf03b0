import { OpenAPIHono } from '@hono/zod-openapi';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { adminAccess } from './middleware/admin-access';
import { authenticated, serviceToken } from './middleware/auth';
import { configured } from './middleware/configured';
import { onError, validationFailed } from './middleware/errors';
import { accessLog } from './middleware/logger';
import { metrics } from './middleware/metrics';
import { rateLimit } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { requestShape } from './middleware/request-shape';
import { tenantScope } from './middleware/tenant';
import { completeOperations } from './openapi-document';
import { adminAuthRoutes } from './routes/admin-auth';
import { annualFeeRoutes } from './routes/annual-fees';
import { backupRoutes } from './routes/backup';
import { cardRoutes } from './routes/cards';
import { companyRoutes } from './routes/companies';
import { companyCodeRoutes } from './routes/company-codes';
import { consoleAdminRoutes } from './routes/console-admin';
import { crmRoutes } from './routes/crm';
import { deviceAdminRoutes } from './routes/device-admin';
import { deviceRoutes } from './routes/devices';
import { discountRoutes } from './routes/discounts';
import { incidentRoutes } from './routes/incidents';
import { invoicePaymentRoutes } from './routes/invoice-payments';
import { invoiceRoutes } from './routes/invoices';
import { legalAdminRoutes } from './routes/legal-admin';
import { legalAuthRoutes } from './routes/legal-auth';
import { legalBatchRoutes } from './routes/legal-batches';
import { legalComplaintRoutes } from './routes/legal-complaints';
import { legalEnterpriseRoutes } from './routes/legal-enterprise';
import { legalLawyerAnalyticsRoutes } from './routes/legal-lawyer-analytics';
import { legalLawyerToolRoutes } from './routes/legal-lawyer-tools';
import { legalLawyerRoutes } from './routes/legal-lawyers';
import { legalRecoveryRoutes } from './routes/legal-recovery';
import { legalUserRoutes } from './routes/legal-users';
import { meteringRoutes } from './routes/metering';
import { oauthRoutes } from './routes/oauth';
import { onboardingRoutes } from './routes/onboarding';
import { paymentRoutes } from './routes/payments'; // legal
import { planRoutes } from './routes/plans';
import { subscriptionRoutes } from './routes/subscription';
import { errors } from './routes/support';
import { systemRoutes } from './routes/system';
import { taskRoutes } from './routes/tasks';
import { tenantRoutes } from './routes/tenant';
import { tenantPlatformRoutes } from './routes/tenant-platform';
import { userAuthRoutes } from './routes/user-auth';
import { userAdminRoutes } from './routes/users';
import type { AppEnv } from './types';
import { cardPages } from './web/cards/pages';
import { consolePages } from './web/console';
import { crmPages } from './web/crm/pages';
import { devicePages } from './web/devices/pages';
import { legalPages } from './web/legal/routes';
import { notFoundAnswer } from './web/not-found';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({
    // One precompiled regular expression matches every route (static paths by map lookup). It refuses a
    // static path beside a parameter in the same segment (`/x/list` with `/x/:id`), so our own paths avoid
    // that shape; Hono's default would quietly fall back to a slower trie search on every request.
    router: new RegExpRouter(),
    defaultHook: (result, c) => {
      if (!result.success) return validationFailed(c, result.error, result.target);
    },
  });

  app.use('*', requestId, metrics, accessLog, configured);

  // Per-client rate limits where anyone may call (workers/middleware/rate-limit.ts).
  app.use('/api/admin/login', rateLimit('sign-in'));
  app.use('/api/auth/login', rateLimit('sign-in'));
  app.use('/api/auth/oauth-tickets/*', rateLimit('sign-in'));
  app.use('/api/auth/oauth/*', rateLimit('public'));
  app.use('/api/onboarding/*', rateLimit('public'));
  // Legal marketplace: accounts, and the payment provider's callbacks.
  app.use('/api/legal/auth/register', rateLimit('registration'));
  app.use('/api/legal/auth/login', rateLimit('sign-in'));
  app.use('/api/legal/auth/verify-email', rateLimit('public'));
  app.use('/api/payments/:id/confirm', rateLimit('public'));

  // Who may reach what is decided here, by path, before any route runs.
  app.use('/api/admin/*', async (c, next) =>
    c.req.path === '/api/admin/login' ? next() : authenticated(c, next),
  );
  // Each admin route's permission, checked against the admin's current role; writes logged.
  app.use('/api/admin/*', async (c, next) =>
    c.req.path === '/api/admin/login' ? next() : adminAccess(c, next),
  );
  app.use('/api/tenant', authenticated, tenantScope);
  app.use('/api/tenant/*', authenticated, tenantScope);
  app.use('/api/internal/*', serviceToken);
  const crmPaths = ['/api/customers', '/api/customers/*', '/api/retail-contracts', '/api/retail-contracts/*'];
  for (const path of crmPaths) app.use(path, authenticated, tenantScope);
  // Card annual fees: a secret calendar link is read without a bearer token (its secret is the credential).
  const calendarLink = /^\/api\/annual-fees\/calendar\/[^/]+$/;
  const unlessCalendarLink: typeof authenticated = async (c, next) =>
    calendarLink.test(c.req.path) ? next() : authenticated(c, next);
  app.use('/api/annual-fees/calendar/*', rateLimit('public'));
  app.use('/api/annual-fees/*', unlessCalendarLink, tenantScope);
  for (const path of ['/api/cards', '/api/cards/*']) app.use(path, authenticated, tenantScope);
  app.use('/api/scheduler/*', authenticated, tenantScope);
  app.use('/api/billing/*', authenticated, tenantScope);
  // What each documented route accepts (query parameters, body size) is refused here, before parsing.
  app.use('*', requestShape(app.openAPIRegistry));

  app.route('/', systemRoutes);
  app.route('/', adminAuthRoutes);
  app.route('/', companyRoutes);
  app.route('/', userAdminRoutes);
  app.route('/', userAuthRoutes);
  app.route('/', taskRoutes);
  app.route('/', tenantRoutes);
  app.route('/', crmRoutes);
  app.route('/', crmPages);
  app.route('/', cardRoutes);
  app.route('/', annualFeeRoutes);
  app.route('/', cardPages);
  app.route('/', planRoutes);
  app.route('/', invoiceRoutes);
  app.route('/', invoicePaymentRoutes);
  app.route('/', consoleAdminRoutes);
  app.route('/', onboardingRoutes);
  app.route('/', oauthRoutes);
  app.route('/', tenantPlatformRoutes);
  app.route('/', companyCodeRoutes);
  app.route('/', discountRoutes);
  app.route('/', subscriptionRoutes);
  app.route('/', incidentRoutes);
  app.route('/', deviceRoutes);
  app.route('/', deviceAdminRoutes);
  app.route('/', meteringRoutes);
  app.route('/', devicePages);
  app.route('/', consolePages);
  app.route('/', backupRoutes); // backup (SPEC G4)
  // Legal marketplace and payment orders.
  app.route('/', legalAuthRoutes);
  app.route('/', legalLawyerRoutes);
  app.route('/', legalRecoveryRoutes);
  app.route('/', legalLawyerToolRoutes);
  app.route('/', legalLawyerAnalyticsRoutes);
  app.route('/', legalComplaintRoutes);
  app.route('/', legalUserRoutes);
  app.route('/', legalBatchRoutes);
  app.route('/', legalEnterpriseRoutes);
  app.route('/', legalAdminRoutes);
  app.route('/', paymentRoutes);
  app.route('/', legalPages);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'serviceToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Service-Token',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'paymentSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Payment-Signature',
    description: 'sha256=<hex HMAC-SHA256 of the raw body with PAYMENT_WEBHOOK_SECRET>',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    info: {
      title: 'Keel',
      version: '0.1.0',
      description:
        'Multi-tenant SaaS platform at the edge. Tenant-scoped routes take the company from the host ' +
        '`{code}.{BASE_DOMAIN}`, the `X-Tenant-Code` header or the `/t/{code}` path prefix.',
    },
  });

  completeOperations(app.openAPIRegistry, errors);

  app.onError(onError);
  app.notFound(notFoundAnswer);
  return app;
}
