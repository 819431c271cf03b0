import { and, asc, eq, lte, min, sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import * as base from '../schema/base';
import { preparedFor } from './prepared';

/** Any actor's database: the statements below touch only the tables every actor has (schema/base.ts). */
// biome-ignore lint/suspicious/noExplicitAny: every actor's schema is a different record of tables.
type AnyActorDb = DrizzleSqliteDODatabase<any>;

/**
 * What the alarm and the outbox run on every wake and every delivery, each built once per actor when it
 * is first used (see prepared.ts): a short-lived actor (a lawyer who answers one offer) builds only the
 * statements it runs, since building one costs as much as running it many times.
 */
export const actorStatements = {
  dueJobs: preparedFor((db: AnyActorDb) =>
    db
      .select()
      .from(base.jobs)
      .where(lte(base.jobs.dueAt, sql.placeholder('now')))
      .orderBy(asc(base.jobs.dueAt))
      .limit(200)
      .prepare(),
  ),
  doneJob: preparedFor((db: AnyActorDb) =>
    db
      .delete(base.jobs)
      .where(
        and(
          eq(base.jobs.kind, sql.placeholder('kind')),
          eq(base.jobs.key, sql.placeholder('key')),
          eq(base.jobs.seq, sql.placeholder('seq')),
        ),
      )
      .prepare(),
  ),
  nextJobAt: preparedFor((db: AnyActorDb) =>
    db
      .select({ at: min(base.jobs.dueAt) })
      .from(base.jobs)
      .prepare(),
  ),
  dueMessages: preparedFor((db: AnyActorDb) =>
    db
      .select()
      .from(base.outbox)
      .where(and(eq(base.outbox.status, 'pending'), lte(base.outbox.nextAttemptAt, sql.placeholder('now'))))
      .orderBy(asc(base.outbox.createdAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ),
  nextMessageAt: preparedFor((db: AnyActorDb) =>
    db
      .select({ at: min(base.outbox.nextAttemptAt) })
      .from(base.outbox)
      .where(eq(base.outbox.status, 'pending'))
      .prepare(),
  ),
};
