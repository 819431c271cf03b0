import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import { OPS_THRESHOLDS } from '../../durable-objects/directory/alerting-rules';
import dashboard from '../../ops/grafana/keel.json';
import rules from '../../ops/prometheus/alerts.yml?raw';
import { OPS_ALERT_NAMES } from '../../schema/dto/operations';
import { allocateOnNode, nodeStub, nodeWithDevices } from '../devices-helpers';
import { adminToken, call } from '../helpers';
import { fireCron } from '../platform-helpers';
import { parseExposition } from '../support/prometheus';

/** Each alert's expression, as alerts.yml writes it: one line after its `alert:` line. */
function ruleExprs(text: string): Map<string, string> {
  const exprs = new Map<string, string>();
  for (const m of text.matchAll(/- alert: (\w+)\n\s+expr: (.+)\n/g)) exprs.set(m[1]!, m[2]!.trim());
  return exprs;
}

/** The metric names an expression reads: ours all start keel_, billing_ or device. */
const metricNames = (expr: string) =>
  [...expr.matchAll(/\b(?:keel|billing|devices?)_?[a-z0-9_]*/g)].map((m) => m[0]);

const dashboardExprs = () =>
  (dashboard as { panels: { title: string; targets: { expr: string }[] }[] }).panels.flatMap((p) =>
    p.targets.map((t) => ({ panel: p.title, expr: t.expr })),
  );

describe('the alerting rules and the dashboard shipped in ops/ (SPEC G6)', () => {
  it('ship one rule per operational alert, with the thresholds the product evaluates', () => {
    const exprs = ruleExprs(rules);
    expect([...exprs.keys()].sort()).toEqual([...OPS_ALERT_NAMES].sort());
    const t = OPS_THRESHOLDS;
    const minutes = (ms: number) => `${ms / 60_000}m`;
    expect(exprs.get('BillingReportFailureRateHigh')).toBe(
      `sum(increase(billing_report_total{status="failure"}[${minutes(t.billingFailureWindowMs)}])) / sum(increase(billing_report_total[${minutes(t.billingFailureWindowMs)}])) > ${t.billingFailureRatio}`,
    );
    expect(exprs.get('BillingErrorsHigh')).toBe(
      `sum(increase(billing_report_errors_total[1h])) > ${t.billingErrors}`,
    );
    expect(t.billingErrorsWindowMs).toBe(3_600_000);
    expect(exprs.get('TaskFailed')).toBe('keel_task_failing == 1');
    expect(exprs.get('CrmDriftHigh')).toBe(`keel_crm_status_drift_last_run > ${t.crmDrift}`);
    expect(exprs.get('CronStalled')).toBe(
      `time() - keel_cron_last_tick_timestamp_seconds > ${t.cronSilenceMs / 1000}`,
    );
    const depth = 'sum(billing_outbox_depth{status="pending"})';
    expect(exprs.get('OutboxGrowing')).toBe(
      `${depth} > sum(billing_outbox_depth{status="pending"} offset ${minutes(t.outboxGrowthMs)}) and min_over_time(${depth}[${minutes(t.outboxGrowthMs)}:1m]) > 0`,
    );
  });

  it('read only metrics that /metrics exposes, every panel of the dashboard too', async () => {
    const admin = await adminToken();
    // Something of everything: a node that tried to report usage to a billing service that is not there,
    // a finished task run, a cron tick.
    const nodeId = await nodeWithDevices(admin, 1);
    const node = nodeStub(nodeId);
    await runInDurableObject(node, (actor: DeviceNodeActor) =>
      actor.useConfig({
        serviceUrl: 'http://127.0.0.1:9',
        tries: 1,
        timeoutMs: 2_000,
        breakerThreshold: 5,
        breakerOpenMs: 600_000,
        outbox: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 1 },
      }),
    );
    await node.release(await allocateOnNode(nodeId, 'acme-m', 'u1'));
    await node.drainUsage();
    await call('POST', '/api/admin/tasks/history-retention/run', { token: admin });
    await fireCron(Date.now());
    const res = await call('GET', '/metrics');
    expect(res.status).toBe(200);
    const families = parseExposition(res.text);
    const exposed = new Set<string>();
    for (const f of families.values()) {
      exposed.add(f.name);
      for (const s of f.samples) exposed.add(s.name);
    }
    for (const name of ['keel_task_runs_total', 'keel_task_failing', 'keel_cron_last_tick_timestamp_seconds'])
      expect(families.get(name)?.samples.length, name).toBeGreaterThan(0);
    expect(
      families
        .get('keel_alerts_firing')!
        .samples.map((s) => s.labels.alert)
        .sort(),
    ).toEqual([...OPS_ALERT_NAMES].sort());
    expect(
      families.get('keel_task_runs_total')!.samples.find((s) => s.labels.task === 'history-retention')?.labels
        .status,
    ).toBe('succeeded');

    const reads = [
      ...[...ruleExprs(rules)].map(([alert, expr]) => ({ panel: `rule ${alert}`, expr })),
      ...dashboardExprs(),
    ];
    expect(reads.length).toBeGreaterThan(20);
    for (const { panel, expr } of reads) {
      const names = metricNames(expr);
      expect(names.length, `${panel} reads no metric of ours: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(exposed.has(name), `${panel}: ${name} is not in /metrics`).toBe(true);
    }
  });

  it('is a dashboard Grafana can import: a title, a uid, panels with a data source and a query each', () => {
    const d = dashboard as {
      title: string;
      uid: string;
      __inputs: { name: string; type: string }[];
      panels: { id: number; type: string; datasource: { uid: string }; targets: unknown[] }[];
    };
    expect(d.title).toBe('Keel');
    expect(d.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    const sources = d.__inputs.filter((i) => i.type === 'datasource').map((i) => `\${${i.name}}`);
    expect(sources).toHaveLength(1);
    for (const p of d.panels) {
      expect(['timeseries', 'stat']).toContain(p.type);
      // The data source is the one Grafana asks for on import.
      expect(sources).toContain(p.datasource.uid);
      expect(p.targets.length).toBeGreaterThan(0);
    }
  });
});
