import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import {
  CompanySummary,
  SwitchCompanyAnswer,
  SwitchCompanyBody,
  UserLoginAnswer,
  UserLoginBody,
} from '../../schema/dto/platform';
import { authenticated, userOnly } from '../middleware/auth';
import { checkUserPassword, userSession } from '../sign-in';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, publicRoute } from './support';

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
  security: publicRoute,
  tags: ['platform-auth'],
  summary: 'User login by username or email; answers the active companies, primary first',
  request: { body: jsonBody(UserLoginBody) },
  responses: {
    200: json(UserLoginAnswer),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    429: errors[429],
  },
});

const companies = createRoute({
  method: 'get',
  path: '/api/users/companies',
  tags: ['users'],
  summary: "The caller's active companies, primary first",
  security: bearer,
  responses: {
    200: json(
      z
        .object({ items: z.array(CompanySummary), currentCompanyId: z.string().nullable() })
        .openapi('MyCompanies'),
    ),
    401: errors[401],
    403: errors[403],
  },
});

const switchCompany = createRoute({
  method: 'post',
  path: '/api/users/switch-company',
  tags: ['users'],
  summary: 'Switch the current company',
  security: bearer,
  request: { body: jsonBody(SwitchCompanyBody) },
  responses: { 200: json(SwitchCompanyAnswer), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const loginRoutes = new OpenAPIHono<AppEnv>().openapi(login, async (c) => {
  const body = c.req.valid('json');
  const account = await checkUserPassword(c, (body.username ?? body.email)!, body.password);
  return c.json(await userSession(c, account.id), 200);
});

const meRoutes = new OpenAPIHono<AppEnv>()
  .openapi(companies, async (c) => {
    const answer = unwrap(await directory(c.env).userCompanies(c.get('principal').sub));
    return c.json({ items: answer.companies, currentCompanyId: answer.currentCompanyId }, 200);
  })
  .openapi(switchCompany, async (c) => {
    const { companyId } = c.req.valid('json');
    return c.json(unwrap(await directory(c.env).switchCompany(c.get('principal').sub, companyId)), 200);
  });

export const userAuthRoutes = new OpenAPIHono<AppEnv>();
userAuthRoutes.use('/api/users/*', authenticated, userOnly);
userAuthRoutes.route('/', loginRoutes);
userAuthRoutes.route('/', meRoutes);
