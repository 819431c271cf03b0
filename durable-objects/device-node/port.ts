import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { Env } from '../../lib/env';
import type * as schema from '../../schema/device-node';
import type { Message, OutboxRow } from '../actor';

export type NodeDb = DrizzleSqliteDODatabase<typeof schema>;
export type NodeRow = typeof schema.node.$inferSelect;
export type DeviceRow = typeof schema.devices.$inferSelect;
export type AllocationRow = typeof schema.allocations.$inferSelect;
export type UsageReportRow = typeof schema.usageReports.$inferSelect;

/** What the device node's modules need from their actor; the actor hands them closures over its protected powers. */
export interface NodePort {
  db: NodeDb;
  env: Env;
  now(): number;
  /** One storage transaction: everything in `fn` is written, or nothing is. */
  tx<T>(fn: () => T): T;
  schedule(kind: string, key: string, dueAt: number): void;
  /** `schedule`, unless the job is queued for that moment or earlier already. */
  scheduleNoLaterThan(kind: string, key: string, dueAt: number): void;
  cancel(kind: string, key: string): void;
  /** Queues a message to another actor inside the current transaction. */
  send(message: Message): void;
  /** Delivers the actor's outbox now. */
  flushOutbox(): Promise<void>;
  outboxEntries(status: OutboxRow['status'], limit: number): OutboxRow[];
  requeueOutbox(id: string): Promise<{ ok: boolean }>;
  pruneMessages(before: number): number;
}
