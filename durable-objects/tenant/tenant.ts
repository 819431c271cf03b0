import { sql } from 'drizzle-orm';
import type { Env } from '../../lib/env';
import type { Outcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { RecordBatchBody, RecordListQuery, RecordPatch } from '../../schema/dto/card-fees';
import type {
  CardCreate,
  CardLang,
  CardListQuery,
  CardUpdate,
  RuleCreate,
  RuleListQuery,
  RuleUpdate,
  TransactionWrite,
} from '../../schema/dto/cards';
import type {
  ContractCreate,
  ContractListQuery,
  ContractUpdate,
  CustomerCreate,
  CustomerListQuery,
  CustomerUpdate,
} from '../../schema/dto/crm';
import type {
  AllocateBody,
  AllocationListQuery,
  Rates,
  ReleaseBody,
  TopUpBody,
  UsageInput,
  WalletSettings,
} from '../../schema/dto/devices';
import type { Member, TenantSettingsPatch } from '../../schema/dto/platform';
import type { ModuleName } from '../../schema/dto/platform-console';
import migrations from '../../schema/migrations/tenant/migrations.js';
import * as schema from '../../schema/tenant';
import type { Operation } from '../../schema/vocabulary/crm';
import { Actor, type JobHandler, type MessageHandler } from '../actor';
import type { NodeCapacity } from '../device-node/placement';
import { OPERATION_LOGGED, type OperationLoggedMessage } from '../directory/operation-log';
import { preparedFor } from '../prepared';
import type { AccessOptions, Caller, Need } from './access';
import { ApiKeys } from './api-keys';
import { Cards } from './cards/cards';
import { Company } from './company';
import { Crm } from './crm/crm';
import { TenantDevices } from './devices/devices';
import { TenantGate } from './gate';
import { TenantLegal } from './legal';
import type { ProfileRow, TenantDb, TenantModule, TenantPort } from './port';
import { QuotasAndUsage } from './quotas';
import { DirectoryReplicas } from './replicas';

/**
 * Everything one company owns. Every method takes the caller and checks, in this same call, that the
 * company exists and the caller may act in it — so no tenant request ever needs the Directory.
 *
 * The work is done by modules (durable-objects/tenant/*), each given a port of this actor's powers; the
 * methods below only hand calls to them. A new business module is a class implementing TenantModule,
 * built with `this.portFor('<module>')` and listed in `modules`: its jobs and messages are then served.
 */
/** Most changes leave an audit entry: the statement is built once (see durable-objects/prepared.ts). */
const auditStatement = preparedFor((db: TenantDb) =>
  db
    .insert(schema.auditLog)
    .values({
      id: sql.placeholder('id'),
      actorId: sql.placeholder('actorId'),
      action: sql.placeholder('action'),
      detail: sql.placeholder('detail'),
      at: sql.placeholder('at'),
    })
    .prepare(),
);

export class TenantActor extends Actor<typeof schema> {
  private readonly gate: TenantGate = new TenantGate(this.db, this.ctx.storage.sql, () => this.now(), {
    checkApiKey: (id) => this.apiKeys.check(id),
    checkStorage: (row, plan) => this.quotas.checkStorage(row, plan),
    countCall: (row, plan, viaApiKey) => this.quotas.countCall(row, plan, viaApiKey),
  });
  private readonly port: TenantPort = this.portFor();
  private readonly quotas = new QuotasAndUsage(this.port, this.gate);
  private readonly apiKeys = new ApiKeys(this.port);
  private readonly replicas = new DirectoryReplicas(this.port, {
    profileChanged: () => this.gate.dropProfile(),
    membersChanged: () => {
      this.gate.dropMembers();
      this.company.dropMemberPages();
    },
  });
  private readonly company: Company = new Company(this.port, {
    gate: this.gate,
    quotas: this.quotas,
    settingsChanged: (before, after, operator) => {
      for (const m of this.modules) m.onSettingsChanged?.(before, after, operator);
    },
  });
  protected readonly crm = new Crm(this.portFor('crm'));
  private readonly devices = new TenantDevices(this.portFor('devices'));
  private readonly cards = new Cards(this.portFor('annual-fees'));
  private readonly legal = new TenantLegal(this.portFor('legal'));

  /** Every module whose jobs, messages and settings hook this actor serves. */
  private readonly modules: TenantModule[] = [this.replicas, this.quotas, this.crm, this.devices, this.cards];
  private handlers:
    | { jobs: Record<string, JobHandler>; messages: Record<string, MessageHandler> }
    | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  /** The port a module gets; with `module`, its access check also requires the plan to include it. */
  protected portFor(module?: ModuleName): TenantPort {
    const access = (caller: Caller, need: 'member' | 'admin', options?: AccessOptions): ProfileRow =>
      this.gate.access(caller, need, module ? { module, ...options } : options);
    return {
      db: this.db,
      sql: this.ctx.storage.sql,
      env: this.env,
      now: () => this.now(),
      tx: (fn) => this.tx(fn),
      write: (fn) => this.write(fn),
      send: (message) => this.send(message),
      flushOutbox: () => this.flushOutbox(),
      schedule: (kind, key, dueAt, payload) => this.schedule(kind, key, dueAt, payload),
      scheduleNoLaterThan: (kind, key, dueAt) => this.scheduleNoLaterThan(kind, key, dueAt),
      jobDueAt: (kind, key) => this.jobDueAt(kind, key),
      cancel: (kind, key) => this.cancel(kind, key),
      access,
      profile: () => this.gate.profileRow() ?? undefined,
      isAdmin: (caller) => this.gate.isAdmin(caller),
      monthNow: (row) => this.gate.monthNow(row),
      plan: (row) => this.gate.planOf(row),
      quotaLimit: (metric) => this.quotas.limit(metric),
      consumeQuota: (metric, delta) => this.quotas.consume(metric, delta),
      audit: (caller, action, detail) => this.audit(caller, action, detail),
    };
  }

  private registered() {
    if (!this.handlers) {
      const jobs: Record<string, JobHandler> = {};
      const messages: Record<string, MessageHandler> = {};
      for (const m of this.modules) {
        for (const [name, handler] of Object.entries(m.jobs?.() ?? {})) {
          if (jobs[name]) throw new Error(`two modules run job kind ${name}`);
          jobs[name] = handler;
        }
        for (const [name, handler] of Object.entries(m.messages?.() ?? {})) {
          if (messages[name]) throw new Error(`two modules apply message ${name}`);
          messages[name] = handler;
        }
      }
      this.handlers = { jobs, messages };
    }
    return this.handlers;
  }

  protected override jobs(): Record<string, JobHandler> {
    return this.registered().jobs;
  }

  protected override messages(): Record<string, MessageHandler> {
    return this.registered().messages;
  }

  /**
   * A committed write keeps the caches: the two writes that change the profile or the plan set or
   * drop them inside their own transaction (settings, the Directory's profile message). A write that
   * failed may have cached rows its rolled-back transaction had changed, so it drops them.
   */
  protected override async write<T>(fn: () => T): Promise<Outcome<T>> {
    let outcome: Outcome<T> | undefined;
    try {
      outcome = await super.write(fn);
      return outcome;
    } finally {
      if (!outcome?.ok) this.gate.dropProfile();
    }
  }

  /**
   * Records a change in the company's audit trail; a platform admin's change also goes to the
   * platform's operation log, by a message sent in the same transaction.
   */
  private audit(caller: Caller, action: string, detail: unknown): void {
    const id = newId('aud');
    const at = this.now();
    auditStatement(this.db).run({ id, actorId: caller.id, action, detail: detail ?? null, at });
    if (caller.kind !== 'admin' || !caller.operator) return;
    const payload: OperationLoggedMessage = {
      operator: caller.operator,
      tenantId: this.gate.profileRow()?.tenantId ?? null,
      action,
      detail: detail ?? null,
      at,
    };
    this.send({
      to: { binding: 'DIRECTORY', name: 'global' },
      type: OPERATION_LOGGED,
      payload,
      key: `operation:${id}`,
    });
  }

  // The company itself, its members, settings, API keys, invoices and usage.

  /** The company, for its marketplace client actor, once the caller may use the `legal` module here. */
  legalCompany(caller: Caller, need: Need = 'member') {
    return this.legal.company(caller, need);
  }
  getTenant(caller: Caller) {
    return this.company.view(caller);
  }
  getSettings(caller: Caller) {
    return this.company.settings(caller);
  }
  updateSettings(caller: Caller, patch: TenantSettingsPatch) {
    return this.company.updateSettings(caller, patch);
  }
  listMembers(caller: Caller, page: number, pageSize: number, status?: Member['status']) {
    return this.company.listMembers(caller, page, pageSize, status);
  }
  /** Is `userId` an active member here? Used by tests and by modules that act for a member. */
  isActiveMember(userId: string): boolean {
    return this.company.isActiveMember(userId);
  }
  listInvoices(caller: Caller, page: number, pageSize: number) {
    return this.company.listInvoices(caller, page, pageSize);
  }
  getBasicData(caller: Caller) {
    return this.company.basicData(caller);
  }
  createApiKey(caller: Caller, name: string, ttlMs: number) {
    return this.apiKeys.create(caller, name, ttlMs);
  }
  listApiKeys(caller: Caller, page: number, pageSize: number) {
    return this.apiKeys.list(caller, page, pageSize);
  }
  revokeApiKey(caller: Caller, id: string) {
    return this.apiKeys.revoke(caller, id);
  }
  /** Usage for the platform's sweeps (invoices, alerts). Internal: only the worker's tasks call it. */
  usageReport(months: string[] = []) {
    return this.quotas.usageReport(months);
  }

  // CRM: customers, retail contracts and their status sync (durable-objects/tenant/crm/).

  createCustomer(caller: Caller, input: CustomerCreate) {
    return this.crm.customers.create(caller, input);
  }
  listCustomers(caller: Caller, query: CustomerListQuery) {
    return this.crm.customers.list(caller, query);
  }
  getCustomer(caller: Caller, id: string) {
    return this.crm.customers.get(caller, id);
  }
  updateCustomer(caller: Caller, id: string, patch: CustomerUpdate) {
    return this.crm.customers.update(caller, id, patch);
  }
  deleteCustomer(caller: Caller, id: string) {
    return this.crm.customers.delete(caller, id);
  }
  operateCustomer(caller: Caller, id: string, op: Operation, reason?: string) {
    return this.crm.customers.operate(caller, id, op, reason);
  }
  customerStatusHistory(caller: Caller, id: string, page: number, pageSize: number) {
    return this.crm.customers.statusHistory(caller, id, page, pageSize);
  }
  createContract(caller: Caller, input: ContractCreate) {
    return this.crm.contracts.create(caller, input);
  }
  listContracts(caller: Caller, query: ContractListQuery) {
    return this.crm.contracts.list(caller, query);
  }
  getContract(caller: Caller, id: string) {
    return this.crm.contracts.get(caller, id);
  }
  updateContract(caller: Caller, id: string, patch: ContractUpdate) {
    return this.crm.contracts.update(caller, id, patch);
  }
  deleteContract(caller: Caller, id: string) {
    return this.crm.contracts.delete(caller, id);
  }
  /** The nightly `customer-status-sync` task: reconcile as of the run's scheduled time. */
  reconcileCustomerStatuses(asOf: number) {
    return this.crm.reconcile(asOf);
  }

  // Card annual fees (durable-objects/tenant/cards/).

  createFeeRule(caller: Caller, input: RuleCreate) {
    return this.cards.rules.create(caller, input);
  }
  listFeeRules(caller: Caller, query: RuleListQuery) {
    return this.cards.rules.list(caller, query);
  }
  getFeeRule(caller: Caller, id: string) {
    return this.cards.rules.get(caller, id);
  }
  updateFeeRule(caller: Caller, id: string, patch: RuleUpdate) {
    return this.cards.rules.update(caller, id, patch);
  }
  deleteFeeRule(caller: Caller, id: string) {
    return this.cards.rules.delete(caller, id);
  }
  createCard(caller: Caller, input: CardCreate) {
    return this.cards.create(caller, input);
  }
  createCards(caller: Caller, items: CardCreate[]) {
    return this.cards.createBatch(caller, items);
  }
  listCards(caller: Caller, query: CardListQuery) {
    return this.cards.list(caller, query);
  }
  getCard(caller: Caller, id: string, lang: CardLang) {
    return this.cards.get(caller, id, lang);
  }
  updateCard(caller: Caller, id: string, patch: CardUpdate) {
    return this.cards.update(caller, id, patch);
  }
  deleteCard(caller: Caller, id: string) {
    return this.cards.delete(caller, id);
  }
  setCardPoints(caller: Caller, id: string, balance: number) {
    return this.cards.setPoints(caller, id, balance);
  }
  addCardTransactions(caller: Caller, id: string, body: TransactionWrite) {
    return this.cards.addTransactions(caller, id, body);
  }
  listCardTransactions(caller: Caller, id: string, page: number, pageSize: number) {
    return this.cards.listTransactions(caller, id, page, pageSize);
  }
  importCardStatement(caller: Caller, id: string, csv: string) {
    return this.cards.importStatement(caller, id, csv);
  }
  autoFeeRecord(caller: Caller, cardId: string, feeYear: number) {
    return this.cards.fees.auto(caller, cardId, feeYear);
  }
  createFeeRecords(caller: Caller, body: RecordBatchBody) {
    return this.cards.fees.batch(caller, body);
  }
  listFeeRecords(caller: Caller, query: RecordListQuery) {
    return this.cards.fees.list(caller, query);
  }
  updateFeeRecord(caller: Caller, id: string, patch: RecordPatch) {
    return this.cards.fees.patch(caller, id, patch);
  }
  checkWaiver(caller: Caller, cardId: string, feeYear: number, lang: CardLang) {
    return this.cards.fees.check(caller, cardId, feeYear, lang);
  }
  checkUserWaivers(caller: Caller, userId: string, year: number | undefined, lang: CardLang) {
    return this.cards.fees.checkUser(caller, userId, year, lang);
  }
  redeemFeePoints(caller: Caller, cardId: string, feeYear: number) {
    return this.cards.fees.redeem(caller, cardId, feeYear);
  }
  feeStatistics(caller: Caller, userId: string, year: number | undefined) {
    return this.cards.fees.statistics(caller, userId, year);
  }
  feeCalendar(caller: Caller, lang: CardLang) {
    return this.cards.feeds.calendar(caller, lang);
  }
  feeCalendarByToken(tokenHash: string, lang: CardLang) {
    return this.cards.feeds.calendarByToken(tokenHash, lang);
  }
  feeCalendarLink(caller: Caller) {
    return this.cards.feeds.status(caller);
  }
  rotateFeeCalendarLink(caller: Caller, tokenHash: string) {
    return this.cards.feeds.rotate(caller, tokenHash);
  }
  revokeFeeCalendarLink(caller: Caller) {
    return this.cards.feeds.revoke(caller);
  }
  /** The daily `annual-fee-sweep` task: as of the run's scheduled time. */
  sweepAnnualFees(asOf: number) {
    return this.cards.fees.sweep(asOf);
  }

  // Devices and the built-in billing (durable-objects/tenant/devices/).

  allocateDevice(caller: Caller, body: AllocateBody, nodes: NodeCapacity[]) {
    return this.devices.allocation.allocate(caller, body, nodes);
  }
  releaseDevice(caller: Caller, body: ReleaseBody) {
    return this.devices.allocation.release(caller, body);
  }
  extendAllocation(caller: Caller, allocationId: string, minutes: number) {
    return this.devices.extension.extend(caller, allocationId, minutes);
  }
  walletSettings(caller: Caller) {
    return this.devices.wallets.walletSettings(caller);
  }
  setWalletSettings(caller: Caller, body: WalletSettings) {
    return this.devices.wallets.setWalletSettings(caller, body);
  }
  listDeviceAllocations(caller: Caller, query: AllocationListQuery) {
    return this.devices.reads.allocations(caller, query);
  }
  billingBalance(caller: Caller, userId?: string) {
    return this.devices.reads.balance(caller, userId);
  }
  billingUsage(caller: Caller, query: { page: number; pageSize: number; userId?: string }) {
    return this.devices.reads.usage(caller, query);
  }
  billingWallets(caller: Caller, page: number, pageSize: number) {
    return this.devices.reads.wallets(caller, page, pageSize);
  }
  billingTopUp(caller: Caller, body: TopUpBody) {
    return this.devices.wallets.topUp(caller, body);
  }
  billingRates(caller: Caller) {
    return this.devices.wallets.rates(caller);
  }
  setBillingRates(caller: Caller, rates: Rates) {
    return this.devices.wallets.setRates(caller, rates);
  }
  /** Internal (service token or a device node): charge one usage record, once per allocation id. */
  meterDeviceUsage(input: UsageInput) {
    return this.devices.metering.meter(input);
  }
  meterDeviceUsageBatch(inputs: UsageInput[]) {
    return this.devices.metering.meterBatch(inputs);
  }
  internalBalance(userId: string) {
    return this.devices.metering.internalBalance(userId);
  }
  usageRecordsPresent(allocationIds: string[]): string[] {
    return this.devices.metering.usageRecordsPresent(allocationIds);
  }
}
