import { z } from '@hono/zod-openapi';
import { IsoTime, listOf, PageQuery, text } from './common';

/** `retried`: a first attempt that failed; its retry, a run of its own, decides whether the task failed. */
export const TASK_STATUSES = ['running', 'succeeded', 'failed', 'skipped', 'retried'] as const;

export const TaskRun = z
  .object({
    runId: z.string(),
    task: z.string(),
    trigger: z.enum(['cron', 'manual']),
    scheduledFor: IsoTime.nullable(),
    startedAt: IsoTime,
    endedAt: IsoTime.nullable(),
    durationMs: z.number().int().nullable(),
    status: z.enum(TASK_STATUSES),
    /** 1, or 2 for the retry of a first attempt that failed. */
    attempt: z.number().int().min(1),
    /** The run this one retries. */
    retryOf: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
  })
  .openapi('TaskRun');
export type TaskRun = z.infer<typeof TaskRun>;

/** A run as it crosses actor RPC: the result travels as JSON text (`unknown` does not survive RPC typing). */
export type TaskRunRecord = Omit<TaskRun, 'result'> & { resultJson: string | null };

export function taskRunFromRecord({ resultJson, ...rest }: TaskRunRecord): TaskRun {
  return { ...rest, result: resultJson == null ? null : JSON.parse(resultJson) };
}

export const TaskInfo = z
  .object({
    name: z.string(),
    description: z.string(),
    cron: z.string(),
    timezone: z.string(),
    nextRunAt: IsoTime.nullable(),
    /** When the retry of a failed run is due, while one waits. */
    retryAt: IsoTime.nullable(),
    running: z.boolean(),
    lastRun: TaskRun.nullable(),
  })
  .openapi('Task');
export type TaskInfo = z.infer<typeof TaskInfo>;

export const TaskHistoryQuery = PageQuery.extend({
  task: text().max(64).optional(),
  status: z.enum(TASK_STATUSES).optional(),
});
export type TaskHistoryQuery = z.infer<typeof TaskHistoryQuery>;
export const TaskHistory = listOf(TaskRun, 'TaskHistory');

export const TaskRunAnswer = z
  .object({
    runId: z.string(),
    status: z.enum(TASK_STATUSES),
    result: z.unknown(),
    error: z.string().nullable(),
  })
  .openapi('TaskRunAnswer');
