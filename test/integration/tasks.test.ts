import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { definitionOf, findTask } from '../../workers/tasks/registry';
import { adminToken, call } from '../helpers';
import { directoryStub, fireCron } from '../platform-helpers';

async function runsOf(admin: string, task = 'history-retention') {
  const res = await call('GET', `/api/admin/tasks/history?task=${task}&pageSize=200`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.items as {
    runId: string;
    status: string;
    trigger: string;
    scheduledFor: string | null;
    error: string | null;
  }[];
}

/** 03:30 Asia/Shanghai is 19:30 UTC the day before. */
const shanghai0330 = (utcDay: string) => Date.parse(`${utcDay}T19:30:00.000Z`);

describe('scheduled tasks', () => {
  it('lists each task with its cron, time zone and next run in that zone', async () => {
    const admin = await adminToken();
    const res = await call('GET', '/api/admin/tasks', { token: admin });
    expect(res.status).toBe(200);
    const retention = res.body.find((t: { name: string }) => t.name === 'history-retention');
    expect(retention).toMatchObject({ cron: '30 3 * * *', timezone: 'Asia/Shanghai', running: false });
    const next = new Date(retention.nextRunAt);
    expect(next.getUTCHours()).toBe(19);
    expect(next.getUTCMinutes()).toBe(30);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('runs by hand, records the run, and refuses a second run while one is going', async () => {
    const admin = await adminToken();
    const run = await call('POST', '/api/admin/tasks/history-retention/run', { token: admin });
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('succeeded');
    expect(run.body.result.deleted).toEqual({ taskRuns: 0, messages: expect.any(Number) });
    const history = await runsOf(admin);
    expect(history[0]).toMatchObject({ runId: run.body.runId, status: 'succeeded', trigger: 'manual' });

    const held = await directoryStub().claimManualRun(definitionOf(findTask('history-retention')!));
    expect(held.ok).toBe(true);
    const busy = await call('POST', '/api/admin/tasks/history-retention/run', { token: admin });
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('TASK_RUNNING');
    if (held.ok) await directoryStub().finishRun(held.value.runId, 'succeeded', null, null);
    expect((await call('POST', '/api/admin/tasks/history-retention/run', { token: admin })).status).toBe(200);
    expect((await call('POST', '/api/admin/tasks/no-such-task/run', { token: admin })).status).toBe(404);
  });

  it('fires from the cron tick on time, skips a misfire past the grace time, and coalesces missed runs', async () => {
    const admin = await adminToken();
    // Only runs of these future days count here (the task itself prunes the older ones).
    const cronRuns = async () =>
      (await runsOf(admin)).filter(
        (r) => r.trigger === 'cron' && r.status !== 'skipped' && (r.scheduledFor ?? '') >= '2031',
      );

    // Far past the stored next run: a misfire, recorded as skipped; the next run moves past the tick.
    await fireCron(Date.parse('2031-03-10T08:00:00.000Z'));
    let runs = await runsOf(admin);
    expect(runs[0]).toMatchObject({
      status: 'skipped',
      trigger: 'cron',
      scheduledFor: '2031-03-09T19:30:00.000Z',
    });
    expect(runs[0]!.error).toMatch(/misfired/);

    // A tick before the next due time runs nothing.
    await fireCron(shanghai0330('2031-03-10') - 60_000);
    expect(await cronRuns()).toEqual([]);

    // On time: one run, scheduled for 03:30 Shanghai.
    await fireCron(shanghai0330('2031-03-10'));
    runs = await cronRuns();
    expect(runs.map((r) => [r.status, r.scheduledFor])).toEqual([['succeeded', '2031-03-10T19:30:00.000Z']]);

    // The same minute ticked again (a retry of the trigger) does not run it twice.
    await fireCron(shanghai0330('2031-03-10') + 30_000);
    expect(await cronRuns()).toHaveLength(1);

    // Down for two days, back within the grace of the latest missed run: one run for it, not two.
    await fireCron(shanghai0330('2031-03-12') + 20 * 60_000);
    runs = await cronRuns();
    expect(runs.map((r) => [r.status, r.scheduledFor])).toEqual([
      ['succeeded', '2031-03-12T19:30:00.000Z'],
      ['succeeded', '2031-03-10T19:30:00.000Z'],
    ]);
    const tasks = await call('GET', '/api/admin/tasks', { token: admin });
    const next = tasks.body.find((t: { name: string }) => t.name === 'history-retention').nextRunAt;
    expect(next).toBe('2031-03-13T19:30:00.000Z');
  });

  it('deletes history older than 90 days and keeps the rest', async () => {
    const admin = await adminToken();
    const day = 86_400_000;
    await runInDurableObject(directoryStub(), (_instance, state) => {
      const now = Date.now();
      for (const [id, age] of [
        ['run_old', 91 * day],
        ['run_recent', 89 * day],
      ] as const) {
        state.storage.sql.exec(
          "INSERT INTO task_runs (run_id, task, trigger, started_at, ended_at, status) VALUES (?, 'history-retention', 'cron', ?, ?, 'succeeded')",
          id,
          now - age,
          now - age,
        );
      }
    });
    const run = await call('POST', '/api/admin/tasks/history-retention/run', { token: admin });
    expect(run.body.result.deleted.taskRuns).toBe(1);
    const ids = (await runsOf(admin)).map((r) => r.runId);
    expect(ids).toContain('run_recent');
    expect(ids).not.toContain('run_old');
  });

  it('starts no second run while one holds its lease, and runs on the next tick once it ends or dies', async () => {
    const def = {
      name: `lease-test-${Date.now()}`,
      cron: '* * * * *',
      timezone: 'UTC',
      graceMs: 60_000,
      leaseMs: 10 * 60_000,
      retryDelayMs: 0,
    };
    const at = (minute: number) => Date.parse('2032-01-01T00:00:00.000Z') + minute * 60_000;
    const claim = async (minute: number) =>
      (await directoryStub().claimDueTasks([def], at(minute))).map((c) => c.runId);
    const statuses = () =>
      runInDurableObject(directoryStub(), (_directory, state) =>
        state.storage.sql
          .exec<{ run_id: string; status: string }>(
            'SELECT run_id, status FROM task_runs WHERE task = ? ORDER BY started_at',
            def.name,
          )
          .toArray()
          .map((r) => [r.run_id, r.status]),
      );

    expect(await claim(0.5)).toEqual([]); // first seen: due at the next minute
    const [first] = await claim(1);
    expect(first).toBeDefined();
    expect(await claim(2)).toEqual([]); // still running
    await directoryStub().finishRun(first!, 'succeeded', null, null);
    const [second] = await claim(3);
    expect(second).toBeDefined();
    // The second run's worker dies; ten minutes on, its lease is out: it is recorded failed and the task runs again.
    expect(await claim(12)).toEqual([]);
    const [third] = await claim(14);
    expect(third).toBeDefined();
    expect(await statuses()).toEqual([
      [first, 'succeeded'],
      [second, 'failed'],
      [third, 'running'],
    ]);
    await directoryStub().finishRun(third!, 'succeeded', null, null);
  });

  it('records a run whose worker died as failed once its lease runs out, and runs again', async () => {
    const def = { ...definitionOf(findTask('history-retention')!), leaseMs: 1 };
    const claim = await directoryStub().claimManualRun(def);
    expect(claim.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    const again = await directoryStub().claimManualRun(def);
    expect(again.ok).toBe(true);
    const admin = await adminToken();
    const history = await call('GET', '/api/admin/tasks/history?status=failed', { token: admin });
    const dead = history.body.items.find((r: { runId: string }) => claim.ok && r.runId === claim.value.runId);
    expect(dead.error).toMatch(/lease expired/);
    if (again.ok) await directoryStub().finishRun(again.value.runId, 'succeeded', null, null);
  });

  it('names bad history filters', async () => {
    const admin = await adminToken();
    const res = await call('GET', '/api/admin/tasks/history?status=exploded', { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('query.status');
  });
});
