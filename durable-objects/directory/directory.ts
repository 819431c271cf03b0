import type { Env } from '../../lib/env';
import { type MailProvider, mailProviderFor } from '../../lib/mail';
import type { OAuthProviderId, ProviderProfile } from '../../lib/oauth';
import type { AdminRole } from '../../lib/tokens';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import { CRM_TENANT_MESSAGE, type CrmTenantMessage } from '../../schema/dto/crm';
import type { IncidentQuery } from '../../schema/dto/operations';
import type {
  CompanyCreate,
  CompanyListQuery,
  CompanyUpdate,
  GrantMembership,
  UserListQuery,
  UserUpdate,
} from '../../schema/dto/platform';
import type {
  AlertQuery,
  InvoiceListQuery,
  MailQuery,
  MarkPaid,
  OperationLogQuery,
  PlanCreate,
  PlanUpdate,
  SystemConfigPatch,
} from '../../schema/dto/platform-console';
import type {
  DiscountRuleCreate,
  DiscountRuleUpdate,
  SubscriptionChange,
} from '../../schema/dto/self-service';
import type { TaskHistoryQuery } from '../../schema/dto/tasks';
import migrations from '../../schema/migrations/directory/migrations.js';
import { Actor, type JobHandler, type MessageHandler } from '../actor';
import type { NodeCapacity } from '../device-node/placement';
import { type AdminPatch, Admins } from './admins';
import { OPS_WATCHDOG_JOB, OpsAlerts } from './alerting';
import type { OpsSample } from './alerting-rules';
import { Companies } from './companies';
import * as crmIndex from './crm-index';
import { PlatformDashboard } from './dashboard';
import { Discounts } from './discounts';
import type { DirectoryHost, Operator } from './host';
import { Invoices } from './invoices';
import { MAIL_JOB, MailQueue, MEMBER_MAIL_MESSAGE, type MemberMailMessage } from './mail-queue';
import { tenantCodesWithModule } from './module-tenants';
import * as deviceNodeIndex from './nodes';
import { Onboarding } from './onboarding';
import { OPERATION_LOGGED, OperationLog, type OperationLoggedMessage } from './operation-log';
import { PlanCatalog } from './plan-catalog';
import { PLAN_CHANGE_JOB, PlanChanges, type Requester, type StandingUsage } from './plan-changes';
import { ScheduledTasks, type TaskDefinition } from './scheduled-tasks';
import { type LoginKind, SignIns } from './sign-ins';
import { SystemSettings } from './system-settings';
import { ThirdPartyLogin } from './third-party-login';
import { type TenantUsageMessage, UsageAndAlerts } from './usage-and-alerts';
import { UserAccounts } from './user-accounts';

// Types now defined by the modules below, re-exported so their importers keep importing the Directory.
export type { TenantProfileMessage } from './companies';
export type { Operator } from './host';
export type { InvoiceCandidate, InvoiceReplicaMessage } from './invoices';
export { MAIL_MAX_ATTEMPTS } from './mail-queue';
export type { BasicDataMessage } from './onboarding';
export type { ClaimedRun, TaskDefinition } from './scheduled-tasks';
export type { LoginAccount } from './sign-ins';
export { OAUTH_STATE_TTL_MS, OAUTH_TICKET_TTL_MS } from './third-party-login';
export type { TenantUsageMessage } from './usage-and-alerts';
export type { MemberMessage } from './user-accounts';

/**
 * Global uniqueness and look-ups: usernames and emails, the user → companies index, the tenants registry,
 * platform admins and their operation log, login throttling, and the scheduled-task state and history;
 * and the platform's business with its tenants: plans, invoices, mail, onboarding, third-party logins,
 * discount rules, plan changes, usage alerts, operational incidents and system settings. Never on a
 * tenant request's path: tenant requests are checked inside the tenant's own actor.
 *
 * Each concern is a module of this folder, built with only what it needs of the actor (its host). The
 * actor keeps a one-line method for each of their RPC methods: Durable Object RPC only exposes methods
 * of the actor class itself.
 */
export class Directory extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override onStart(): void {
    this.planCatalog.seedPlans();
    this.discounts.seedRules();
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [MAIL_JOB]: () => this.deliverMail(),
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
    };
  }

  /** Messages to actors first, then mail: both leave right after the change that queued them. */
  override async flushOutbox(): Promise<void> {
    await super.flushOutbox();
    await this.deliverMail();
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

  private readonly companies: Companies = new Companies(this.host);

  createCompany(input: CompanyCreate, operator: Operator) {
    return this.companies.createCompany(input, operator);
  }
  listCompanies(query: CompanyListQuery) {
    return this.companies.listCompanies(query);
  }
  getCompany(id: string) {
    return this.companies.getCompany(id);
  }
  updateCompany(id: string, patch: CompanyUpdate, operator: Operator) {
    return this.companies.updateCompany(id, patch, operator);
  }
  deleteCompany(id: string, operator: Operator) {
    return this.companies.deleteCompany(id, operator);
  }
  suggestCompanyCode(name: string) {
    return this.companies.suggestCode(name);
  }

  private readonly userAccounts = new UserAccounts(this.host);

  createUser(
    input: { username: string; email: string; passwordHash: string; name: string },
    operator: Operator,
  ) {
    return this.userAccounts.createUser(input, operator);
  }
  updateUser(id: string, patch: UserUpdate, operator: Operator) {
    return this.userAccounts.updateUser(id, patch, operator);
  }
  listUsers(query: UserListQuery) {
    return this.userAccounts.listUsers(query);
  }
  getUser(id: string) {
    return this.userAccounts.getUser(id);
  }
  grantMembership(userId: string, grant: GrantMembership, operator: Operator) {
    return this.userAccounts.grantMembership(userId, grant, operator);
  }
  revokeMembership(userId: string, companyId: string, operator: Operator) {
    return this.userAccounts.revokeMembership(userId, companyId, operator);
  }

  private readonly signIns = new SignIns(this.host, this.userAccounts);

  /** The account behind a login name and how long this attempt is locked; the worker verifies the password. */
  loginAccount(kind: LoginKind, name: string, ip: string | null) {
    return this.signIns.loginAccount(kind, name, ip);
  }
  recordLoginFailure(kind: LoginKind, name: string, ip: string | null) {
    return this.signIns.recordFailure(kind, name, ip);
  }
  adminLoggedIn(name: string, ip: string | null, superAdmin: boolean) {
    return this.signIns.adminLoggedIn(name, ip, superAdmin);
  }
  userLoggedIn(userId: string, ip: string | null = null) {
    return this.signIns.userLoggedIn(userId, ip);
  }
  userCompanies(userId: string) {
    return this.userAccounts.userCompanies(userId);
  }
  switchCompany(userId: string, companyId: string) {
    return this.userAccounts.switchCompany(userId, companyId);
  }

  private readonly operations = new OperationLog(this.host);

  /** Records an admin write made outside the Directory (another module's admin route). */
  logAdminWrite(operator: Operator, tenantId: string | null, action: string, detail: unknown): void {
    this.operations.record(operator, tenantId, action, detail);
  }
  operationLog(query: OperationLogQuery) {
    return this.operations.list(query);
  }

  private readonly adminAccounts = new Admins(this.host);

  adminAccess(adminId: string) {
    return this.adminAccounts.adminAccess(adminId);
  }
  listAdmins(page: number, pageSize: number) {
    return this.adminAccounts.listAdmins(page, pageSize);
  }
  createAdmin(
    input: { username: string; passwordHash: string; role: AdminRole; name?: string; email?: string },
    operator: Operator,
  ) {
    return this.adminAccounts.createAdmin(input, operator);
  }
  updateAdmin(id: string, patch: AdminPatch, operator: Operator) {
    return this.adminAccounts.updateAdmin(id, patch, operator);
  }

  private readonly planCatalog: PlanCatalog = new PlanCatalog(this.host);

  planCodes() {
    return this.planCatalog.planCodes();
  }
  listPlans(page: number, pageSize: number) {
    return this.planCatalog.listPlans(page, pageSize);
  }
  getPlan(code: string) {
    return this.planCatalog.getPlan(code);
  }
  createPlan(input: PlanCreate, operator: Operator) {
    return this.planCatalog.createPlan(input, operator);
  }
  updatePlan(code: string, patch: PlanUpdate, operator: Operator) {
    return this.planCatalog.updatePlan(code, patch, operator);
  }

  private readonly settings = new SystemSettings(this.host);

  getConfig() {
    return this.settings.getConfig();
  }
  updateConfig(patch: SystemConfigPatch, operator: Operator) {
    return this.settings.updateConfig(patch, operator);
  }

  private readonly mailQueue = new MailQueue(this.host);

  /** Which provider sends: the HTTP one when MAIL_HTTP_URL is set, else the local outbox. */
  protected mailProvider(): MailProvider {
    return mailProviderFor(this.env);
  }

  deliverMail() {
    return this.mailQueue.deliverMail();
  }
  listMail(query: MailQuery) {
    return this.mailQueue.listMail(query);
  }
  retryMail(id: string, operator: Operator) {
    return this.mailQueue.retryMail(id, operator);
  }

  private readonly onboarding = new Onboarding(this.host);

  generateOnboarding(companyId: string, baseUrl: string, operator: Operator) {
    return this.onboarding.generateOnboarding(companyId, baseUrl, operator);
  }
  onboardingState(tokenHash: string) {
    return this.onboarding.onboardingState(tokenHash);
  }
  checkUsername(tokenHash: string, username: string) {
    return this.onboarding.checkUsername(tokenHash, username);
  }
  onboardingCreateAdmin(
    tokenHash: string,
    input: { username: string; email: string; passwordHash: string; name: string },
  ) {
    return this.onboarding.onboardingCreateAdmin(tokenHash, input);
  }
  onboardingBasicData(tokenHash: string, departments: string[], roles: string[]) {
    return this.onboarding.onboardingBasicData(tokenHash, departments, roles);
  }
  onboardingComplete(tokenHash: string) {
    return this.onboarding.onboardingComplete(tokenHash);
  }

  private readonly thirdPartyLogin = new ThirdPartyLogin(this.host);

  createOAuthState(
    stateHash: string,
    provider: OAuthProviderId,
    mode: 'login' | 'bind',
    userId: string | null,
  ) {
    return this.thirdPartyLogin.createOAuthState(stateHash, provider, mode, userId);
  }
  consumeOAuthState(stateHash: string, provider: OAuthProviderId) {
    return this.thirdPartyLogin.consumeOAuthState(stateHash, provider);
  }
  oauthLogin(provider: OAuthProviderId, profile: ProviderProfile, ticketHash: string) {
    return this.thirdPartyLogin.oauthLogin(provider, profile, ticketHash);
  }
  oauthBind(userId: string, provider: OAuthProviderId, profile: ProviderProfile) {
    return this.thirdPartyLogin.oauthBind(userId, provider, profile);
  }
  redeemTicketBind(ticketHash: string, userId: string) {
    return this.thirdPartyLogin.redeemTicketBind(ticketHash, userId);
  }
  redeemTicketCreate(
    ticketHash: string,
    input: { username: string; email: string; passwordHash: string; name: string },
  ) {
    return this.thirdPartyLogin.redeemTicketCreate(ticketHash, input);
  }
  listOAuthBindings(userId: string) {
    return this.thirdPartyLogin.listOAuthBindings(userId);
  }
  oauthUnbind(userId: string, provider: OAuthProviderId) {
    return this.thirdPartyLogin.oauthUnbind(userId, provider);
  }

  private readonly invoices = new Invoices(this.host);

  invoiceCandidates(now: number = this.now()) {
    return this.invoices.invoiceCandidates(now);
  }
  issueInvoice(
    tenantId: string,
    period: string,
    usage: { activeUsers: number; storageBytes: number; apiCallsByMonth: Record<string, number> },
    now: number = this.now(),
  ) {
    return this.invoices.issueInvoice(tenantId, period, usage, now);
  }
  listInvoices(query: InvoiceListQuery) {
    return this.invoices.listInvoices(query);
  }
  getInvoice(id: string) {
    return this.invoices.getInvoice(id);
  }
  markInvoicePaid(id: string, body: MarkPaid, operator: Operator) {
    return this.invoices.markInvoicePaid(id, body, operator);
  }
  /** A payment that recorded itself (a paid payment order): idempotent by its reference. */
  payInvoice(id: string, payment: MarkPaid & { paymentReference: string }) {
    return this.invoices.markInvoicePaid(id, payment, null);
  }
  cancelInvoice(id: string, reason: string | undefined, operator: Operator) {
    return this.invoices.cancelInvoice(id, reason, operator);
  }
  overdueSweep(now: number = this.now()) {
    return this.invoices.overdueSweep(now);
  }

  private readonly discounts = new Discounts(this.host);

  listDiscountRules() {
    return this.discounts.listRules();
  }
  createDiscountRule(input: DiscountRuleCreate, operator: Operator) {
    return this.discounts.createRule(input, operator);
  }
  updateDiscountRule(code: string, patch: DiscountRuleUpdate, operator: Operator) {
    return this.discounts.updateRule(code, patch, operator);
  }
  companyDiscounts(companyId: string) {
    return this.discounts.companyDiscounts(companyId);
  }
  grantDiscount(companyId: string, rule: string, operator: Operator) {
    return this.discounts.grant(companyId, rule, operator);
  }
  revokeDiscount(companyId: string, rule: string, operator: Operator) {
    return this.discounts.revoke(companyId, rule, operator);
  }

  private readonly planChanges = new PlanChanges(this.host);

  subscription(tenantId: string, requester: Requester) {
    return this.planChanges.subscription(tenantId, requester);
  }
  previewPlanChange(
    tenantId: string,
    request: SubscriptionChange,
    usage: StandingUsage,
    requester: Requester,
  ) {
    return this.planChanges.preview(tenantId, request, usage, requester);
  }
  changePlan(tenantId: string, request: SubscriptionChange, usage: StandingUsage, requester: Requester) {
    return this.planChanges.change(tenantId, request, usage, requester);
  }
  cancelPlanChange(tenantId: string, requester: Requester) {
    return this.planChanges.cancelPending(tenantId, requester);
  }
  applyDuePlanChanges(now: number = this.now()) {
    return this.planChanges.applyAllDue(now);
  }

  private readonly usage = new UsageAndAlerts(this.host);

  alertCandidates() {
    return this.usage.alertCandidates();
  }
  checkAlerts(usage: TenantUsageMessage, now: number = this.now()) {
    return this.usage.checkAlerts(usage, now);
  }
  listAlerts(query: AlertQuery) {
    return this.usage.listAlerts(query);
  }

  private readonly platformDashboard = new PlatformDashboard(this.host);

  dashboard(now: number = this.now()) {
    return this.platformDashboard.dashboard(now);
  }

  private readonly tasks = new ScheduledTasks(this.host);

  claimDueTasks(definitions: TaskDefinition[], now = this.now()) {
    return this.tasks.claimDueTasks(definitions, now);
  }
  claimManualRun(def: TaskDefinition) {
    return this.tasks.claimManualRun(def);
  }
  finishRun(
    runId: string,
    status: 'succeeded' | 'failed',
    resultJson: string | null,
    error: string | null,
    retryDelayMs?: number,
  ) {
    return this.tasks.finishRun(runId, status, resultJson, error, retryDelayMs);
  }
  taskOverview(definitions: TaskDefinition[]) {
    return this.tasks.taskOverview(definitions);
  }
  taskHistory(query: TaskHistoryQuery) {
    return this.tasks.taskHistory(query);
  }
  pruneHistory(before: number) {
    return this.tasks.pruneHistory(before);
  }

  private readonly opsAlerts = new OpsAlerts(this.host);

  recordTick(at: number, sample: Omit<OpsSample, 'at'> | null) {
    return this.opsAlerts.recordTick(at, sample);
  }
  recordCrmDrift(fixed: number) {
    return this.opsAlerts.recordCrmDrift(fixed);
  }
  opsMetrics() {
    return this.opsAlerts.metrics();
  }
  listIncidents(query: IncidentQuery) {
    return this.opsAlerts.listIncidents(query);
  }
  firingIncidents() {
    return this.opsAlerts.firingIncidents();
  }

  /** Codes of the live tenants that hold CRM data: the nightly status sync visits these and no others. */
  crmTenantCodes(): string[] {
    return crmIndex.crmTenantCodes(this.db);
  }

  /** Codes of the live companies whose plan enables `module`: the annual-fee sweep visits these. */
  tenantCodesWithModule(module: string): string[] {
    return tenantCodesWithModule(this.db, module);
  }

  publishNodeCapacity(snapshot: NodeCapacity): void {
    deviceNodeIndex.publishNodeCapacity(this.db, snapshot);
  }

  nodeIndex(): NodeCapacity[] {
    return deviceNodeIndex.nodeIndex(this.db);
  }

  listNodeIds(page: number, pageSize: number): Page<string> {
    return deviceNodeIndex.listNodeIds(this.db, page, pageSize);
  }

  tenantCodeById(tenantId: string): string | null {
    return deviceNodeIndex.tenantCodeById(this.db, tenantId);
  }
}
