import { z } from '@hono/zod-openapi';

/**
 * What issue #22 adds to the platform's conversation with its companies: code suggestions, plan changes
 * by the company's administrator, and discount rules.
 */

export const CodeSuggestionQuery = z
  .object({ name: z.string().trim().min(1).max(100).openapi({ example: '华东钢铁有限公司' }) })
  .strict();

export const CodeSuggestion = z
  .object({
    code: z.string().openapi({ example: 'huadonggangtie' }),
    name: z.string(),
  })
  .openapi('CompanyCodeSuggestion');
