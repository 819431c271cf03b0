import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { tenantActor } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { randomSecret } from '../../lib/ids';
import {
  AutoRecordQuery,
  FeedParams,
  FeedStatus,
  FeeRecord,
  FeeRecordList,
  RecordBatchAnswer,
  RecordBatchBody,
  RecordListQuery,
  RecordPatch,
  RedeemAnswer,
  Statistics,
  StatisticsQuery,
  UserChecks,
  UserChecksQuery,
  WaiverCheck,
  WaiverCheckParams,
} from '../../schema/dto/card-fees';
import { LangQuery, Rule, RuleCreate, RuleList, RuleListQuery, RuleUpdate } from '../../schema/dto/cards';
import { IdParam, text } from '../../schema/dto/common';
import { callerOf } from '../caller';
import { validationFailed } from '../middleware/errors';
import { refuseUnknownQuery } from '../middleware/request-shape';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, publicBaseUrl, readErrors, tenantParameters } from './support';

const tags = ['annual fees'];
const read = readErrors;
const write = { ...read, 402: errors[402], 409: errors[409] };
const UserParam = z.object({
  userId: text().min(1).max(64).openapi({ description: "a member's id, or `me` for the caller" }),
});
const calendarText = {
  description: 'iCalendar (RFC 5545)',
  content: { 'text/calendar': { schema: z.string() } },
};

const createRule = createRoute({
  method: 'post',
  path: '/api/annual-fees/rules',
  tags,
  summary: 'Create an annual-fee rule (company administrators)',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(RuleCreate) },
  responses: { 201: json(Rule, 'Created'), ...write },
});

const listRules = createRoute({
  method: 'get',
  path: '/api/annual-fees/rules',
  tags,
  summary: "The company's rules, oldest first, filtered by type; page/pageSize or the seed's skip/limit",
  security: bearer,
  parameters: tenantParameters,
  request: { query: RuleListQuery },
  responses: { 200: json(RuleList), ...read },
});

const getRule = createRoute({
  method: 'get',
  path: '/api/annual-fees/rules/{id}',
  tags,
  summary: 'One rule, with how many cards use it',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(Rule), ...read },
});

const updateRule = createRoute({
  method: 'put',
  path: '/api/annual-fees/rules/{id}',
  tags,
  summary: 'Change a rule (company administrators); open fees of its cards are checked again at once',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(RuleUpdate) },
  responses: { 200: json(Rule), ...write },
});

const deleteRule = createRoute({
  method: 'delete',
  path: '/api/annual-fees/rules/{id}',
  tags,
  summary: 'Delete a rule no card uses (company administrators); one in use is refused with the count',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(z.object({ id: z.string(), deleted: z.literal(true) })), ...write },
});

const autoRecord = createRoute({
  method: 'post',
  path: '/api/annual-fees/records/auto',
  tags,
  summary: "A card's fee record of one year, created when missing (201) or the one there is (200)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: AutoRecordQuery },
  responses: { 200: json(FeeRecord), 201: json(FeeRecord, 'Created'), ...write },
});

const batchRecords = createRoute({
  method: 'post',
  path: '/api/annual-fees/records/batch',
  tags,
  summary:
    "The fee records of one year for many cards (the caller's all when none are named); each card answers for itself",
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(RecordBatchBody) },
  responses: { 200: json(RecordBatchAnswer), ...write },
});

const listRecords = createRoute({
  method: 'get',
  path: '/api/annual-fees/records',
  tags,
  summary:
    'Fee records, latest due date first, with days remaining (an administrator: everyone’s, or ?userId’s)',
  security: bearer,
  parameters: tenantParameters,
  request: { query: RecordListQuery },
  responses: { 200: json(FeeRecordList), ...read },
});

const patchRecord = createRoute({
  method: 'patch',
  path: '/api/annual-fees/records/{id}',
  tags,
  summary: 'Mark a pending or overdue fee paid with its payment date, or change its notes',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(RecordPatch) },
  responses: { 200: json(FeeRecord), ...write },
});

const checkCard = createRoute({
  method: 'get',
  path: '/api/annual-fees/waiver-check/{cardId}/{feeYear}',
  tags,
  summary:
    'How far a card is towards waiving its fee of a year: progress, what is required, days remaining, ' +
    'and when the condition is met at the pace so far',
  security: bearer,
  parameters: tenantParameters,
  request: { params: WaiverCheckParams, query: LangQuery },
  responses: { 200: json(WaiverCheck), ...read },
});

const checkUser = createRoute({
  method: 'get',
  path: '/api/annual-fees/waiver-check/user/{userId}',
  tags,
  summary: 'One waiver check per card of a member (each card answers for itself)',
  security: bearer,
  parameters: tenantParameters,
  request: { params: UserParam, query: UserChecksQuery },
  responses: { 200: json(UserChecks), ...read },
});

/**
 * The router cannot hold `…/waiver-check/user/{userId}` beside `…/waiver-check/{cardId}/{feeYear}` (a
 * literal beside a parameter in one segment), so one route answers both, as the two documented above.
 */
const checkEither = createRoute({
  method: 'get',
  path: '/api/annual-fees/waiver-check/{first}/{second}',
  hide: true,
  request: { params: z.object({ first: text(), second: text() }) },
  responses: { 200: json(z.unknown()) },
});

const redeem = createRoute({
  method: 'post',
  path: '/api/annual-fees/waiver-check/{cardId}/{feeYear}/redeem-points',
  tags,
  summary: 'The holder confirms a points exchange: the points are deducted and the fee waived, together',
  security: bearer,
  parameters: tenantParameters,
  request: { params: WaiverCheckParams },
  responses: { 200: json(RedeemAnswer), ...write },
});

const statistics = createRoute({
  method: 'get',
  path: '/api/annual-fees/statistics/{userId}',
  tags,
  summary:
    "A member's fees of one year by status, exact in fen, and the waiver rate (waived ÷ total, in percent)",
  security: bearer,
  parameters: tenantParameters,
  request: { params: UserParam, query: StatisticsQuery },
  responses: { 200: json(Statistics), ...read },
});

const calendar = createRoute({
  method: 'get',
  path: '/api/annual-fees/calendar.ics',
  tags,
  summary: "The caller's fee calendar: each due date, with an alarm at each reminder still ahead",
  security: bearer,
  parameters: tenantParameters,
  request: { query: LangQuery },
  responses: { 200: calendarText, ...read },
});

const calendarByLink = createRoute({
  method: 'get',
  path: '/api/annual-fees/calendar/{feed}',
  tags,
  summary:
    'The same calendar at a secret link, without a bearer token, for a phone to subscribe to ' +
    '(under /t/{code}/ or the company subdomain)',
  security: [],
  parameters: tenantParameters,
  request: { params: FeedParams, query: LangQuery },
  responses: { 200: calendarText, ...read, 429: errors[429] },
});

const feedStatus = createRoute({
  method: 'get',
  path: '/api/annual-fees/calendar-feed',
  tags,
  summary: 'Whether the caller has a secret calendar link, and since when',
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(FeedStatus), ...read },
});

const rotateFeed = createRoute({
  method: 'post',
  path: '/api/annual-fees/calendar-feed',
  tags,
  summary: 'A new secret calendar link, shown this once; the previous link stops working',
  security: bearer,
  parameters: tenantParameters,
  responses: { 201: json(FeedStatus, 'Created'), ...write },
});

const revokeFeed = createRoute({
  method: 'delete',
  path: '/api/annual-fees/calendar-feed',
  tags,
  summary: 'End the secret calendar link',
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(FeedStatus), ...write },
});

const actor = (c: { env: AppEnv['Bindings']; get: (key: 'tenantCode') => string }) =>
  tenantActor(c.env, c.get('tenantCode'));

const ics = (c: Context<AppEnv>, text: string) =>
  c.body(text, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="annual-fees.ics"',
    'cache-control': 'private, max-age=300',
  }) as never;

export const annualFeeRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createRule, async (c) =>
    c.json(unwrap(await actor(c).createFeeRule(callerOf(c), c.req.valid('json'))), 201),
  )
  .openapi(listRules, async (c) =>
    c.json(unwrap(await actor(c).listFeeRules(callerOf(c), c.req.valid('query'))), 200),
  )
  .openapi(getRule, async (c) =>
    c.json(unwrap(await actor(c).getFeeRule(callerOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(updateRule, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).updateFeeRule(callerOf(c), id, c.req.valid('json'))), 200);
  })
  .openapi(deleteRule, async (c) =>
    c.json(unwrap(await actor(c).deleteFeeRule(callerOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(autoRecord, async (c) => {
    const { cardId, feeYear } = c.req.valid('query');
    const { record, created } = unwrap(await actor(c).autoFeeRecord(callerOf(c), cardId, feeYear));
    return created ? c.json(record, 201) : c.json(record, 200);
  })
  .openapi(batchRecords, async (c) =>
    c.json(unwrap(await actor(c).createFeeRecords(callerOf(c), c.req.valid('json'))), 200),
  )
  .openapi(listRecords, async (c) =>
    c.json(unwrap(await actor(c).listFeeRecords(callerOf(c), c.req.valid('query'))), 200),
  )
  .openapi(patchRecord, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).updateFeeRecord(callerOf(c), id, c.req.valid('json'))), 200);
  })
  .openapi(checkEither, async (c) => {
    const { first, second } = c.req.valid('param');
    const query = c.req.query();
    refuseUnknownQuery(
      c.req.url,
      new Set(Object.keys((first === 'user' ? UserChecksQuery : LangQuery).shape)),
    );
    if (first === 'user') {
      const params = UserParam.safeParse({ userId: second });
      if (!params.success) return validationFailed(c, params.error, 'param') as never;
      const q = UserChecksQuery.safeParse(query);
      if (!q.success) return validationFailed(c, q.error, 'query') as never;
      const answer = await actor(c).checkUserWaivers(
        callerOf(c),
        params.data.userId,
        q.data.year,
        q.data.lang,
      );
      return c.json(unwrap(answer), 200);
    }
    const params = WaiverCheckParams.safeParse({ cardId: first, feeYear: second });
    if (!params.success) return validationFailed(c, params.error, 'param') as never;
    const q = LangQuery.safeParse(query);
    if (!q.success) return validationFailed(c, q.error, 'query') as never;
    const { cardId, feeYear } = params.data;
    return c.json(unwrap(await actor(c).checkWaiver(callerOf(c), cardId, feeYear, q.data.lang)), 200);
  })
  .openapi(redeem, async (c) => {
    const { cardId, feeYear } = c.req.valid('param');
    return c.json(unwrap(await actor(c).redeemFeePoints(callerOf(c), cardId, feeYear)), 200);
  })
  .openapi(statistics, async (c) => {
    const { userId } = c.req.valid('param');
    return c.json(unwrap(await actor(c).feeStatistics(callerOf(c), userId, c.req.valid('query').year)), 200);
  })
  .openapi(calendar, async (c) =>
    ics(c, unwrap(await actor(c).feeCalendar(callerOf(c), c.req.valid('query').lang))),
  )
  .openapi(calendarByLink, async (c) => {
    const token = c.req.valid('param').feed.slice(0, -'.ics'.length);
    const answer = await actor(c).feeCalendarByToken(await sha256Hex(token), c.req.valid('query').lang);
    return ics(c, unwrap(answer));
  })
  .openapi(feedStatus, async (c) => c.json(unwrap(await actor(c).feeCalendarLink(callerOf(c))), 200))
  .openapi(rotateFeed, async (c) => {
    const token = randomSecret(32);
    const { createdAt } = unwrap(await actor(c).rotateFeeCalendarLink(callerOf(c), await sha256Hex(token)));
    const url = `${publicBaseUrl(c)}/t/${c.get('tenantCode')}/api/annual-fees/calendar/${token}.ics`;
    return c.json({ active: true, createdAt, url }, 201);
  })
  .openapi(revokeFeed, async (c) => c.json(unwrap(await actor(c).revokeFeeCalendarLink(callerOf(c))), 200));

annualFeeRoutes.openAPIRegistry.registerPath(checkCard);
annualFeeRoutes.openAPIRegistry.registerPath(checkUser);
