import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { CodeSuggestion, CodeSuggestionQuery } from '../../schema/dto/self-service';
import type { AppEnv } from '../types';
import { bearer, errors, json } from './support';

const suggest = createRoute({
  method: 'get',
  path: '/api/admin/company-code-suggestion',
  tags: ['companies'],
  summary:
    'A free company code suggested from a name: pinyin for Chinese, the letters and digits of other names, a random suffix when that is taken',
  security: bearer,
  request: { query: CodeSuggestionQuery },
  responses: {
    200: json(CodeSuggestion),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

export const companyCodeRoutes = new OpenAPIHono<AppEnv>().openapi(suggest, async (c) =>
  c.json(unwrap(await directory(c.env).suggestCompanyCode(c.req.valid('query').name)), 200),
);
