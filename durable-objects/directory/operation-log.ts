import { and, count, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { newId } from '../../lib/ids';
import * as schema from '../../schema/directory';
import type { OperationLogQuery } from '../../schema/dto/platform-console';
import { startsWith } from '../like';
import { newestWrittenFirst } from '../write-order';
import type { Db, DirectoryHost, Operator } from './host';
import { logView } from './views';

const { operationLog, tenants } = schema;

/**
 * A platform admin's change made in a tenant's own actor (a top-up, new rates, settings, a revoked key),
 * sent from inside that change's transaction: the operation log learns of it exactly once.
 */
export const OPERATION_LOGGED = 'operation.logged';
export interface OperationLoggedMessage {
  operator: Operator;
  tenantId: string | null;
  action: string;
  /** What was stored, as the tenant stored it. */
  detail: unknown;
  at: number;
}

/** The values `row` holds for each field `patch` set: what a change actually stored, not what was asked. */
export function storedFields<R extends object>(
  patch: object,
  row: R,
  omit: readonly string[] = [],
): Partial<R> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) {
    if (omit.includes(key) || (patch as Record<string, unknown>)[key] === undefined) continue;
    if (key in row) out[key] = (row as Record<string, unknown>)[key];
  }
  return out as Partial<R>;
}

/** What the operation log needs from the Directory. */
export type OperationLogHost = Pick<DirectoryHost, 'db' | 'now'>;

/** The platform operation log: who of the admins changed what, recorded in the transaction of the change. */
export class OperationLog {
  constructor(private readonly host: OperationLogHost) {}

  private get db(): Db {
    return this.host.db;
  }

  record(
    operator: Operator,
    tenantId: string | null,
    action: string,
    detail: unknown,
    at = this.host.now(),
  ): void {
    this.db
      .insert(operationLog)
      .values({
        id: newId('log'),
        adminId: operator.adminId,
        adminUsername: operator.username,
        tenantId,
        action,
        detail: detail ?? null,
        ip: operator.ip,
        userAgent: operator.userAgent,
        at,
      })
      .run();
  }

  list(query: OperationLogQuery) {
    const filters: SQL[] = [];
    if (query.adminId) filters.push(eq(operationLog.adminId, query.adminId));
    if (query.companyId) filters.push(eq(operationLog.tenantId, query.companyId));
    if (query.action) {
      filters.push(
        query.action.endsWith('.')
          ? startsWith(operationLog.action, query.action)
          : eq(operationLog.action, query.action),
      );
    }
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(operationLog).where(where).get()!.n;
    const items = this.db
      .select({ ...getTableColumns(operationLog), companyCode: tenants.code })
      .from(operationLog)
      .leftJoin(tenants, eq(tenants.id, operationLog.tenantId))
      .where(where)
      .orderBy(desc(operationLog.at), newestWrittenFirst(operationLog))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all()
      .map(logView);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
