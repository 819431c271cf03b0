import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The node index: every registered device node and its free capacity as the node last published it.
 * Placement reads it through a short-lived per-isolate cache; the node itself has the final word.
 */
export const deviceNodes = sqliteTable(
  'device_nodes',
  {
    nodeId: text('node_id').primaryKey(),
    region: text('region'),
    totalDevices: integer('total_devices').notNull(),
    availableDevices: integer('available_devices').notNull(),
    allocatedDevices: integer('allocated_devices').notNull(),
    maintenanceDevices: integer('maintenance_devices').notNull(),
    maxFreeCpuCores: integer('max_free_cpu_cores').notNull(),
    maxFreeMemoryMB: integer('max_free_memory_mb').notNull(),
    version: integer('version').notNull(),
    registeredAt: integer('registered_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('device_nodes_registered').on(t.registeredAt)],
);
