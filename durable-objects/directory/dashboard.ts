import { and, count, desc, eq, gte, inArray, isNull, lt, ne, or, type SQL, sum } from 'drizzle-orm';
import { industryOf } from '../../lib/industries';
import { addMonths, monthOf, monthStart, monthsUpTo } from '../../lib/zoned';
import * as schema from '../../schema/directory';
import type { Dashboard } from '../../schema/dto/platform-console';
import type { Db, DirectoryHost } from './host';

const { users, tenants, invoices, alerts, usageMonthly } = schema;

const MB = 1024 * 1024;

/** What the dashboard needs from the Directory: its database and the platform's time zone. */
export type PlatformDashboardHost = Pick<DirectoryHost, 'db' | 'config'>;

/** The platform console's dashboard: companies, revenue, usage and alerts, read from the Directory's tables. */
export class PlatformDashboard {
  constructor(private readonly host: PlatformDashboardHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** The console's numbers (SPEC A7) as of `now`'s month, months in the platform time zone. */
  dashboard(now: number): Dashboard {
    const tz = this.host.config().platformTimezone;
    const month = monthOf(now, tz);
    const start = monthStart(month, tz);
    const end = monthStart(addMonths(month, 1), tz);
    // Asked about a past month, "this month" means that month, not everything since it began.
    const within = (
      column: typeof tenants.createdAt | typeof invoices.paidAt | typeof invoices.invoiceDate,
    ) => and(gte(column, start), lt(column, end));
    const live = isNull(tenants.deletedAt);
    const byStatus = new Map(
      this.db
        .select({ status: tenants.subscriptionStatus, n: count() })
        .from(tenants)
        .where(live)
        .groupBy(tenants.subscriptionStatus)
        .all()
        .map((r) => [r.status, r.n]),
    );
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    const newThisMonth = this.db
      .select({ n: count() })
      .from(tenants)
      .where(and(live, within(tenants.createdAt)))
      .get()!.n;
    const money = (where: SQL | undefined) =>
      Number(
        this.db
          .select({ s: sum(invoices.totalFen) })
          .from(invoices)
          .where(where)
          .get()?.s ?? 0,
      );
    const bucket = (column: typeof tenants.industry | typeof tenants.region | typeof tenants.plan) =>
      this.db
        .select({ key: column, n: count() })
        .from(tenants)
        .where(live)
        .groupBy(column)
        .orderBy(desc(count()))
        .all()
        .map((r) => ({ key: r.key ?? 'unknown', count: r.n }));

    const months = monthsUpTo(month, 12);
    const windowStart = monthStart(months[0]!, tz);
    const bounds = months.map((m) => ({ m, from: monthStart(m, tz), to: monthStart(addMonths(m, 1), tz) }));
    const monthIndex = (ms: number) => bounds.find((b) => ms >= b.from && ms < b.to)?.m;
    const revenue = new Map(months.map((m) => [m, { paidFen: 0, billedFen: 0 }]));
    for (const i of this.db
      .select({
        total: invoices.totalFen,
        status: invoices.status,
        paidAt: invoices.paidAt,
        invoiceDate: invoices.invoiceDate,
      })
      .from(invoices)
      .where(or(gte(invoices.invoiceDate, windowStart), gte(invoices.paidAt, windowStart)))
      .all()) {
      const billedIn = monthIndex(i.invoiceDate);
      if (billedIn && i.status !== 'cancelled') revenue.get(billedIn)!.billedFen += i.total;
      const paidIn = i.status === 'paid' && i.paidAt !== null ? monthIndex(i.paidAt) : undefined;
      if (paidIn) revenue.get(paidIn)!.paidFen += i.total;
    }
    const calls = new Map(
      this.db
        .select({
          month: usageMonthly.month,
          apiCalls: sum(usageMonthly.apiCalls),
          requests: sum(usageMonthly.requests),
        })
        .from(usageMonthly)
        .where(inArray(usageMonthly.month, months))
        .groupBy(usageMonthly.month)
        .all()
        .map((r) => [r.month, { apiCalls: Number(r.apiCalls ?? 0), requests: Number(r.requests ?? 0) }]),
    );
    const storageBytes = Number(
      this.db
        .select({ s: sum(tenants.usageStorageBytes) })
        .from(tenants)
        .where(live)
        .get()?.s ?? 0,
    );
    return {
      month,
      tenants: {
        total,
        active: byStatus.get('active') ?? 0,
        trial: byStatus.get('trial') ?? 0,
        suspended: byStatus.get('suspended') ?? 0,
        expired: byStatus.get('expired') ?? 0,
        cancelled: byStatus.get('cancelled') ?? 0,
        newThisMonth,
      },
      revenue: {
        thisMonthFen: money(and(eq(invoices.status, 'paid'), within(invoices.paidAt))),
        billedThisMonthFen: money(and(ne(invoices.status, 'cancelled'), within(invoices.invoiceDate))),
        outstandingFen: money(inArray(invoices.status, ['pending', 'overdue'])),
        overdueFen: money(eq(invoices.status, 'overdue')),
      },
      byIndustry: byIndustry(bucket(tenants.industry)),
      byRegion: bucket(tenants.region),
      byPlan: bucket(tenants.plan),
      users: {
        total: this.db.select({ n: count() }).from(users).get()!.n,
        active: this.db.select({ n: count() }).from(users).where(eq(users.status, 'active')).get()!.n,
      },
      storage: { totalMB: Math.ceil(storageBytes / MB) },
      revenueByMonth: months.map((m) => ({ month: m, ...revenue.get(m)! })),
      apiCallsByMonth: months.map((m) => ({
        month: m,
        apiCalls: calls.get(m)?.apiCalls ?? 0,
        requests: calls.get(m)?.requests ?? 0,
      })),
      alertsThisMonth: this.db.select({ n: count() }).from(alerts).where(gte(alerts.createdAt, start)).get()!
        .n,
    };
  }
}

/** Counts by stored industry, merged by the industry each names (older free text included), most first. */
function byIndustry(buckets: { key: string; count: number }[]): { key: string; count: number }[] {
  const merged = new Map<string, number>();
  for (const { key, count } of buckets) {
    const code = key === 'unknown' ? 'unknown' : (industryOf(key) ?? 'unknown');
    merged.set(code, (merged.get(code) ?? 0) + count);
  }
  return [...merged].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}
