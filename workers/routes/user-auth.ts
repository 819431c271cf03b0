import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { decoyHash, verifyPassword } from '../../lib/passwords';
import { signToken } from '../../lib/tokens';
import {
  CompanySummary,
  SwitchCompanyAnswer,
  SwitchCompanyBody,
  UserLoginAnswer,
  UserLoginBody,
} from '../../schema/dto/platform';
import { authenticated, authSecret, userOnly } from '../middleware/auth';
import type { AppEnv } from '../types';
import { invalidCredentials, lockedError } from './admin-auth';
import { bearer, errors, json, jsonBody } from './support';

export const USER_TOKEN_TTL_SECONDS = 12 * 3600;

const login = createRoute({
  method: 'post',
  path: '/api/auth/login',
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
  const name = (body.username ?? body.email)!;
  const dir = directory(c.env);
  const { account, lockedForMs } = await dir.loginAccount('user', name);
  if (lockedForMs > 0) throw lockedError(lockedForMs);
  // The hash is checked here, in the stateless worker, so slow hashing never queues in the Directory.
  const ok = account?.passwordHash
    ? await verifyPassword(body.password, account.passwordHash)
    : (await verifyPassword(body.password, await decoyHash())) && false;
  if (!ok || !account) {
    const after = await dir.recordLoginFailure('user', name);
    if (after.lockedForMs > 0) throw lockedError(after.lockedForMs);
    throw invalidCredentials();
  }
  const session = unwrap(await dir.userLoggedIn(account.id));
  const { token, expiresAt } = await signToken(
    { kind: 'user', sub: account.id, username: session.user.username },
    authSecret(c.env),
    USER_TOKEN_TTL_SECONDS,
  );
  const { id, uuid, username, name: fullName, email } = session.user;
  return c.json(
    {
      token,
      expiresAt,
      user: { id, uuid, username, name: fullName, email },
      companies: session.companies,
      currentCompany: session.currentCompany,
    },
    200,
  );
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
