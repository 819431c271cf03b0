import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../types';

const VALID = /^[A-Za-z0-9._-]{8,64}$/;

/** Every request gets an id, the caller's own if it sent a sane one, echoed in `X-Request-Id`. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && VALID.test(given) ? given : crypto.randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
});
