import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export * from './base';

/** The node's identity; devices, allocations and the usage outbox arrive with the device module. */
export const node = sqliteTable('node', {
  id: integer('id').primaryKey(),
  nodeId: text('node_id').notNull(),
  region: text('region'),
  createdAt: integer('created_at').notNull(),
});
