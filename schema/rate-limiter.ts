import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export * from './base';

/** Each limited client's state under one policy: its theoretical arrival time (see rate-limiter/bucket.ts). */
export const rateBuckets = sqliteTable(
  'rate_buckets',
  {
    /** `{policy}:{client}`. */
    key: text('key').primaryKey(),
    tat: integer('tat').notNull(),
  },
  (t) => [index('rate_buckets_tat').on(t.tat)],
);
