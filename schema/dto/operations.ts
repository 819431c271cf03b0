import { z } from '@hono/zod-openapi';
import { IsoTime, listOf, PageQuery } from './common';
import { Dashboard } from './platform-console';

/** The platform's operational alerts (SPEC B8, G6) as the console and the API show them. */

export const OPS_ALERT_NAMES = [
  'BillingReportFailureRateHigh',
  'BillingErrorsHigh',
  'TaskFailed',
  'CrmDriftHigh',
  'CronStalled',
  'OutboxGrowing',
] as const;

export const Incident = z
  .object({
    id: z.string(),
    /** One incident per condition at a time; a failing task is a condition of its own (`task-failed:{task}`). */
    key: z.string(),
    alert: z.string().openapi({ example: 'TaskFailed' }),
    status: z.enum(['firing', 'resolved']),
    summary: z.object({ zh: z.string(), en: z.string() }),
    detail: z.record(z.string(), z.union([z.string(), z.number()])),
    openedAt: IsoTime,
    resolvedAt: IsoTime.nullable(),
  })
  .openapi('Incident');
export type Incident = z.infer<typeof Incident>;
export const IncidentList = listOf(Incident, 'IncidentList');

export const IncidentQuery = PageQuery.extend({
  status: z.enum(['firing', 'resolved']).optional(),
  alert: z.enum(OPS_ALERT_NAMES).optional(),
});
export type IncidentQuery = z.infer<typeof IncidentQuery>;

/** What the Directory tells `/metrics` of tasks, ticks, drift and alerts (crosses RPC as plain data). */
export interface OpsMetrics {
  taskRuns: { task: string; status: string; count: number }[];
  failingTasks: string[];
  lastTickAt: number | null;
  crmDriftLastRun: number;
  crmDriftTotal: number;
  firing: { alert: string; key: string }[];
}

/** The console's dashboard with the operational alerts firing now. */
export const DashboardWithAlerts = Dashboard.extend({
  /** Operational alerts firing now (the full history: GET /api/admin/incidents). */
  alerts: z.array(Incident),
}).openapi('DashboardWithAlerts');
