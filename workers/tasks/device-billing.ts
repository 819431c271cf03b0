import type { ReconcileReport } from '../../durable-objects/device-node/node-types';
import { deviceNode } from '../../lib/actors';
import { forEachNode } from '../devices/nodes';
import type { Task } from './registry';

/** SPEC E6: every allocation ends at its expiry by its own alarm; this 5-minute sweep catches any that did not. */
export const deviceExpiry: Task = {
  name: 'device-expiry',
  description: 'Releases allocations past their expiry whose alarm has not (safety net)',
  cron: '*/5 * * * *',
  timezone: 'Asia/Shanghai',
  graceMs: 5 * 60_000,
  leaseMs: 5 * 60_000,
  async handler({ env }) {
    const { results, errors } = await forEachNode(env, async (nodeId) => deviceNode(env, nodeId).expireDue());
    return { nodes: results.length, expired: results.reduce((n, r) => n + r.value.expired, 0), errors };
  },
};

/** SPEC E5: usage reports are retried by each node's alarm; this 15-minute sweep delivers whatever is due. */
export const billingRetry: Task = {
  name: 'billing-retry',
  description: 'Delivers due usage reports from every node’s outbox (safety net behind the alarms)',
  cron: '*/15 * * * *',
  timezone: 'Asia/Shanghai',
  graceMs: 15 * 60_000,
  async handler({ env }) {
    const { results, errors } = await forEachNode(env, async (nodeId) =>
      deviceNode(env, nodeId).retryUsageReports(),
    );
    return {
      nodes: results.length,
      pending: results.reduce((n, r) => n + r.value.pending, 0),
      deadLetters: results.reduce((n, r) => n + r.value.dead, 0),
      errors,
    };
  },
};

/** SPEC E5: every release must have its usage record at billing; gaps are repaired, dead letters reported. */
export const billingReconciliation: Task = {
  name: 'billing-reconciliation',
  description: 'Compares releases with usage records at billing; repairs gaps and reports dead letters',
  cron: '30 2 * * *',
  timezone: 'Asia/Shanghai',
  leaseMs: 30 * 60_000,
  async handler({ env }) {
    const { results, errors } = await forEachNode(
      env,
      async (nodeId) => (await deviceNode(env, nodeId).reconcile()) as ReconcileReport,
    );
    const reports = results.map((r) => r.value);
    return {
      nodes: reports.length,
      checked: reports.reduce((n, r) => n + r.checked, 0),
      reconciled: reports.reduce((n, r) => n + r.reconciled, 0),
      repaired: reports.reduce(
        (n, r) => n + r.repaired.missingReport.length + r.repaired.missingAtBilling.length,
        0,
      ),
      inFlight: reports.reduce((n, r) => n + r.inFlight, 0),
      deadLettered: reports.reduce((n, r) => n + r.deadLettered.length, 0),
      tenantMessagesRequeued: reports.reduce((n, r) => n + r.tenantMessagesRequeued, 0),
      details: reports.filter(
        (r) => r.repaired.missingReport.length || r.repaired.missingAtBilling.length || r.deadLettered.length,
      ),
      errors,
    };
  },
};
