import { and, eq, isNull } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { randomSecret } from '../../lib/ids';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type { BasicData, OnboardingState } from '../../schema/dto/onboarding';
import type { Company } from '../../schema/dto/platform';
import type { Db, DirectoryHost, Operator, TenantRow } from './host';
import { mails } from './mail-templates';

const { users, plans, onboardingTokens } = schema;

const DAY = 86_400_000;

export interface BasicDataMessage {
  departments: string[];
  roles: string[];
}

/** What onboarding needs from the Directory: its companies and users, their mail, and the outbox. */
export type OnboardingHost = Pick<
  DirectoryHost,
  | 'db'
  | 'now'
  | 'write'
  | 'send'
  | 'config'
  | 'requireCompany'
  | 'requireUser'
  | 'insertUser'
  | 'activateMembership'
  | 'touchTenant'
  | 'mailTenant'
  | 'logOperation'
>;

/**
 * A new company's onboarding (SPEC A8): a single-use link an admin hands out, then its steps in order:
 * the company's administrator, its basic data (departments and roles), and completion.
 */
export class Onboarding {
  constructor(private readonly host: OnboardingHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** A single-use onboarding link for the company; any earlier unused link stops working. */
  async generateOnboarding(
    companyId: string,
    baseUrl: string,
    operator: Operator,
  ): Promise<Outcome<{ token: string; url: string; expiresAt: string }>> {
    const token = randomSecret(32);
    const tokenHash = await sha256Hex(token);
    return this.host.write(() => {
      const company = this.host.requireCompany(companyId);
      if (company.deletedAt) throw new AppError(409, 'COMPANY_DELETED', 'that company is deleted');
      if (company.onboardingStatus === 'completed') {
        throw new AppError(409, 'ONBOARDING_COMPLETED', 'this company has completed onboarding already');
      }
      const now = this.host.now();
      const expiresAt = now + this.host.config().onboardingTokenTtlHours * 3_600_000;
      this.db
        .update(onboardingTokens)
        .set({ revokedAt: now })
        .where(
          and(
            eq(onboardingTokens.tenantId, companyId),
            isNull(onboardingTokens.usedAt),
            isNull(onboardingTokens.revokedAt),
          ),
        )
        .run();
      this.db
        .insert(onboardingTokens)
        .values({ tokenHash, tenantId: companyId, createdBy: operator.adminId, createdAt: now, expiresAt })
        .run();
      const url = `${baseUrl.replace(/\/+$/, '')}/onboarding?token=${token}`;
      this.host.logOperation(operator, companyId, 'company.onboarding_link', { expiresAt: iso(expiresAt) });
      if (company.contactEmail) {
        this.host.mailTenant(
          company,
          mails.onboardingLink({
            company,
            url,
            expiresAt: iso(expiresAt)!,
            platform: this.host.config().platformName,
          }),
        );
      }
      return { token, url, expiresAt: iso(expiresAt)! };
    });
  }

  /** The link behind a token hash, refused when unknown, replaced, used or expired. */
  private requireOnboarding(tokenHash: string) {
    const link = this.db
      .select()
      .from(onboardingTokens)
      .where(eq(onboardingTokens.tokenHash, tokenHash))
      .get();
    if (!link) throw new AppError(404, 'ONBOARDING_TOKEN_INVALID', 'this onboarding link is not valid');
    if (link.usedAt)
      throw new AppError(410, 'ONBOARDING_TOKEN_USED', 'this onboarding link has been used already');
    if (link.revokedAt)
      throw new AppError(
        410,
        'ONBOARDING_TOKEN_REPLACED',
        'this onboarding link was replaced by a newer one',
      );
    if (link.expiresAt <= this.host.now())
      throw new AppError(410, 'ONBOARDING_TOKEN_EXPIRED', 'this onboarding link has expired');
    const company = this.host.requireCompany(link.tenantId);
    if (company.deletedAt) throw new AppError(410, 'COMPANY_DELETED', 'this company no longer exists');
    return { link, company };
  }

  private onboardingView(link: typeof onboardingTokens.$inferSelect, company: TenantRow): OnboardingState {
    const admin = link.adminUserId
      ? (this.db
          .select({ id: users.id, username: users.username })
          .from(users)
          .where(eq(users.id, link.adminUserId))
          .get() ?? null)
      : null;
    return {
      company: {
        id: company.id,
        code: company.code,
        name: company.name,
        plan: company.plan,
        subscriptionStatus: company.subscriptionStatus,
      },
      nextStep: !admin ? 'create-admin' : link.basicDataAt ? 'complete' : 'init-basic-data',
      admin,
      expiresAt: iso(link.expiresAt)!,
    };
  }

  onboardingState(tokenHash: string): Outcome<OnboardingState> {
    return toOutcome(() => {
      const { link, company } = this.requireOnboarding(tokenHash);
      return this.onboardingView(link, company);
    });
  }

  /** Whether a username is free across the whole platform (usernames are global, SPEC A3). */
  checkUsername(tokenHash: string, username: string): Outcome<{ username: string; available: boolean }> {
    return toOutcome(() => {
      this.requireOnboarding(tokenHash);
      const name = username.toLowerCase();
      const taken = !!this.db.select({ id: users.id }).from(users).where(eq(users.username, name)).get();
      return { username: name, available: !taken };
    });
  }

  /** Step 2: the company's administrator, with a primary admin membership in it. */
  async onboardingCreateAdmin(
    tokenHash: string,
    input: { username: string; email: string; passwordHash: string; name: string },
  ): Promise<Outcome<{ userId: string; username: string; companyId: string; nextStep: 'init-basic-data' }>> {
    return this.host.write(() => {
      const { link, company } = this.requireOnboarding(tokenHash);
      if (link.adminUserId) {
        throw new AppError(
          409,
          'ADMIN_ALREADY_CREATED',
          'the administrator of this company was created already',
        );
      }
      const user = this.host.insertUser(input);
      this.host.activateMembership(user.id, company, 'admin', true);
      this.db
        .update(onboardingTokens)
        .set({ adminUserId: user.id })
        .where(eq(onboardingTokens.tokenHash, tokenHash))
        .run();
      this.host.touchTenant(company, { adminUserId: user.id, onboardingStatus: 'in_progress' });
      return {
        userId: user.id,
        username: user.username,
        companyId: company.id,
        nextStep: 'init-basic-data' as const,
      };
    });
  }

  /** Step 3 (optional lists): departments and roles, handed to the tenant actor through the outbox. */
  async onboardingBasicData(
    tokenHash: string,
    departments: string[],
    roles: string[],
  ): Promise<Outcome<BasicData & { nextStep: 'complete' }>> {
    return this.host.write(() => {
      const { link, company } = this.requireOnboarding(tokenHash);
      if (!link.adminUserId) {
        throw new AppError(409, 'ONBOARDING_STEP_ORDER', 'create the administrator first');
      }
      const payload: BasicDataMessage = { departments: unique(departments), roles: unique(roles) };
      const now = this.host.now();
      this.host.send({
        to: { binding: 'TENANT', name: company.code },
        type: 'tenant.basic-data',
        payload,
        key: `basic-data:${company.id}:${now}`,
      });
      this.db
        .update(onboardingTokens)
        .set({ basicDataAt: now })
        .where(eq(onboardingTokens.tokenHash, tokenHash))
        .run();
      return { ...payload, nextStep: 'complete' as const };
    });
  }

  /** Step 4: the link is used up and the company is ready; a trial's 14 days start now. */
  async onboardingComplete(tokenHash: string): Promise<
    Outcome<{
      companyId: string;
      code: string;
      subscriptionStatus: Company['subscriptionStatus'];
      adminUsername: string;
    }>
  > {
    return this.host.write(() => {
      const { link, company } = this.requireOnboarding(tokenHash);
      if (!link.adminUserId)
        throw new AppError(409, 'ONBOARDING_STEP_ORDER', 'create the administrator first');
      const now = this.host.now();
      this.db
        .update(onboardingTokens)
        .set({ usedAt: now })
        .where(eq(onboardingTokens.tokenHash, tokenHash))
        .run();
      const plan = this.db.select().from(plans).where(eq(plans.code, company.plan)).get();
      const trialDays = plan?.trialDays == null ? null : (company.trialDays ?? plan.trialDays);
      const set: Partial<TenantRow> = { onboardingStatus: 'completed' };
      if (company.subscriptionStatus === 'trial' && trialDays !== null)
        set.trialEndsAt = now + trialDays * DAY;
      if (company.subscriptionStatus === 'active' && company.serviceStartAt === null)
        set.serviceStartAt = now;
      const row = this.host.touchTenant(company, set);
      const admin = this.host.requireUser(link.adminUserId);
      return {
        companyId: row.id,
        code: row.code,
        subscriptionStatus: row.subscriptionStatus,
        adminUsername: admin.username,
      };
    });
  }
}

function unique(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))];
}
