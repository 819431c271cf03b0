import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError } from '../../lib/errors';
import { log } from '../../lib/log';
import type { AppEnv } from '../types';

export function errorResponse(
  c: Context<AppEnv>,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  const error = details === undefined ? { code, message } : { code, message, details };
  return c.json({ error }, status as ContentfulStatusCode);
}

/** Zod issues as `{path, message}`, the path naming the field (`body.contactEmail`, `query.pageSize`). */
export function fieldErrors(error: ZodError, target?: string) {
  return error.issues.map((issue) => ({
    path: [target === 'json' ? 'body' : target, ...issue.path].filter((p) => p !== undefined).join('.'),
    message: issue.message,
  }));
}

export function validationFailed(c: Context<AppEnv>, error: ZodError, target?: string) {
  const fields = fieldErrors(error, target);
  return errorResponse(
    c,
    400,
    'VALIDATION_FAILED',
    `invalid ${fields.map((f) => f.path || 'request').join(', ')}`,
    {
      fields,
    },
  );
}

export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) return errorResponse(c, err.status, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    // Hono's own refusals: chiefly a body that is not the JSON the route declares.
    const status = err.status;
    const code =
      status === 400 ? 'MALFORMED_REQUEST' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'HTTP_ERROR';
    return errorResponse(c, status, code, err.message || 'the request could not be read', {
      fields: [{ path: 'body', message: err.message || 'unreadable body' }],
    });
  }
  log.error('http.unhandled', { requestId: c.get('requestId'), err: String(err), stack: err.stack });
  return errorResponse(c, 500, 'INTERNAL', 'something went wrong on our side', {
    requestId: c.get('requestId'),
  });
}

export function notFound(c: Context<AppEnv>) {
  return errorResponse(
    c,
    404,
    'ROUTE_NOT_FOUND',
    `no route for ${c.req.method} ${new URL(c.req.url).pathname}`,
  );
}
