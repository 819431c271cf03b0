import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { readDebtFile, templateCsv } from '../../durable-objects/legal/client/debt-rows';
import { unwrap } from '../../lib/errors';
import { IdParam, PageQuery } from '../../schema/dto/common';
import {
  Batch,
  BatchAnswer,
  BatchCaseList,
  BatchList,
  CreditLedger,
  CreditPurchaseBody,
  Credits,
  MAX_BATCH_FILE_BYTES,
} from '../../schema/dto/legal-batches';
import { PaymentOrder } from '../../schema/dto/payments';
import { clientActor, companyOf, legalCallerOf } from '../legal-actors';
import { authenticated } from '../middleware/auth';
import { marketplacePerson } from '../middleware/legal';
import type { AppEnv } from '../types';
import {
  bearer,
  errors,
  json,
  jsonBody,
  maxBodyBytes,
  publicRoute,
  readErrors as read,
  tenantParameters,
  writeErrors as write,
} from './support';

/** A marketplace user's credits and batch debt-collection uploads (SPEC D9, D10), in their own actor. */
const tags = ['legal-batches'];
// `/api/legal/users/*` is signed in by the user routes' `use` (registered first); the rest say so themselves.
const MULTIPART_OVERHEAD = 64 * 1024;

const credits = createRoute({
  method: 'get',
  path: '/api/legal/users/me/credits',
  tags,
  summary: "The user's credits: this week's free one, those bought, and when the free one is given again",
  security: bearer,
  responses: { 200: json(Credits), ...read },
});

const creditLedger = createRoute({
  method: 'get',
  path: '/api/legal/users/me/credits/ledger',
  tags,
  summary: 'Every change of the credits, newest first (the last 200)',
  security: bearer,
  responses: { 200: json(CreditLedger), ...read },
});

const purchase = createRoute({
  method: 'post',
  path: '/api/legal/users/me/credits/purchase',
  tags,
  summary: 'Buy credits (¥50 each): answers the payment order; the credits arrive when it is paid',
  security: bearer,
  request: { body: jsonBody(CreditPurchaseBody) },
  responses: { 201: json(PaymentOrder, 'Ordered; pay the order next'), ...write },
});

const template = createRoute({
  method: 'get',
  path: '/api/legal/batch-template',
  tags,
  summary: 'The batch upload template (CSV): the six columns and two example rows',
  security: publicRoute,
  request: { query: z.object({ lang: z.enum(['zh', 'en']).default('zh') }) },
  responses: {
    200: {
      description: 'The template',
      content: {
        'text/csv': {
          schema: z.string().openapi({ example: '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注\r\n' }),
        },
      },
    },
    400: errors[400],
  },
});

const upload = createRoute({
  method: 'post',
  path: '/api/legal/batches',
  tags,
  summary:
    'Upload debts to collect (multipart `file`: CSV in UTF-8 or XLSX, at most 8 MiB and 10 000 rows): costs 1 credit, ' +
    'taken with the batch; bad rows are reported by line and field, good rows become cases dispatched in the background. ' +
    "Under /t/{code} (a company whose plan includes `legal`) the batch is the company's and its cases come from the " +
    "month's case allowance of the company's enterprise package instead of a credit",
  security: bearer,
  middleware: [authenticated, marketplacePerson] as const,
  ...maxBodyBytes(MAX_BATCH_FILE_BYTES + MULTIPART_OVERHEAD),
  parameters: tenantParameters,
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z
            .object({
              file: z
                .instanceof(File, { message: 'a file is required' })
                .openapi({ type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX' }),
            })
            .openapi('LegalBatchUpload'),
        },
      },
    },
  },
  responses: {
    201: json(BatchAnswer, 'Accepted; its cases are being dispatched'),
    402: {
      description:
        'No credit left: `details` says `required`, `weeklyRemaining`, `purchasedRemaining` and `nextResetAt`; ' +
        "a company's upload past its month's allowance (`CASE_ALLOWANCE_EXCEEDED`, or `NO_ENTERPRISE_PACKAGE`): " +
        '`details` says `package`, `month`, `allowance`, `used`, `remaining`, `requested`; nothing was stored',
      content: { 'application/json': { schema: errors[400].content['application/json'].schema } },
    },
    413: errors[413],
    415: errors[415],
    ...write,
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/legal/batches',
  tags,
  summary: "The user's batches (under /t/{code}: the company's), newest first, each with its progress",
  security: bearer,
  middleware: [authenticated, marketplacePerson] as const,
  parameters: tenantParameters,
  request: { query: PageQuery },
  responses: { 200: json(BatchList), ...read },
});

const detail = createRoute({
  method: 'get',
  path: '/api/legal/batches/{id}',
  tags,
  summary: 'One batch: its progress (queued, dispatched, accepted, failed) and its row errors',
  security: bearer,
  middleware: [authenticated, marketplacePerson] as const,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(Batch), ...read },
});

const cases = createRoute({
  method: 'get',
  path: '/api/legal/batches/{id}/cases',
  tags,
  summary:
    "One batch's cases in the order of its file, a page at a time: each with its id (what a company's " +
    'draft names), debtor, amount, where it stands, what was recovered and any SLA breach. Under /t/{code} ' +
    "the company's batch (any member); another company's batch is not found",
  security: bearer,
  middleware: [authenticated, marketplacePerson] as const,
  parameters: tenantParameters,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(BatchCaseList), ...read },
});

export const legalBatchRoutes = new OpenAPIHono<AppEnv>()
  .openapi(credits, async (c) =>
    c.json(unwrap(await clientActor(c.env, c.get('principal').sub).credits(legalCallerOf(c))), 200),
  )
  .openapi(creditLedger, async (c) =>
    c.json(unwrap(await clientActor(c.env, c.get('principal').sub).creditLedger(legalCallerOf(c))), 200),
  )
  .openapi(purchase, async (c) => {
    const stub = clientActor(c.env, c.get('principal').sub);
    return c.json(unwrap(await stub.purchaseCredits(legalCallerOf(c), c.req.valid('json').count)), 201);
  })
  .openapi(template, (c) => {
    const lang = c.req.valid('query').lang;
    return c.body(templateCsv(lang), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="debt-batch-template-${lang}.csv"`,
    });
  })
  .openapi(upload, async (c) => {
    const company = await companyOf(c);
    const file = c.req.valid('form').file;
    const upload = {
      fileName: file.name.slice(0, 200),
      ...readDebtFile(new Uint8Array(await file.arrayBuffer())),
    };
    const answer = company
      ? await company.actor.uploadEnterpriseBatch(company.company, upload)
      : await clientActor(c.env, c.get('principal').sub).uploadBatch(legalCallerOf(c), upload);
    return c.json(unwrap(answer), 201);
  })
  .openapi(list, async (c) => {
    const company = await companyOf(c);
    const { page, pageSize } = c.req.valid('query');
    const answer = company
      ? await company.actor.listEnterpriseBatches(company.company, page, pageSize)
      : await clientActor(c.env, c.get('principal').sub).listBatches(legalCallerOf(c), page, pageSize);
    return c.json(unwrap(answer), 200);
  })
  .openapi(cases, async (c) => {
    const company = await companyOf(c);
    const { id } = c.req.valid('param');
    const { page, pageSize } = c.req.valid('query');
    const answer = company
      ? await company.actor.listEnterpriseBatchCases(company.company, id, page, pageSize)
      : await clientActor(c.env, c.get('principal').sub).listBatchCases(legalCallerOf(c), id, page, pageSize);
    return c.json(unwrap(answer), 200);
  })
  .openapi(detail, async (c) => {
    const company = await companyOf(c);
    const { id } = c.req.valid('param');
    const answer = company
      ? await company.actor.getEnterpriseBatch(company.company, id)
      : await clientActor(c.env, c.get('principal').sub).getBatch(legalCallerOf(c), id);
    return c.json(unwrap(answer), 200);
  });
