/**
 * What a production deployment cannot serve without: the secrets (`wrangler secret put`) and the
 * platform's domain (given at deploy time). Development and tests take theirs from .dev.vars and
 * the test bindings.
 */
export const REQUIRED_IN_PRODUCTION = [
  'AUTH_SECRET',
  'SUPERADMIN_PASSWORD',
  'SERVICE_TOKEN',
  'BASE_DOMAIN',
] as const;

/** The required settings `env` lacks (empty counts as missing); none outside production. */
export function missingConfiguration(
  env: { ENVIRONMENT?: string } & Partial<Record<string, unknown>>,
): string[] {
  if (env.ENVIRONMENT !== 'production') return [];
  return REQUIRED_IN_PRODUCTION.filter((name) => typeof env[name] !== 'string' || env[name] === '');
}
