import { type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

// Searches by part of a text with the searched text taken literally: SQLite's LIKE knows no escape
// character unless told, so `%`, `_` and `\` are escaped and every LIKE here says ESCAPE '\'.

const escaped = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The LIKE pattern of "contains `q`", for raw SQL written as `… LIKE ? ESCAPE '\'`. */
export const containsPattern = (q: string): string => `%${escaped(q)}%`;

/** `column LIKE '%q%'`. */
export const contains = (column: AnySQLiteColumn, q: string): SQL =>
  sql`${column} LIKE ${containsPattern(q)} ESCAPE '\\'`;

/** `column LIKE 'q%'`. */
export const startsWith = (column: AnySQLiteColumn, q: string): SQL =>
  sql`${column} LIKE ${`${escaped(q)}%`} ESCAPE '\\'`;
