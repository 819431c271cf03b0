import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import {
  ClientCase,
  ClientCaseList,
  ClientCaseQuery,
  ClientMe,
  ReviewBody,
  TaskAnswer,
  TaskBody,
} from '../../schema/dto/legal';
import { clientActor, legalCallerOf } from '../legal-actors';
import { authenticated } from '../middleware/auth';
import { marketplacePerson } from '../middleware/legal';
import type { AppEnv } from '../types';
import { bearer, json, jsonBody, readErrors as read, writeErrors as write } from './support';

/** The marketplace user's workspace (SPEC D10): every call goes to the caller's own client actor. */
const tags = ['legal-users'];

const me = createRoute({
  method: 'get',
  path: '/api/legal/users/me',
  tags,
  summary: "The user's workspace: who they are and how many of their cases stand where",
  security: bearer,
  responses: { 200: json(ClientMe), ...read },
});

const publish = createRoute({
  method: 'post',
  path: '/api/legal/tasks',
  tags,
  summary:
    'Publish a single paid task: answers the payment order for its service fee; once paid it becomes a case',
  security: bearer,
  request: { body: jsonBody(TaskBody) },
  responses: { 201: json(TaskAnswer, 'Published; pay the order next'), ...write },
});

const list = createRoute({
  method: 'get',
  path: '/api/legal/tasks',
  tags,
  summary: "The user's tasks and the cases they became, newest first",
  security: bearer,
  request: { query: ClientCaseQuery },
  responses: { 200: json(ClientCaseList), ...read },
});

const detail = createRoute({
  method: 'get',
  path: '/api/legal/tasks/{id}',
  tags,
  summary: 'One task or case: where it stands, its lawyer once assigned, its outcome',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(ClientCase), ...read },
});

const review = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/review',
  tags,
  summary: "Review a completed case with 1–5 stars (once); the lawyer's points follow the table",
  security: bearer,
  request: { params: IdParam, body: jsonBody(ReviewBody) },
  responses: { 200: json(ClientCase), ...write },
});

export const legalUserRoutes = new OpenAPIHono<AppEnv>();
for (const path of [
  '/api/legal/users/*',
  '/api/legal/tasks',
  '/api/legal/tasks/*',
  '/api/legal/cases/:id/review',
])
  legalUserRoutes.use(path, authenticated, marketplacePerson);

legalUserRoutes
  .openapi(me, async (c) =>
    c.json(unwrap(await clientActor(c.env, c.get('principal').sub).me(legalCallerOf(c))), 200),
  )
  .openapi(publish, async (c) => {
    const stub = clientActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.publishTask(legalCallerOf(c), c.req.valid('json'))), 201);
  })
  .openapi(list, async (c) => {
    const stub = clientActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.listCases(legalCallerOf(c), c.req.valid('query'))), 200);
  })
  .openapi(detail, async (c) => {
    const stub = clientActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.getCase(legalCallerOf(c), c.req.valid('param').id)), 200);
  })
  .openapi(review, async (c) => {
    const stub = clientActor(c.env, c.get('principal').sub);
    const { stars } = c.req.valid('json');
    return c.json(unwrap(await stub.review(legalCallerOf(c), c.req.valid('param').id, stars)), 200);
  });
