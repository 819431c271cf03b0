import { directory } from '../../lib/actors';
import { OPS_ALERT_NAMES } from '../../schema/dto/operations';
import type { MetricSource } from '../middleware/metric-sources';
import type { Gauge } from '../middleware/metrics';

/**
 * The platform's own series for the alerting rules (ops/prometheus/alerts.yml) and the dashboard
 * (ops/grafana/keel.json): task runs by status, tasks failing, the last cron tick, the drift the nightly
 * reconciliation fixed, and the operational alerts firing inside the product.
 */
export const platformMetrics: MetricSource = {
  name: 'platform',
  async collect(env) {
    const m = await directory(env).opsMetrics();
    const gauges: Gauge[] = [
      {
        name: 'keel_task_runs_total',
        help: 'Finished scheduled task runs by task and status (retried: a first attempt that failed and was tried again).',
        type: 'counter',
        samples: m.taskRuns.map((r) => ({ labels: { task: r.task, status: r.status }, value: r.count })),
      },
      {
        name: 'keel_task_failing',
        help: 'Whether the latest finished run of a task failed, after its retry (1) or not (0).',
        type: 'gauge',
        samples: [...new Set([...m.taskRuns.map((r) => r.task), ...m.failingTasks])]
          .sort()
          .map((task) => ({ labels: { task }, value: m.failingTasks.includes(task) ? 1 : 0 })),
      },
      {
        name: 'keel_crm_status_drift_last_run',
        help: 'Customer statuses the latest nightly reconciliation had to fix.',
        type: 'gauge',
        samples: [{ value: m.crmDriftLastRun }],
      },
      {
        name: 'keel_crm_status_drift_fixed_total',
        help: 'Customer statuses fixed by nightly reconciliations.',
        type: 'counter',
        samples: [{ value: m.crmDriftTotal }],
      },
      {
        name: 'keel_alerts_firing',
        help: 'Operational alerts firing inside the product, by alert.',
        type: 'gauge',
        samples: OPS_ALERT_NAMES.map((alert) => ({
          labels: { alert },
          value: m.firing.filter((f) => f.alert === alert).length,
        })),
      },
    ];
    if (m.lastTickAt !== null) {
      gauges.push({
        name: 'keel_cron_last_tick_timestamp_seconds',
        help: 'When the last cron tick reached the platform (Unix seconds).',
        type: 'gauge',
        samples: [{ value: Math.floor(m.lastTickAt / 1000) }],
      });
    }
    return gauges;
  },
};
