import { describe, expect, it } from 'vitest';
import type { NodeMetrics } from '../../durable-objects/device-node/node-types';
import { gaugesFromNodes } from '../../workers/devices/metrics';
import { collectMetricSources } from '../../workers/middleware/metric-sources';
import { renderMetrics } from '../../workers/middleware/metrics';
import { parseExposition } from '../support/prometheus';

function snapshot(nodeId: string, extra: Partial<NodeMetrics> = {}): NodeMetrics {
  return {
    nodeId,
    circuit: 0,
    devices: { available: 3, allocated: 1, maintenance: 0 },
    allocations: { active: 1, released: 4, expired: 1, voided: 0 },
    usageOutbox: { pending: 2, delivered: 3, dead: 1 },
    meters: [
      { name: 'billing_report_total', labels: { status: 'success' }, value: 3 },
      { name: 'billing_report_total', labels: { status: 'failure' }, value: 2 },
      { name: 'billing_report_errors_total', labels: { reason: 'timeout' }, value: 2 },
      { name: 'billing_report_duration_seconds_bucket', labels: { le: '+Inf' }, value: 5 },
      { name: 'billing_report_duration_seconds_bucket', labels: { le: '0.5' }, value: 3 },
      { name: 'billing_report_duration_seconds_bucket', labels: { le: '0.05' }, value: 1 },
      { name: 'billing_report_duration_seconds_sum', labels: {}, value: 17.5 },
      { name: 'billing_report_duration_seconds_count', labels: {}, value: 5 },
    ],
    ...extra,
  };
}

describe('device metrics', () => {
  it('renders every node as valid Prometheus text, one family each', () => {
    const text = renderMetrics(gaugesFromNodes([snapshot('n1'), snapshot('n"2', { circuit: 1 })]));
    const families = parseExposition(text);
    expect(families.get('billing_report_total')!.samples).toContainEqual({
      name: 'billing_report_total',
      labels: { node: 'n1', status: 'failure' },
      value: 2,
    });
    expect(families.get('billing_report_duration_seconds')!.type).toBe('histogram');
    expect(families.get('billing_circuit_state')!.samples.map((s) => s.value)).toEqual([0, 1]);
    expect(families.get('billing_outbox_depth')!.samples).toContainEqual({
      name: 'billing_outbox_depth',
      labels: { node: 'n"2', status: 'dead' },
      value: 1,
    });
    expect(families.get('device_allocations')!.samples).toHaveLength(8);
    // Every node shows both report counters, even one that has never reported a failure.
    const quiet = parseExposition(renderMetrics(gaugesFromNodes([snapshot('n3', { meters: [] })])));
    expect(quiet.get('billing_report_total')!.samples).toEqual([
      { name: 'billing_report_total', labels: { node: 'n3', status: 'success' }, value: 0 },
      { name: 'billing_report_total', labels: { node: 'n3', status: 'failure' }, value: 0 },
    ]);
    expect(families.get('billing_report_errors_total')!.type).toBe('counter');
  });

  it('shows the billing counters at zero before any node reported', () => {
    const families = parseExposition(renderMetrics(gaugesFromNodes([])));
    expect(
      families
        .get('billing_report_total')!
        .samples.map((s) => s.labels.status)
        .sort(),
    ).toEqual(['failure', 'success']);
    expect(families.get('billing_report_errors_total')!.samples).toEqual([
      { name: 'billing_report_errors_total', labels: {}, value: 0 },
    ]);
  });

  it('reports a source that fails as down and keeps the scrape valid', async () => {
    const gauges = await collectMetricSources({} as never, [
      { name: 'broken', collect: async () => Promise.reject(new Error('x')) },
      { name: 'fine', collect: async () => gaugesFromNodes([snapshot('n1')]) },
    ]);
    const families = parseExposition(renderMetrics(gauges));
    expect(families.get('keel_metrics_source_up')!.samples).toEqual([
      { name: 'keel_metrics_source_up', labels: { source: 'broken' }, value: 0 },
      { name: 'keel_metrics_source_up', labels: { source: 'fine' }, value: 1 },
    ]);
  });
});
