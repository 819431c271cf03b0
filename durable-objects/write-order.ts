import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * Lists newest first break a tie between rows written in the same millisecond by the order they were
 * written (SQLite's rowid), newest first too: one change often writes several rows at once, and ids are
 * random, so ordering by id would list such rows either way.
 */
export const newestWrittenFirst = (table: SQLiteTable): SQL => sql`${table}.rowid DESC`;
