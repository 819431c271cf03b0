import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import {
  ENTERPRISE_PACKAGE_CODES,
  ENTERPRISE_PACKAGES,
  EnterprisePackageList,
  NO_SUCCESS_PROMISE,
} from '../../schema/dto/legal-enterprise';
import type { AppEnv } from '../types';
import { json, publicRoute } from './support';

/** The marketplace's enterprise packages (SPEC D11): public plan data, like a price list. */
const packages = createRoute({
  method: 'get',
  path: '/api/legal/enterprise/packages',
  tags: ['legal-enterprise'],
  summary: 'The three enterprise packages: monthly fee, cases a month, features; no success rate is promised',
  security: publicRoute,
  responses: { 200: json(EnterprisePackageList) },
});

export const legalEnterpriseRoutes = new OpenAPIHono<AppEnv>().openapi(packages, (c) =>
  c.json(
    {
      items: ENTERPRISE_PACKAGE_CODES.map((code) => ENTERPRISE_PACKAGES[code]),
      disclaimer: NO_SUCCESS_PROMISE,
    },
    200,
  ),
);
