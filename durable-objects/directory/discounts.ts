import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { AppError, fieldError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type {
  CompanyDiscounts,
  DiscountRuleCreate,
  DiscountRuleUpdate,
  DiscountRuleView,
} from '../../schema/dto/self-service';
import { CYCLE_MONTHS } from './billing';
import {
  type Credit,
  type DiscountRule,
  monthValue,
  NEGOTIATED_RULE,
  type PercentDiscount,
  percentRuleApplies,
  type Reduction,
} from './discount-rules';
import type { Db, DirectoryHost, Operator, PlanRow, TenantRow } from './host';
import { cyclePrice } from './plans';

const { discountRules, discountGrants, invoiceAdjustments, invoices, tenants } = schema;

type RuleRow = typeof discountRules.$inferSelect;
type AdjustmentRow = typeof invoiceAdjustments.$inferSelect;

export const REFERRAL_RULE = 'referral';

/** The seed's promotions (001, 推广策略), shipped once; a super admin edits them from then on. */
export const DEFAULT_DISCOUNT_RULES: DiscountRule[] = [
  {
    code: 'first-year',
    name: '首年优惠 First-year discount',
    kind: 'percent',
    percent: 20,
    months: 0,
    condition: 'first_service_year',
    cycle: null,
    stacks: false,
    // Off until the platform decides to offer it, as the first-year setting it replaces was.
    active: false,
  },
  {
    code: 'annual-billing',
    name: '年付优惠 Annual billing',
    kind: 'percent',
    percent: 17,
    months: 0,
    condition: 'billing_cycle',
    cycle: 'yearly',
    stacks: true,
    // The shipped yearly prices already carry 8.3折 (¥6000 against 12 × ¥600): on, it would count twice.
    active: false,
  },
  {
    code: 'education',
    name: '教育优惠 Education discount',
    kind: 'percent',
    percent: 50,
    months: 0,
    condition: 'granted',
    cycle: null,
    stacks: false,
    active: true,
  },
  {
    code: REFERRAL_RULE,
    name: '推荐奖励 Referral reward',
    kind: 'free_months',
    percent: 0,
    months: 1,
    condition: 'referral',
    cycle: null,
    stacks: true,
    active: true,
  },
];

const DESCRIPTIONS: Record<string, string> = {
  'first-year': '首年购买享8折 · 20 % off every period that starts in the first year of paid service',
  'annual-billing':
    '年付享8.3折 · the catalog’s yearly prices already carry it; turn it on only with yearly prices of twelve months',
  education: '教育机构享5折 · 50 % for education institutions, granted to each one',
  referral:
    '推荐新客户双方各获1个月免费服务 · the referred company and its referrer each get a month free, once',
};

/** What an invoice takes from the discount rules: the percentages that apply, and what waits for it. */
export interface InvoiceExtras {
  discounts: PercentDiscount[];
  credits: Credit[];
  charges: { id: string; label: string; amountFen: number }[];
}

/** What the discounts need from the Directory: its companies and the operation log. */
export type DiscountsHost = Pick<DirectoryHost, 'db' | 'now' | 'write' | 'requireCompany' | 'logOperation'>;

/**
 * Discount rules as data (SPEC A14), the companies granted them, and what waits for a company's next
 * invoice beyond its plan: charges (an upgrade's prorated difference) and credits (referral months).
 */
export class Discounts {
  constructor(private readonly host: DiscountsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  seedRules(): void {
    const now = this.host.now();
    for (const rule of DEFAULT_DISCOUNT_RULES) {
      this.db
        .insert(discountRules)
        .values({
          ...rule,
          description: DESCRIPTIONS[rule.code] ?? null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: discountRules.code })
        .run();
    }
  }

  listRules(): { items: DiscountRuleView[] } {
    const grants = new Map(
      this.db
        .select({ rule: discountGrants.ruleCode, n: count() })
        .from(discountGrants)
        .groupBy(discountGrants.ruleCode)
        .all()
        .map((g) => [g.rule, g.n]),
    );
    const items = this.db
      .select()
      .from(discountRules)
      .orderBy(asc(discountRules.createdAt), asc(discountRules.code))
      .all()
      .map((r) => ruleView(r, grants.get(r.code) ?? 0));
    return { items };
  }

  async createRule(input: DiscountRuleCreate, operator: Operator): Promise<Outcome<DiscountRuleView>> {
    return this.host.write(() => {
      if (this.findRule(input.code)) {
        throw fieldError(409, 'DISCOUNT_RULE_EXISTS', 'body.code', `a discount rule ${input.code} exists`);
      }
      const now = this.host.now();
      const row = this.db
        .insert(discountRules)
        .values({
          code: input.code,
          name: input.name,
          description: input.description ?? null,
          kind: 'percent',
          percent: input.percent,
          months: 0,
          condition: input.condition,
          cycle: input.cycle ?? null,
          stacks: input.stacks ?? false,
          active: input.active ?? true,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      this.host.logOperation(operator, null, 'discount_rule.create', input);
      return ruleView(row, 0);
    });
  }

  async updateRule(
    code: string,
    patch: DiscountRuleUpdate,
    operator: Operator,
  ): Promise<Outcome<DiscountRuleView>> {
    return this.host.write(() => {
      const rule = this.requireRule(code);
      const misplaced =
        patch.percent !== undefined && rule.kind !== 'percent'
          ? 'percent'
          : patch.months !== undefined && rule.kind !== 'free_months'
            ? 'months'
            : patch.cycle !== undefined && rule.condition !== 'billing_cycle'
              ? 'cycle'
              : null;
      if (misplaced) {
        throw fieldError(
          400,
          'DISCOUNT_FIELD_NOT_APPLICABLE',
          `body.${misplaced}`,
          `the ${code} rule (${rule.kind}, ${rule.condition}) has no ${misplaced}`,
        );
      }
      const row = this.db
        .update(discountRules)
        .set({ ...patch, version: rule.version + 1, updatedAt: this.host.now() })
        .where(eq(discountRules.code, code))
        .returning()
        .get()!;
      this.host.logOperation(operator, null, 'discount_rule.update', { code, ...patch });
      return ruleView(row, this.grantCount(code));
    });
  }

  companyDiscounts(companyId: string): Outcome<CompanyDiscounts> {
    return toOutcome(() => {
      const company = this.host.requireCompany(companyId);
      const granted = this.db
        .select()
        .from(discountGrants)
        .where(eq(discountGrants.tenantId, companyId))
        .orderBy(asc(discountGrants.grantedAt))
        .all()
        .map((g) => ({ rule: g.ruleCode, grantedAt: iso(g.grantedAt)!, grantedBy: g.grantedBy }));
      const waiting = this.waitingFor(companyId).map((a) => ({
        id: a.id,
        kind: a.kind,
        rule: a.ruleCode,
        label: a.label,
        amountFen: a.amountFen,
        months: a.months,
        createdAt: iso(a.createdAt)!,
      }));
      return { companyId, granted, negotiatedPercent: company.discountPercent, waiting };
    });
  }

  async grant(companyId: string, ruleCode: string, operator: Operator): Promise<Outcome<CompanyDiscounts>> {
    const outcome = await this.host.write(() => {
      const company = this.host.requireCompany(companyId);
      if (company.deletedAt)
        throw new AppError(409, 'COMPANY_DELETED', 'a deleted company cannot be changed');
      const rule = this.findRule(ruleCode);
      if (!rule)
        throw fieldError(404, 'DISCOUNT_RULE_NOT_FOUND', 'body.rule', `no discount rule ${ruleCode}`);
      if (rule.condition !== 'granted') {
        throw fieldError(
          409,
          'DISCOUNT_RULE_NOT_GRANTABLE',
          'body.rule',
          `the ${ruleCode} rule applies by its condition (${rule.condition}), not by a grant`,
        );
      }
      this.db
        .insert(discountGrants)
        .values({ tenantId: companyId, ruleCode, grantedAt: this.host.now(), grantedBy: operator.adminId })
        .onConflictDoNothing()
        .run();
      this.host.logOperation(operator, companyId, 'discount.grant', { rule: ruleCode });
      return null;
    });
    return outcome.ok ? this.companyDiscounts(companyId) : outcome;
  }

  async revoke(companyId: string, ruleCode: string, operator: Operator): Promise<Outcome<CompanyDiscounts>> {
    const outcome = await this.host.write(() => {
      this.host.requireCompany(companyId);
      const gone = this.db
        .delete(discountGrants)
        .where(and(eq(discountGrants.tenantId, companyId), eq(discountGrants.ruleCode, ruleCode)))
        .returning()
        .get();
      if (!gone)
        throw new AppError(404, 'DISCOUNT_GRANT_NOT_FOUND', `the company was not granted ${ruleCode}`);
      this.host.logOperation(operator, companyId, 'discount.revoke', { rule: ruleCode });
      return null;
    });
    return outcome.ok ? this.companyDiscounts(companyId) : outcome;
  }

  /** Queues a charge for the company's next invoice, once per `key`. */
  addCharge(tenantId: string, key: string, label: string, amountFen: number): void {
    if (amountFen <= 0) return;
    this.db
      .insert(invoiceAdjustments)
      .values({
        id: newId('adj'),
        tenantId,
        key,
        kind: 'charge',
        label,
        amountFen,
        createdAt: this.host.now(),
      })
      .onConflictDoNothing({ target: invoiceAdjustments.key })
      .run();
  }

  /**
   * What the invoice of `company` on `plan` for a period starting at `periodStart` gets: the percentage
   * discounts whose rules apply, its waiting charges and credits. The company's first invoice makes its
   * referral count: it and its referrer each get the referral rule's free months, once.
   */
  invoiceExtras(
    company: TenantRow,
    plan: PlanRow,
    cycle: 'monthly' | 'quarterly' | 'yearly',
    periodStart: number,
  ): InvoiceExtras {
    const first = !this.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.tenantId, company.id))
      .limit(1)
      .get();
    if (first) this.rewardReferral(company);
    const granted = new Set(
      this.db
        .select({ rule: discountGrants.ruleCode })
        .from(discountGrants)
        .where(eq(discountGrants.tenantId, company.id))
        .all()
        .map((g) => g.rule),
    );
    const context = { serviceStartAt: company.serviceStartAt, periodStart, cycle, granted };
    const discounts: PercentDiscount[] = this.db
      .select()
      .from(discountRules)
      .all()
      .filter((r) => percentRuleApplies(r, context))
      .map((r) => ({ rule: r.code, label: r.name, percent: r.percent, stacks: r.stacks }));
    if (company.discountPercent > 0) {
      discounts.push({
        rule: NEGOTIATED_RULE,
        label: '协议折扣 Negotiated discount',
        percent: company.discountPercent,
        stacks: false,
      });
    }
    const waiting = this.waitingFor(company.id);
    return {
      discounts,
      credits: waiting
        .filter((a) => a.kind === 'credit')
        .map((a) => ({
          id: a.id,
          rule: a.ruleCode ?? REFERRAL_RULE,
          label: a.label,
          // Months are worth the plan's price when they are used; what a smaller invoice left is in fen.
          valueFen:
            a.months > 0 ? monthValue(cyclePrice(plan, cycle), CYCLE_MONTHS[cycle], a.months) : a.amountFen,
        })),
      charges: waiting
        .filter((a) => a.kind === 'charge')
        .map((a) => ({ id: a.id, label: a.label, amountFen: a.amountFen })),
    };
  }

  /**
   * Marks what the invoice took: every charge, and each credit that took something. A credit worth more
   * than the invoice had room for leaves the rest, in fen, for the next invoice; one that took nothing
   * waits whole.
   */
  settle(invoiceId: string, extras: InvoiceExtras, reductions: Reduction[]): void {
    const mark = (id: string, appliedFen: number) =>
      this.db
        .update(invoiceAdjustments)
        .set({ invoiceId, appliedFen })
        .where(and(eq(invoiceAdjustments.id, id), isNull(invoiceAdjustments.invoiceId)))
        .returning()
        .get();
    for (const c of extras.charges) mark(c.id, c.amountFen);
    for (const r of reductions) {
      const credit = extras.credits.find((c) => c.id === r.creditId);
      if (!credit || r.amountFen === 0) continue;
      const row = mark(credit.id, r.amountFen);
      if (!row || r.amountFen >= credit.valueFen) continue;
      this.db
        .insert(invoiceAdjustments)
        .values({
          id: newId('adj'),
          tenantId: row.tenantId,
          key: `${row.key}:rest:${invoiceId}`,
          kind: 'credit',
          ruleCode: row.ruleCode,
          label: row.label,
          amountFen: credit.valueFen - r.amountFen,
          months: 0,
          createdAt: this.host.now(),
        })
        .run();
    }
  }

  private rewardReferral(company: TenantRow): void {
    if (!company.referredByTenantId) return;
    const rule = this.findRule(REFERRAL_RULE);
    if (!rule?.active || rule.months <= 0) return;
    const referrer = this.db.select().from(tenants).where(eq(tenants.id, company.referredByTenantId)).get();
    const now = this.host.now();
    const parties = referrer ? [company, referrer] : [company];
    for (const party of parties) {
      const other = party.id === company.id ? referrer : company;
      this.db
        .insert(invoiceAdjustments)
        .values({
          id: newId('adj'),
          tenantId: party.id,
          key: `referral:${company.id}:${party.id}`,
          kind: 'credit',
          ruleCode: rule.code,
          label: `${rule.name}: ${rule.months} 个月免费 month(s) free${other ? ` (${other.code})` : ''}`,
          amountFen: 0,
          months: rule.months,
          createdAt: now,
        })
        .onConflictDoNothing({ target: invoiceAdjustments.key })
        .run();
    }
  }

  private waitingFor(tenantId: string): AdjustmentRow[] {
    return this.db
      .select()
      .from(invoiceAdjustments)
      .where(and(eq(invoiceAdjustments.tenantId, tenantId), isNull(invoiceAdjustments.invoiceId)))
      .orderBy(asc(invoiceAdjustments.createdAt), asc(invoiceAdjustments.id))
      .all();
  }

  private grantCount(code: string): number {
    return this.db.select({ n: count() }).from(discountGrants).where(eq(discountGrants.ruleCode, code)).get()!
      .n;
  }

  private findRule(code: string): RuleRow | undefined {
    return this.db.select().from(discountRules).where(eq(discountRules.code, code)).get();
  }

  private requireRule(code: string): RuleRow {
    const rule = this.findRule(code);
    if (!rule) throw new AppError(404, 'DISCOUNT_RULE_NOT_FOUND', `no discount rule ${code}`);
    return rule;
  }
}

function ruleView(row: RuleRow, grantedTo: number): DiscountRuleView {
  return {
    code: row.code,
    name: row.name,
    description: row.description,
    kind: row.kind,
    percent: row.percent,
    months: row.months,
    condition: row.condition,
    cycle: row.cycle,
    stacks: row.stacks,
    active: row.active,
    grantedTo,
    updatedAt: iso(row.updatedAt)!,
  };
}
