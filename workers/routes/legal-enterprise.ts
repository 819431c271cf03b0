import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory, tenantActor } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import {
  AnalyticsQuery,
  ENTERPRISE_PACKAGE_CODES,
  ENTERPRISE_PACKAGES,
  EnterpriseAccount,
  EnterpriseAnalytics,
  EnterpriseDocumentAnswer,
  EnterpriseDocumentBody,
  EnterprisePackageBody,
  EnterprisePackageList,
  NO_SUCCESS_PROMISE,
  PackagePurchaseBody,
} from '../../schema/dto/legal-enterprise';
import { PaymentOrder } from '../../schema/dto/payments';
import { callerOf } from '../caller';
import { companyOf, companyWithIndustry, enterpriseActor } from '../legal-actors';
import { authenticated } from '../middleware/auth';
import { tenantScope } from '../middleware/tenant';
import type { AppEnv } from '../types';
import {
  bearer,
  errors,
  json,
  jsonBody,
  publicRoute,
  readErrors as read,
  tenantParameters,
  writeErrors as write,
} from './support';

/** The marketplace's enterprise packages and a company's use of them (SPEC D11). */
const tags = ['legal-enterprise'];

const packages = createRoute({
  method: 'get',
  path: '/api/legal/enterprise/packages',
  tags,
  summary: 'The three enterprise packages: monthly fee, cases a month, features; no success rate is promised',
  security: publicRoute,
  responses: { 200: json(EnterprisePackageList) },
});

const account = createRoute({
  method: 'get',
  path: '/api/legal/enterprise',
  tags,
  summary:
    "The company's enterprise package and this month's case allowance (a company whose plan includes `legal`)",
  security: bearer,
  parameters: tenantParameters,
  middleware: [authenticated, tenantScope] as const,
  responses: { 200: json(EnterpriseAccount), ...read },
});

const analytics = createRoute({
  method: 'get',
  path: '/api/legal/analytics',
  tags,
  summary:
    "The company's collection analytics over the last `months` business months beside the platform's, " +
    'by month, with recommendations; read from statistics kept as cases change; no success rate is promised',
  security: bearer,
  parameters: tenantParameters,
  middleware: [authenticated, tenantScope] as const,
  request: { query: AnalyticsQuery },
  responses: { 200: json(EnterpriseAnalytics), ...read },
});

const setPackage = createRoute({
  method: 'put',
  path: '/api/admin/companies/{id}/legal-package',
  tags,
  summary:
    'Give a company (whose plan includes `legal`) an enterprise package, or take it away (null); its case allowance counts from this month',
  security: bearer,
  request: { params: IdParam, body: jsonBody(EnterprisePackageBody) },
  responses: { 200: json(EnterpriseAccount), ...write },
});

const purchase = createRoute({
  method: 'post',
  path: '/api/legal/enterprise/package',
  tags,
  summary:
    "A company administrator buys a package: a payment order for one month of it (the package's monthly fee); " +
    'once paid its case allowance, AI credits and SLA apply for 30 days (bought again: 30 more)',
  security: bearer,
  parameters: tenantParameters,
  middleware: [authenticated, tenantScope] as const,
  request: { body: jsonBody(PackagePurchaseBody) },
  responses: { 201: json(PaymentOrder, 'The payment order'), ...write },
});

const document = createRoute({
  method: 'post',
  path: '/api/legal/enterprise/documents',
  tags,
  summary:
    "A company member drafts a document (demand letter, case summary) for one of the company's batch cases " +
    "with a fixed template; costs AI credits from the package's amount for the business month, " +
    '402 with `cost` and `remaining` when they do not cover it, 403 without a package',
  security: bearer,
  parameters: tenantParameters,
  middleware: [authenticated, tenantScope] as const,
  request: { body: jsonBody(EnterpriseDocumentBody) },
  responses: {
    200: json(EnterpriseDocumentAnswer),
    ...write,
    402: {
      ...errors[402],
      description: 'Not enough AI credits left this month: `details.remaining` and `details.cost`',
    },
  },
});

/** The request names the company (tenantScope made sure), so `companyOf` always finds it. */
async function company(c: Parameters<typeof companyOf>[0]) {
  return (await companyOf(c))!;
}

export const legalEnterpriseRoutes = new OpenAPIHono<AppEnv>()
  .openapi(packages, (c) =>
    c.json(
      {
        items: ENTERPRISE_PACKAGE_CODES.map((code) => ENTERPRISE_PACKAGES[code]),
        disclaimer: NO_SUCCESS_PROMISE,
      },
      200,
    ),
  )
  .openapi(account, async (c) => {
    const { company: facts, actor } = await company(c);
    return c.json(unwrap(await actor.enterpriseAccount(facts)), 200);
  })
  .openapi(purchase, async (c) => {
    const { company: facts, actor } = await companyWithIndustry(c, 'admin');
    const order = await actor.buyEnterprisePackage(
      facts,
      c.req.valid('json').package,
      c.get('principal').sub,
    );
    return c.json(unwrap(order), 201);
  })
  .openapi(document, async (c) => {
    const { company: facts, actor } = await company(c);
    const { caseId, kind } = c.req.valid('json');
    return c.json(
      unwrap(await actor.draftEnterpriseDocument(facts, caseId, kind, c.get('principal').sub)),
      200,
    );
  })
  .openapi(analytics, async (c) => {
    const { company: facts, actor } = await companyWithIndustry(c);
    return c.json(unwrap(await actor.enterpriseAnalytics(facts, c.req.valid('query').months)), 200);
  })
  .openapi(setPackage, async (c) => {
    const found = unwrap(await directory(c.env).getCompany(c.req.valid('param').id));
    const facts = {
      ...unwrap(await tenantActor(c.env, found.code).legalCompany(callerOf(c))),
      industry: found.industry,
    };
    const code = c.req.valid('json').package;
    const answer = await enterpriseActor(c.env, facts.tenantId).setEnterprisePackage(
      facts,
      code,
      c.get('principal').sub,
    );
    return c.json(unwrap(answer), 200);
  });
