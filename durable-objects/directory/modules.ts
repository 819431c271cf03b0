import type { Env } from '../../lib/env';
import { type MailProvider, mailProviderFor } from '../../lib/mail';
import * as schema from '../../schema/directory';
import { CRM_TENANT_MESSAGE, type CrmTenantMessage } from '../../schema/dto/crm';
import {
  LEGAL_MESSAGES,
  type LegalMailMessage,
  type SlaBreachMessage,
} from '../../schema/dto/legal-messages';
import migrations from '../../schema/migrations/directory/migrations.js';
import { Actor, type JobHandler, type MessageHandler } from '../actor';
import { LegalAccounts } from '../legal/accounts';
import { LawyerCertifications } from '../legal/certifications';
import { legalMails } from '../legal/mails';
import { PaymentOrders } from '../payments/orders';
import { AdminNotices } from './admin-notices';
import { Admins } from './admins';
import { OPS_WATCHDOG_JOB, OpsAlerts } from './alerting';
import { Companies } from './companies';
import * as crmIndex from './crm-index';
import { PlatformDashboard } from './dashboard';
import { Discounts } from './discounts';
import type { DirectoryHost } from './host';
import { InvoicePayments } from './invoice-payments';
import { Invoices } from './invoices';
import { MAIL_JOB, MailQueue, MEMBER_MAIL_MESSAGE, type MemberMailMessage } from './mail-queue';
import { Onboarding } from './onboarding';
import { OPERATION_LOGGED, OperationLog, type OperationLoggedMessage } from './operation-log';
import { PlanCatalog } from './plan-catalog';
import { PLAN_CHANGE_JOB, PlanChanges } from './plan-changes';
import { ScheduledTasks } from './scheduled-tasks';
import { SignIns } from './sign-ins';
import { SystemSettings } from './system-settings';
import { ThirdPartyLogin } from './third-party-login';
import { type TenantUsageMessage, UsageAndAlerts } from './usage-and-alerts';
import { UserAccounts } from './user-accounts';

/**
 * The Directory's modules, each built on the one host they share, and the jobs, messages and outbox
 * they are served through. The Directory (directory.ts) adds the RPC methods that hand calls to them.
 */
export abstract class DirectoryModules extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override onStart(): void {
    this.planCatalog.seedPlans();
    this.discounts.seedRules();
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [MAIL_JOB]: () => this.mailQueue.deliverMail(),
      [PLAN_CHANGE_JOB]: (id) => this.planChanges.applyScheduled(id),
      [OPS_WATCHDOG_JOB]: () => this.opsAlerts.watchdog(),
    };
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      'tenant.usage': (u: TenantUsageMessage) => this.usage.applyUsage(u),
      [CRM_TENANT_MESSAGE]: (m: CrmTenantMessage) => crmIndex.noteCrmTenant(this.db, m, this.now()),
      [OPERATION_LOGGED]: (m: OperationLoggedMessage) =>
        this.operations.record(m.operator, m.tenantId, m.action, m.detail, m.at),
      [MEMBER_MAIL_MESSAGE]: (m: MemberMailMessage) => this.mailQueue.mailMember(m),
      [LEGAL_MESSAGES.mail]: (m: LegalMailMessage) => this.queueLegalMail(m),
      [LEGAL_MESSAGES.slaBreach]: (m: SlaBreachMessage) => this.adminNotices.slaBreached(m),
    };
  }

  /** Messages to actors first, then mail: both leave right after the change that queued them. */
  override async flushOutbox(): Promise<void> {
    await super.flushOutbox();
    await this.mailQueue.deliverMail();
  }

  private queueLegalMail(m: LegalMailMessage): void {
    const content = legalMails[m.mail.template]({ ...m.mail, platform: this.settings.platformName() });
    this.mailQueue.queueMail(m.to, content, { userId: m.userId });
  }

  /** Which provider sends: the HTTP one when MAIL_HTTP_URL is set, else the local outbox. */
  protected mailProvider(): MailProvider {
    return mailProviderFor(this.env);
  }

  private readonly host: DirectoryHost = {
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    tx: (fn) => this.tx(fn),
    send: (message) => this.send(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    cancel: (kind, key) => this.cancel(kind, key),
    env: () => this.env,
    logOperation: (...entry) => this.operations.record(...entry),
    config: () => this.settings.getConfig(),
    platformName: () => this.settings.platformName(),
    requireCompany: (id) => this.companies.requireCompany(id),
    touchTenant: (row, set) => this.companies.touchTenant(row, set),
    requirePlan: (code) => this.planCatalog.requirePlan(code),
    requireAssignablePlan: (code) => this.planCatalog.requireAssignablePlan(code),
    requireUser: (id) => this.userAccounts.requireUser(id),
    insertUser: (input) => this.userAccounts.insertUser(input),
    activateMembership: (userId, company, role, makePrimary) =>
      this.userAccounts.activateMembership(userId, company, role, makePrimary),
    queueMail: (to, content, refs) => this.mailQueue.queueMail(to, content, refs),
    mailTenant: (row, content) => this.mailQueue.mailTenant(row, content),
    deliverAfterWrite: () => this.deliverAfterWrite(),
    mailProvider: () => this.mailProvider(),
    recordAlert: (company, alert, now) => this.usage.recordAlert(company, alert, now),
    pruneMessages: (before) => this.pruneMessages(before),
    invoiceExtras: (company, plan, cycle, periodStart) =>
      this.discounts.invoiceExtras(company, plan, cycle, periodStart),
    settleInvoiceExtras: (invoiceId, extras, reductions) =>
      this.discounts.settle(invoiceId, extras, reductions),
    addInvoiceCharge: (tenantId, key, label, amountFen) =>
      this.discounts.addCharge(tenantId, key, label, amountFen),
    countTaskRun: (task, status) => this.opsAlerts.countTaskRun(task, status),
  };

  protected readonly companies = new Companies(this.host);
  protected readonly userAccounts = new UserAccounts(this.host);
  protected readonly signIns = new SignIns(this.host, this.userAccounts);
  protected readonly operations = new OperationLog(this.host);
  protected readonly adminAccounts = new Admins(this.host);
  protected readonly planCatalog = new PlanCatalog(this.host);
  protected readonly settings = new SystemSettings(this.host);
  protected readonly mailQueue = new MailQueue(this.host);
  protected readonly onboarding = new Onboarding(this.host);
  protected readonly thirdPartyLogin = new ThirdPartyLogin(this.host);
  protected readonly invoices = new Invoices(this.host);
  protected readonly invoicePayments = new InvoicePayments(
    this.host,
    new PaymentOrders({
      db: this.db as never,
      now: () => this.now(),
      owner: 'DIRECTORY',
      actorIdHex: () => this.ctx.id.toString(),
    }),
    this.invoices,
  );
  protected readonly discounts = new Discounts(this.host);
  protected readonly planChanges = new PlanChanges(this.host);
  protected readonly usage = new UsageAndAlerts(this.host);
  protected readonly platformDashboard = new PlatformDashboard(this.host);
  protected readonly tasks = new ScheduledTasks(this.host);
  protected readonly opsAlerts = new OpsAlerts(this.host);
  protected readonly legalAccounts = new LegalAccounts(this.host, this.signIns);
  protected readonly adminNotices = new AdminNotices(this.host);
  protected readonly certifications = new LawyerCertifications(
    this.host,
    this.legalAccounts,
    this.adminNotices,
  );
}
