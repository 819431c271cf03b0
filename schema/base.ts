import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Tables every actor carries (each actor schema re-exports them, so drizzle-kit
 * generates them into every actor's migrations).
 */

/** Timed jobs multiplexed onto the actor's single alarm. `seq` tells a rescheduled job from the one that ran. */
export const jobs = sqliteTable(
  '_jobs',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    dueAt: integer('due_at').notNull(),
    payload: text('payload', { mode: 'json' }),
    attempts: integer('attempts').notNull().default(0),
    seq: integer('seq').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] }), index('_jobs_due').on(t.dueAt)],
);

/** Messages to other actors (or outside services), written in the same transaction as the change that causes them. */
export const outbox = sqliteTable(
  '_outbox',
  {
    id: text('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    type: text('type').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [index('_outbox_pending').on(t.status, t.nextAttemptAt)],
);

/** Idempotency keys of messages this actor has applied; a redelivery finds its key and changes nothing. */
export const inbox = sqliteTable('_inbox', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  type: text('type').notNull(),
  receivedAt: integer('received_at').notNull(),
});
