import { and, count, desc, eq, lt, ne, type SQL } from 'drizzle-orm';
import { latestRunAtOrBefore, nextRunAfter } from '../../lib/cron';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { TaskHistoryQuery, TaskRunRecord } from '../../schema/dto/tasks';
import type { Db, DirectoryHost } from './host';
import { attemptOutcome } from './task-retry';

const { taskState, taskRuns } = schema;

export interface TaskDefinition {
  name: string;
  cron: string;
  timezone: string;
  graceMs: number;
  leaseMs: number;
  /** How long a failed first attempt of a cron run waits for its one retry (SPEC F3). */
  retryDelayMs: number;
}

export interface ClaimedRun {
  runId: string;
  task: string;
  scheduledFor: number | null;
}

/** What the scheduled tasks need from the Directory: its transactions and the pruning of its messages. */
export type ScheduledTasksHost = Pick<DirectoryHost, 'db' | 'now' | 'tx' | 'pruneMessages' | 'countTaskRun'>;

/** The platform's scheduled tasks: each task's next run and lease, and the history of its runs. */
export class ScheduledTasks {
  constructor(private readonly host: ScheduledTasksHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /**
   * Claims every task due at `now`. Runs missed while nothing ticked collapse into one, for the latest
   * missed time; when even that is later than the grace time it is recorded as skipped instead. A task
   * still running (lease not expired) is not started twice.
   */
  claimDueTasks(definitions: TaskDefinition[], now: number): ClaimedRun[] {
    return this.host.tx(() => {
      const claimed: ClaimedRun[] = [];
      for (const def of definitions) {
        const state = this.taskStateFor(def, now);
        const retryDue = state.retryOf !== null && state.retryAt !== null && state.retryAt <= now;
        if (state.nextRunAt > now && !retryDue) continue;
        if (state.runningRunId && state.leaseUntil && state.leaseUntil > now) continue;
        this.expireStaleRun(state, now);
        const nextRunAt = nextRunAfter(def.cron, def.timezone, now) ?? Number.MAX_SAFE_INTEGER;
        if (retryDue) {
          // The retry does the failed attempt's work; a regular run due at the same tick is coalesced into it.
          const first = this.db.select().from(taskRuns).where(eq(taskRuns.runId, state.retryOf!)).get();
          const scheduledFor = first?.scheduledFor ?? null;
          const runId = this.startRun(def, 'cron', scheduledFor, now, state.retryOf);
          if (state.nextRunAt <= now) {
            this.db.update(taskState).set({ nextRunAt }).where(eq(taskState.name, def.name)).run();
          }
          claimed.push({ runId, task: def.name, scheduledFor });
          continue;
        }
        // All runs missed while nothing ticked collapse into the latest of them.
        const dueAt = Math.max(
          state.nextRunAt,
          latestRunAtOrBefore(def.cron, def.timezone, now) ?? state.nextRunAt,
        );
        const lateBy = now - dueAt;
        if (lateBy > def.graceMs) {
          const runId = newId('run');
          this.db
            .insert(taskRuns)
            .values({
              runId,
              task: def.name,
              trigger: 'cron',
              scheduledFor: dueAt,
              startedAt: now,
              endedAt: now,
              durationMs: 0,
              status: 'skipped',
              error: `misfired: ${Math.round(lateBy / 1000)} s late, past the ${Math.round(def.graceMs / 1000)} s grace time`,
            })
            .run();
          this.host.countTaskRun(def.name, 'skipped');
          this.db
            .update(taskState)
            .set({ nextRunAt, runningRunId: null, leaseUntil: null, lastRunId: runId })
            .where(eq(taskState.name, def.name))
            .run();
          continue;
        }
        // A regular run that comes due before a waiting retry is that retry: it does the same work, later.
        const runId = this.startRun(def, 'cron', dueAt, now, state.retryOf);
        this.db.update(taskState).set({ nextRunAt }).where(eq(taskState.name, def.name)).run();
        claimed.push({ runId, task: def.name, scheduledFor: dueAt });
      }
      return claimed;
    });
  }

  /** A manual run; refused while another run of the task holds its lease. */
  claimManualRun(def: TaskDefinition): Outcome<ClaimedRun> {
    return toOutcome(() =>
      this.host.tx(() => {
        const now = this.host.now();
        const state = this.taskStateFor(def, now);
        if (state.runningRunId && state.leaseUntil && state.leaseUntil > now) {
          throw new AppError(409, 'TASK_RUNNING', `${def.name} is already running`, {
            runId: state.runningRunId,
          });
        }
        this.expireStaleRun(state, now);
        return { runId: this.startRun(def, 'manual', null, now, null), task: def.name, scheduledFor: null };
      }),
    );
  }

  /**
   * Records how a run ended. A cron run's first failed attempt is recorded as `retried` and its retry is
   * due `retryDelayMs` later (SPEC F3); only a run that failed for good is `failed`.
   */
  finishRun(
    runId: string,
    end: 'succeeded' | 'failed',
    resultJson: string | null,
    error: string | null,
    retryDelayMs = 0,
  ): TaskRunRecord | null {
    return this.host.tx(() => {
      const run = this.db.select().from(taskRuns).where(eq(taskRuns.runId, runId)).get();
      if (run?.status !== 'running') return run ? taskRunView(run) : null;
      const now = this.host.now();
      // A run started for a tick ahead of the clock (a test's) waits from that tick, as it would live.
      const outcome = attemptOutcome(run, end, retryDelayMs, Math.max(now, run.startedAt));
      const done = this.db
        .update(taskRuns)
        .set({
          status: outcome.status,
          result: resultJson,
          error,
          endedAt: now,
          durationMs: Math.max(0, now - run.startedAt),
        })
        .where(eq(taskRuns.runId, runId))
        .returning()
        .get()!;
      this.host.countTaskRun(run.task, outcome.status);
      this.db
        .update(taskState)
        .set({ runningRunId: null, leaseUntil: null })
        .where(and(eq(taskState.name, run.task), eq(taskState.runningRunId, runId)))
        .run();
      if (outcome.retryAt !== null) {
        this.db
          .update(taskState)
          .set({ retryAt: outcome.retryAt, retryOf: runId })
          .where(eq(taskState.name, run.task))
          .run();
      }
      return taskRunView(done);
    });
  }

  taskOverview(definitions: TaskDefinition[]) {
    const now = this.host.now();
    return this.host.tx(() =>
      definitions.map((def) => {
        const state = this.taskStateFor(def, now);
        const last = state.lastRunId
          ? this.db.select().from(taskRuns).where(eq(taskRuns.runId, state.lastRunId)).get()
          : undefined;
        const running = !!(state.runningRunId && state.leaseUntil && state.leaseUntil > now);
        return {
          name: def.name,
          nextRunAt: iso(state.nextRunAt),
          retryAt: state.retryOf ? iso(state.retryAt) : null,
          running,
          lastRun: last ? taskRunView(last) : null,
        };
      }),
    );
  }

  taskHistory(query: TaskHistoryQuery): Page<TaskRunRecord> {
    const filters: SQL[] = [];
    if (query.task) filters.push(eq(taskRuns.task, query.task));
    if (query.status) filters.push(eq(taskRuns.status, query.status));
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(taskRuns).where(where).get()!.n;
    const rows = this.db
      .select()
      .from(taskRuns)
      .where(where)
      .orderBy(desc(taskRuns.startedAt), desc(taskRuns.runId))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all();
    return { items: rows.map(taskRunView), total, page: query.page, pageSize: query.pageSize };
  }

  /** Deletes finished history older than `before`, and delivered messages and inbox keys of the same age. */
  pruneHistory(before: number): { taskRuns: number; messages: number } {
    return this.host.tx(() => {
      const runs = this.db
        .delete(taskRuns)
        .where(and(lt(taskRuns.startedAt, before), ne(taskRuns.status, 'running')))
        .returning({ id: taskRuns.runId })
        .all().length;
      return { taskRuns: runs, messages: this.host.pruneMessages(before) };
    });
  }

  private taskStateFor(def: TaskDefinition, now: number) {
    const state = this.db.select().from(taskState).where(eq(taskState.name, def.name)).get();
    if (state) return state;
    const fresh = {
      name: def.name,
      nextRunAt: nextRunAfter(def.cron, def.timezone, now) ?? Number.MAX_SAFE_INTEGER,
      runningRunId: null,
      leaseUntil: null,
      lastRunId: null,
      retryAt: null,
      retryOf: null,
    };
    this.db.insert(taskState).values(fresh).run();
    return fresh;
  }

  /** Starts a run; `retryOf` makes it the second attempt of that failed run and ends the wait for it. */
  private startRun(
    def: TaskDefinition,
    trigger: 'cron' | 'manual',
    scheduledFor: number | null,
    now: number,
    retryOf: string | null,
  ) {
    const runId = newId('run');
    // The tick's `now` may differ from the real clock; the run and its lease run on the real one.
    const startedAt = Math.max(now, this.host.now());
    this.db
      .insert(taskRuns)
      .values({
        runId,
        task: def.name,
        trigger,
        scheduledFor,
        startedAt,
        status: 'running',
        attempt: retryOf ? 2 : 1,
        retryOf,
      })
      .run();
    this.db
      .update(taskState)
      .set({
        runningRunId: runId,
        leaseUntil: startedAt + def.leaseMs,
        lastRunId: runId,
        ...(retryOf ? { retryAt: null, retryOf: null } : {}),
      })
      .where(eq(taskState.name, def.name))
      .run();
    return runId;
  }

  /** A run whose lease ran out without finishing died with its worker: record it as failed. */
  private expireStaleRun(state: typeof taskState.$inferSelect, now: number): void {
    if (!state.runningRunId) return;
    const expired = this.db
      .update(taskRuns)
      .set({ status: 'failed', error: 'lease expired before the run finished', endedAt: now })
      .where(and(eq(taskRuns.runId, state.runningRunId), eq(taskRuns.status, 'running')))
      .returning({ task: taskRuns.task })
      .get();
    if (expired) this.host.countTaskRun(expired.task, 'failed');
  }
}

function taskRunView(row: typeof taskRuns.$inferSelect): TaskRunRecord {
  return {
    runId: row.runId,
    task: row.task,
    trigger: row.trigger,
    scheduledFor: iso(row.scheduledFor),
    startedAt: iso(row.startedAt)!,
    endedAt: iso(row.endedAt),
    durationMs: row.durationMs,
    status: row.status,
    attempt: row.attempt,
    retryOf: row.retryOf,
    resultJson: row.result,
    error: row.error,
  };
}
