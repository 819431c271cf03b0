import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type * as schema from '../../schema/directory';

/** What the Directory's modules share with it: its database, its row types, and who did an admin write. */
export type Db = DrizzleSqliteDODatabase<typeof schema>;
export type TenantRow = typeof schema.tenants.$inferSelect;
export type PlanRow = typeof schema.plans.$inferSelect;
export type UserRow = typeof schema.users.$inferSelect;

/** Who did an admin write, for the platform operation log. */
export interface Operator {
  adminId: string;
  username: string;
  ip: string | null;
  userAgent: string | null;
}

/** Records an admin write in the platform operation log, inside the write's transaction. */
export type LogOperation = (
  operator: Operator,
  tenantId: string | null,
  action: string,
  detail: unknown,
) => void;
