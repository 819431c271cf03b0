import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import {
  PlanChange,
  PlanChangePreview,
  Subscription,
  SubscriptionChangeBody,
  SubscriptionPreviewQuery,
} from '../../schema/dto/self-service';
import { vouchedCompanyCaller } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, tenantParameters } from './support';

/**
 * A company's administrator changes the company's plan or billing cycle (SPEC A12). The company's own
 * actor vouches for the caller (member, role) and reports its usage; the Directory, which owns plans and
 * invoices, applies the rules.
 */
const tags = ['tenant'];
const scoped = {
  400: errors[400],
  401: errors[401],
  402: errors[402],
  403: errors[403],
  404: errors[404],
  429: errors[429],
} as const;

const get = createRoute({
  method: 'get',
  path: '/api/tenant/subscription',
  tags,
  summary:
    "The company's plan, billing cycle and period, a change waiting for the period's end, and the plans on offer (company admin)",
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(Subscription), ...scoped },
});

const preview = createRoute({
  method: 'get',
  path: '/api/tenant/subscription/preview',
  tags,
  summary:
    'What a change of plan or billing cycle would do: at once or at the period end, the prorated charge, the quotas in the way',
  security: bearer,
  parameters: tenantParameters,
  request: { query: SubscriptionPreviewQuery },
  responses: { 200: json(PlanChangePreview), 409: errors[409], ...scoped },
});

const change = createRoute({
  method: 'post',
  path: '/api/tenant/subscription/change',
  tags,
  summary:
    'Change plan or billing cycle: an upgrade at once (the difference for the days left on the next invoice), a downgrade or cycle change at the end of the period; refused while usage exceeds the new quotas',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(SubscriptionChangeBody) },
  responses: { 200: json(PlanChange), 409: errors[409], ...scoped },
});

const cancel = createRoute({
  method: 'delete',
  path: '/api/tenant/subscription/pending-change',
  tags,
  summary: 'Cancel the change waiting for the end of the period',
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(PlanChange), ...scoped },
});

export const subscriptionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(get, async (c) => {
    const { tenantId, requester } = await vouchedCompanyCaller(c);
    return c.json(unwrap(await directory(c.env).subscription(tenantId, requester)), 200);
  })
  .openapi(preview, async (c) => {
    const { tenantId, usage, requester } = await vouchedCompanyCaller(c);
    return c.json(
      unwrap(await directory(c.env).previewPlanChange(tenantId, c.req.valid('query'), usage, requester)),
      200,
    );
  })
  .openapi(change, async (c) => {
    const { tenantId, usage, requester } = await vouchedCompanyCaller(c);
    return c.json(
      unwrap(await directory(c.env).changePlan(tenantId, c.req.valid('json'), usage, requester)),
      200,
    );
  })
  .openapi(cancel, async (c) => {
    const { tenantId, requester } = await vouchedCompanyCaller(c);
    return c.json(unwrap(await directory(c.env).cancelPlanChange(tenantId, requester)), 200);
  });
