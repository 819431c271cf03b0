import { DurableObject } from 'cloudflare:workers';
import { and, asc, eq } from 'drizzle-orm';
import { type DrizzleSqliteDODatabase, drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import type { ActorBinding, Env } from '../lib/env';
import { AppError, type Outcome, toOutcome } from '../lib/errors';
import { newId } from '../lib/ids';
import { log } from '../lib/log';
import * as base from '../schema/base';
import type { JsonText } from '../schema/dto/common';
import { actorStatements } from './actor-statements';
import {
  ActorBackup,
  type ExportPage,
  type ExportRequest,
  type ImportAnswer,
  type ImportRequest,
  SCRATCH_EXPIRY_JOB,
} from './backup/backup';
import {
  type Envelope,
  forgetMessagesBefore,
  Inbox,
  type JobHandler,
  type Message,
  type MessageHandler,
  NO_TYPES,
  type Receipt,
  type Reply,
} from './inbox';
import {
  afterFailedAttempt,
  type BackoffPolicy,
  backoffDelay,
  drainDue,
  type EntryResult,
  type RetryPolicy,
  SingleFlight,
} from './retry';

export type { Envelope, JobHandler, Message, MessageHandler, Receipt, Reply } from './inbox';

export interface Migrations {
  journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] };
  migrations: Record<string, string>;
}

export type OutboxRow = typeof base.outbox.$inferSelect;

/** The outbox's job in earlier versions; rows left from them still run (the alarm is now the backstop itself). */
const LEGACY_OUTBOX_JOB = 'outbox';
/** Delivered messages and seen idempotency keys are kept this long, then forgotten. */
export const MESSAGE_RETENTION_MS = 90 * 86_400_000;
const PRUNE_EVERY_MS = 86_400_000;
const JOB_RETRY: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/**
 * The base every actor stands on:
 * - drizzle migrations applied before the first request (inside `blockConcurrencyWhile`);
 * - many timed jobs multiplexed onto the single alarm through the `_jobs` table;
 * - a durable outbox: messages are written with the change that causes them and delivered
 *   (now, then by alarm with backoff) until acknowledged, or dead-lettered after the last attempt;
 * - an idempotent `receive` for messages from other actors.
 */
export abstract class Actor<TSchema extends Record<string, unknown>> extends DurableObject<Env> {
  readonly db: DrizzleSqliteDODatabase<TSchema>;
  protected outboxPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 10 * 60_000 };
  /**
   * How long after a send the alarm looks for it, should the delivery that follows the write not happen
   * (the actor stopped first). Zero: at once. Busy actors wait a little, so one alarm covers many sends.
   */
  protected outboxBackstopMs = 0;
  /** Tests shift the actor's clock through `runInDurableObject`; nothing else can reach it. */
  timeShiftMs = 0;
  private alarmAt: number | null = null;
  private readonly flushing = new SingleFlight();
  /** Set by `send`: only then does a write or a receive have anything to deliver right away. */
  private unsent = false;
  private readonly inbox = new Inbox({
    sql: () => this.ctx.storage.sql,
    tx: (fn) => this.tx(fn),
    now: () => this.now(),
    id: () => this.ctx.id.toString(),
    handlers: () => this.messages(),
    selfIdempotent: () => this.selfIdempotentMessages(),
    replayFor: (envelope) => this.replayFor(envelope),
  });
  private prunedAt = 0;
  private readonly backup: ActorBackup;

  constructor(ctx: DurableObjectState, env: Env, options: { schema: TSchema; migrations: Migrations }) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema: options.schema });
    this.backup = new ActorBackup({
      sql: () => this.ctx.storage.sql,
      storage: () => this.ctx.storage,
      now: () => this.now(),
      tx: (fn) => this.tx(fn),
      schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
      cancel: (kind, key) => this.cancel(kind, key),
      outboxChanged: () => this.armAlarm(this.now()),
      flushOutbox: () => this.flushOutbox(),
    });
    void ctx.blockConcurrencyWhile(async () => {
      if (!this.migrated(options.migrations)) await migrate(this.db, options.migrations);
      this.alarmAt = await ctx.storage.getAlarm();
      await this.onStart();
    });
  }

  /**
   * Whether the newest migration is applied already, read with one raw statement: drizzle's migrator
   * does the same check with built queries and a transaction, which every start of an actor would pay.
   */
  private migrated(migrations: Migrations): boolean {
    const newest = Math.max(...migrations.journal.entries.map((e) => e.when));
    try {
      const row = this.ctx.storage.sql
        .exec<{ at: number | string | null }>('SELECT max(created_at) AS at FROM "__drizzle_migrations"')
        .one();
      return row.at !== null && Number(row.at) >= newest;
    } catch {
      // No migrations table yet: a new actor.
      return false;
    }
  }

  /** Runs once per start, after migrations, before any request. */
  protected onStart(): void | Promise<void> {}

  /** Job kinds this actor runs from its alarm. */
  protected jobs(): Record<string, JobHandler> {
    return {};
  }

  /** Message types this actor accepts from other actors. */
  protected messages(): Record<string, MessageHandler> {
    return {};
  }

  /**
   * Message types whose handlers are idempotent by themselves (a version guard in the change): they skip
   * the idempotency record, one write fewer each, and never answer as duplicates.
   */
  protected selfIdempotentMessages(): ReadonlySet<string> {
    return NO_TYPES;
  }

  now(): number {
    return Date.now() + this.timeShiftMs;
  }

  /** One storage transaction: everything in `fn` is written, or nothing is. */
  protected tx<T>(fn: () => T): T {
    return this.ctx.storage.transactionSync(fn);
  }

  /** Runs a write in one transaction, then delivers the messages it queued without waiting for the alarm. */
  protected async write<T>(fn: () => T): Promise<Outcome<T>> {
    const outcome = toOutcome(() => this.tx(fn));
    if (outcome.ok && this.unsent) await this.deliverSent();
    return outcome;
  }

  /**
   * Delivers what a committed write or an applied message queued. Here the answer waits for it; an actor
   * may answer first instead (the messages are durable once committed, and the alarm backs them up).
   */
  protected deliverSent(): Promise<void> {
    return this.flushOutbox();
  }

  // Jobs and the alarm.

  /** Schedules (or moves) job `kind`/`key` to `dueAt`. Safe inside a transaction. */
  protected schedule(kind: string, key: string, dueAt: number, payload?: unknown): void {
    // Raw SQL: every send schedules, so this runs once per message (the statement is cached by its text).
    this.ctx.storage.sql.exec(
      `INSERT INTO _jobs (kind, key, due_at, payload, attempts, seq) VALUES (?, ?, ?, ?, 0, 1)
       ON CONFLICT (kind, key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload,
         attempts = 0, seq = seq + 1`,
      kind,
      key,
      dueAt,
      payload === undefined || payload === null ? null : JSON.stringify(payload),
    );
    this.armAlarm(dueAt);
  }

  /**
   * Schedules job `kind`/`key` at `dueAt` unless it is queued for that moment or earlier already: a burst of
   * changes shares one run, and a deadline never moves later. Safe inside a transaction.
   */
  protected scheduleNoLaterThan(kind: string, key: string, dueAt: number): void {
    const queued = this.jobDueAt(kind, key);
    if (queued === null || queued > dueAt) this.schedule(kind, key, dueAt);
  }

  /** When job `kind`/`key` is due, or null when it is not queued. Raw SQL, as `schedule`: every send asks. */
  protected jobDueAt(kind: string, key: string): number | null {
    const [queued] = this.ctx.storage.sql
      .exec<{ dueAt: number }>('SELECT due_at AS dueAt FROM _jobs WHERE kind = ? AND key = ?', kind, key)
      .toArray();
    return queued?.dueAt ?? null;
  }

  protected cancel(kind: string, key: string): void {
    this.ctx.storage.sql.exec('DELETE FROM _jobs WHERE kind = ? AND key = ?', kind, key);
  }

  /** An alarm earlier than needed is harmless (it finds nothing due and re-arms); a missing one is not. */
  private armAlarm(dueAt: number): void {
    // The alarm runs on the real clock; a shifted test clock maps back onto it.
    const realDueAt = dueAt - this.timeShiftMs;
    if (this.alarmAt !== null && this.alarmAt <= realDueAt) return;
    this.alarmAt = realDueAt;
    this.ctx.storage.setAlarm(realDueAt).catch((err) => log.error('alarm.set_failed', { err: String(err) }));
  }

  /**
   * The alarm is also the outbox's backstop: it delivers what the actor had sent but not delivered (it
   * stopped first, or a delivery failed and its retry is due), then runs the due jobs.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    await this.flushOutbox();
    const now = this.now();
    const due = actorStatements.dueJobs(this.db).all({ now });
    const handlers = this.jobs();
    for (const job of due) {
      const handler = this.baseJobs()[job.kind] ?? handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job.key, job.payload);
        // A handler that rescheduled its own job bumped `seq`: that new time stands.
        actorStatements.doneJob(this.db).run({ kind: job.kind, key: job.key, seq: job.seq });
      } catch (err) {
        const attempts = job.attempts + 1;
        log.error('job.failed', { kind: job.kind, key: job.key, attempts, err: String(err) });
        this.db
          .update(base.jobs)
          .set({ attempts, dueAt: this.now() + backoffDelay(attempts, JOB_RETRY) })
          .where(and(eq(base.jobs.kind, job.kind), eq(base.jobs.key, job.key), eq(base.jobs.seq, job.seq)))
          .run();
      }
    }
    if (this.unsent) await this.flushOutbox();
    this.armForNextWake();
  }

  /** Arms the alarm (only ever earlier) for the earliest job or the next attempt of a pending message. */
  private armForNextWake(): void {
    const job = actorStatements.nextJobAt(this.db).get()?.at ?? null;
    const message = actorStatements.nextMessageAt(this.db).get()?.at ?? null;
    const next = job === null ? message : message === null ? job : Math.min(job, message);
    if (next !== null) this.armAlarm(next);
  }

  /** Jobs every actor runs, whatever its own `jobs()` says. */
  private baseJobs(): Record<string, JobHandler> {
    return {
      [LEGACY_OUTBOX_JOB]: () => this.flushOutbox(),
      [SCRATCH_EXPIRY_JOB]: (key) => this.backup.expireScratch(key),
    };
  }

  /** One page of this actor's backup export: every table, as of one snapshot (durable-objects/backup/). */
  exportPage(request: ExportRequest): Outcome<JsonText<ExportPage>> {
    return this.backup.exportPage(request);
  }
  /** Stages or commits rows of a backup into this actor. */
  importRows(request: ImportRequest): Promise<Outcome<ImportAnswer>> {
    return this.backup.importRows(request);
  }
  redeliverTo(target: string, since: number): Promise<{ requeued: number }> {
    return this.backup.redeliverTo(target, since);
  }
  /** After a restore: a fresh instance reads everything (alarm included) from the restored rows. */
  restartAfterRestore(): void {
    this.ctx.abort('restored from a backup');
  }

  /** Queues a message in this actor's storage; call inside the transaction of the change that causes it. */
  protected send(message: Message): void {
    const now = this.now();
    const id = newId('msg');
    this.ctx.storage.sql.exec(
      `INSERT INTO _outbox (id, idempotency_key, channel, target, type, payload, status, attempts,
         next_attempt_at, created_at)
       VALUES (?, ?, 'actor', ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
      id,
      message.key ?? id,
      `${message.to.binding}:${message.to.name}`,
      message.type,
      JSON.stringify(message.payload ?? null),
      now,
      now,
    );
    // The alarm is the backstop, should the delivery that follows the write not happen (the actor stopped).
    this.armAlarm(now + this.outboxBackstopMs);
    this.unsent = true;
  }

  /**
   * `send`, except that a message to the sender of the message being applied rides back in the answer
   * when that sender takes replies: one call and one commit fewer for both. Only an actor whose
   * `replayFor` answers a redelivery with the same news may use it, since an answer can be lost.
   */
  protected sendOrReply(message: Message): void {
    if (!this.inbox.reply(message, (to) => this.addressOf(to))) this.send(message);
  }

  /** The id an actor's messages carry as `from`. */
  protected addressOf(to: Message['to']): string {
    const namespace = this.env[to.binding] as unknown as DurableObjectNamespace;
    return namespace.idFromName(to.name).toString();
  }

  /**
   * The replies to a message applied before, for a sender that takes replies: the answer that carried
   * the first ones may have been lost, so an actor that replies answers again with its news as of now.
   */
  protected replayFor(_envelope: Envelope): Reply[] {
    return [];
  }

  /** Asks the end of the current write to call `flushOutbox`, for actors that queue deliveries of their own. */
  protected deliverAfterWrite(): void {
    this.unsent = true;
  }

  /** Delivers every due message once now; failures wait for their retry time on the alarm. */
  flushOutbox(): Promise<void> {
    return this.flushing.run(() => this.drainOutbox());
  }

  private async drainOutbox(): Promise<void> {
    this.pruneNowAndThen();
    let failures = 0;
    const failed = (row: OutboxRow, next: ReturnType<typeof afterFailedAttempt>, error: string) => {
      failures++;
      log.warn('outbox.delivery_failed', {
        id: row.id,
        type: row.type,
        target: row.target,
        attempts: next.attempts,
        dead: next.status === 'dead',
      });
      this.db
        .update(base.outbox)
        .set({ ...next, lastError: error })
        .where(eq(base.outbox.id, row.id))
        .run();
    };
    await drainDue<OutboxRow, Reply[] | undefined>(
      {
        due: (limit) => {
          this.unsent = false;
          return actorStatements.dueMessages(this.db).all({ now: this.now(), limit });
        },
        // A batch smaller than the limit took every due message, unless a write sent more meanwhile.
        moreMayBeDue: (taken, limit) => taken >= limit || this.unsent,
        ...(this.deliverBatch
          ? { attemptBatch: (rows: OutboxRow[]) => this.deliverBatch!(rows) }
          : {
              attempt: async (row: OutboxRow) => {
                await this.deliver(row);
                return undefined;
              },
            }),
        transaction: (fn) => this.tx(fn),
        delivered: (row, attempts, replies) => {
          // The receiver's replies are applied with the delivery's record; one this actor refuses makes
          // the delivery a failed attempt, and the redelivery is answered again (`replayFor`).
          const refused = replies
            ?.map((reply) => this.applyOnce({ ...reply, payload: JSON.parse(reply.payload) }))
            .find((outcome) => !outcome.ok);
          if (refused && !refused.ok) {
            failed(
              row,
              afterFailedAttempt(row.attempts, this.outboxPolicy, this.now()),
              refused.error.message,
            );
            return;
          }
          this.ctx.storage.sql.exec(
            `UPDATE _outbox SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL
             WHERE id = ?`,
            attempts,
            this.now(),
            row.id,
          );
        },
        failed,
      },
      this.outboxPolicy,
      () => this.now(),
    );
    // A delivery that went through needs no bookkeeping: the backstop alarm, when it comes, finds nothing
    // due and writes nothing (moving it back would cost a storage write on every drain of a busy actor).
    // A failure's retry time must be on the alarm.
    if (failures > 0) this.armForNextWake();
  }

  /**
   * Hands a batch of due messages over at once, one result per row in order; actors that define it are
   * delivered a batch at a time (see `receiveMany`) instead of one message per call.
   */
  protected deliverBatch?(rows: OutboxRow[]): Promise<EntryResult<Reply[] | undefined>[]>;

  /** The message a row carries, as its receiver is handed it. */
  protected envelopeOf(row: OutboxRow): Envelope {
    return { key: row.idempotencyKey, type: row.type, payload: row.payload, from: this.ctx.id.toString() };
  }

  /** Hands one message to its channel. Actors with other channels (an HTTP peer, say) override this. */
  protected async deliver(row: OutboxRow): Promise<void> {
    if (row.channel !== 'actor') throw new Error(`unknown outbox channel ${row.channel}`);
    const ack = (await this.receiverOf(row.target).receive(this.envelopeOf(row))) as Outcome<{
      duplicate: boolean;
    }>;
    if (!ack.ok) throw AppError.from(ack.error);
  }

  /** The actor an outbox target (`BINDING:name`) names. */
  protected receiverOf(target: string): DurableObjectStub<Actor<Record<string, unknown>>> {
    const split = target.indexOf(':');
    const binding = target.slice(0, split) as ActorBinding;
    const namespace = this.env[binding] as unknown as DurableObjectNamespace<Actor<Record<string, unknown>>>;
    return namespace.get(namespace.idFromName(target.slice(split + 1)));
  }

  outboxEntries(status: OutboxRow['status'], limit = 100): OutboxRow[] {
    return this.db
      .select()
      .from(base.outbox)
      .where(eq(base.outbox.status, status))
      .orderBy(asc(base.outbox.createdAt))
      .limit(limit)
      .all();
  }

  /** Gives a dead-lettered message a fresh set of attempts. */
  async requeueOutbox(id: string): Promise<Outcome<{ id: string }>> {
    const outcome = toOutcome(() => {
      const row = this.db.select().from(base.outbox).where(eq(base.outbox.id, id)).get();
      if (row?.status !== 'dead')
        throw new AppError(404, 'DEAD_LETTER_NOT_FOUND', 'no dead letter with that id');
      this.tx(() => {
        this.db
          .update(base.outbox)
          .set({ status: 'pending', attempts: 0, nextAttemptAt: this.now() })
          .where(eq(base.outbox.id, id))
          .run();
        this.armAlarm(this.now());
      });
      return { id };
    });
    if (outcome.ok) await this.flushOutbox();
    return outcome;
  }

  /** Every actor that trades messages forgets old ones itself, at most once a day per start. */
  private pruneNowAndThen(): void {
    const now = this.now();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    this.pruneMessages(now - MESSAGE_RETENTION_MS);
  }

  /** Forgets delivered messages and seen idempotency keys older than `before`; answers how many rows went. */
  protected pruneMessages(before: number): number {
    return forgetMessagesBefore(this.ctx.storage.sql, before);
  }

  /** Applies a message from another actor exactly once per idempotency key. */
  async receive(envelope: Envelope): Promise<Outcome<Receipt>> {
    const outcome = this.applyOnce(envelope);
    // Messages the handler sent go out now rather than on the next alarm.
    if (this.unsent) await this.deliverSent();
    this.pruneNowAndThen();
    return outcome;
  }

  /**
   * Applies a batch of messages from one sender in one storage transaction, each exactly once per
   * idempotency key: one answer per envelope, in order, and a refused one leaves the others applied.
   */
  async receiveMany(envelopes: Envelope[]): Promise<Outcome<Receipt>[]> {
    const outcomes = this.tx(() => envelopes.map((envelope) => this.applyOnce(envelope)));
    if (this.unsent) await this.deliverSent();
    this.pruneNowAndThen();
    return outcomes;
  }

  /** A refusal, whatever threw it, answers as data: the sender keeps the message and retries. */
  protected applyOnce(envelope: Envelope): Outcome<Receipt> {
    return this.inbox.apply(envelope);
  }
}
