import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantActor } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { signToken } from '../../lib/tokens';
import { PageQuery, text } from '../../schema/dto/common';
import { ApiKey, ApiKeyCreateBody, ApiKeyCreated, ApiKeyList, BasicData } from '../../schema/dto/onboarding';
import { TenantInvoiceList } from '../../schema/dto/platform-console';
import { callerOf } from '../caller';
import { authSecret } from '../middleware/auth';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, tenantParameters } from './support';

const tags = ['tenant'];
const DEFAULT_KEY_DAYS = 365;
const scoped = {
  400: errors[400],
  401: errors[401],
  403: errors[403],
  404: errors[404],
  429: errors[429],
} as const;

const invoices = createRoute({
  method: 'get',
  path: '/api/tenant/invoices',
  tags,
  summary: "The company's invoices from the platform (tenant admin)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: PageQuery },
  responses: { 200: json(TenantInvoiceList), ...scoped },
});

const createKey = createRoute({
  method: 'post',
  path: '/api/tenant/api-keys',
  tags,
  summary:
    "Create an API key (tenant admin; plans with API access). Calls made with it count against the plan's monthly API quota",
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(ApiKeyCreateBody) },
  responses: { 201: json(ApiKeyCreated, 'Created'), 402: errors[402], ...scoped },
});

const listKeys = createRoute({
  method: 'get',
  path: '/api/tenant/api-keys',
  tags,
  summary: "The company's API keys (never the keys themselves)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: PageQuery },
  responses: { 200: json(ApiKeyList), ...scoped },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/api/tenant/api-keys/{id}',
  tags,
  summary: 'Revoke an API key',
  security: bearer,
  parameters: tenantParameters,
  request: { params: z.object({ id: text().min(1).max(64) }) },
  responses: { 200: json(ApiKey), ...scoped },
});

const basicData = createRoute({
  method: 'get',
  path: '/api/tenant/basic-data',
  tags,
  summary: 'Departments and roles set up during onboarding',
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(BasicData), ...scoped },
});

export const tenantPlatformRoutes = new OpenAPIHono<AppEnv>()
  .openapi(invoices, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    return c.json(
      unwrap(await tenantActor(c.env, c.get('tenantCode')).listInvoices(callerOf(c), page, pageSize)),
      200,
    );
  })
  .openapi(createKey, async (c) => {
    const { name, expiresInDays } = c.req.valid('json');
    const ttlMs = (expiresInDays ?? DEFAULT_KEY_DAYS) * 86_400_000;
    const record = unwrap(
      await tenantActor(c.env, c.get('tenantCode')).createApiKey(callerOf(c), name, ttlMs),
    );
    const p = c.get('principal');
    const { token } = await signToken(
      { kind: 'user', sub: p.sub, username: p.username, apiKey: record.id },
      authSecret(c.env),
      Math.floor((Date.parse(record.expiresAt) - Date.now()) / 1000),
    );
    return c.json({ ...record, key: token }, 201);
  })
  .openapi(listKeys, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    return c.json(
      unwrap(await tenantActor(c.env, c.get('tenantCode')).listApiKeys(callerOf(c), page, pageSize)),
      200,
    );
  })
  .openapi(revokeKey, async (c) =>
    c.json(
      unwrap(
        await tenantActor(c.env, c.get('tenantCode')).revokeApiKey(callerOf(c), c.req.valid('param').id),
      ),
      200,
    ),
  )
  .openapi(basicData, async (c) =>
    c.json(unwrap(await tenantActor(c.env, c.get('tenantCode')).getBasicData(callerOf(c))), 200),
  );
