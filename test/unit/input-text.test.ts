import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import {
  CONTROL_CHARACTER_RULE,
  hasNoControlCharacters,
  hasNoControlCharactersButLines,
  isVerbatimText,
  multilineText,
  text,
} from '../../schema/dto/common';
import { createApp } from '../../workers/app';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every string schema inside `schema`, with where it sits. */
function stringsIn(
  schema: z.ZodType,
  where: string,
  seen = new Set<z.ZodType>(),
): Array<[string, z.ZodType]> {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const inner = (next: unknown, at = where) => stringsIn(next as z.ZodType, at, seen);
  switch (def.type) {
    case 'string':
      return [[where, schema]];
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, value]) =>
        inner(value, `${where}.${key}`),
      );
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType);
    case 'array':
      return inner(def.element, `${where}[]`);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => inner(option));
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)];
    case 'pipe':
      return [...inner(def.in), ...inner(def.out)];
    case 'record':
      return inner(def.valueType, `${where}.*`);
    case 'lazy':
      return inner((def.getter as () => z.ZodType)());
    default:
      return [];
  }
}

/** The request schemas of every documented route: body, query and path. */
function requestStrings(): Array<[string, z.ZodType]> {
  return createApp().openAPIRegistry.definitions.flatMap((definition) => {
    if (definition.type !== 'route') return [];
    const { method, path, request } = definition.route;
    const name = `${method.toUpperCase()} ${path}`;
    const media = request?.body?.content?.['application/json'] as { schema?: z.ZodType } | undefined;
    const body = media?.schema;
    return [
      ...(body ? stringsIn(body, `${name} body`) : []),
      ...(request?.query ? stringsIn(request.query as z.ZodType, `${name} query`) : []),
      ...(request?.params ? stringsIn(request.params as z.ZodType, `${name} path`) : []),
    ];
  });
}

/** Built from `text`/`multilineText` (their refinement is among its checks), or a format that refuses controls. */
function refusesControls(schema: z.ZodType): boolean {
  const def = defOf(schema);
  const checks = (def.checks ?? []) as Array<{ _zod: { def: { fn?: unknown } } }>;
  // Stored data a restore must give back exactly (a backup's cells) is the one exception.
  if (isVerbatimText(schema)) return true;
  const ours = [hasNoControlCharacters, hasNoControlCharactersButLines];
  if (checks.some((check) => ours.includes(check._zod.def.fn as typeof hasNoControlCharacters))) return true;
  const format = (schema as unknown as { format?: string }).format;
  return (
    (format === 'email' || format === 'datetime') &&
    ['a\u0000@example.com', '2026-01-01T00:00:00\u0000Z'].every((value) => !schema.safeParse(value).success)
  );
}

describe('text fields refuse control characters', () => {
  it('every string a documented route reads refuses NUL, ESC, DEL and the other C0 controls', () => {
    const fields = requestStrings();
    expect(fields.length).toBeGreaterThan(100);
    // The check itself can fail: a bare string is not built from text().
    expect(refusesControls(z.string())).toBe(false);
    expect(refusesControls(text().trim().max(5))).toBe(true);
    const accepting = fields.filter(([, schema]) => !refusesControls(schema)).map(([where]) => where);
    expect(accepting).toEqual([]);
  });

  it('text refuses tab and line breaks; multilineText keeps them and refuses the rest', () => {
    for (const control of ['\u0000', '\u0007', '\t', '\n', '\r', '\u001f', '\u007f']) {
      const issues = text().safeParse(`a${control}b`).error?.issues ?? [];
      expect(issues.map((issue) => (issue as { params?: { rule?: string } }).params?.rule)).toEqual([
        CONTROL_CHARACTER_RULE,
      ]);
    }
    expect(multilineText().safeParse('line one\r\n\tline two\n').success).toBe(true);
    for (const control of ['\u0000', '\u000b', '\u000c', '\u001b', '\u007f']) {
      expect(multilineText().safeParse(`a${control}b`).success).toBe(false);
    }
    expect(text().safeParse('华东钢铁 Co. — ok ✓').success).toBe(true);
  });
});
