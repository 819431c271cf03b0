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

/** C0 control characters and DEL: invisible, they corrupt logs, CSV exports and terminals. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** The same, less tab, line feed and carriage return, which a field of several lines may hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const CONTROL_CHARACTERS_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const CONTROL_CHARACTER_RULE = 'control_character';
export const hasNoControlCharacters = (value: string) => !CONTROL_CHARACTERS.test(value);
export const hasNoControlCharactersButLines = (value: string) => !CONTROL_CHARACTERS_BUT_LINES.test(value);

/**
 * Text a client sends (body fields, query values, path segments): every input string is built from this
 * or `multilineText`, so every DTO refuses control characters, naming the field (rule
 * `control_character`). Chain `.trim().min().max()` as on `z.string()`.
 */
export function text() {
  return z.string().refine(hasNoControlCharacters, {
    message: 'must not contain control characters',
    params: { rule: CONTROL_CHARACTER_RULE },
  });
}

/** `text` for a field of several lines (notes, descriptions, reasons): tab and line breaks are allowed. */
export function multilineText() {
  return z.string().refine(hasNoControlCharactersButLines, {
    message: 'must not contain control characters other than tab and line breaks',
    params: { rule: CONTROL_CHARACTER_RULE },
  });
}

const verbatim = new WeakSet<z.ZodType>();

/**
 * Stored data carried as it is (a backup's cell values): any character, control characters included,
 * since a restore must give back exactly what was exported. The one exception to `text`.
 */
export function verbatimText() {
  const schema = z.string();
  verbatim.add(schema);
  return schema;
}

export const isVerbatimText = (schema: z.ZodType) => verbatim.has(schema);

/**
 * A whole number in [min, max], money in fen included. One bad value gets one message: zod's own integer
 * check also refuses numbers past the safe-integer range, so a too-big value (`amountFen: 1e20`) got that
 * complaint beside the range's. Whole is checked by a refinement instead (same rule, `invalid_type`), and
 * the document still says `integer`.
 */
export function integer(min: number, max: number) {
  return wholeNumber(z.number(), min, max);
}

/** `integer` read from a query string or path: the text is converted to a number first. */
export function queryInteger(min: number, max: number) {
  return wholeNumber(z.coerce.number(), min, max);
}

function wholeNumber<T extends z.ZodNumber | z.ZodCoercedNumber>(schema: T, min: number, max: number): T {
  return schema
    .min(min)
    .max(max)
    .refine(Number.isInteger, { message: 'expected a whole number', params: { rule: 'invalid_type' } })
    .openapi({ type: 'integer', minimum: min, maximum: max }) as T;
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
  pageSize: queryInteger(1, 200).default(20).openapi({ example: 20, default: 20 }),
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
export const IdParam = z.object({ id: text().min(1).max(64) });
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
