import { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import { LICENCE_TYPES } from '../../durable-objects/legal/licence-file';
import { ErrorSchema, type JsonText } from '../../schema/dto/common';
import { MAX_BODY_BYTES_EXTENSION } from '../middleware/request-shape';
import type { AppEnv } from '../types';

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
  402: error('The company is suspended, expired or cancelled: reads work, writes do not'),
  410: error('Gone: used, replaced or expired'),
  415: error('The file (or the body) is not of a type this route takes'),
  502: error('An outside provider failed'),
  503: error('Not configured'),
} as const;

/** The errors a signed-in read may answer; a write adds conflicts and gone. */
export const readErrors = {
  400: errors[400],
  401: errors[401],
  403: errors[403],
  404: errors[404],
} as const;

export const writeErrors = { ...readErrors, 409: errors[409], 410: errors[410] } as const;

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

const binary = z.string().openapi({ type: 'string', format: 'binary' });

/** The answer of a route that gives back an uploaded PDF, JPEG or PNG as it was uploaded. */
export const uploadedFile = {
  description: 'The file',
  content: Object.fromEntries(LICENCE_TYPES.map((type) => [type, { schema: binary }])),
};
/** The body of a route that takes a PDF, JPEG or PNG file as it is. */
export const uploadBody = { required: true, content: uploadedFile.content };

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** An uploaded file from R2, shown as it is: nothing in it may run or load anything. */
export function inlineFile(c: Context<AppEnv>, object: R2ObjectBody, type: string, name: string) {
  return c.body(object.body, 200, {
    'content-type': type,
    'content-length': String(object.size),
    'content-disposition': `inline; filename="${name}.${EXTENSIONS[type] ?? 'bin'}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
  }) as never;
}
