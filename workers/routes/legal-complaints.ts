import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import { ComplaintAnswer, ComplaintBody } from '../../schema/dto/legal-lawyer-tools';
import { clientActor, legalCallerOf } from '../legal-actors';
import { authenticated } from '../middleware/auth';
import { marketplacePerson } from '../middleware/legal';
import type { AppEnv } from '../types';
import { bearer, json, jsonBody, writeErrors as write } from './support';

/** A client's complaint about the lawyer of their case (SPEC D6 `client_complaint`). */
const complaint = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/complaint',
  tags: ['legal-users'],
  summary:
    'Complain about the lawyer of your assigned or completed case; the lawyer loses client_complaint points once per case',
  security: bearer,
  middleware: [authenticated, marketplacePerson] as const,
  request: { params: IdParam, body: jsonBody(ComplaintBody) },
  responses: { 200: json(ComplaintAnswer), ...write },
});

export const legalComplaintRoutes = new OpenAPIHono<AppEnv>().openapi(complaint, async (c) => {
  const stub = clientActor(c.env, c.get('principal').sub);
  return c.json(
    unwrap(await stub.complain(legalCallerOf(c), c.req.valid('param').id, c.req.valid('json').reason)),
    200,
  );
});
