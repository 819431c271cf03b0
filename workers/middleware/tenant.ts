import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { isCompanyCodeShape } from '../../lib/company-codes';
import { AppError } from '../../lib/errors';
import type { AppEnv } from '../types';

export const TENANT_HEADER = 'x-tenant-code';

/**
 * Names the tenant of a request: the host `{code}.{BASE_DOMAIN}` first, then the `/t/{code}` prefix
 * (rewritten into the header before routing), then the `X-Tenant-Code` header.
 */
export function tenantCodeOf(
  host: string | undefined,
  header: string | undefined,
  baseDomain: string,
): string | undefined {
  const hostname = host?.split(':')[0]?.toLowerCase();
  const suffix = `.${baseDomain.toLowerCase()}`;
  if (hostname?.endsWith(suffix)) {
    const label = hostname.slice(0, -suffix.length);
    if (label && !label.includes('.')) return label;
  }
  return header?.trim().toLowerCase() || undefined;
}

/** The host part of a URL without building a URL object (this runs on every tenant request). */
function hostOf(url: string): string | undefined {
  const start = url.indexOf('//');
  if (start < 0) return undefined;
  const end = url.indexOf('/', start + 2);
  return url.slice(start + 2, end < 0 ? undefined : end);
}

/** The company a request names (host, `/t/{code}` or header), if any; a code of the wrong shape is no company. */
export function namedTenant(c: Context<AppEnv>): string | undefined {
  const code = tenantCodeOf(hostOf(c.req.url), c.req.header(TENANT_HEADER), c.env.BASE_DOMAIN);
  if (code && !isCompanyCodeShape(code)) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
  return code;
}

export const tenantScope = createMiddleware<AppEnv>(async (c, next) => {
  const code = namedTenant(c);
  if (!code) {
    throw new AppError(400, 'TENANT_REQUIRED', 'name the company by subdomain, X-Tenant-Code or /t/{code}', {
      fields: [{ path: 'X-Tenant-Code', message: 'required' }],
    });
  }
  c.set('tenantCode', code);
  await next();
});

/** Rewrites `/t/{code}/rest` to `/rest` with the code in the tenant header, so one set of routes serves both. */
export function rewriteTenantPath(request: Request): Request {
  if (!request.url.includes('/t/')) return request;
  const url = new URL(request.url);
  const match = /^\/t\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match) return request;
  url.pathname = match[2] ?? '/';
  const headers = new Headers(request.headers);
  headers.set(TENANT_HEADER, decodeURIComponent(match[1]!));
  return new Request(url, {
    method: request.method,
    headers,
    body: request.body,
    redirect: request.redirect,
  });
}
