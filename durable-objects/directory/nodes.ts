import { asc, count, eq, sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type * as schema from '../../schema/directory';
import { deviceNodes, tenants } from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { NodeCapacity } from '../device-node/placement';

type Db = DrizzleSqliteDODatabase<typeof schema>;

/** Takes a node's capacity snapshot unless a newer one is already in (messages may overtake each other). */
export function publishNodeCapacity(db: Db, snapshot: NodeCapacity): void {
  const { nodeId, registeredAt, ...values } = snapshot;
  db.insert(deviceNodes)
    .values({ nodeId, registeredAt, ...values })
    .onConflictDoUpdate({
      target: deviceNodes.nodeId,
      set: values,
      setWhere: sql`excluded.version > ${deviceNodes.version}`,
    })
    .run();
}

export function nodeIndex(db: Db): NodeCapacity[] {
  return db.select().from(deviceNodes).orderBy(asc(deviceNodes.nodeId)).all();
}

export function listNodeIds(db: Db, page: number, pageSize: number): Page<string> {
  const total = db.select({ n: count() }).from(deviceNodes).get()!.n;
  const items = db
    .select({ nodeId: deviceNodes.nodeId })
    .from(deviceNodes)
    .orderBy(asc(deviceNodes.registeredAt), asc(deviceNodes.nodeId))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((r) => r.nodeId);
  return { items, total, page, pageSize };
}

export function tenantCodeById(db: Db, tenantId: string): string | null {
  return db.select({ code: tenants.code }).from(tenants).where(eq(tenants.id, tenantId)).get()?.code ?? null;
}
