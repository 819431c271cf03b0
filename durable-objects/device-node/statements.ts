import { and, asc, eq, gte, sql } from 'drizzle-orm';
import * as schema from '../../schema/device-node';
import { placeholders, preparedFor, settable } from '../prepared';
import type { NodeDb } from './port';

const { node, devices, allocations, allocationTombstones, deviceEvents, meters, usageReports } = schema;

/** The statements every allocation, release and usage report runs, built once (see durable-objects/prepared.ts). */
export const nodeStatements = preparedFor((db: NodeDb) => ({
  identity: db.select().from(node).prepare(),
  bumpCapacity: db
    .update(node)
    .set({ capacityVersion: sql`${node.capacityVersion} + 1` })
    .prepare(),
  allocationById: db
    .select()
    .from(allocations)
    .where(eq(allocations.id, sql.placeholder('id')))
    .prepare(),
  tombstoneById: db
    .select()
    .from(allocationTombstones)
    .where(eq(allocationTombstones.id, sql.placeholder('id')))
    .prepare(),
  smallestFreeDevice: db
    .select()
    .from(devices)
    .where(
      and(
        eq(devices.status, 'available'),
        gte(devices.cpuCores, sql.placeholder('cpuCores')),
        gte(devices.memoryMB, sql.placeholder('memoryMB')),
      ),
    )
    .orderBy(asc(devices.cpuCores), asc(devices.memoryMB), asc(devices.storageMB), asc(devices.id))
    .limit(1)
    .prepare(),
  insertAllocation: db
    .insert(allocations)
    .values({
      ...placeholders(
        'id',
        'deviceId',
        'tenantCode',
        'tenantId',
        'userId',
        'strategy',
        'cpuCores',
        'memoryMB',
        'storageMB',
        'allocatedAt',
        'expiresAt',
      ),
      status: 'active',
    })
    .returning()
    .prepare(),
  takeDevice: db
    .update(devices)
    .set({ status: 'allocated', allocationId: settable('allocationId'), updatedAt: settable('now') })
    .where(and(eq(devices.id, sql.placeholder('deviceId')), eq(devices.status, 'available')))
    .prepare(),
  freeDevice: db
    .update(devices)
    .set({ status: 'available', allocationId: null, updatedAt: settable('now') })
    .where(
      and(
        eq(devices.id, sql.placeholder('deviceId')),
        eq(devices.allocationId, sql.placeholder('allocationId')),
      ),
    )
    .prepare(),
  endAllocation: db
    .update(allocations)
    .set({
      status: settable('status'),
      releasedAt: settable('releasedAt'),
      durationSeconds: settable('durationSeconds'),
    })
    .where(eq(allocations.id, sql.placeholder('id')))
    .returning()
    .prepare(),
  insertEvent: db
    .insert(deviceEvents)
    .values(placeholders('id', 'type', 'allocationId', 'deviceId', 'detail', 'at'))
    .prepare(),
  bumpMeter: db
    .insert(meters)
    .values(placeholders('name', 'labels', 'value'))
    .onConflictDoUpdate({
      target: [meters.name, meters.labels],
      set: { value: sql`${meters.value} + ${sql.placeholder('value')}` },
    })
    .prepare(),
  insertUsageReport: db
    .insert(usageReports)
    .values({
      ...placeholders('id', 'allocationId', 'tenantCode', 'userId', 'record', 'nextAttemptAt', 'createdAt'),
      status: 'pending',
      attempts: 0,
    })
    .onConflictDoNothing({ target: usageReports.allocationId })
    .prepare(),
  markReportDelivered: db
    .update(usageReports)
    .set({
      status: 'delivered',
      attempts: settable('attempts'),
      deliveredAt: settable('deliveredAt'),
      lastError: null,
      chargeFen: settable('chargeFen'),
      deliveredVia: settable('deliveredVia'),
    })
    .where(eq(usageReports.id, sql.placeholder('id')))
    .prepare(),
}));
