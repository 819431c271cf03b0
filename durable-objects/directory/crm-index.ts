import { asc, eq, isNull } from 'drizzle-orm';
import * as schema from '../../schema/directory';
import type { CrmTenantMessage } from '../../schema/dto/crm';
import type { Db } from './host';

const { crmTenants, tenants } = schema;

// The Directory's index of tenants that hold CRM data, so the nightly status sync visits only those.

/** A tenant announced its first CRM data; applying the announcement twice changes nothing. */
export function noteCrmTenant(db: Db, m: CrmTenantMessage, now: number): void {
  db.insert(crmTenants)
    .values({ tenantId: m.tenantId, code: m.code, since: now })
    .onConflictDoNothing({ target: crmTenants.tenantId })
    .run();
}

/** Codes of the live tenants that hold CRM data. */
export function crmTenantCodes(db: Db): string[] {
  return db
    .select({ code: tenants.code })
    .from(crmTenants)
    .innerJoin(tenants, eq(tenants.id, crmTenants.tenantId))
    .where(isNull(tenants.deletedAt))
    .orderBy(asc(tenants.code))
    .all()
    .map((r) => r.code);
}
