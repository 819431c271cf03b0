import type { OAuthProviderId, ProviderProfile } from '../../lib/oauth';
import type { AdminRole } from '../../lib/tokens';
import type { Page } from '../../schema/dto/common';
import type { FapiaoRequestBody, FapiaoStatus, ProofStatus } from '../../schema/dto/invoice-payments';
import type { CertificateInput, CertificationQuery } from '../../schema/dto/legal';
import type { IncidentQuery } from '../../schema/dto/operations';
import type { PaymentConfirmation, PaymentViewer } from '../../schema/dto/payments';
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
import type { NodeCapacity } from '../device-node/placement';
import type { LegalAccounts } from '../legal/accounts';
import type { StoredLicence } from '../legal/certifications';
import type { PaymentOwner } from '../payments/owner';
import type { AdminPatch } from './admins';
import type { OpsSample } from './alerting-rules';
import * as crmIndex from './crm-index';
import type { Operator } from './host';
import type { FapiaoDecision, ProofDecision, ProofFile } from './invoice-payments';
import { tenantCodesWithModule } from './module-tenants';
import { DirectoryModules } from './modules';
import * as deviceNodeIndex from './nodes';
import type { Requester, StandingUsage } from './plan-changes';
import type { TaskDefinition } from './scheduled-tasks';
import type { LoginKind } from './sign-ins';
import type { TenantUsageMessage } from './usage-and-alerts';

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
 * Each concern is a module of this folder, built in modules.ts with only what it needs of the actor (its
 * host). This class keeps a one-line method for each of their RPC methods: Durable Object RPC exposes the
 * actor's methods, never its modules'.
 */
export class Directory extends DirectoryModules implements PaymentOwner {
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

  /** Records an admin write made outside the Directory (another module's admin route). */
  logAdminWrite(operator: Operator, tenantId: string | null, action: string, detail: unknown): void {
    this.operations.record(operator, tenantId, action, detail);
  }
  operationLog(query: OperationLogQuery) {
    return this.operations.list(query);
  }

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

  getConfig() {
    return this.settings.getConfig();
  }
  updateConfig(patch: SystemConfigPatch, operator: Operator) {
    return this.settings.updateConfig(patch, operator);
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

  startInvoicePayment(tenantId: string, invoiceId: string, requester: Requester) {
    return this.invoicePayments.startPayment(tenantId, invoiceId, requester);
  }
  paymentOrder(id: string, viewer: PaymentViewer) {
    return this.invoicePayments.paymentOrder(id, viewer);
  }
  confirmPayment(id: string, confirmation: PaymentConfirmation) {
    return this.invoicePayments.confirmPayment(id, confirmation);
  }
  submitPaymentProof(tenantId: string, invoiceId: string, file: ProofFile, requester: Requester) {
    return this.invoicePayments.submitProof(tenantId, invoiceId, file, requester);
  }
  reviewPaymentProof(proofId: string, decision: ProofDecision, operator: Operator) {
    return this.invoicePayments.reviewProof(proofId, decision, operator);
  }
  paymentProofFile(proofId: string) {
    return this.invoicePayments.proofFile(proofId);
  }
  listPaymentProofs(status?: ProofStatus) {
    return this.invoicePayments.listProofs(status);
  }
  requestFapiao(tenantId: string, invoiceId: string, body: FapiaoRequestBody, requester: Requester) {
    return this.invoicePayments.requestFapiao(tenantId, invoiceId, body, requester);
  }
  decideFapiao(requestId: string, decision: FapiaoDecision, operator: Operator) {
    return this.invoicePayments.decideFapiao(requestId, decision, operator);
  }
  listFapiaoRequests(status?: FapiaoStatus) {
    return this.invoicePayments.listFapiaoRequests(status);
  }
  invoiceSettlements(tenantId: string, requester: Requester) {
    return this.invoicePayments.settlements(tenantId, requester);
  }
  cancelInvoice(id: string, reason: string | undefined, operator: Operator) {
    return this.invoices.cancelInvoice(id, reason, operator);
  }
  overdueSweep(now: number = this.now()) {
    return this.invoices.overdueSweep(now);
  }

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

  alertCandidates() {
    return this.usage.alertCandidates();
  }
  checkAlerts(usage: TenantUsageMessage, now: number = this.now()) {
    return this.usage.checkAlerts(usage, now);
  }
  listAlerts(query: AlertQuery) {
    return this.usage.listAlerts(query);
  }

  dashboard(now: number = this.now()) {
    return this.platformDashboard.dashboard(now);
  }

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

  legalRegister(input: Parameters<LegalAccounts['register']>[0]) {
    return this.legalAccounts.register(input);
  }
  legalVerify(tokenHash: string) {
    return this.legalAccounts.verify(tokenHash);
  }
  legalSignIn(userId: string, ip: string | null) {
    return this.legalAccounts.signIn(userId, ip);
  }
  legalChooseUser(userId: string) {
    return this.legalAccounts.chooseUser(userId);
  }
  legalAccountIds(accountType: 'lawyer' | 'user', page: number, pageSize: number) {
    return this.legalAccounts.accountIds(accountType, page, pageSize);
  }
  licenseFree(licenseNumber: string) {
    return this.certifications.licenseFree(licenseNumber);
  }
  submitCertification(userId: string, input: CertificateInput, file: StoredLicence) {
    return this.certifications.submit(userId, input, file);
  }
  legalAdminNotices() {
    return this.adminNotices.counts();
  }
  listCertifications(query: CertificationQuery) {
    return this.certifications.list(query);
  }
  getCertification(id: string) {
    return this.certifications.get(id);
  }
  approveCertification(id: string, baseUrl: string, operator: Operator) {
    return this.certifications.approve(id, baseUrl, operator);
  }
  rejectCertification(id: string, reason: string, baseUrl: string, operator: Operator) {
    return this.certifications.reject(id, reason, baseUrl, operator);
  }
}
