import { createMiddleware } from 'hono/factory';
import { AppError } from '../../lib/errors';
import { missingConfiguration } from '../../lib/production';
import type { AppEnv } from '../types';

/**
 * In production, refuses every request while a required secret or setting is missing, naming each:
 * a half-configured platform must not sign tokens without a key or run without its domain.
 */
export const configured = createMiddleware<AppEnv>(async (c, next) => {
  const missing = missingConfiguration(c.env as unknown as Record<string, unknown>);
  if (missing.length > 0) {
    throw new AppError(
      503,
      'NOT_CONFIGURED',
      `this deployment lacks ${missing.join(', ')}: set each with \`wrangler secret put <NAME> --env production\` (BASE_DOMAIN: npm run deploy -- --domain)`,
      { missing },
    );
  }
  await next();
});
