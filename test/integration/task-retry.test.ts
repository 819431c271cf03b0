import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { definitionOf, type Task } from '../../workers/tasks/registry';
import { execute, runDueTasks } from '../../workers/tasks/runner';
import { adminToken, call, unique } from '../helpers';
import { directoryStub } from '../platform-helpers';

const MINUTE = 60_000;
const at = (minutes: number) => Date.parse('2033-05-01T00:00:00.000Z') + minutes * MINUTE;

interface Run {
  runId: string;
  status: string;
  trigger: string;
  attempt: number;
  retryOf: string | null;
  scheduledFor: string | null;
  error: string | null;
  result: unknown;
}

/** A task that fails the first `failures` times it runs and remembers the `now` of every call. */
function flakyTask(failures: number, overrides: Partial<Task> = {}) {
  const calls: number[] = [];
  const task: Task = {
    name: unique('flaky-'),
    description: 'fails, then maybe not',
    cron: '0 * * * *',
    timezone: 'UTC',
    async handler({ now }) {
      calls.push(now);
      if (calls.length <= failures) throw new Error(`attempt ${calls.length} broke`);
      return { attempt: calls.length };
    },
    ...overrides,
  };
  return { task, calls };
}

async function runsOf(admin: string, task: string): Promise<Run[]> {
  const res = await call('GET', `/api/admin/tasks/history?task=${task}&pageSize=50`, { token: admin });
  expect(res.status).toBe(200);
  return (res.body.items as Run[]).slice().reverse();
}

async function taskInfo(name: string) {
  const [info] = await directoryStub().taskOverview([
    definitionOf({ name, description: '', cron: '0 * * * *', timezone: 'UTC', handler: async () => null }),
  ]);
  return info!;
}

describe('a failed task run is retried once after a delay (SPEC F3)', () => {
  it('retries a run that fails once, and the history shows both attempts', async () => {
    const admin = await adminToken();
    const { task, calls } = flakyTask(1);
    await runDueTasks(env, at(-30), [task]); // first seen: due at the next full hour
    await runDueTasks(env, at(0), [task]);
    expect(calls).toEqual([at(0)]);
    let runs = await runsOf(admin, task.name);
    expect(runs).toMatchObject([{ status: 'retried', attempt: 1, retryOf: null, error: 'attempt 1 broke' }]);
    expect((await taskInfo(task.name)).retryAt).toBe(new Date(at(5)).toISOString());
    // The history filters on the new status, and nothing counts as failed yet.
    const retried = await call('GET', `/api/admin/tasks/history?task=${task.name}&status=retried`, {
      token: admin,
    });
    expect(retried.body.total).toBe(1);
    const failed = await call('GET', `/api/admin/tasks/history?task=${task.name}&status=failed`, {
      token: admin,
    });
    expect(failed.body.total).toBe(0);

    await runDueTasks(env, at(4), [task]); // the delay has not passed
    expect(calls).toHaveLength(1);
    await runDueTasks(env, at(5), [task]);
    // The retry does the first attempt's work: the same scheduled time.
    expect(calls).toEqual([at(0), at(0)]);
    runs = await runsOf(admin, task.name);
    expect(runs).toMatchObject([
      { status: 'retried', attempt: 1 },
      {
        status: 'succeeded',
        attempt: 2,
        retryOf: runs[0]!.runId,
        trigger: 'cron',
        scheduledFor: new Date(at(0)).toISOString(),
        result: { attempt: 2 },
      },
    ]);
    expect((await taskInfo(task.name)).retryAt).toBeNull();

    // Nothing more until the next regular run, which is a first attempt again.
    await runDueTasks(env, at(30), [task]);
    expect(calls).toHaveLength(2);
    await runDueTasks(env, at(60), [task]);
    expect((await runsOf(admin, task.name)).at(-1)).toMatchObject({ status: 'succeeded', attempt: 1 });
  });

  it('counts a run as failed once its retry fails too, and tries no third time', async () => {
    const admin = await adminToken();
    const { task, calls } = flakyTask(2);
    await runDueTasks(env, at(-30), [task]);
    await runDueTasks(env, at(0), [task]);
    await runDueTasks(env, at(5), [task]);
    const runs = await runsOf(admin, task.name);
    expect(runs).toMatchObject([
      { status: 'retried', attempt: 1, error: 'attempt 1 broke' },
      { status: 'failed', attempt: 2, retryOf: runs[0]!.runId, error: 'attempt 2 broke' },
    ]);
    expect((await taskInfo(task.name)).retryAt).toBeNull();
    await runDueTasks(env, at(10), [task]);
    await runDueTasks(env, at(59), [task]);
    expect(calls).toHaveLength(2);
  });

  it('makes a regular run that comes due first the retry, rather than running both', async () => {
    const admin = await adminToken();
    const { task, calls } = flakyTask(1, { cron: '* * * * *', retryDelayMs: 10 * MINUTE });
    await runDueTasks(env, at(100) - 30_000, [task]);
    await runDueTasks(env, at(100), [task]);
    await runDueTasks(env, at(101), [task]);
    expect(calls).toEqual([at(100), at(101)]);
    const runs = await runsOf(admin, task.name);
    expect(runs).toMatchObject([
      { status: 'retried', attempt: 1 },
      { status: 'succeeded', attempt: 2, retryOf: runs[0]!.runId },
    ]);
    await runDueTasks(env, at(110), [task]);
    expect(calls).toHaveLength(3); // the regular schedule goes on; no retry was left waiting
    expect((await runsOf(admin, task.name)).at(-1)).toMatchObject({ attempt: 1, status: 'succeeded' });
  });

  it('coalesces a regular run due at the same tick into the retry', async () => {
    const { task, calls } = flakyTask(1, { cron: '*/5 * * * *' });
    await runDueTasks(env, at(200) - 30_000, [task]);
    await runDueTasks(env, at(200), [task]);
    await runDueTasks(env, at(205), [task]); // the retry and the next regular run are both due
    expect(calls).toEqual([at(200), at(200)]);
    expect((await taskInfo(task.name)).nextRunAt).toBe(new Date(at(210)).toISOString());
  });

  it('does not retry a run started by hand, nor a task that asks for no retry', async () => {
    const admin = await adminToken();
    const manual = flakyTask(1);
    const claim = await directoryStub().claimManualRun(definitionOf(manual.task));
    if (!claim.ok) throw new Error('not claimed');
    const done = await execute(env, manual.task, claim.value, at(300));
    expect(done).toMatchObject({ status: 'failed', attempt: 1 });
    expect((await taskInfo(manual.task.name)).retryAt).toBeNull();

    const never = flakyTask(1, { retryDelayMs: 0 });
    await runDueTasks(env, at(-30), [never.task]);
    await runDueTasks(env, at(0), [never.task]);
    expect(await runsOf(admin, never.task.name)).toMatchObject([{ status: 'failed', attempt: 1 }]);
  });
});
