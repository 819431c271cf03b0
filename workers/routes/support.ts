import type { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { Operator } from '../../durable-objects/directory/directory';
import type { Caller } from '../../durable-objects/tenant/access';
import type { Env } from '../../lib/env';
import { AppError } from '../../lib/errors';
import { Kept } from '../../lib/kept';
import { ErrorSchema, type JsonText } from '../../schema/dto/common';
import { clientIp } from '../client-ip';
import { MAX_BODY_BYTES_EXTENSION } from '../middleware/request-shape';
import type { AppEnv } from '../types';

/** The one Directory. Only admin, login and sweep paths reach it; tenant requests never do. */
export function directory(env: Env) {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName('global'));
}

/** Ids by company code: `idFromName` hashes the name on every call, and every tenant request needs one. */
const tenantIds = new Kept<string, DurableObjectId>(10_000);

/** Bench-only routes answer 404 unless the server runs with BENCH_SEEDING=on (never in production). */
export function requireBenchMode(env: Env): void {
  if (env.BENCH_SEEDING !== 'on') throw new AppError(404, 'ROUTE_NOT_FOUND', 'bench routes are disabled');
}

export function tenantActor(env: Env, code: string) {
  return env.TENANT.get(tenantIds.get(code, () => env.TENANT.idFromName(code)));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller a tenant actor checks; `write` (from the HTTP method) lets it refuse writes of a suspended tenant. */
export function callerOf(c: Context<AppEnv>): Caller {
  const p = c.get('principal');
  const write = !SAFE_METHODS.has(c.req.method);
  if (p.kind === 'user' && p.apiKey) return { kind: 'user', id: p.sub, write, apiKey: p.apiKey };
  return { kind: p.kind, id: p.sub, write };
}

export function operatorOf(c: Context<AppEnv>): Operator {
  const p = c.get('principal');
  return {
    adminId: p.sub,
    username: p.username,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
  };
}

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error answers every route may give, for the OpenAPI document. */
export const errors = {
  400: error('Invalid input; `details.fields` names each bad field'),
  401: error('Missing or invalid credentials'),
  403: error('Not permitted'),
  404: error('Not found'),
  409: error('Conflicts with the current state'),
  413: error(
    'The request body is larger than the route accepts; `details.maxBytes` says how large it may be',
  ),
  429: {
    ...error(
      'Too many attempts; `details.retryAfterSeconds` and the `Retry-After` header say when to try again',
    ),
    headers: {
      'Retry-After': {
        description: 'seconds to wait before trying again',
        schema: { type: 'integer' as const },
      },
    },
  },
  // ---- platform ----
  402: error('The company is suspended, expired or cancelled: reads work, writes do not'),
  410: error('Gone: used, replaced or expired'),
  502: error('An outside provider failed'),
  503: error('Not configured'),
} as const;

/** Where people reach the platform: `PUBLIC_BASE_URL`, else the origin of this request. */
export function publicBaseUrl(c: Context<AppEnv>): string {
  return (c.env.PUBLIC_BASE_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearer: [] }];
/** A route anyone may call: says so in the document (`security: []`) rather than saying nothing. */
export const publicRoute = [];
/** A public route that also reads a bearer token when one is sent (OAuth start: binding needs the user). */
export const optionalBearer = [{}, ...bearer];

/**
 * Declares a route's own body limit, for routes that take more than the 1 MiB default (uploads):
 * `createRoute({ ..., ...maxBodyBytes(10 * 1024 * 1024) })`. Larger bodies get 413 before being read.
 */
export const maxBodyBytes = (bytes: number) => ({ [MAX_BODY_BYTES_EXTENSION]: bytes }) as const;
/**
 * Documents the tenant header on a route. Not a request validator: the tenant middleware already reads and
 * checks it, and a header validator would copy every header of every request into an object to parse.
 */
export const tenantParameters = [
  {
    name: 'x-tenant-code',
    in: 'header' as const,
    required: false,
    description:
      'The company code; alternatively use the host {code}.{BASE_DOMAIN} or the /t/{code} path prefix',
    schema: { type: 'string' as const },
  },
];

/** Answers JSON an actor already serialised (see JsonText), typed as the value it encodes. */
export const jsonText = <T>(c: Context<AppEnv>, text: JsonText<T>) =>
  c.body(text, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<T, 200, 'json'>;
