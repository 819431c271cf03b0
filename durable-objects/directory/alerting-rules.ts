import type { OPS_ALERT_NAMES } from '../../schema/dto/operations';

/**
 * The platform's operational alerts (SPEC B8, G6), pure: which conditions hold now. The same conditions
 * ship as Prometheus alerting rules (ops/prometheus/alerts.yml, thresholds checked against these
 * constants by a test); inside the product the Directory evaluates them on every minute tick and mails the
 * platform administrators when one starts and when it ends.
 *
 * Counters come as samples of their sum over all device nodes, one per tick. An increase over a window is
 * what they grew by since the last sample at or before the window's start (or the first sample, when there
 * is less history), a drop (a node gone, counters reset) counting as a restart from zero, as Prometheus'
 * `increase` does.
 */

export const OPS_THRESHOLDS = {
  /** Billing reports that failed, as a share of all attempts… */
  billingFailureRatio: 0.1,
  /** …over this window. */
  billingFailureWindowMs: 5 * 60_000,
  /** More billing errors than this… */
  billingErrors: 10,
  /** …within this window. */
  billingErrorsWindowMs: 60 * 60_000,
  /** More customer statuses fixed than this by one nightly reconciliation. */
  crmDrift: 10,
  /** No cron tick for this long. */
  cronSilenceMs: 5 * 60_000,
  /** The usage outbox never empty and deeper than it was this long ago. */
  outboxGrowthMs: 15 * 60_000,
} as const;

export type OpsAlert = (typeof OPS_ALERT_NAMES)[number];

/** One minute's view of the billing counters and the usage outbox, summed over the nodes. */
export interface OpsSample {
  at: number;
  billingSuccess: number;
  billingFailure: number;
  billingErrors: number;
  outboxPending: number;
}

export interface OpsState {
  now: number;
  /** Samples in time order; later ones than `now` are ignored. */
  samples: readonly OpsSample[];
  lastTickAt: number | null;
  /** Tasks whose latest finished run failed (after its retry). */
  failingTasks: readonly string[];
  /** Customers the latest nightly reconciliation had to fix; null before it ever ran. */
  crmDriftLastRun: number | null;
}

export interface Firing {
  /** One incident per key: a task failing is one per task. */
  key: string;
  alert: OpsAlert;
  zh: string;
  en: string;
  detail: Record<string, number | string>;
}

type Counter = 'billingSuccess' | 'billingFailure' | 'billingErrors';

/**
 * What a counter grew by over `windowMs` before `now`: since the last sample at or before the window's
 * start, or since the first sample when the history is shorter than the window; null without samples.
 */
export function increase(
  samples: readonly OpsSample[],
  counter: Counter,
  now: number,
  windowMs: number,
): number | null {
  const seen = samples.filter((s) => s.at <= now);
  if (seen.length === 0) return null;
  const baseline = Math.max(
    0,
    seen.findLastIndex((s) => s.at <= now - windowMs),
  );
  let grown = 0;
  for (let i = baseline + 1; i < seen.length; i++) {
    const before = seen[i - 1]![counter];
    const after = seen[i]![counter];
    grown += after >= before ? after - before : after;
  }
  return grown;
}

/** The outbox held something at every sample of the window and is deeper now than at its start. */
export function outboxGrowing(samples: readonly OpsSample[], now: number, windowMs: number): boolean {
  const seen = samples.filter((s) => s.at <= now);
  const baseline = seen.findLastIndex((s) => s.at <= now - windowMs);
  if (baseline < 0) return false;
  const window = seen.slice(baseline);
  return window.every((s) => s.outboxPending > 0) && window.at(-1)!.outboxPending > window[0]!.outboxPending;
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

/** Every condition that holds at `state.now`. */
export function firingConditions(state: OpsState, t = OPS_THRESHOLDS): Firing[] {
  const firing: Firing[] = [];
  const failed = increase(state.samples, 'billingFailure', state.now, t.billingFailureWindowMs);
  const succeeded = increase(state.samples, 'billingSuccess', state.now, t.billingFailureWindowMs);
  if (failed !== null && succeeded !== null && failed + succeeded > 0) {
    const ratio = failed / (failed + succeeded);
    if (ratio > t.billingFailureRatio) {
      firing.push({
        key: 'billing-failure-rate',
        alert: 'BillingReportFailureRateHigh',
        zh: `计费上报失败率 ${percent(ratio)}（5 分钟内 ${failed}/${failed + succeeded}），计费服务可能不可用。`,
        en: `billing report failure rate ${percent(ratio)} over 5 minutes (${failed} of ${failed + succeeded}): billing may be unavailable`,
        detail: { failed, attempts: failed + succeeded },
      });
    }
  }
  const errors = increase(state.samples, 'billingErrors', state.now, t.billingErrorsWindowMs);
  if (errors !== null && errors > t.billingErrors) {
    firing.push({
      key: 'billing-errors',
      alert: 'BillingErrorsHigh',
      zh: `一小时内计费错误 ${errors} 次，可能丢失计费数据，需要人工处理。`,
      en: `${errors} billing errors within an hour: usage may be at risk, look at the outbox and dead letters`,
      detail: { errors },
    });
  }
  for (const task of [...state.failingTasks].sort()) {
    firing.push({
      key: `task-failed:${task}`,
      alert: 'TaskFailed',
      zh: `定时任务 ${task} 执行失败（已重试）。`,
      en: `scheduled task ${task} failed, its retry too`,
      detail: { task },
    });
  }
  if (state.crmDriftLastRun !== null && state.crmDriftLastRun > t.crmDrift) {
    firing.push({
      key: 'crm-drift',
      alert: 'CrmDriftHigh',
      zh: `夜间对账修正了 ${state.crmDriftLastRun} 个客户状态，超过阈值 ${t.crmDrift}。`,
      en: `the nightly reconciliation fixed ${state.crmDriftLastRun} customer statuses, more than ${t.crmDrift}`,
      detail: { fixed: state.crmDriftLastRun },
    });
  }
  if (state.lastTickAt !== null && state.now - state.lastTickAt > t.cronSilenceMs) {
    const minutes = Math.floor((state.now - state.lastTickAt) / 60_000);
    firing.push({
      key: 'cron-stalled',
      alert: 'CronStalled',
      zh: `已有 ${minutes} 分钟没有收到定时触发，定时任务没有运行。`,
      en: `no cron tick for ${minutes} minutes: scheduled tasks are not running`,
      detail: { lastTickAt: new Date(state.lastTickAt).toISOString() },
    });
  }
  if (outboxGrowing(state.samples, state.now, t.outboxGrowthMs)) {
    const depth = state.samples.filter((s) => s.at <= state.now).at(-1)!.outboxPending;
    firing.push({
      key: 'outbox-growing',
      alert: 'OutboxGrowing',
      zh: `计费发件箱已连续 15 分钟增长（当前 ${depth} 条待发送）。`,
      en: `the usage outbox has grown for 15 minutes (${depth} waiting)`,
      detail: { pending: depth },
    });
  }
  return firing;
}
