import { sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { Outcome } from '../../../lib/errors';
import { toOutcome } from '../../../lib/errors';
import { iso } from '../../../lib/iso';
import { monthOf, monthsUpTo } from '../../../lib/zoned';
import {
  ENTERPRISE_PACKAGES,
  type EnterpriseAccount,
  type EnterpriseAnalytics,
  type EnterprisePackageCode,
  NO_SUCCESS_PROMISE,
} from '../../../schema/dto/legal-enterprise';
import * as schema from '../../../schema/legal-client';
import type { CollectionStats } from './collection-stats';
import {
  type AllowanceView,
  addFigures,
  allowanceView,
  type CollectionFigures,
  metricsOf,
  NO_FIGURES,
  recommendationsFor,
  takeAllowance,
} from './enterprise-rules';

const { enterprise, caseAllowanceUse, client } = schema;
const PLATFORM_FIGURES_TTL_MS = 30_000;
type Db = DrizzleSqliteDODatabase<typeof schema>;

/** The company as its tenant actor vouches for it, after the access check with the `legal` module. */
export interface CompanyFacts {
  tenantId: string;
  code: string;
  name: string;
  timeZone: string;
}

/**
 * The marketplace client actor of a company is named by the company's id (`cmp_…`), which never meets a
 * person's (`usr_…`); the backup catalog finds these actors by the Directory's `tenants.id`.
 */
export const enterpriseClientId = (tenantId: string) => tenantId;

export interface EnterpriseHost {
  db: Db;
  now(): number;
  tx<T>(fn: () => T): T;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  stats: CollectionStats;
  /** The platform's statistics, read from the platform's actor. */
  platformFigures(months: string[]): Promise<CollectionFigures[]>;
}

/**
 * A company as an enterprise client (SPEC D11), in the marketplace client actor named by the company:
 * its package (plan data, set by a platform admin), the month's case allowance its uploads take from,
 * and its analytics, read from the statistics its cases keep.
 */
export class Enterprise {
  constructor(private readonly host: EnterpriseHost) {}

  /** The platform's figures last read, kept a little while: an average need not be to the second. */
  private platformRead: { key: string; at: number; figures: CollectionFigures[] } | undefined;

  private async platformFigures(months: string[]): Promise<CollectionFigures[]> {
    const key = months.join(',');
    const now = this.host.now();
    const kept = this.platformRead;
    if (kept && kept.key === key && now - kept.at < PLATFORM_FIGURES_TTL_MS) return kept.figures;
    const figures = await this.host.platformFigures(months);
    this.platformRead = { key, at: now, figures };
    return figures;
  }

  private get db(): Db {
    return this.host.db;
  }

  private row() {
    return this.db.select().from(enterprise).get();
  }

  /** Makes this actor the company's workspace on its first call; keeps its code and time zone current. */
  open(company: CompanyFacts): void {
    const row = this.row();
    if (row && row.code === company.code && row.timeZone === company.timeZone) return;
    this.host.tx(() => {
      const now = this.host.now();
      this.db
        .insert(client)
        .values({
          id: 1,
          userId: enterpriseClientId(company.tenantId),
          workspaceId: company.tenantId,
          name: company.name,
          email: '',
          createdAt: now,
        })
        .onConflictDoNothing()
        .run();
      this.db
        .insert(enterprise)
        .values({ id: 1, tenantId: company.tenantId, code: company.code, timeZone: company.timeZone })
        .onConflictDoUpdate({
          target: enterprise.id,
          set: { code: company.code, timeZone: company.timeZone },
        })
        .run();
    });
  }

  /** The business month now, in the company's time zone. */
  month(): string {
    return monthOf(this.host.now(), this.row()!.timeZone);
  }

  private allowance(): AllowanceView {
    const month = this.month();
    const used = this.db
      .select()
      .from(caseAllowanceUse)
      .where(sql`${caseAllowanceUse.month} = ${month}`)
      .get();
    return allowanceView({
      package: (this.row()!.package as EnterprisePackageCode | null) ?? null,
      month,
      used: used?.used ?? 0,
    });
  }

  /** An upload of `cases` takes them from the month's allowance, or 402 with the counts; inside its transaction. */
  takeForBatch(cases: number): AllowanceView {
    const after = takeAllowance(this.allowance(), cases);
    this.db
      .insert(caseAllowanceUse)
      .values({ month: after.month, used: after.used })
      .onConflictDoUpdate({ target: caseAllowanceUse.month, set: { used: after.used } })
      .run();
    return allowanceView(after);
  }

  view(company: CompanyFacts): Outcome<EnterpriseAccount> {
    return toOutcome(() => {
      this.open(company);
      const row = this.row()!;
      return {
        tenantId: row.tenantId,
        code: row.code,
        timeZone: row.timeZone,
        package: row.package ? ENTERPRISE_PACKAGES[row.package as EnterprisePackageCode] : null,
        packageSetAt: iso(row.packageSetAt),
        allowance: this.allowance(),
      };
    });
  }

  setPackage(
    company: CompanyFacts,
    code: EnterprisePackageCode | null,
    adminId: string,
  ): Promise<Outcome<EnterpriseAccount>> {
    this.open(company);
    return this.host
      .write(() => {
        this.db
          .update(enterprise)
          .set({ package: code, packageSetAt: this.host.now(), packageSetBy: adminId })
          .run();
      })
      .then((done) => (done.ok ? this.view(company) : done));
  }

  /** D11: the company's figures beside the platform's, month by month, read from kept statistics. */
  async analytics(company: CompanyFacts, months: number): Promise<Outcome<EnterpriseAnalytics>> {
    this.open(company);
    const range = monthsUpTo(this.month(), months);
    const own = this.host.stats.figures(range);
    const platform = await this.platformFigures(range);
    const ownTotal = own.reduce(addFigures, NO_FIGURES);
    const platformTotal = platform.reduce(addFigures, NO_FIGURES);
    const company_ = metricsOf(ownTotal);
    const platformAverage = metricsOf(platformTotal);
    return {
      ok: true,
      value: {
        companyName: company.name,
        months,
        from: range[0]!,
        to: range[range.length - 1]!,
        company: company_,
        platformAverage,
        satisfaction: null,
        trend: range.map((month, i) => ({
          month,
          company: metricsOf(own[i]!),
          platformAverage: metricsOf(platform[i]!),
        })),
        recommendations: recommendationsFor(company_, platformAverage),
        disclaimer: NO_SUCCESS_PROMISE,
      },
    };
  }
}
