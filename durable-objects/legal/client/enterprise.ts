import { eq, sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { iso } from '../../../lib/iso';
import { dateOf, monthOf, monthsUpTo } from '../../../lib/zoned';
import type { DocumentTemplate } from '../../../schema/dto/legal-catalog';
import {
  ENTERPRISE_PACKAGES,
  type EnterpriseAccount,
  type EnterpriseAnalytics,
  type EnterpriseDocumentAnswer,
  type EnterprisePackageCode,
  NO_SUCCESS_PROMISE,
} from '../../../schema/dto/legal-enterprise';
import type { PaymentOrder } from '../../../schema/dto/payments';
import * as schema from '../../../schema/legal-client';
import { checkCredits, draftDocument } from '../../lawyer/documents';
import { view as orderView, type PaymentOrderRow, type PaymentOrders } from '../../payments/orders';
import type { CollectionStats } from './collection-stats';
import { DEBT_AREA, debtDescription } from './debt-rows';
import {
  type AllowanceView,
  addFigures,
  allowanceView,
  type CollectionFigures,
  metricsOf,
  NO_FIGURES,
  packageInForce,
  paidUntilAfter,
  recommendationsFor,
  takeAllowance,
} from './enterprise-rules';

export const PACKAGE_PURPOSE = 'legal_enterprise_package';

const { enterprise, caseAllowanceUse, client, aiCreditUse, aiCreditSpend, batchCases } = schema;
const PLATFORM_FIGURES_TTL_MS = 30_000;
type Db = DrizzleSqliteDODatabase<typeof schema>;

/** The company as its tenant actor vouches for it, after the access check with the `legal` module. */
export interface CompanyFacts {
  tenantId: string;
  code: string;
  name: string;
  timeZone: string;
  /** The Directory's industry code, where the caller looked it up (kept for the report's benchmark). */
  industry?: string | null;
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
  /** The sums of the companies in one industry, read from that industry's statistics actor. */
  industryFigures(industry: string, months: string[]): Promise<CollectionFigures[]>;
  payments: PaymentOrders;
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
    const industry = company.industry === undefined ? (row?.industry ?? null) : company.industry;
    if (row && row.code === company.code && row.timeZone === company.timeZone && row.industry === industry)
      return;
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
        .values({
          id: 1,
          tenantId: company.tenantId,
          code: company.code,
          timeZone: company.timeZone,
          industry,
        })
        .onConflictDoUpdate({
          target: enterprise.id,
          set: { code: company.code, timeZone: company.timeZone, industry },
        })
        .run();
    });
  }

  /** The business month now, in the company's time zone. */
  month(): string {
    return monthOf(this.host.now(), this.row()!.timeZone);
  }

  /** The package that applies now: an admin's until changed, a bought one until its paid time ends. */
  private activePackage(): EnterprisePackageCode | null {
    const row = this.row();
    if (!row) return null;
    return packageInForce(row.package as EnterprisePackageCode | null, row.packagePaidUntil, this.host.now());
  }

  /** Hours a lawyer has to take a case of this company, or null (a person's actor, or no package). */
  slaHours(): number | null {
    const code = this.activePackage();
    return code ? ENTERPRISE_PACKAGES[code].slaHours : null;
  }

  private allowance(): AllowanceView {
    const month = this.month();
    const used = this.db
      .select()
      .from(caseAllowanceUse)
      .where(sql`${caseAllowanceUse.month} = ${month}`)
      .get();
    return allowanceView({
      package: this.activePackage(),
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

  /** The package's AI credits this business month and how many the company's drafts took. */
  private aiCredits(): { month: string; included: number; used: number; remaining: number } {
    const month = this.month();
    const active = this.activePackage();
    const included = active ? ENTERPRISE_PACKAGES[active].aiCreditsIncluded : 0;
    const used =
      this.db.select().from(aiCreditUse).where(sql`${aiCreditUse.month} = ${month}`).get()?.used ?? 0;
    return { month, included, used, remaining: Math.max(0, included - used) };
  }

  /**
   * A member drafts a document for one of the company's batch cases with the lawyers' template; it costs
   * the template's AI credits from the package's amount for the month (402 with cost and what is left),
   * counted with one spending entry in the same transaction.
   */
  draftDocument(
    company: CompanyFacts,
    caseId: string,
    template: DocumentTemplate,
    memberId: string,
  ): Promise<Outcome<EnterpriseDocumentAnswer>> {
    this.open(company);
    return this.host.write(() => {
      if (!this.activePackage())
        throw new AppError(
          403,
          'NO_ENTERPRISE_PACKAGE',
          'the company has no enterprise package, so no AI credits',
        );
      const debt = this.db.select().from(batchCases).where(eq(batchCases.id, caseId)).get();
      if (!debt) throw new AppError(404, 'CASE_NOT_FOUND', 'no case of this company has that id');
      const { month, included, used, remaining } = this.aiCredits();
      const cost = checkCredits(template, remaining);
      const now = this.host.now();
      this.db
        .insert(aiCreditUse)
        .values({ month, used: used + cost })
        .onConflictDoUpdate({ target: aiCreditUse.month, set: { used: used + cost } })
        .run();
      this.db
        .insert(aiCreditSpend)
        .values({ at: now, month, credits: cost, usedAfter: used + cost, template, caseId, memberId })
        .run();
      const document = draftDocument(template, {
        caseId,
        caseType: 'debt_collection',
        practiceArea: DEBT_AREA,
        amountFen: debt.amountFen,
        description: debtDescription({ ...debt, idNumber: debt.debtorIdNumber }),
        lawyerName: company.name,
        lawFirm: company.name,
        header: null,
        date: dateOf(now, company.timeZone),
        debtor: { name: debt.debtorName, dueDate: debt.dueDate },
      });
      return { document, credits: { cost, used: used + cost, included, remaining: remaining - cost } };
    });
  }

  view(company: CompanyFacts): Outcome<EnterpriseAccount> {
    return toOutcome(() => {
      this.open(company);
      const row = this.row()!;
      const active = this.activePackage();
      return {
        tenantId: row.tenantId,
        code: row.code,
        timeZone: row.timeZone,
        package: active ? ENTERPRISE_PACKAGES[active] : null,
        packageSetAt: iso(row.packageSetAt),
        packagePaidUntil: iso(row.packagePaidUntil),
        industry: row.industry,
        allowance: this.allowance(),
        aiCreditsIncluded: active ? ENTERPRISE_PACKAGES[active].aiCreditsIncluded : 0,
        aiCreditsRemaining: this.aiCredits().remaining,
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
          .set({
            package: code,
            packageSetAt: this.host.now(),
            packageSetBy: adminId,
            packagePaidUntil: null,
          })
          .run();
      })
      .then((done) => (done.ok ? this.view(company) : done));
  }

  /** A member buys a package: a payment order for one month of it; it applies once paid. */
  purchase(
    company: CompanyFacts,
    code: EnterprisePackageCode,
    buyerId: string,
  ): Promise<Outcome<PaymentOrder>> {
    this.open(company);
    return this.host.write(() => {
      const terms = ENTERPRISE_PACKAGES[code];
      const order = this.host.payments.create({
        purpose: PACKAGE_PURPOSE,
        subject: { package: code },
        description: `${terms.nameZh}（一个月） ${terms.nameEn} (one month)`,
        ownerUserId: buyerId,
        amountFen: terms.monthlyFeeFen,
      });
      return orderView(order);
    });
  }

  /**
   * The order for a package is paid (inside the transaction that marks it so): the package applies
   * from now for a month; the same package bought again adds a month to the time left.
   */
  applyPurchase(order: PaymentOrderRow): void {
    const row = this.row();
    if (!row)
      throw new AppError(
        409,
        'NO_ENTERPRISE',
        `payment ${order.id} is for a company this actor does not serve`,
      );
    const code = (order.subject as { package: EnterprisePackageCode }).package;
    const now = this.host.now();
    const paidUntil = paidUntilAfter(
      { package: row.package as EnterprisePackageCode | null, paidUntil: row.packagePaidUntil },
      code,
      now,
    );
    this.db
      .update(enterprise)
      .set({ package: code, packageSetAt: now, packageSetBy: order.ownerUserId, packagePaidUntil: paidUntil })
      .run();
  }

  /** D11: the company's figures beside the platform's, month by month, read from kept statistics. */
  async analytics(company: CompanyFacts, months: number): Promise<Outcome<EnterpriseAnalytics>> {
    this.open(company);
    const range = monthsUpTo(this.month(), months);
    const own = this.host.stats.figures(range);
    const platform = await this.platformFigures(range);
    const ownTotal = own.reduce(addFigures, NO_FIGURES);
    const platformTotal = platform.reduce(addFigures, NO_FIGURES);
    const industry = this.row()!.industry;
    const benchmark = industry
      ? metricsOf((await this.host.industryFigures(industry, range)).reduce(addFigures, NO_FIGURES))
      : null;
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
        industry,
        industryBenchmark: benchmark,
        satisfaction: null,
        trend: range.map((month, i) => ({
          month,
          company: metricsOf(own[i]!),
          platformAverage: metricsOf(platform[i]!),
        })),
        recommendations: recommendationsFor(company_, platformAverage),
        aiCreditsRemaining: this.aiCredits().remaining,
        disclaimer: NO_SUCCESS_PROMISE,
      },
    };
  }
}
