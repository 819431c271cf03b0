import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { ROLE_PERMISSIONS } from '../../lib/admin-permissions';
import { unwrap } from '../../lib/errors';
import { hashPassword } from '../../lib/passwords';
import { IdParam, PageQuery } from '../../schema/dto/common';
import { DashboardWithAlerts } from '../../schema/dto/operations';
import {
  AdminAccount,
  AdminAccountList,
  AdminCreateBody,
  AdminMe,
  AdminUpdateBody,
  AlertList,
  AlertQuery,
  MailList,
  MailMessage,
  MailQuery,
  OperationLogList,
  OperationLogQuery,
  SystemConfig,
  SystemConfigPatch,
} from '../../schema/dto/platform-console';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody } from './support';

const read = { 401: errors[401], 403: errors[403] } as const;

const me = createRoute({
  method: 'get',
  path: '/api/admin/me',
  tags: ['platform-auth'],
  summary: 'The signed-in admin, with the permissions of their current role',
  security: bearer,
  responses: { 200: json(AdminMe), ...read },
});

const dashboard = createRoute({
  method: 'get',
  path: '/api/admin/dashboard',
  tags: ['console'],
  summary:
    'Platform statistics: tenants by status, revenue this month, new tenants, distribution by industry/region/plan, users, storage, revenue and API calls per month; the operational alerts firing',
  security: bearer,
  responses: { 200: json(DashboardWithAlerts), ...read },
});

const logs = createRoute({
  method: 'get',
  path: '/api/admin/logs',
  tags: ['console'],
  summary:
    'The platform operation log: every admin write with admin, company, action, detail, IP and user agent',
  security: bearer,
  request: { query: OperationLogQuery },
  responses: { 200: json(OperationLogList), 400: errors[400], ...read },
});

const getConfig = createRoute({
  method: 'get',
  path: '/api/admin/system-config',
  tags: ['console'],
  summary: 'System settings (invoice due days, grace period, alert thresholds …)',
  security: bearer,
  responses: { 200: json(SystemConfig), ...read },
});

const putConfig = createRoute({
  method: 'put',
  path: '/api/admin/system-config',
  tags: ['console'],
  summary: 'Change system settings (super admin)',
  security: bearer,
  request: { body: jsonBody(SystemConfigPatch) },
  responses: { 200: json(SystemConfig), 400: errors[400], ...read },
});

const listMail = createRoute({
  method: 'get',
  path: '/api/admin/mail',
  tags: ['console'],
  summary: 'The mail outbox: every mail the platform sent or is sending, with its delivery status',
  security: bearer,
  request: { query: MailQuery },
  responses: { 200: json(MailList), 400: errors[400], ...read },
});

const retryMail = createRoute({
  method: 'post',
  path: '/api/admin/mail/{id}/retry',
  tags: ['console'],
  summary: 'Send a dead-lettered mail again',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(MailMessage), 404: errors[404], 409: errors[409], ...read },
});

const listAlerts = createRoute({
  method: 'get',
  path: '/api/admin/alerts',
  tags: ['console'],
  summary: 'Usage and status alerts raised (near quota, trial or service ending, suspension)',
  security: bearer,
  request: { query: AlertQuery },
  responses: { 200: json(AlertList), 400: errors[400], ...read },
});

const listAdmins = createRoute({
  method: 'get',
  path: '/api/admin/admins',
  tags: ['console'],
  summary: 'Platform admins with role, status and last login (super admin)',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(AdminAccountList), 400: errors[400], ...read },
});

const createAdmin = createRoute({
  method: 'post',
  path: '/api/admin/admins',
  tags: ['console'],
  summary: 'Add a platform admin: super_admin, sales, finance or support (super admin)',
  security: bearer,
  request: { body: jsonBody(AdminCreateBody) },
  responses: { 201: json(AdminAccount, 'Created'), 400: errors[400], 409: errors[409], ...read },
});

const updateAdmin = createRoute({
  method: 'put',
  path: '/api/admin/admins/{id}',
  tags: ['console'],
  summary: "Change an admin's role, status, password or profile (super admin)",
  security: bearer,
  request: { params: IdParam, body: jsonBody(AdminUpdateBody) },
  responses: { 200: json(AdminAccount), 400: errors[400], 404: errors[404], 409: errors[409], ...read },
});

export const consoleAdminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(me, (c) => {
    const p = c.get('principal');
    const role = c.get('adminRole');
    return c.json({ id: p.sub, username: p.username, role, permissions: [...ROLE_PERMISSIONS[role]] }, 200);
  })
  .openapi(dashboard, async (c) => {
    const [stats, alerts] = await Promise.all([
      directory(c.env).dashboard(),
      directory(c.env).firingIncidents(),
    ]);
    return c.json({ ...stats, alerts }, 200);
  })
  .openapi(logs, async (c) => c.json(await directory(c.env).operationLog(c.req.valid('query')), 200))
  .openapi(getConfig, async (c) => c.json(await directory(c.env).getConfig(), 200))
  .openapi(putConfig, async (c) => {
    c.set('audited', true);
    return c.json(unwrap(await directory(c.env).updateConfig(c.req.valid('json'), operatorOf(c))), 200);
  })
  .openapi(listMail, async (c) => c.json(await directory(c.env).listMail(c.req.valid('query')), 200))
  .openapi(retryMail, async (c) => {
    c.set('audited', true);
    return c.json(unwrap(await directory(c.env).retryMail(c.req.valid('param').id, operatorOf(c))), 200);
  })
  .openapi(listAlerts, async (c) => c.json(await directory(c.env).listAlerts(c.req.valid('query')), 200))
  .openapi(listAdmins, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    return c.json(await directory(c.env).listAdmins(page, pageSize), 200);
  })
  .openapi(createAdmin, async (c) => {
    c.set('audited', true);
    const { password, ...rest } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    return c.json(unwrap(await directory(c.env).createAdmin({ ...rest, passwordHash }, operatorOf(c))), 201);
  })
  .openapi(updateAdmin, async (c) => {
    c.set('audited', true);
    const { password, ...rest } = c.req.valid('json');
    const patch = password ? { ...rest, passwordHash: await hashPassword(password) } : rest;
    return c.json(
      unwrap(await directory(c.env).updateAdmin(c.req.valid('param').id, patch, operatorOf(c))),
      200,
    );
  });
