import { type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

const escaped = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);
/** `column LIKE '%q%'` with q taken literally (SQLite knows no escape character unless told). */
export const contains = (column: AnySQLiteColumn, q: string): SQL =>
  sql`${column} LIKE ${`%${escaped(q)}%`} ESCAPE '\\'`;
export const startsWith = (column: AnySQLiteColumn, q: string): SQL =>
  sql`${column} LIKE ${`${escaped(q)}%`} ESCAPE '\\'`;
