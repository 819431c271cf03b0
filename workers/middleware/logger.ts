import { createMiddleware } from 'hono/factory';
import { log } from '../../lib/log';
import type { AppEnv } from '../types';

/** One structured JSON line per request, with its id; never headers or bodies, so no secret can leak. */
export const accessLog = createMiddleware<AppEnv>(async (c, next) => {
  if (!log.enabled('info')) return next();
  const started = performance.now();
  await next();
  log.info('http.request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    route: c.req.routePath,
    path: new URL(c.req.url).pathname,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
    principal: c.get('principal')?.sub,
  });
});
