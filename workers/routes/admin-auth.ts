import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { AppError } from '../../lib/errors';
import { decoyHash, equalSecrets, verifyPassword } from '../../lib/passwords';
import { signToken } from '../../lib/tokens';
import { AdminLoginAnswer, AdminLoginBody } from '../../schema/dto/platform';
import { authSecret } from '../middleware/auth';
import type { AppEnv } from '../types';
import { errors, json, jsonBody } from './support';

export const ADMIN_TOKEN_TTL_SECONDS = 8 * 3600;

export function lockedError(lockedForMs: number) {
  const retryAfterSeconds = Math.ceil(lockedForMs / 1000);
  return new AppError(429, 'LOGIN_LOCKED', `too many failed logins; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

export const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');

const login = createRoute({
  method: 'post',
  path: '/api/admin/login',
  tags: ['platform-auth'],
  summary: 'Platform admin login',
  request: { body: jsonBody(AdminLoginBody) },
  responses: { 200: json(AdminLoginAnswer), 400: errors[400], 401: errors[401], 429: errors[429] },
});

export const adminAuthRoutes = new OpenAPIHono<AppEnv>().openapi(login, async (c) => {
  const { username, password } = c.req.valid('json');
  const dir = directory(c.env);
  const { account, lockedForMs } = await dir.loginAccount('admin', username);
  if (lockedForMs > 0) throw lockedError(lockedForMs);

  const superName = (c.env.SUPERADMIN_USERNAME ?? 'admin').toLowerCase();
  const isSuper = username.toLowerCase() === superName && !!c.env.SUPERADMIN_PASSWORD;
  let ok: boolean;
  if (isSuper) ok = await equalSecrets(password, c.env.SUPERADMIN_PASSWORD!);
  else if (account?.passwordHash && account.status === 'active')
    ok = await verifyPassword(password, account.passwordHash);
  else ok = (await verifyPassword(password, await decoyHash())) && false;

  if (!ok) {
    const after = await dir.recordLoginFailure('admin', username);
    if (after.lockedForMs > 0) throw lockedError(after.lockedForMs);
    throw invalidCredentials();
  }
  const ip = c.req.header('cf-connecting-ip') ?? null;
  const admin = await dir.adminLoggedIn(username, ip, isSuper);
  const { token, expiresAt } = await signToken(
    { kind: 'admin', sub: admin.id, username: admin.username, role: admin.role },
    authSecret(c.env),
    ADMIN_TOKEN_TTL_SECONDS,
  );
  return c.json({ token, expiresAt, admin }, 200);
});
