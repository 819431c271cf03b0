import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { AppError, unwrap } from '../../lib/errors';
import { text } from '../../schema/dto/common';
import {
  TaskHistory,
  TaskHistoryQuery,
  TaskInfo,
  TaskRunAnswer,
  taskRunFromRecord,
} from '../../schema/dto/tasks';
import { logAdminAction } from '../middleware/admin-access';
import { definitionOf, findTask, TASKS } from '../tasks/registry';
import { execute } from '../tasks/runner';
import type { AppEnv } from '../types';
import { bearer, errors, json } from './support';

const tags = ['tasks'];

const list = createRoute({
  method: 'get',
  path: '/api/admin/tasks',
  tags,
  summary: 'Registered tasks with their schedule, next run and last run',
  security: bearer,
  responses: { 200: json(z.array(TaskInfo)), 401: errors[401], 403: errors[403] },
});

const history = createRoute({
  method: 'get',
  path: '/api/admin/tasks/history',
  tags,
  summary: 'Execution history (kept 90 days)',
  security: bearer,
  request: { query: TaskHistoryQuery },
  responses: { 200: json(TaskHistory), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const run = createRoute({
  method: 'post',
  path: '/api/admin/tasks/{name}/run',
  tags,
  summary: 'Run a task now and wait for its result; refused while it is already running',
  security: bearer,
  request: { params: z.object({ name: text().min(1).max(64) }) },
  responses: {
    200: json(TaskRunAnswer),
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

export const taskRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => {
    const overview = await directory(c.env).taskOverview(TASKS.map(definitionOf));
    const items = TASKS.map((task, i) => ({
      ...overview[i]!,
      lastRun: overview[i]!.lastRun && taskRunFromRecord(overview[i]!.lastRun!),
      description: task.description,
      cron: task.cron,
      timezone: task.timezone,
    }));
    return c.json(items, 200);
  })
  .openapi(history, async (c) => {
    const page = await directory(c.env).taskHistory(c.req.valid('query'));
    return c.json({ ...page, items: page.items.map(taskRunFromRecord) }, 200);
  })
  .openapi(run, async (c) => {
    const { name } = c.req.valid('param');
    const task = findTask(name);
    if (!task)
      throw new AppError(404, 'TASK_NOT_FOUND', `no task named ${name}`, { known: TASKS.map((t) => t.name) });
    const claim = unwrap(await directory(c.env).claimManualRun(definitionOf(task)));
    const done = await execute(c.env, task, claim, Date.now());
    const answer = {
      runId: claim.runId,
      status: done?.status ?? ('failed' as const),
      result: done ? taskRunFromRecord(done).result : null,
      error: done?.error ?? null,
    };
    await logAdminAction(c, null, 'task.run', { task: name, runId: answer.runId, status: answer.status });
    return c.json(answer, 200);
  });
