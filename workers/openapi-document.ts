import type { OpenAPIHono } from '@hono/zod-openapi';

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry'];
type ErrorResponse = { description: string; content: unknown };

const words = (segment: string) =>
  segment
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/**
 * A stable operation id from the method and path, for routes that name none: `GET /api/admin/companies/{id}`
 * is `getAdminCompaniesById`. Method and path are unique, so the ids are.
 */
export function operationIdOf(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter((segment, i) => segment && !(i === 1 && segment === 'api'))
    .map((segment) => (segment.startsWith('{') ? `By${words(segment.slice(1, -1))}` : words(segment)));
  return method.toLowerCase() + parts.join('');
}

/**
 * What every operation of the document says alike, stated once here rather than on each route:
 * - 400, since an unknown query parameter reaches any route (see middleware/request-shape.ts), and 413 on
 *   every route that takes a body (its size limit);
 * - an `operationId` where the route names none.
 */
export function completeOperations(
  registry: OpenAPIRegistry,
  refusals: Record<400 | 413, ErrorResponse>,
): void {
  for (const definition of registry.definitions) {
    if (definition.type !== 'route') continue;
    const route = definition.route;
    const responses = route.responses as Record<string, unknown>;
    responses[400] ??= refusals[400];
    if (route.request?.body) responses[413] ??= refusals[413];
    route.operationId ??= operationIdOf(route.method, route.path);
  }
}
