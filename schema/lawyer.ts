import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export * from './base';

/** The lawyer's identity; membership, level and the points ledger arrive with the marketplace module. */
export const lawyer = sqliteTable('lawyer', {
  id: integer('id').primaryKey(),
  lawyerId: text('lawyer_id').notNull(),
  createdAt: integer('created_at').notNull(),
});
