import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import {
  CompanyDiscounts,
  CompanyRuleParam,
  DiscountGrantBody,
  DiscountRule,
  DiscountRuleCreateBody,
  DiscountRuleList,
  DiscountRuleParam,
  DiscountRuleUpdateBody,
} from '../../schema/dto/self-service';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody } from './support';

const tags = ['discounts'];
const denied = { 401: errors[401], 403: errors[403] } as const;

const list = createRoute({
  method: 'get',
  path: '/api/admin/discount-rules',
  tags,
  summary: 'Discount rules: first year, annual billing, education, referral and any added since',
  security: bearer,
  responses: { 200: json(DiscountRuleList), ...denied },
});

const create = createRoute({
  method: 'post',
  path: '/api/admin/discount-rules',
  tags,
  summary: 'Add a percentage discount rule (super admin)',
  security: bearer,
  request: { body: jsonBody(DiscountRuleCreateBody) },
  responses: { 201: json(DiscountRule, 'Created'), 400: errors[400], 409: errors[409], ...denied },
});

const update = createRoute({
  method: 'put',
  path: '/api/admin/discount-rules/{code}',
  tags,
  summary: 'Change a discount rule: name, percent or months, whether it stacks, on or off (super admin)',
  security: bearer,
  request: { params: DiscountRuleParam, body: jsonBody(DiscountRuleUpdateBody) },
  responses: { 200: json(DiscountRule), 400: errors[400], 404: errors[404], ...denied },
});

const companyDiscounts = createRoute({
  method: 'get',
  path: '/api/admin/companies/{id}/discounts',
  tags,
  summary:
    "A company's granted discounts, negotiated rate, and the charges and credits waiting for its next invoice",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(CompanyDiscounts), 404: errors[404], ...denied },
});

const grant = createRoute({
  method: 'post',
  path: '/api/admin/companies/{id}/discounts',
  tags,
  summary: 'Grant a company a discount rule whose condition is a grant (education)',
  security: bearer,
  request: { params: IdParam, body: jsonBody(DiscountGrantBody) },
  responses: { 200: json(CompanyDiscounts), 400: errors[400], 404: errors[404], 409: errors[409], ...denied },
});

const revoke = createRoute({
  method: 'delete',
  path: '/api/admin/companies/{id}/discounts/{rule}',
  tags,
  summary: 'Take a granted discount rule back from a company (invoices already made keep theirs)',
  security: bearer,
  request: { params: CompanyRuleParam },
  responses: { 200: json(CompanyDiscounts), 404: errors[404], ...denied },
});

export const discountRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await directory(c.env).listDiscountRules(), 200))
  .openapi(create, async (c) => {
    c.set('audited', true);
    return c.json(unwrap(await directory(c.env).createDiscountRule(c.req.valid('json'), operatorOf(c))), 201);
  })
  .openapi(update, async (c) => {
    c.set('audited', true);
    const { code } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).updateDiscountRule(code, c.req.valid('json'), operatorOf(c))),
      200,
    );
  })
  .openapi(companyDiscounts, async (c) =>
    c.json(unwrap(await directory(c.env).companyDiscounts(c.req.valid('param').id)), 200),
  )
  .openapi(grant, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).grantDiscount(id, c.req.valid('json').rule, operatorOf(c))),
      200,
    );
  })
  .openapi(revoke, async (c) => {
    c.set('audited', true);
    const { id, rule } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).revokeDiscount(id, rule, operatorOf(c))), 200);
  });
