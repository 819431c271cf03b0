import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { unwrap } from '../../lib/errors';
import { IdParam, PageQuery } from '../../schema/dto/common';
import {
  CaseActionAnswer,
  CompleteBody,
  DeclineBody,
  LawyerCaseList,
  LawyerCaseQuery,
  LawyerMe,
  MembershipAnswer,
  MembershipBody,
  PointsList,
} from '../../schema/dto/legal';
import { lawyerActor, legalCallerOf } from '../legal-actors';
import { authenticated } from '../middleware/auth';
import { lawyerPersonOrKey } from '../middleware/lawyer-keys';
import type { AppEnv } from '../types';
import { bearer, json, jsonBody, jsonText, readErrors as read, writeErrors as write } from './support';

/** The lawyer's workspace (SPEC D4–D8): every call goes to the caller's own lawyer actor and nowhere else. */
const tags = ['legal-lawyers'];

const me = createRoute({
  method: 'get',
  path: '/api/legal/lawyers/me',
  tags,
  summary: 'Membership, level, points, multiplier, AI credits, effective limits and suspension',
  security: bearer,
  responses: { 200: json(LawyerMe), ...read },
});

const points = createRoute({
  method: 'get',
  path: '/api/legal/lawyers/me/points',
  tags,
  summary: 'The points ledger, newest first: action, base, multiplier, result, membership',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(PointsList), ...read },
});

const membership = createRoute({
  method: 'post',
  path: '/api/legal/lawyers/me/membership',
  tags,
  summary:
    'Ask for a plan: a paid plan answers a payment order for one month (an upgrade applies when paid, a lower ' +
    'paid plan after the paid month); free is a downgrade at the end of the paid month',
  security: bearer,
  request: { body: jsonBody(MembershipBody) },
  responses: { 200: json(MembershipAnswer), ...write },
});

const cases = createRoute({
  method: 'get',
  path: '/api/legal/lawyers/me/cases',
  tags,
  summary: 'Cases offered to and assigned to the lawyer, newest first',
  security: bearer,
  request: { query: LawyerCaseQuery },
  responses: { 200: json(LawyerCaseList), ...read },
});

const accept = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/accept',
  tags,
  summary: 'Accept an offer within its window: quick_response within 1 hour, late_response after',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(CaseActionAnswer), ...write },
});

const decline = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/decline',
  tags,
  summary:
    'Decline an offer: the penalty of SPEC D7, priority −0.1, and 5 declines in 7 days pause offers for 24 h',
  security: bearer,
  request: {
    params: IdParam,
    body: { required: false, content: { 'application/json': { schema: DeclineBody } } },
  },
  responses: { 200: json(CaseActionAnswer), ...write },
});

const complete = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/complete',
  tags,
  summary: 'Complete an assigned case with its outcome (success or fail); the points follow the table',
  security: bearer,
  request: { params: IdParam, body: jsonBody(CompleteBody) },
  responses: { 200: json(CaseActionAnswer), ...write },
});

export const legalLawyerRoutes = new OpenAPIHono<AppEnv>();
for (const path of [
  '/api/legal/lawyers/*',
  '/api/legal/cases/:id/accept',
  '/api/legal/cases/:id/decline',
  '/api/legal/cases/:id/complete',
])
  legalLawyerRoutes.use(path, authenticated, lawyerPersonOrKey);

legalLawyerRoutes
  .openapi(me, async (c) =>
    jsonText(c, unwrap(await lawyerActor(c.env, c.get('principal').sub).me(legalCallerOf(c)))),
  )
  .openapi(points, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.points(legalCallerOf(c), page, pageSize)), 200);
  })
  .openapi(membership, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.requestMembership(legalCallerOf(c), c.req.valid('json').plan)), 200);
  })
  .openapi(cases, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.listCases(legalCallerOf(c), c.req.valid('query'))), 200);
  })
  .openapi(accept, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.acceptCase(legalCallerOf(c), c.req.valid('param').id)), 200);
  })
  .openapi(decline, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    const { reason } = c.req.valid('json');
    return c.json(unwrap(await stub.declineCase(legalCallerOf(c), c.req.valid('param').id, reason)), 200);
  })
  .openapi(complete, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    const { outcome } = c.req.valid('json');
    return c.json(unwrap(await stub.completeCase(legalCallerOf(c), c.req.valid('param').id, outcome)), 200);
  });
