import type { Env } from '../../../lib/env';
import type { ClientCaseQuery, TaskBody } from '../../../schema/dto/legal';
import type { DocumentTemplate } from '../../../schema/dto/legal-catalog';
import type { EnterprisePackageCode } from '../../../schema/dto/legal-enterprise';
import {
  type CaseAssignedMessage,
  type CaseCompletedMessage,
  type CaseDispatchMessage,
  type ClientOpenMessage,
  type CollectionStatsMessage,
  LEGAL_MESSAGES,
  type RecoveryMessage,
} from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-client';
import migrations from '../../../schema/migrations/legal-client/migrations.js';
import type { JobHandler, MessageHandler } from '../../actor';
import type { PaymentOrderRow } from '../../payments/orders';
import type { LegalCaller } from '../access';
import { LegalActor } from '../legal-actor';
import { BATCH_DISPATCH_JOB, Batches, type BatchPayer, type BatchUpload } from './batches';
import { LegalClient, TASK_PURPOSE } from './client';
import { CollectionStats, industryStatsActor, PLATFORM_STATS_ACTOR } from './collection-stats';
import { seedDemoClient } from './demo';
import { type CompanyFacts, Enterprise, enterpriseClientId, PACKAGE_PURPOSE } from './enterprise';
import { ClientRecovery } from './recovery';
import { SLA_JOB, SlaWatch } from './sla';
import { CREDITS_PURPOSE, Wallet } from './wallet';

const companyCaller = (company: CompanyFacts): LegalCaller => ({
  kind: 'company',
  id: enterpriseClientId(company.tenantId),
});

/**
 * One marketplace user (`idFromName(userId)`): their tasks, the payment orders for them and the cases
 * they became. Nothing here is reached by anyone else's request. A company using the marketplace as an
 * enterprise client has one too (`idFromName(enterpriseClientId(tenantId))`), and one more
 * (`PLATFORM_STATS_ACTOR`) keeps the platform's collection statistics.
 */
const SELF_IDEMPOTENT: ReadonlySet<string> = new Set([LEGAL_MESSAGES.dispatch, LEGAL_MESSAGES.assigned]);

export class LegalClientActor extends LegalActor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations, owner: 'LEGAL_CLIENT' });
  }

  /**
   * Where a case stands carries its sequence number, and an older one changes nothing; an assignment
   * applies only to a case still being dispatched, which it ends, so a repeat changes nothing either.
   */
  protected override selfIdempotentMessages(): ReadonlySet<string> {
    return SELF_IDEMPOTENT;
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      [LEGAL_MESSAGES.clientOpen]: (m: ClientOpenMessage) => this.client.open(m),
      // A case is a single task's or a batch's; each update finds it in one place or the other.
      [LEGAL_MESSAGES.dispatch]: (m: CaseDispatchMessage) => {
        this.client.applyDispatch(m);
        this.batches.applyDispatch(m);
      },
      [LEGAL_MESSAGES.assigned]: (m: CaseAssignedMessage) => {
        this.client.applyAssigned(m);
        this.batches.applyAssigned(m);
      },
      [LEGAL_MESSAGES.completed]: (m: CaseCompletedMessage) => {
        this.client.applyCompleted(m);
        this.batches.applyCompleted(m);
      },
      [LEGAL_MESSAGES.collectionStats]: (m: CollectionStatsMessage) => this.stats.apply(m),
      [LEGAL_MESSAGES.recovery]: (m: RecoveryMessage) => this.recovery.apply(m),
    };
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [BATCH_DISPATCH_JOB]: async (batchId) => {
        const outcome = await this.batches.dispatchNext(batchId);
        if (!outcome.ok) throw new Error(outcome.error.message);
      },
      [SLA_JOB]: async (batchId) => {
        const outcome = await this.write(() => this.sla.check(batchId));
        if (!outcome.ok) throw new Error(outcome.error.message);
      },
    };
  }

  private readonly client = new LegalClient({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    send: (message) => this.send(message),
    payments: this.payments,
  });

  private readonly wallet = new Wallet({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    payments: this.payments,
    access: (caller, write) => this.client.access(caller, write),
  });

  private readonly stats = new CollectionStats({
    db: this.db,
    send: (message) => this.send(message),
    industry: () =>
      this.db.select({ industry: schema.enterprise.industry }).from(schema.enterprise).get()?.industry ??
      null,
  });

  private readonly batches = new Batches({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    send: (message) => this.send(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    access: (caller, write) => this.client.access(caller, write),
    ownerId: () => this.client.ownerId(),
    handedOver: (batchId, caseIds, at) => {
      const hours = this.enterprise.slaHours();
      if (hours !== null) this.sla.handed(batchId, caseIds, at, hours);
    },
    stats: this.stats,
  });

  private readonly sla = new SlaWatch({
    db: this.db,
    now: () => this.now(),
    send: (message) => this.send(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    stats: this.stats,
    monthOf: (batchId) => this.batches.monthOf(batchId),
  });

  private readonly recovery = new ClientRecovery({
    db: this.db,
    now: () => this.now(),
    stats: this.stats,
    monthOf: (batchId) => this.batches.monthOf(batchId),
  });

  private readonly enterprise = new Enterprise({
    db: this.db,
    now: () => this.now(),
    tx: (fn) => this.tx(fn),
    write: (fn) => this.write(fn),
    stats: this.stats,
    platformFigures: (months) => {
      const platform = this.env.LEGAL_CLIENT.get(this.env.LEGAL_CLIENT.idFromName(PLATFORM_STATS_ACTOR));
      return platform.collectionFigures(months);
    },
    industryFigures: (industry, months) => {
      const name = industryStatsActor(industry);
      return this.env.LEGAL_CLIENT.get(this.env.LEGAL_CLIENT.idFromName(name)).collectionFigures(months);
    },
    payments: this.payments,
  });

  /** A company's uploads take from its month's case allowance. */
  private readonly allowancePayer: BatchPayer = {
    pay: (_batchId, cases) => ({ creditsUsed: 0, allowance: this.enterprise.takeForBatch(cases) }),
    month: () => this.enterprise.month(),
  };

  protected purchases(): Record<string, (order: PaymentOrderRow) => void> {
    return {
      [TASK_PURPOSE]: (order) => this.client.applyPaidTask(order),
      [CREDITS_PURPOSE]: (order) => this.wallet.applyPurchase(order),
      [PACKAGE_PURPOSE]: (order) => this.enterprise.applyPurchase(order),
    };
  }

  me(caller: LegalCaller) {
    return this.client.me(caller);
  }
  publishTask(caller: LegalCaller, body: TaskBody) {
    return this.client.publishTask(caller, body);
  }
  listCases(caller: LegalCaller, query: ClientCaseQuery) {
    return this.client.listCases(caller, query);
  }
  getCase(caller: LegalCaller, id: string) {
    return this.client.getCase(caller, id);
  }
  review(caller: LegalCaller, id: string, stars: number) {
    return this.client.review(caller, id, stars);
  }
  complain(caller: LegalCaller, id: string, reason: string) {
    return this.client.complain(caller, id, reason);
  }

  credits(caller: LegalCaller) {
    return this.wallet.read(caller);
  }
  creditLedger(caller: LegalCaller) {
    return this.wallet.ledger(caller);
  }
  purchaseCredits(caller: LegalCaller, count: number) {
    return this.wallet.purchase(caller, count);
  }
  /** `weekly-credits-reset`. */
  resetWeeklyCredits(now: number) {
    return this.wallet.resetWeekly(now);
  }
  uploadBatch(caller: LegalCaller, upload: BatchUpload) {
    return this.batches.upload(caller, upload, this.wallet.batchPayer);
  }

  /** The company's workspace (opened on its first call), with its package and the month's allowance. */
  enterpriseAccount(company: CompanyFacts) {
    return this.enterprise.view(company);
  }
  setEnterprisePackage(company: CompanyFacts, code: EnterprisePackageCode | null, adminId: string) {
    return this.enterprise.setPackage(company, code, adminId);
  }
  buyEnterprisePackage(company: CompanyFacts, code: EnterprisePackageCode, buyerId: string) {
    return this.enterprise.purchase(company, code, buyerId);
  }
  uploadEnterpriseBatch(company: CompanyFacts, upload: BatchUpload) {
    this.enterprise.open(company);
    return this.batches.upload(companyCaller(company), upload, this.allowancePayer);
  }
  listEnterpriseBatches(company: CompanyFacts, page: number, pageSize: number) {
    this.enterprise.open(company);
    return this.batches.list(companyCaller(company), page, pageSize);
  }
  listEnterpriseBatchCases(company: CompanyFacts, id: string, page: number, pageSize: number) {
    this.enterprise.open(company);
    return this.batches.cases(companyCaller(company), id, page, pageSize);
  }
  getEnterpriseBatch(company: CompanyFacts, id: string) {
    this.enterprise.open(company);
    return this.batches.get(companyCaller(company), id);
  }
  draftEnterpriseDocument(
    company: CompanyFacts,
    caseId: string,
    template: DocumentTemplate,
    memberId: string,
  ) {
    return this.enterprise.draftDocument(company, caseId, template, memberId);
  }
  enterpriseAnalytics(company: CompanyFacts, months: number) {
    return this.enterprise.analytics(company, months);
  }
  /** The platform statistics actor's sums, for a company's report. */
  collectionFigures(months: string[]) {
    return this.stats.figures(months);
  }
  getBatch(caller: LegalCaller, id: string) {
    return this.batches.get(caller, id);
  }
  listBatchCases(caller: LegalCaller, id: string, page: number, pageSize: number) {
    return this.batches.cases(caller, id, page, pageSize);
  }
  listBatches(caller: LegalCaller, page: number, pageSize: number) {
    return this.batches.list(caller, page, pageSize);
  }

  /** The demo workspace (SPEC D3): generated once, then only ever read. */
  openDemo(workspaceId: string) {
    return this.write(() => seedDemoClient(this.db, workspaceId, this.now()));
  }
}
