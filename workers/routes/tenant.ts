import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantActor } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { PageQuery } from '../../schema/dto/common';
import { MemberList, TenantSettings, TenantSettingsPatch, TenantView } from '../../schema/dto/platform';
import { callerOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, jsonText, tenantParameters } from './support';

const tags = ['tenant'];

const getTenant = createRoute({
  method: 'get',
  path: '/api/tenant',
  tags,
  summary: 'The tenant as its member sees it, with usage and quotas',
  security: bearer,
  parameters: tenantParameters,
  responses: {
    200: json(TenantView),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    429: errors[429],
  },
});

const getSettings = createRoute({
  method: 'get',
  path: '/api/tenant/settings',
  tags,
  summary: 'Tenant settings',
  security: bearer,
  parameters: tenantParameters,
  responses: {
    200: json(TenantSettings),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    429: errors[429],
  },
});

const patchSettings = createRoute({
  method: 'patch',
  path: '/api/tenant/settings',
  tags,
  summary:
    'Change tenant settings (tenant admin); crmAutoStatusSync is the rollback switch for automatic status sync',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(TenantSettingsPatch) },
  responses: {
    200: json(TenantSettings),
    400: errors[400],
    401: errors[401],
    402: errors[402],
    403: errors[403],
    404: errors[404],
    429: errors[429],
  },
});

const listMembers = createRoute({
  method: 'get',
  path: '/api/tenant/members',
  tags,
  summary: "The company's members",
  security: bearer,
  parameters: tenantParameters,
  request: {
    query: PageQuery.extend({ status: z.enum(['active', 'disabled', 'pending']).optional() }),
  },
  responses: {
    200: json(MemberList),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    429: errors[429],
  },
});

export const tenantRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getTenant, async (c) =>
    c.json(unwrap(await tenantActor(c.env, c.get('tenantCode')).getTenant(callerOf(c))), 200),
  )
  .openapi(getSettings, async (c) =>
    c.json(unwrap(await tenantActor(c.env, c.get('tenantCode')).getSettings(callerOf(c))), 200),
  )
  .openapi(patchSettings, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.updateSettings(callerOf(c), c.req.valid('json'))), 200);
  })
  .openapi(listMembers, async (c) => {
    const { page, pageSize, status } = c.req.valid('query');
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return jsonText(c, unwrap(await stub.listMembers(callerOf(c), page, pageSize, status)));
  });
