import type { NodeMetrics } from '../../durable-objects/device-node/node-types';
import { deviceNode } from '../../lib/actors';
import type { MetricSource } from '../middleware/metric-sources';
import type { Gauge } from '../middleware/metrics';
import { forEachNode } from './nodes';

const HELP: Record<string, { help: string; type: Gauge['type'] }> = {
  billing_report_total: {
    help: 'Usage records delivered to billing (success) or not (failure), per attempt.',
    type: 'counter',
  },
  billing_report_errors_total: {
    help: 'Failed calls to billing, by reason (timeout, unavailable, rejected).',
    type: 'counter',
  },
  billing_report_duration_seconds: { help: 'Time of each call to billing.', type: 'histogram' },
  billing_report_duplicates_total: {
    help: 'Usage records billing had already charged (a retry after a lost answer).',
    type: 'counter',
  },
  billing_dead_letters_total: {
    help: 'Usage records dead-lettered after their last attempt.',
    type: 'counter',
  },
};

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

/** Turns every node's snapshot into Prometheus series, one block per metric name, labelled by node. */
export function gaugesFromNodes(snapshots: NodeMetrics[]): Gauge[] {
  const gauges = new Map<string, Gauge>();
  const gauge = (name: string, help: string, type: Gauge['type']) => {
    let g = gauges.get(name);
    if (!g) {
      g = { name, help, type, samples: [] };
      gauges.set(name, g);
    }
    return g;
  };
  for (const s of snapshots) {
    const node = s.nodeId;
    gauge(
      'billing_circuit_state',
      'Circuit breaker to billing: 0 closed, 1 open, 2 half-open, 3 isolated.',
      'gauge',
    ).samples.push({
      labels: { node },
      value: s.circuit,
    });
    for (const [status, n] of Object.entries(s.usageOutbox)) {
      if (status === 'delivered') continue;
      gauge(
        'billing_outbox_depth',
        'Usage records waiting in the outbox (pending) or dead-lettered (dead).',
        'gauge',
      ).samples.push({
        labels: { node, status },
        value: n,
      });
    }
    for (const [status, n] of Object.entries(s.allocations)) {
      gauge('device_allocations', 'Allocations by status.', 'gauge').samples.push({
        labels: { node, status },
        value: n,
      });
    }
    for (const [status, n] of Object.entries(s.devices)) {
      gauge('devices', 'Devices by status.', 'gauge').samples.push({ labels: { node, status }, value: n });
    }
    for (const m of s.meters) {
      const suffix = HISTOGRAM_SUFFIXES.find(
        (x) => m.name.endsWith(x) && HELP[m.name.slice(0, -x.length)]?.type === 'histogram',
      );
      const name = suffix ? m.name.slice(0, -suffix.length) : m.name;
      const meta = HELP[name] ?? { help: name, type: 'counter' as const };
      gauge(name, meta.help, meta.type).samples.push({
        labels: { node, ...m.labels },
        value: m.value,
        suffix,
      });
    }
  }
  // Counters every scrape should show even before the first report: per node, or once without nodes.
  const reports = gauge('billing_report_total', HELP.billing_report_total!.help, 'counter');
  const nodes = snapshots.length ? snapshots.map((s) => ({ node: s.nodeId })) : [{}];
  for (const labels of nodes) {
    for (const status of ['success', 'failure']) {
      const has = reports.samples.some(
        (x) => x.labels?.status === status && x.labels?.node === (labels as { node?: string }).node,
      );
      if (!has) reports.samples.push({ labels: { ...labels, status }, value: 0 });
    }
  }
  // The counters the dashboard and the alerting rules read exist from the first scrape, at zero.
  for (const name of [
    'billing_report_errors_total',
    'billing_report_duplicates_total',
    'billing_dead_letters_total',
  ]) {
    const family = gauge(name, HELP[name]!.help, 'counter');
    if (family.samples.length === 0) family.samples.push({ value: 0 });
  }
  for (const g of gauges.values()) if (g.type === 'histogram') g.samples.sort(histogramOrder);
  return [...gauges.values()];
}

/** Keeps each node's buckets in ascending `le` order, then its _sum and _count. */
function histogramOrder(a: Gauge['samples'][number], b: Gauge['samples'][number]): number {
  const node = (a.labels?.node ?? '').localeCompare(b.labels?.node ?? '');
  if (node) return node;
  const rank = (s: Gauge['samples'][number]) => (s.suffix === '_bucket' ? 0 : s.suffix === '_sum' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const le = (s: Gauge['samples'][number]) =>
    s.labels?.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels?.le);
  return le(a) - le(b);
}

export const deviceMetrics: MetricSource = {
  name: 'device-nodes',
  async collect(env) {
    const { results } = await forEachNode(
      env,
      async (nodeId) => (await deviceNode(env, nodeId).metricsSnapshot()) as NodeMetrics | null,
    );
    return gaugesFromNodes(results.map((r) => r.value).filter((v): v is NodeMetrics => v !== null));
  },
};
