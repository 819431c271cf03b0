import { createMiddleware } from 'hono/factory';
import { demoReadOnly } from '../../durable-objects/legal/access';
import { AppError } from '../../lib/errors';
import type { AppEnv } from '../types';

/** Demo principals are named by their workspace (`demo-lawyer-001`, `demo-user-001`); real users never are. */
export const isDemoPrincipal = (sub: string) => sub.startsWith('demo-');

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After `authenticated`: the marketplace's own routes are for people (not API keys of a company), and a
 * demo workspace's token may read but never write (SPEC D3).
 */
export const marketplacePerson = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.get('principal');
  if (p.kind !== 'user') throw new AppError(403, 'USER_REQUIRED', 'sign in to the marketplace first');
  if (p.apiKey) throw new AppError(403, 'API_KEY_NOT_ALLOWED', 'an API key cannot be used here; sign in');
  if (!SAFE.has(c.req.method) && isDemoPrincipal(p.sub)) throw demoReadOnly();
  await next();
});
