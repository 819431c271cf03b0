import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { rememberPlanCodes } from '../../lib/plan-codes';
import { PageQuery } from '../../schema/dto/common';
import {
  Plan,
  PlanCodeParam,
  PlanCreateBody,
  PlanList,
  PlanUpdateBody,
} from '../../schema/dto/platform-console';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody } from './support';

const tags = ['plans'];

const list = createRoute({
  method: 'get',
  path: '/api/admin/plans',
  tags,
  summary: 'The plan catalog with quotas, modules, prices (fen) and how many companies are on each plan',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(PlanList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const get = createRoute({
  method: 'get',
  path: '/api/admin/plans/{code}',
  tags,
  summary: 'One plan',
  security: bearer,
  request: { params: PlanCodeParam },
  responses: { 200: json(Plan), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

const create = createRoute({
  method: 'post',
  path: '/api/admin/plans',
  tags,
  summary: 'Create a plan (super admin)',
  security: bearer,
  request: { body: jsonBody(PlanCreateBody) },
  responses: {
    201: json(Plan, 'Created'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

const update = createRoute({
  method: 'put',
  path: '/api/admin/plans/{code}',
  tags,
  summary:
    'Edit, reprice, enable or disable a plan (super admin); companies on it get new quotas and modules at once',
  security: bearer,
  request: { params: PlanCodeParam, body: jsonBody(PlanUpdateBody) },
  responses: { 200: json(Plan), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

export const planRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    return c.json(await directory(c.env).listPlans(page, pageSize), 200);
  })
  .openapi(get, async (c) => c.json(unwrap(await directory(c.env).getPlan(c.req.valid('param').code)), 200))
  .openapi(create, async (c) => {
    c.set('audited', true);
    const dir = directory(c.env);
    const plan = unwrap(await dir.createPlan(c.req.valid('json'), operatorOf(c)));
    rememberPlanCodes(await dir.planCodes());
    return c.json(plan, 201);
  })
  .openapi(update, async (c) => {
    c.set('audited', true);
    const { code } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).updatePlan(code, c.req.valid('json'), operatorOf(c))), 200);
  });
