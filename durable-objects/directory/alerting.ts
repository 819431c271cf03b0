import { and, asc, count, desc, eq, inArray, like, lt, type SQL, sql } from 'drizzle-orm';
import { unwrap } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { Incident, IncidentQuery, OpsMetrics } from '../../schema/dto/operations';
import { newestWrittenFirst } from '../write-order';
import { staffAddresses } from './admin-notices';
import { type Firing, firingConditions, OPS_THRESHOLDS, type OpsSample } from './alerting-rules';
import type { Db, DirectoryHost } from './host';

const { opsSamples, opsIncidents, counters, taskRuns } = schema;
type IncidentRow = typeof opsIncidents.$inferSelect;

export const OPS_WATCHDOG_JOB = 'ops.watchdog';
const LAST_TICK = 'ops:last_tick';
const CRM_DRIFT_LAST = 'crm_drift:last_run';
const CRM_DRIFT_TOTAL = 'crm_drift:total';
const TASK_RUNS = 'task_runs:';
/** Samples are kept for the longest window a condition looks at, and a little more. */
const SAMPLES_KEPT_MS = OPS_THRESHOLDS.billingErrorsWindowMs + 10 * 60_000;

/** What the alerts need from the Directory: its storage, an alarm for the watchdog, mail and the support address. */
export type OpsAlertsHost = Pick<DirectoryHost, 'db' | 'now' | 'write' | 'schedule' | 'queueMail' | 'config'>;

/**
 * The operational alerts inside the product (SPEC B8, G6): each cron tick brings a sample of the billing
 * counters and the outbox and the conditions of alerting-rules.ts are evaluated; an incident opens when one
 * starts holding and is resolved when it stops, and the platform administrators are mailed at both ends,
 * once each. A watchdog alarm, pushed back by every tick, notices when the ticks stop.
 */
export class OpsAlerts {
  constructor(private readonly host: OpsAlertsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** A cron tick at `at`: remembers it, keeps the sample (none when not every node answered), evaluates. */
  async recordTick(at: number, sample: Omit<OpsSample, 'at'> | null) {
    return this.host.write(() => {
      this.setCounter(LAST_TICK, sql`max(${counters.value}, ${at})`, at);
      if (sample) {
        this.db
          .insert(opsSamples)
          .values({ at, ...sample })
          .onConflictDoUpdate({ target: opsSamples.at, set: sample })
          .run();
      }
      this.db
        .delete(opsSamples)
        .where(lt(opsSamples.at, at - SAMPLES_KEPT_MS))
        .run();
      this.host.schedule(
        OPS_WATCHDOG_JOB,
        '',
        Math.max(at, this.host.now()) + OPS_THRESHOLDS.cronSilenceMs + 1_000,
      );
      return this.evaluate(at);
    });
  }

  /** The watchdog's alarm: the ticks stopped (or it is early, and nothing changes). */
  async watchdog(): Promise<void> {
    unwrap(await this.host.write(() => this.evaluate(this.host.now())));
  }

  /** The customers a nightly reconciliation fixed: the drift of that run. */
  async recordCrmDrift(fixed: number) {
    return this.host.write(() => {
      this.setCounter(CRM_DRIFT_LAST, sql`${fixed}`, fixed);
      this.setCounter(CRM_DRIFT_TOTAL, sql`${counters.value} + ${fixed}`, fixed);
      return null;
    });
  }

  /** Counts a finished task run by status; called in the transaction that records it. */
  countTaskRun(task: string, status: string): void {
    this.setCounter(`${TASK_RUNS}${task}:${status}`, sql`${counters.value} + 1`, 1);
  }

  /** Opens an incident for each condition that started holding and resolves each that stopped. */
  private evaluate(now: number): { opened: string[]; resolved: string[] } {
    const firing = firingConditions({
      now,
      samples: this.db.select().from(opsSamples).orderBy(asc(opsSamples.at)).all(),
      lastTickAt: this.counter(LAST_TICK),
      failingTasks: this.failingTasks(),
      crmDriftLastRun: this.counter(CRM_DRIFT_LAST),
    });
    const open = this.db.select().from(opsIncidents).where(eq(opsIncidents.status, 'firing')).all();
    const opened = firing.filter((f) => !open.some((o) => o.key === f.key));
    const resolved = open.filter((o) => !firing.some((f) => f.key === o.key));
    for (const f of opened) this.open(f, now);
    for (const o of resolved) this.resolve(o, now);
    return { opened: opened.map((f) => f.key), resolved: resolved.map((o) => o.key) };
  }

  private open(f: Firing, now: number): void {
    const row = this.db
      .insert(opsIncidents)
      .values({
        id: newId('inc'),
        key: f.key,
        alert: f.alert,
        status: 'firing',
        summaryZh: f.zh,
        summaryEn: f.en,
        detail: f.detail,
        openedAt: now,
      })
      .returning()
      .get();
    this.mailAdmins({
      kind: 'ops.alert',
      subject: `【告警 ALERT】${row.alert}: ${row.summaryEn}`,
      text: `${row.summaryZh}\n${row.summaryEn}\n\n开始于 Since ${iso(now)}`,
    });
  }

  private resolve(o: IncidentRow, now: number): void {
    this.db
      .update(opsIncidents)
      .set({ status: 'resolved', resolvedAt: now })
      .where(eq(opsIncidents.id, o.id))
      .run();
    this.mailAdmins({
      kind: 'ops.resolved',
      subject: `【恢复 RESOLVED】${o.alert}: ${o.summaryEn}`,
      text: `已恢复：${o.summaryZh}\nResolved: ${o.summaryEn}\n\n${iso(o.openedAt)} – ${iso(now)}`,
    });
  }

  private mailAdmins(content: { kind: string; subject: string; text: string }): void {
    for (const address of staffAddresses(this.db, this.host.config().supportEmail))
      this.host.queueMail(address, content);
  }

  /** Tasks whose latest finished run failed, after its retry: `retried` and `skipped` runs decide nothing. */
  private failingTasks(): string[] {
    const latest = this.db
      .select({ task: taskRuns.task, startedAt: sql<number>`max(${taskRuns.startedAt})`.as('latest') })
      .from(taskRuns)
      .where(inArray(taskRuns.status, ['succeeded', 'failed']))
      .groupBy(taskRuns.task)
      .as('latest');
    return this.db
      .select({ task: taskRuns.task })
      .from(taskRuns)
      .innerJoin(latest, and(eq(latest.task, taskRuns.task), eq(latest.startedAt, taskRuns.startedAt)))
      .where(eq(taskRuns.status, 'failed'))
      .all()
      .map((r) => r.task);
  }

  metrics(): OpsMetrics {
    const taskRunCounts = this.db
      .select()
      .from(counters)
      .where(like(counters.name, `${TASK_RUNS}%`))
      .all()
      .map((c) => {
        const [task, status] = splitLast(c.name.slice(TASK_RUNS.length));
        return { task, status, count: c.value };
      });
    return {
      taskRuns: taskRunCounts,
      failingTasks: this.failingTasks(),
      lastTickAt: this.counter(LAST_TICK),
      crmDriftLastRun: this.counter(CRM_DRIFT_LAST) ?? 0,
      crmDriftTotal: this.counter(CRM_DRIFT_TOTAL) ?? 0,
      firing: this.firingIncidents().map((i) => ({ alert: i.alert, key: i.key })),
    };
  }

  firingIncidents(): Incident[] {
    return this.db
      .select()
      .from(opsIncidents)
      .where(eq(opsIncidents.status, 'firing'))
      .orderBy(desc(opsIncidents.openedAt), newestWrittenFirst(opsIncidents))
      .all()
      .map(incidentView);
  }

  listIncidents(query: IncidentQuery): Page<Incident> {
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(opsIncidents.status, query.status));
    if (query.alert) filters.push(eq(opsIncidents.alert, query.alert));
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(opsIncidents).where(where).get()!.n;
    const items = this.db
      .select()
      .from(opsIncidents)
      .where(where)
      .orderBy(desc(opsIncidents.openedAt), newestWrittenFirst(opsIncidents))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all()
      .map(incidentView);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  private counter(name: string): number | null {
    return (
      this.db.select({ value: counters.value }).from(counters).where(eq(counters.name, name)).get()?.value ??
      null
    );
  }

  private setCounter(name: string, update: SQL, initial: number): void {
    this.db
      .insert(counters)
      .values({ name, value: initial })
      .onConflictDoUpdate({ target: counters.name, set: { value: update } })
      .run();
  }
}

/** `task:status` where the task's name may itself hold colons. */
function splitLast(name: string): [string, string] {
  const at = name.lastIndexOf(':');
  return [name.slice(0, at), name.slice(at + 1)];
}

function incidentView(row: IncidentRow): Incident {
  return {
    id: row.id,
    key: row.key,
    alert: row.alert,
    status: row.status,
    summary: { zh: row.summaryZh, en: row.summaryEn },
    detail: (row.detail ?? {}) as Record<string, string | number>,
    openedAt: iso(row.openedAt)!,
    resolvedAt: iso(row.resolvedAt),
  };
}
