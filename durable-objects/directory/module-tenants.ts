import { sql } from 'drizzle-orm';
import type { Db } from './host';

/**
 * Codes of the companies, not deleted, whose plan enables `module`, in code order: the tenants a
 * module's daily task has to visit. The plan's modules are a JSON array in the plans table.
 */
export function tenantCodesWithModule(db: Db, module: string): string[] {
  return db
    .all<{ code: string }>(
      sql`SELECT t.code AS code FROM tenants t JOIN plans p ON p.code = t.plan
          WHERE t.deleted_at IS NULL AND EXISTS (SELECT 1 FROM json_each(p.modules) WHERE value = ${module})
          ORDER BY t.code`,
    )
    .map((r) => r.code);
}
