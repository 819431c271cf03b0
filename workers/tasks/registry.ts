import type { TaskDefinition } from '../../durable-objects/directory/directory';
import type { Env } from '../../lib/env';
import { annualFeeSweep } from './annual-fee-sweep';
import { customerStatusSync } from './customer-status-sync';
import { billingReconciliation, billingRetry, deviceExpiry } from './device-billing';
import { historyRetention } from './history-retention';
import { lawyerMonthlyCredits, weeklyCreditsReset } from './legal-credits'; // legal
import { invoiceGeneration, invoiceOverdue, usageAlerts } from './platform-billing';

export interface TaskContext {
  env: Env;
  runId: string;
  /** When the run was due (cron) or started (manual), in ms since the epoch. */
  now: number;
}

export interface Task {
  name: string;
  description: string;
  cron: string;
  timezone: string;
  /** A run later than this is skipped and recorded as a misfire (SPEC F1: 1 h). */
  graceMs?: number;
  /** A run not finished within this is presumed dead, and the task may start again. */
  leaseMs?: number;
  /** How long a cron run that failed waits before its one retry (SPEC F3); 0 never retries. */
  retryDelayMs?: number;
  handler: (ctx: TaskContext) => Promise<unknown>;
}

const HOUR = 3_600_000;
/** Long enough for a peer that was restarting to be back, short enough to finish before anyone looks. */
export const TASK_RETRY_DELAY_MS = 5 * 60_000;

/** Every scheduled task, by stable name. Modules add theirs here when they land. */
export const TASKS: readonly Task[] = [
  historyRetention,
  customerStatusSync,
  annualFeeSweep,
  invoiceGeneration,
  invoiceOverdue,
  usageAlerts,
  deviceExpiry,
  billingRetry,
  billingReconciliation,
  lawyerMonthlyCredits, // legal
  weeklyCreditsReset, // legal
];

export function findTask(name: string): Task | undefined {
  return TASKS.find((t) => t.name === name);
}

export function definitionOf(task: Task): TaskDefinition {
  return {
    name: task.name,
    cron: task.cron,
    timezone: task.timezone,
    graceMs: task.graceMs ?? HOUR,
    leaseMs: task.leaseMs ?? 15 * 60_000,
    retryDelayMs: task.retryDelayMs ?? TASK_RETRY_DELAY_MS,
  };
}
