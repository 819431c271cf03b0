import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { AppError, type FieldIssue } from '../../lib/errors';
import type { AppEnv } from '../types';

const MiB = 1024 * 1024;

/** A JSON body's limit unless its route declares another (`maxBodyBytes` in routes/support.ts). */
export const DEFAULT_MAX_BODY_BYTES = MiB;

/** The route extension that declares a route's own body limit; it shows in the OpenAPI document too. */
export const MAX_BODY_BYTES_EXTENSION = 'x-max-body-bytes';

interface RouteShape {
  /** The query parameters the route declares; null when its query schema cannot be read as an object. */
  query: ReadonlySet<string> | null;
  maxBodyBytes: number;
}

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry'];
type RouteDefinition = Extract<OpenAPIRegistry['definitions'][number], { type: 'route' }>['route'];

function queryKeys(schema: unknown): ReadonlySet<string> | null {
  if (!schema) return new Set();
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape;
  return shape ? new Set(Object.keys(shape)) : null;
}

/** What each documented route accepts, keyed as the router names it (`GET /api/x/:id`). */
function shapesOf(registry: OpenAPIRegistry): Map<string, RouteShape> {
  const shapes = new Map<string, RouteShape>();
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const route: RouteDefinition = definition.route;
    const path = route.path.replace(/\{([^}]+)\}/g, ':$1');
    const declared = (route as unknown as Record<string, unknown>)[MAX_BODY_BYTES_EXTENSION];
    shapes.set(`${route.method.toUpperCase()} ${path}`, {
      query: queryKeys(route.request?.query),
      maxBodyBytes: typeof declared === 'number' ? declared : DEFAULT_MAX_BODY_BYTES,
    });
  }
  return shapes;
}

const tooLarge = (maxBytes: number) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${maxBytes} bytes`, {
    maxBytes,
    fields: [{ path: 'body', message: `at most ${maxBytes} bytes`, rule: 'too_big', maximum: maxBytes }],
  });

/**
 * Refuses query parameters outside `known` (400 `VALIDATION_FAILED` naming each). The middleware below
 * asks it for every documented route; a hidden route that stands for two documented ones asks it itself.
 */
export function refuseUnknownQuery(url: string, known: ReadonlySet<string>): void {
  if (!url.includes('?')) return;
  const unknown = [...new URL(url).searchParams.keys()].filter((key) => !known.has(key));
  if (unknown.length === 0) return;
  const fields = [...new Set(unknown)].map(
    (key): FieldIssue => ({
      path: `query.${key}`,
      message: 'unknown query parameter',
      rule: 'unrecognized_keys',
    }),
  );
  throw new AppError(400, 'VALIDATION_FAILED', `invalid ${fields.map((f) => f.path).join(', ')}`, { fields });
}

/** One body-limit middleware per distinct limit: it reads Content-Length, or counts a streamed body. */
const limiters = new Map<number, MiddlewareHandler>();
function limiterFor(maxBytes: number): MiddlewareHandler {
  let limiter = limiters.get(maxBytes);
  if (!limiter) {
    limiter = bodyLimit({
      maxSize: maxBytes,
      onError: () => {
        throw tooLarge(maxBytes);
      },
    });
    limiters.set(maxBytes, limiter);
  }
  return limiter;
}

/**
 * Refuses what no documented route accepts, before anything is parsed: a body over the route's limit
 * (413 `PAYLOAD_TOO_LARGE`, default 1 MiB) and query parameters the route does not declare (400
 * `VALIDATION_FAILED` naming each, as `.strict()` bodies name unknown keys). It reads the route's
 * declaration from the OpenAPI registry, so a new route needs nothing more than its `createRoute`.
 * Paths that are not documented routes (pages, bench routes) get the default body limit only.
 */
export function requestShape(registry: OpenAPIRegistry) {
  let shapes: Map<string, RouteShape> | undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    // Built on first use: routes register after the middleware does.
    shapes ??= shapesOf(registry);
    const endpoint = matchedRoutes(c).findLast((route) => route.method !== 'ALL');
    const shape = endpoint ? shapes.get(`${endpoint.method} ${endpoint.path}`) : undefined;
    if (shape?.query) refuseUnknownQuery(c.req.url, shape.query);
    if (!c.req.raw.body) return next();
    return limiterFor(shape?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)(c, next);
  });
}
