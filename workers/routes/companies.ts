import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { rememberPlanCodes } from '../../lib/plan-codes';
import { IdParam } from '../../schema/dto/common';
import {
  Company,
  CompanyCreateBody,
  CompanyList,
  CompanyListQuery,
  CompanyUpdateBody,
} from '../../schema/dto/platform';
import { OnboardingLink } from '../../schema/dto/platform-console';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, publicBaseUrl } from './support';

const tags = ['companies'];

const create = createRoute({
  method: 'post',
  path: '/api/admin/companies',
  tags,
  summary: 'Create a company (tenant)',
  security: bearer,
  request: { body: jsonBody(CompanyCreateBody) },
  responses: {
    201: json(Company, 'Created'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/admin/companies',
  tags,
  summary: 'List companies with search, filters, sort and pagination',
  security: bearer,
  request: { query: CompanyListQuery },
  responses: { 200: json(CompanyList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const get = createRoute({
  method: 'get',
  path: '/api/admin/companies/{id}',
  tags,
  summary: 'One company',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Company), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const update = createRoute({
  method: 'put',
  path: '/api/admin/companies/{id}',
  tags,
  summary: 'Update a company',
  security: bearer,
  request: { params: IdParam, body: jsonBody(CompanyUpdateBody) },
  responses: {
    200: json(Company),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/admin/companies/{id}',
  tags,
  summary: 'Soft-delete a company: its members are refused from then on, its data is kept',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Company), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const generateOnboarding = createRoute({
  method: 'post',
  path: '/api/admin/companies/{id}/generate-onboarding',
  tags,
  summary:
    'A single-use onboarding link for the company (mailed to its contact when it has one); earlier links stop working',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(OnboardingLink),
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

/** Plans a super admin added are valid in company bodies: refresh the isolate's list before validating. */
const refreshPlanCodes = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'POST' || c.req.method === 'PUT')
    rememberPlanCodes(await directory(c.env).planCodes());
  await next();
});

export const companyRoutes = new OpenAPIHono<AppEnv>();
companyRoutes.use('/api/admin/companies', refreshPlanCodes);
companyRoutes.use('/api/admin/companies/:id', refreshPlanCodes);
companyRoutes
  .openapi(create, async (c) => {
    c.set('audited', true);
    const company = unwrap(await directory(c.env).createCompany(c.req.valid('json'), operatorOf(c)));
    return c.json(company, 201);
  })
  .openapi(list, async (c) => c.json(await directory(c.env).listCompanies(c.req.valid('query')), 200))
  .openapi(get, async (c) => c.json(unwrap(await directory(c.env).getCompany(c.req.valid('param').id)), 200))
  .openapi(update, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).updateCompany(id, c.req.valid('json'), operatorOf(c))), 200);
  })
  .openapi(remove, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).deleteCompany(id, operatorOf(c))), 200);
  })
  .openapi(generateOnboarding, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).generateOnboarding(id, publicBaseUrl(c), operatorOf(c))),
      200,
    );
  });
