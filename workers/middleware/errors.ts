import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, type FieldIssue } from '../../lib/errors';
import { log } from '../../lib/log';
import { REQUIRED } from '../../schema/dto/common';
import type { AppEnv } from '../types';

export function errorResponse(
  c: Context<AppEnv>,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  const error = details === undefined ? { code, message } : { code, message, details };
  if (status === 429) c.header('Retry-After', String(retryAfterSeconds(details)));
  return c.json({ error }, status as ContentfulStatusCode);
}

/**
 * Every 429 says in `details.retryAfterSeconds` when to come back, and the answer repeats it as the
 * standard `Retry-After` header here, the one place every refusal passes. A 429 that forgot the field
 * still gets a header: a minute, rather than a client that retries at once.
 */
function retryAfterSeconds(details: unknown): number {
  const seconds = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 60;
}

/** Zod issues as FieldIssues, the path naming the field (`body.contactEmail`, `query.pageSize`). */
export function fieldErrors(error: ZodError, target?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [target === 'json' || target === 'form' ? 'body' : target, ...issue.path]
      .filter((p) => p !== undefined)
      .join('.');
    // Our refinements carry their rule and its limits in `params` (see schema/vocabulary/crm.ts).
    const facts: Record<string, unknown> =
      issue.code === 'custom' ? { ...issue, ...issue.params } : { ...issue };
    const field: FieldIssue = { path, message: issue.message, rule: ruleOf(issue, facts) };
    if (typeof facts.origin === 'string') field.origin = facts.origin;
    if (typeof facts.format === 'string') field.format = facts.format;
    if (facts.minimum !== undefined) field.minimum = Number(facts.minimum);
    if (facts.maximum !== undefined) field.maximum = Number(facts.maximum);
    if (typeof facts.inclusive === 'boolean') field.inclusive = facts.inclusive;
    return field;
  });
}

/** A refinement names its rule in `params.rule`; a value that is missing is `required` (see REQUIRED). */
function ruleOf(issue: ZodError['issues'][number], facts: Record<string, unknown>): string {
  if (issue.code === 'custom') return typeof facts.rule === 'string' ? facts.rule : 'custom';
  if (issue.code === 'invalid_type' && issue.message === REQUIRED) return 'required';
  return issue.code;
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
      fields: [
        { path: 'body', message: err.message || 'unreadable body', rule: 'malformed' } satisfies FieldIssue,
      ],
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
