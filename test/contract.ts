import type { z } from '@hono/zod-openapi';
import { createApp } from '../workers/app';

/**
 * Checks an answer against the OpenAPI contract the app itself declares: the route must declare the
 * status, and a JSON body must parse with the declared zod schema. Every test call goes through it.
 */
interface Contract {
  method: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema: z.ZodType }> }>;
}

let contracts: Contract[] | undefined;

function load(): Contract[] {
  const app = createApp();
  return app.openAPIRegistry.definitions.flatMap((def) => {
    if (def.type !== 'route') return [];
    const { method, path, responses } = def.route;
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return [{ method: method.toUpperCase(), pattern, responses: responses as Contract['responses'] }];
  });
}

export function checkContract(
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
) {
  contracts ??= load();
  const bare = path.replace(/^\/t\/[^/]+/, '').split('?')[0]!;
  const matches = contracts.filter((c) => c.method === method && c.pattern.test(bare));
  // Most specific first: a literal segment beats a parameter.
  const parameters = (c: Contract) => c.pattern.source.split('[^/]+').length;
  const contract = matches.sort(
    (a, b) => parameters(a) - parameters(b) || b.pattern.source.length - a.pattern.source.length,
  )[0];
  if (!contract) return; // not an API route (pages, assets, unknown paths)
  const declared = contract.responses[String(status)];
  if (!declared) {
    throw new Error(
      `${method} ${bare} answered ${status}, which its OpenAPI entry does not declare: ${JSON.stringify(body)}`,
    );
  }
  const media = contentType?.split(';')[0]?.trim() ?? '';
  const schema = declared.content?.[media]?.schema;
  if (!schema) {
    if (declared.content && Object.keys(declared.content).length > 0) {
      throw new Error(`${method} ${bare} answered ${status} as ${media}, not as declared`);
    }
    return;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(
      `${method} ${bare} ${status} does not match its schema: ${JSON.stringify(parsed.error.issues)}\n${JSON.stringify(body)}`,
    );
  }
}
