import { createMiddleware } from 'hono/factory';
import { AppError } from '../../lib/errors';
import { equalSecrets } from '../../lib/passwords';
import { verifyToken } from '../../lib/tokens';
import type { AppEnv } from '../types';

export function authSecret(env: { AUTH_SECRET?: string }): string {
  if (!env.AUTH_SECRET || env.AUTH_SECRET.length < 16) {
    throw new AppError(
      503,
      'AUTH_NOT_CONFIGURED',
      'AUTH_SECRET is not set; npm start writes one into .dev.vars',
    );
  }
  return env.AUTH_SECRET;
}

const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED', 'a valid bearer token is required');

/** Requires a valid bearer token and puts its claims on the context. */
export const authenticated = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header?.startsWith('Bearer ')) throw unauthenticated();
  const claims = await verifyToken(header.slice(7).trim(), authSecret(c.env));
  if (!claims) throw unauthenticated();
  c.set('principal', claims);
  await next();
});

export const userOnly = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.get('principal');
  if (p.kind !== 'user') throw new AppError(403, 'USER_REQUIRED', 'a user token is required');
  // A tenant API key works in its own company only, never on the person's account.
  if (p.apiKey)
    throw new AppError(403, 'API_KEY_NOT_ALLOWED', 'an API key cannot be used here; sign in as the user');
  await next();
});

/** `/api/internal/*`: callers present the shared service token, compared in constant time. */
export const serviceToken = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.SERVICE_TOKEN;
  if (!expected) throw new AppError(503, 'SERVICE_TOKEN_NOT_CONFIGURED', 'SERVICE_TOKEN is not set');
  const given = c.req.header('x-service-token') ?? '';
  if (!(await equalSecrets(given, expected))) {
    throw new AppError(401, 'INVALID_SERVICE_TOKEN', 'a valid X-Service-Token header is required');
  }
  await next();
});
