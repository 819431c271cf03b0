import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { tenantActor } from '../../lib/actors';
import { AppError, unwrap } from '../../lib/errors';
import {
  Card,
  CardBatchAnswer,
  type CardCreate,
  CardList,
  CardListQuery,
  CardUpdate,
  CardWrite,
  ImportAnswer,
  LangQuery,
  MAX_STATEMENT_BYTES,
  PointsBody,
  TransactionAnswer,
  TransactionList,
  TransactionWrite,
} from '../../schema/dto/cards';
import { ErrorSchema, IdParam, PageQuery } from '../../schema/dto/common';
import { callerOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, maxBodyBytes, readErrors, tenantParameters } from './support';

const tags = ['cards'];
const read = readErrors;
const write = { ...read, 402: errors[402], 409: errors[409] };
const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** A statement is CSV text of at most MAX_STATEMENT_BYTES; anything larger is refused before it is read. */
const statementBody = [
  createMiddleware<AppEnv>(async (c, next) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'text/csv' && type !== 'text/plain' && type !== 'application/csv')
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the statement as text/csv (UTF-8)', {
        fields: [{ path: 'body', message: 'must be text/csv', rule: 'media_type' }],
      });
    await next();
  }),
];

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const createCard = createRoute({
  method: 'post',
  path: '/api/cards',
  tags,
  summary:
    "Add a card (the caller's, or a member's by a company administrator), its current fee record opened at once; " +
    'or a batch `{items}` of up to 1 000, each answering for itself',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(CardWrite) },
  responses: {
    201: json(Card, 'Created'),
    200: json(CardBatchAnswer, 'The batch form: one outcome per card'),
    ...write,
  },
});

const listCards = createRoute({
  method: 'get',
  path: '/api/cards',
  tags,
  summary:
    "The caller's cards with this year's fee and waiver progress (an administrator: everyone's, or ?userId's)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: CardListQuery },
  responses: { 200: json(CardList), ...read },
});

const getCard = createRoute({
  method: 'get',
  path: '/api/cards/{id}',
  tags,
  summary: 'One card with its current fee',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, query: LangQuery },
  responses: { 200: json(Card), ...read },
});

const updateCard = createRoute({
  method: 'patch',
  path: '/api/cards/{id}',
  tags,
  summary: "Change a card's issuer, name, last four digits or rule",
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(CardUpdate) },
  responses: { 200: json(Card), ...write },
});

const deleteCard = createRoute({
  method: 'delete',
  path: '/api/cards/{id}',
  tags,
  summary: 'Delete a card with its purchases and fee records',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(z.object({ id: z.string(), deleted: z.literal(true) })), ...write },
});

const setPoints = createRoute({
  method: 'put',
  path: '/api/cards/{id}/points',
  tags,
  summary: "Set the card's points balance (what a points_exchange fee's progress follows)",
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(PointsBody) },
  responses: { 200: json(Card), ...write },
});

const addTransactions = createRoute({
  method: 'post',
  path: '/api/cards/{id}/transactions',
  tags,
  summary:
    'Record a purchase, or a batch of up to 1 000 (each answering for itself); a fee whose condition is met is waived at once',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(TransactionWrite) },
  responses: { 201: json(TransactionAnswer, 'Created'), ...write },
});

const listTransactions = createRoute({
  method: 'get',
  path: '/api/cards/{id}/transactions',
  tags,
  summary: "The card's purchases, latest first",
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(TransactionList), ...read },
});

const importStatement = createRoute({
  method: 'post',
  path: '/api/cards/{id}/transactions/import',
  tags,
  summary:
    'Import a card statement as CSV (UTF-8, at most 1 MiB): a header naming date, amount (yuan) and description ' +
    '(English or the banks’ Chinese names), one purchase per row. Rows imported before are skipped; bad rows are reported by line.',
  security: bearer,
  parameters: tenantParameters,
  middleware: statementBody,
  ...maxBodyBytes(MAX_STATEMENT_BYTES),
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'text/csv': {
          schema: z.string().openapi({ example: 'date,amount,description\n2025-03-01,128.00,Coffee\n' }),
        },
      },
    },
  },
  responses: {
    200: json(ImportAnswer),
    413: refusal('The statement is larger than 1 MiB or has more than 10 000 rows'),
    415: refusal('Not CSV text in UTF-8'),
    ...write,
  },
});

const actor = (c: { env: AppEnv['Bindings']; get: (key: 'tenantCode') => string }) =>
  tenantActor(c.env, c.get('tenantCode'));

export const cardRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createCard, async (c) => {
    const { items, ...one } = c.req.valid('json');
    if (items) return c.json(unwrap(await actor(c).createCards(callerOf(c), items)), 200);
    return c.json(unwrap(await actor(c).createCard(callerOf(c), one as CardCreate)), 201);
  })
  .openapi(listCards, async (c) =>
    c.json(unwrap(await actor(c).listCards(callerOf(c), c.req.valid('query'))), 200),
  )
  .openapi(getCard, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).getCard(callerOf(c), id, c.req.valid('query').lang)), 200);
  })
  .openapi(updateCard, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).updateCard(callerOf(c), id, c.req.valid('json'))), 200);
  })
  .openapi(deleteCard, async (c) =>
    c.json(unwrap(await actor(c).deleteCard(callerOf(c), c.req.valid('param').id)), 200),
  )
  .openapi(setPoints, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).setCardPoints(callerOf(c), id, c.req.valid('json').balance)), 200);
  })
  .openapi(addTransactions, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(unwrap(await actor(c).addCardTransactions(callerOf(c), id, c.req.valid('json'))), 201);
  })
  .openapi(listTransactions, async (c) => {
    const { id } = c.req.valid('param');
    const { page, pageSize } = c.req.valid('query');
    return c.json(unwrap(await actor(c).listCardTransactions(callerOf(c), id, page, pageSize)), 200);
  })
  .openapi(importStatement, async (c) => {
    const { id } = c.req.valid('param');
    let csv: string;
    try {
      csv = decoder.decode(await c.req.arrayBuffer()).replace(/^\uFEFF/, '');
    } catch {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the statement is not UTF-8: save it as UTF-8 CSV', {
        fields: [{ path: 'body', message: 'must be UTF-8', rule: 'encoding' }],
      });
    }
    return c.json(unwrap(await actor(c).importCardStatement(callerOf(c), id, csv)), 200);
  });
