import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import { CaseRecovery, ContactBody, PaymentBody, RecoveryAnswer } from '../../schema/dto/legal-recovery';
import { lawyerActor, legalCallerOf } from '../legal-actors';
import { authenticated } from '../middleware/auth';
import { marketplacePerson } from '../middleware/legal';
import type { AppEnv } from '../types';
import { bearer, json, jsonBody, readErrors as read, writeErrors as write } from './support';

/**
 * The recovery of a debt case (issue 21), recorded by the lawyer holding it: every call goes to the
 * caller's own lawyer actor, so another lawyer's case is not found.
 */
const tags = ['legal-recovery'];

const recovery = createRoute({
  method: 'get',
  path: '/api/legal/cases/{id}/recovery',
  tags,
  summary: "A debt case's contacts with the debtor and amounts recovered, oldest first, with the totals",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(CaseRecovery), ...read },
});

const contact = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/recovery/contacts',
  tags,
  summary: 'Record a contact with the debtor of a case you hold: when, and whether they answered',
  security: bearer,
  request: { params: IdParam, body: jsonBody(ContactBody) },
  responses: { 201: json(RecoveryAnswer, 'Recorded'), ...write },
});

const payment = createRoute({
  method: 'post',
  path: '/api/legal/cases/{id}/recovery/payments',
  tags,
  summary: 'Record an amount recovered on a case you hold (in fen; never more in all than is owed)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(PaymentBody) },
  responses: { 201: json(RecoveryAnswer, 'Recorded'), ...write },
});

export const legalRecoveryRoutes = new OpenAPIHono<AppEnv>();
legalRecoveryRoutes.use('/api/legal/cases/:id/recovery', authenticated, marketplacePerson);
legalRecoveryRoutes.use('/api/legal/cases/:id/recovery/*', authenticated, marketplacePerson);

legalRecoveryRoutes
  .openapi(recovery, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.caseRecovery(legalCallerOf(c), c.req.valid('param').id)), 200);
  })
  .openapi(contact, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    const answer = await stub.recordContact(legalCallerOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(unwrap(answer), 201);
  })
  .openapi(payment, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    const answer = await stub.recordPayment(legalCallerOf(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(unwrap(answer), 201);
  });
