import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { equalSecrets } from '../../lib/passwords';
import { signToken } from '../../lib/tokens';
import { AdminLoginAnswer, AdminLoginBody } from '../../schema/dto/platform';
import { clientIp } from '../client-ip';
import { authSecret } from '../middleware/auth';
import { ADMIN_TOKEN_TTL_SECONDS, checkPassword, storedPasswordMatches } from '../sign-in';
import type { AppEnv } from '../types';
import { errors, json, jsonBody, publicRoute } from './support';

const login = createRoute({
  method: 'post',
  path: '/api/admin/login',
  security: publicRoute,
  tags: ['platform-auth'],
  summary: 'Platform admin login',
  request: { body: jsonBody(AdminLoginBody) },
  responses: { 200: json(AdminLoginAnswer), 400: errors[400], 401: errors[401], 429: errors[429] },
});

export const adminAuthRoutes = new OpenAPIHono<AppEnv>().openapi(login, async (c) => {
  const { username, password } = c.req.valid('json');
  const superName = (c.env.SUPERADMIN_USERNAME ?? 'admin').toLowerCase();
  const isSuper = username.toLowerCase() === superName && !!c.env.SUPERADMIN_PASSWORD;
  // The environment's super admin has no stored hash: its password is the secret itself.
  await checkPassword(c, 'admin', username, (account) =>
    isSuper
      ? equalSecrets(password, c.env.SUPERADMIN_PASSWORD!)
      : storedPasswordMatches(account?.status === 'active' ? account : null, password),
  );
  const admin = await directory(c.env).adminLoggedIn(username, clientIp(c), isSuper);
  const { token, expiresAt } = await signToken(
    { kind: 'admin', sub: admin.id, username: admin.username, role: admin.role },
    authSecret(c.env),
    ADMIN_TOKEN_TTL_SECONDS,
  );
  return c.json({ token, expiresAt, admin }, 200);
});
