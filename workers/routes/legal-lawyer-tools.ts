import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { fieldError, unwrap } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { newId } from '../../lib/ids';
import { signToken } from '../../lib/tokens';
import { PageQuery } from '../../schema/dto/common';
import {
  ApiKeyIdParam,
  CreditList,
  DocumentAnswer,
  DocumentBody,
  HeartbeatAnswer,
  LawyerApiKey,
  LawyerApiKeyBody,
  LawyerApiKeyCreated,
  LawyerApiKeyList,
  ReferralAnswer,
  ReferralBody,
  ReportHeaderAnswer,
  ReportHeaderBody,
} from '../../schema/dto/legal-lawyer-tools';
import { lawyerActor, legalCallerOf } from '../legal-actors';
import { authSecret } from '../middleware/auth';
import { notWithApiKey } from '../middleware/lawyer-keys';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, readErrors as read, writeErrors as write } from './support';

/**
 * The lawyer workspace's tools (SPEC D4, D6): API keys and white-label (enterprise), the document
 * helper that spends AI credits, heartbeats and the referral code. Sign-in and the key check come from
 * the lawyer routes' middleware (`/api/legal/lawyers/*`); every call goes to the caller's own actor.
 */
const tags = ['legal-lawyers'];
const DEFAULT_KEY_DAYS = 365;

const createKey = createRoute({
  method: 'post',
  path: '/api/legal/lawyers/me/api-keys',
  tags,
  summary: 'Create an API key (enterprise membership): the key is shown once and kept only as a hash',
  security: bearer,
  middleware: [notWithApiKey] as const,
  request: { body: jsonBody(LawyerApiKeyBody) },
  responses: { 201: json(LawyerApiKeyCreated, 'Created'), ...write },
});

const listKeys = createRoute({
  method: 'get',
  path: '/api/legal/lawyers/me/api-keys',
  tags,
  summary: 'The lawyer’s API keys, newest first (never the keys themselves)',
  security: bearer,
  middleware: [notWithApiKey] as const,
  request: { query: PageQuery },
  responses: { 200: json(LawyerApiKeyList), ...read },
});

const revokeKey = createRoute({
  method: 'post',
  path: '/api/legal/lawyers/me/api-keys/{id}/revoke',
  tags,
  summary: 'Revoke an API key: calls made with it are refused from now on',
  security: bearer,
  middleware: [notWithApiKey] as const,
  request: { params: ApiKeyIdParam },
  responses: { 200: json(LawyerApiKey), ...write },
});

const reportHeader = createRoute({
  method: 'put',
  path: '/api/legal/lawyers/me/report-header',
  tags,
  summary: 'White-label (enterprise): the firm name at the head of the lawyer’s documents; null clears it',
  security: bearer,
  middleware: [notWithApiKey] as const,
  request: { body: jsonBody(ReportHeaderBody) },
  responses: { 200: json(ReportHeaderAnswer), ...write },
});

const heartbeat = createRoute({
  method: 'post',
  path: '/api/legal/lawyers/me/heartbeat',
  tags,
  summary:
    'The open workspace is active: time online counts between heartbeats at most 5 minutes apart; ' +
    'online_hour per whole hour, at most 8 a day (Asia/Shanghai)',
  security: bearer,
  middleware: [notWithApiKey] as const,
  responses: { 200: json(HeartbeatAnswer), ...write },
});

const referral = createRoute({
  method: 'post',
  path: '/api/legal/lawyers/me/referral',
  tags,
  summary:
    'Give the referral code of the lawyer who referred you, before approval: they earn referral_lawyer once when you are approved',
  security: bearer,
  middleware: [notWithApiKey] as const,
  request: { body: jsonBody(ReferralBody) },
  responses: { 200: json(ReferralAnswer), ...write },
});

const document = createRoute({
  method: 'post',
  path: '/api/legal/lawyers/me/documents',
  tags,
  summary:
    'Draft a document (demand letter, case summary) from one of your cases with a template; costs AI credits, ' +
    '402 with the count left when they do not cover it',
  security: bearer,
  request: { body: jsonBody(DocumentBody) },
  responses: {
    200: json(DocumentAnswer),
    ...write,
    402: {
      ...errors[402],
      description: 'Not enough AI credits left this month: `details.remaining` and `details.cost`',
    },
  },
});

const credits = createRoute({
  method: 'get',
  path: '/api/legal/lawyers/me/credits',
  tags,
  summary: 'The AI credit ledger, newest first: what each spending bought',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(CreditList), ...read },
});

export const legalLawyerToolRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createKey, async (c) => {
    const { name, expiresInDays } = c.req.valid('json');
    const p = c.get('principal');
    const ttlSeconds = (expiresInDays ?? DEFAULT_KEY_DAYS) * 86_400;
    const id = newId('lkey');
    const { token } = await signToken(
      { kind: 'user', sub: p.sub, username: p.username, apiKey: id },
      authSecret(c.env),
      ttlSeconds,
    );
    const record = unwrap(
      await lawyerActor(c.env, p.sub).createApiKey(legalCallerOf(c), {
        id,
        name,
        keyHash: await sha256Hex(token),
        expiresAt: Date.now() + ttlSeconds * 1000,
      }),
    );
    return c.json({ ...record, key: token }, 201);
  })
  .openapi(listKeys, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.listApiKeys(legalCallerOf(c), page, pageSize)), 200);
  })
  .openapi(revokeKey, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.revokeApiKey(legalCallerOf(c), c.req.valid('param').id)), 200);
  })
  .openapi(reportHeader, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(
      unwrap(await stub.setReportHeader(legalCallerOf(c), c.req.valid('json').reportHeader)),
      200,
    );
  })
  .openapi(heartbeat, async (c) => {
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.heartbeat(legalCallerOf(c))), 200);
  })
  .openapi(referral, async (c) => {
    const { code } = c.req.valid('json');
    if (!(await lawyerActor(c.env, code).isApprovedLawyer()))
      throw fieldError(400, 'REFERRAL_UNKNOWN', 'body.code', 'no approved lawyer has this referral code');
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.setReferral(legalCallerOf(c), code)), 200);
  })
  .openapi(document, async (c) => {
    const { caseId, template } = c.req.valid('json');
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.draftDocument(legalCallerOf(c), caseId, template)), 200);
  })
  .openapi(credits, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const stub = lawyerActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.creditLedger(legalCallerOf(c), page, pageSize)), 200);
  });
