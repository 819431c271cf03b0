import { z } from '@hono/zod-openapi';

/** What zod says of a field that is missing (zod's own words name types, which a client cannot act on). */
export const REQUIRED = 'required';
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? REQUIRED : undefined),
});

/**
 * `schema` that must match `pattern`, refused as `invalid_format` with a `format` naming what is expected
 * (zod's own regex check can only say `regex`), and documented with the pattern.
 */
export function matching<T extends z.ZodString>(
  schema: T,
  pattern: RegExp,
  format: string,
  message: string,
): T {
  return schema
    .refine((value) => pattern.test(value), { message, params: { rule: 'invalid_format', format } })
    .openapi({ pattern: pattern.source }) as T;
}

/** The refinement of every partial update: a body that changes nothing is refused. */
export const NOTHING_TO_UPDATE = { message: 'nothing to update', params: { rule: 'nothing_to_update' } };

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z
        .unknown()
        .optional()
        .openapi({
          description:
            'Facts of the refusal. A refusal about fields lists them in `fields`: `[{path, message, rule}]`, ' +
            'where `rule` is stable (zod issue codes such as `required`, `too_small`, `invalid_format`; ' +
            'ours such as `month_order`; or the error code) and comes with its limits when it has any ' +
            '(`origin`, `format`, `minimum`, `maximum`, `inclusive`).',
        }),
    }),
  })
  .openapi('Error');

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(200).default(20).openapi({ example: 20 }),
});

export function listOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int(),
      page: z.number().int(),
      pageSize: z.number().int(),
    })
    .openapi(name);
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const IsoTime = z.string().openapi({ format: 'date-time', example: '2026-11-22T02:00:00.000Z' });
export const IdParam = z.object({ id: z.string().min(1).max(64) });
export const Ok = z.object({ ok: z.literal(true) }).openapi('Ok');

// JSON text across RPC.

/**
 * A value already serialised as JSON. Lists cross actor RPC in this form: the structured clone of a
 * page of 100 objects costs about a millisecond on each side, a string costs next to nothing, and the
 * route hands it on as the response body without parsing it.
 */
export type JsonText<T> = string & { readonly __jsonOf?: T };

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}
