import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { NodeMetrics } from '../../durable-objects/device-node/node-types';
import type { OpsSample } from '../../durable-objects/directory/alerting-rules';
import type { Env } from '../../lib/env';
import { gaugesFromNodes } from '../../workers/devices/metrics';
import { opsSampleOf, watchOperations } from '../../workers/ops/watch';
import type { Task } from '../../workers/tasks/registry';
import { runDueTasks } from '../../workers/tasks/runner';
import { adminToken, call, unique } from '../helpers';
import { directoryStub, fireCron, mailTo, onCall, runTask, shiftDirectoryClock } from '../platform-helpers';

const MIN = 60_000;
/** Each test keeps to its own stretch of time, far from the others and from today. */
const era = (n: number) => (minutes: number) =>
  Date.parse('2036-01-01T00:00:00Z') + n * 30 * 86_400_000 + minutes * MIN;

const quiet = { billingSuccess: 0, billingFailure: 0, billingErrors: 0, outboxPending: 0 };

async function tick(at: number, sample: Omit<OpsSample, 'at'> | null = quiet) {
  const outcome = await directoryStub().recordTick(at, sample);
  expect(outcome.ok).toBe(true);
  return (outcome as { value: { opened: string[]; resolved: string[] } }).value;
}

async function incidents(admin: string, query = '') {
  const res = await call('GET', `/api/admin/incidents?pageSize=200${query}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.items as {
    key: string;
    alert: string;
    status: string;
    openedAt: string;
    resolvedAt: string | null;
  }[];
}

describe('operational alerts inside the product (SPEC B8, G6)', () => {
  it('opens an incident when billing fails more than 10 % over 5 minutes, mails on call once, and again when it ends', async () => {
    const admin = await adminToken();
    const email = await onCall(admin);
    const t = era(0);
    for (let m = 0; m <= 5; m++) await tick(t(m), { ...quiet, billingSuccess: m * 9, billingFailure: m * 1 });
    expect((await incidents(admin)).filter((i) => i.key === 'billing-failure-rate')).toEqual([]);

    // Exactly 10 % is no alert; a minute of heavy failures pushes the last 5 minutes to 34 %.
    expect((await tick(t(6), { ...quiet, billingSuccess: 54, billingFailure: 6 })).opened).toEqual([]);
    expect((await tick(t(7), { ...quiet, billingSuccess: 55, billingFailure: 21 })).opened).toEqual([
      'billing-failure-rate',
    ]);
    // Still failing: no second incident, no second mail.
    expect((await tick(t(8), { ...quiet, billingSuccess: 56, billingFailure: 31 })).opened).toEqual([]);
    const open = (await incidents(admin, '&status=firing')).filter((i) => i.key === 'billing-failure-rate');
    expect(open).toEqual([
      expect.objectContaining({ alert: 'BillingReportFailureRateHigh', resolvedAt: null }),
    ]);
    const dashboard = await call('GET', '/api/admin/dashboard', { token: admin });
    expect(dashboard.body.alerts.map((a: { key: string }) => a.key)).toContain('billing-failure-rate');

    // Billing recovers: the failures leave the window and the incident is resolved.
    let resolved: string[] = [];
    for (let m = 9; m <= 14 && !resolved.length; m++)
      resolved = (await tick(t(m), { ...quiet, billingSuccess: 56 + (m - 8) * 20, billingFailure: 31 }))
        .resolved;
    expect(resolved).toEqual(['billing-failure-rate']);
    const history = (await incidents(admin, '&alert=BillingReportFailureRateHigh')).filter(
      (i) => i.key === 'billing-failure-rate',
    );
    expect(history).toEqual([
      expect.objectContaining({ status: 'resolved', openedAt: new Date(t(7)).toISOString() }),
    ]);
    const mails = (await mailTo(admin, email)).filter((m) =>
      m.subject.includes('BillingReportFailureRateHigh'),
    );
    expect(mails.map((m) => m.kind).sort()).toEqual(['ops.alert', 'ops.resolved']);
  });

  it('alerts on more than 10 billing errors within an hour and on an outbox growing for 15 minutes', async () => {
    const admin = await adminToken();
    const t = era(1);
    let opened: string[] = [];
    for (let m = 0; m <= 20; m++) {
      const changed = await tick(t(m), { ...quiet, billingErrors: m, outboxPending: m + 1 });
      opened = opened.concat(changed.opened);
    }
    expect(opened).toEqual(['billing-errors', 'outbox-growing']);
    const firing = await incidents(admin, '&status=firing');
    expect(firing.find((i) => i.key === 'billing-errors')!.openedAt).toBe(new Date(t(11)).toISOString());
    expect(firing.find((i) => i.key === 'outbox-growing')!.openedAt).toBe(new Date(t(15)).toISOString());
    // The outbox drains: that incident ends, the errors of the last hour still stand.
    const drained = await tick(t(21), { ...quiet, billingErrors: 20, outboxPending: 0 });
    expect(drained.resolved).toEqual(['outbox-growing']);
  });

  it('alerts when a task failed for good (not when only its first attempt did) and ends when it succeeds', async () => {
    const admin = await adminToken();
    const email = await onCall(admin);
    let failures = 2;
    const task: Task = {
      name: unique('fragile-'),
      description: 'fails twice, then works',
      cron: '0 * * * *',
      timezone: 'UTC',
      async handler() {
        if (failures-- > 0) throw new Error('broke');
        return null;
      },
    };
    const t = era(2);
    const key = `task-failed:${task.name}`;
    await runDueTasks(env, t(-30), [task]);
    await runDueTasks(env, t(0), [task]); // first attempt fails: retried, not failed
    expect((await tick(t(1))).opened).not.toContain(key);
    await runDueTasks(env, t(5), [task]); // the retry fails too
    expect((await tick(t(6))).opened).toContain(key);
    expect((await tick(t(7))).opened).not.toContain(key);
    await runDueTasks(env, t(60), [task]); // the next run works
    expect((await tick(t(61))).resolved).toContain(key);
    const subjects = (await mailTo(admin, email)).map((m) => m.subject).filter((s) => s.includes(task.name));
    expect(subjects).toHaveLength(2);
  });

  it('alerts when the nightly reconciliation fixed more than 10 statuses, as the sync task reports it', async () => {
    const admin = await adminToken();
    const t = era(3);
    expect((await directoryStub().recordCrmDrift(25)).ok).toBe(true);
    expect((await tick(t(0))).opened).toContain('crm-drift');
    const report = await runTask('customer-status-sync', Date.now());
    expect((await directoryStub().opsMetrics()).crmDriftLastRun).toBe(report.fixed);
    expect((await tick(t(1))).resolved).toContain('crm-drift');
    expect((await incidents(admin)).find((i) => i.key === 'crm-drift')!.status).toBe('resolved');
  });

  it('notices the cron ticks stopped through the watchdog alarm, and the next tick ends it', async () => {
    const admin = await adminToken();
    const email = await onCall(admin);
    const t = era(4);
    await tick(t(0));
    try {
      await shiftDirectoryClock(t(4) - Date.now());
      await runDurableObjectAlarm(directoryStub());
      expect((await incidents(admin, '&status=firing')).some((i) => i.key === 'cron-stalled')).toBe(false);
      await shiftDirectoryClock(t(5) + 2_000 - Date.now());
      await runDurableObjectAlarm(directoryStub());
      expect((await incidents(admin, '&status=firing')).find((i) => i.key === 'cron-stalled')).toMatchObject({
        alert: 'CronStalled',
      });
    } finally {
      await shiftDirectoryClock(0);
    }
    expect((await tick(t(6))).resolved).toEqual(['cron-stalled']);
    const kinds = (await mailTo(admin, email))
      .filter((m) => m.subject.includes('CronStalled'))
      .map((m) => m.kind);
    expect(kinds.sort()).toEqual(['ops.alert', 'ops.resolved']);
  });

  it('takes a sample of every device node at each cron tick, and keeps none when a node does not answer', async () => {
    const admin = await adminToken();
    const nodeId = unique('node-ops-');
    expect((await call('POST', '/api/admin/nodes', { token: admin, body: { nodeId } })).status).toBe(201);
    const samplesAt = (at: number) =>
      runInDurableObject(directoryStub(), (_d, state) =>
        state.storage.sql.exec('SELECT * FROM ops_samples WHERE at = ?', at).toArray(),
      );
    const first = era(5)(0);
    await fireCron(first);
    expect((await directoryStub().opsMetrics()).lastTickAt).toBe(first);
    expect(await samplesAt(first)).toEqual([
      { at: first, billing_success: 0, billing_failure: 0, billing_errors: 0, outbox_pending: 0 },
    ]);

    const broken = {
      idFromName: (name: string) => env.DEVICE_NODE.idFromName(name),
      get: () => ({ metricsSnapshot: () => Promise.reject(new Error('node down')) }),
    } as unknown as Env['DEVICE_NODE'];
    const second = era(5)(1);
    await watchOperations({ ...env, DEVICE_NODE: broken }, second);
    expect((await directoryStub().opsMetrics()).lastTickAt).toBe(second);
    expect(await samplesAt(second)).toEqual([]);
  });

  it('sums the billing counters and the pending outbox over the nodes', () => {
    const gauges = gaugesFromNodes([
      {
        nodeId: 'a',
        circuit: 0,
        usageOutbox: { pending: 2, dead: 9 },
        allocations: {},
        devices: {},
        meters: [
          { name: 'billing_report_total', labels: { status: 'success' }, value: 5 },
          { name: 'billing_report_total', labels: { status: 'failure' }, value: 1 },
          { name: 'billing_report_errors_total', labels: { reason: 'timeout' }, value: 3 },
        ],
      },
      {
        nodeId: 'b',
        circuit: 0,
        usageOutbox: { pending: 4 },
        allocations: {},
        devices: {},
        meters: [{ name: 'billing_report_errors_total', labels: { reason: 'rejected' }, value: 2 }],
      },
    ] as unknown as NodeMetrics[]);
    expect(opsSampleOf(gauges)).toEqual({
      billingSuccess: 5,
      billingFailure: 1,
      billingErrors: 5,
      outboxPending: 6,
    });
  });

  it('lets every admin role read the incidents, and no one else', async () => {
    const admin = await adminToken();
    const res = await call('POST', '/api/admin/admins', {
      token: admin,
      body: { username: unique('fin'), password: 'finance password 1', role: 'finance' },
    });
    expect(res.status).toBe(201);
    const login = await call('POST', '/api/admin/login', {
      body: { username: res.body.username, password: 'finance password 1' },
    });
    expect((await call('GET', '/api/admin/incidents', { token: login.body.token })).status).toBe(200);
    expect((await call('GET', '/api/admin/incidents')).status).toBe(401);
    expect((await call('GET', '/api/admin/incidents?status=burning', { token: admin })).status).toBe(400);
  });
});
