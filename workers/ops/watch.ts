import type { NodeMetrics } from '../../durable-objects/device-node/node-types';
import type { OpsSample } from '../../durable-objects/directory/alerting-rules';
import { deviceNode, directory } from '../../lib/actors';
import type { Env } from '../../lib/env';
import { unwrap } from '../../lib/errors';
import { log } from '../../lib/log';
import { gaugesFromNodes } from '../devices/metrics';
import { forEachNode } from '../devices/nodes';
import type { Gauge } from '../middleware/metrics';

/** Sums a family's samples, optionally only those whose `status` label is `status`. */
function total(gauges: Gauge[], name: string, status?: string): number {
  const family = gauges.find((g) => g.name === name);
  return (family?.samples ?? [])
    .filter((s) => status === undefined || s.labels?.status === status)
    .reduce((sum, s) => sum + s.value, 0);
}

/** The billing counters and the usage outbox of every node, summed: what the operational alerts watch. */
export function opsSampleOf(gauges: Gauge[]): Omit<OpsSample, 'at'> {
  return {
    billingSuccess: total(gauges, 'billing_report_total', 'success'),
    billingFailure: total(gauges, 'billing_report_total', 'failure'),
    billingErrors: total(gauges, 'billing_report_errors_total'),
    outboxPending: total(gauges, 'billing_outbox_depth', 'pending'),
  };
}

/**
 * The minute tick's look at the platform's health (SPEC B8, G6): a sample of every node's billing counters
 * and outbox, handed to the Directory, which evaluates the alert conditions. A tick where some node did not
 * answer keeps no sample (a sum missing a node would look like counters falling and then jumping back);
 * it is still a tick. Never throws: the tasks of the same tick must not suffer from it.
 */
export async function watchOperations(env: Env, at: number): Promise<void> {
  try {
    const { results, errors } = await forEachNode(
      env,
      async (nodeId) => (await deviceNode(env, nodeId).metricsSnapshot()) as NodeMetrics | null,
    );
    const snapshots = results.map((r) => r.value).filter((v): v is NodeMetrics => v !== null);
    const sample = errors.length === 0 ? opsSampleOf(gaugesFromNodes(snapshots)) : null;
    const changed = unwrap(await directory(env).recordTick(at, sample));
    if (changed.opened.length || changed.resolved.length) log.warn('ops.alerts', changed);
  } catch (err) {
    log.error('ops.watch_failed', { err: String(err) });
  }
}
