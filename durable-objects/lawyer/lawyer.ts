import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { type JsonText, jsonText } from '../../schema/dto/common';
import type { LawyerCaseQuery, LawyerMe } from '../../schema/dto/legal';
import type { DocumentTemplate, MembershipPlan } from '../../schema/dto/legal-catalog';
import {
  type CaseComplaintMessage,
  type CaseReviewedMessage,
  type CaseSlaBreachMessage,
  type CertificationMessage,
  LEGAL_MESSAGES,
  type OfferMessage,
  type ReferralApprovedMessage,
} from '../../schema/dto/legal-messages';
import type { ContactBody, PaymentBody } from '../../schema/dto/legal-recovery';
import * as schema from '../../schema/lawyer';
import migrations from '../../schema/migrations/lawyer/migrations.js';
import type { JobHandler, MessageHandler } from '../actor';
import type { LegalCaller } from '../legal/access';
import { LegalActor } from '../legal/legal-actor';
import type { PaymentOrderRow } from '../payments/orders';
import { UnchangedReads } from '../unchanged-reads';
import { LawyerAnalyticsReader } from './analytics-reader';
import { LawyerCases } from './cases';
import { seedDemoLawyer } from './demo';
import { LAWYER_JOBS, LawyerRecord } from './record';
import { LawyerRecovery } from './recovery';
import { LawyerTools } from './tools';
import { LawyerWorkspace, MEMBERSHIP_PURPOSE } from './workspace';

/**
 * One lawyer (`idFromName(userId)`): certification, membership, level, the points ledger, declines and
 * suspension, the day's and month's counters, and the cases offered and assigned. It keeps the
 * dispatch index current by publishing a snapshot to the dispatcher of each of its practice areas.
 */
export class LawyerActor extends LegalActor<typeof schema> {
  private readonly reads = new UnchangedReads(this.ctx.storage.sql);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations, owner: 'LAWYER' });
  }

  protected override tx<T>(fn: () => T): T {
    return super.tx(() => this.record.within(fn));
  }

  protected override messages(): Record<string, MessageHandler> {
    return {
      [LEGAL_MESSAGES.certification]: (m: CertificationMessage) => {
        this.workspace.applyCertification(m);
        this.tools.afterCertification();
      },
      [LEGAL_MESSAGES.referralApproved]: (m: ReferralApprovedMessage) => this.tools.applyReferral(m),
      [LEGAL_MESSAGES.complaint]: (m: CaseComplaintMessage) => this.tools.applyComplaint(m),
      [LEGAL_MESSAGES.offer]: (m: OfferMessage) => this.cases.receiveOffer(m),
      [LEGAL_MESSAGES.reviewed]: (m: CaseReviewedMessage) => this.cases.applyReview(m),
      [LEGAL_MESSAGES.caseSlaBreach]: (m: CaseSlaBreachMessage) => this.cases.applySlaBreach(m),
    };
  }

  protected override jobs(): Record<string, JobHandler> {
    return {
      [LAWYER_JOBS.lapse]: (caseId) => this.write(() => this.cases.lapse(caseId)).then(rethrow),
      [LAWYER_JOBS.membershipEnd]: () => this.write(() => this.workspace.endPaidMonth()).then(rethrow),
      // A suspension ending or a decline leaving the 7-day window changes what the dispatchers should see.
      [LAWYER_JOBS.suspensionEnd]: () => this.write(() => this.republish()).then(rethrow),
      [LAWYER_JOBS.weightRecovers]: () =>
        this.write(() => {
          this.republish();
          const next = this.record.nextDeclineExpiry(this.now());
          if (next !== null) this.schedule(LAWYER_JOBS.weightRecovers, '', next);
        }).then(rethrow),
    };
  }

  private readonly record = new LawyerRecord({
    db: this.db,
    now: () => this.now(),
    send: (message) => this.send(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
  });

  private readonly workspace = new LawyerWorkspace({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    cancel: (kind, key) => this.cancel(kind, key),
    record: this.record,
    payments: this.payments,
  });

  private readonly cases = new LawyerCases({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    send: (message) => this.send(message),
    schedule: (kind, key, dueAt) => this.schedule(kind, key, dueAt),
    cancel: (kind, key) => this.cancel(kind, key),
    record: this.record,
  });

  private readonly recovery = new LawyerRecovery({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    send: (message) => this.send(message),
    record: this.record,
  });

  private readonly tools = new LawyerTools({
    db: this.db,
    now: () => this.now(),
    write: (fn) => this.write(fn),
    send: (message) => this.send(message),
    record: this.record,
  });

  private readonly analyticsReader = new LawyerAnalyticsReader({
    db: this.db,
    now: () => this.now(),
    record: this.record,
  });

  protected purchases(): Record<string, (order: PaymentOrderRow) => void> {
    return { [MEMBERSHIP_PURPOSE]: (order) => this.workspace.applyMembershipPayment(order) };
  }

  /** The workspace read (the hot path): computed again only when the data changed or a minute passed. */
  me(caller: LegalCaller): Outcome<JsonText<LawyerMe>> {
    return toOutcome(() => {
      const row = this.record.require(caller, false);
      const now = this.now();
      return this.reads.get(`me:${Math.floor(now / 60_000)}`, () =>
        jsonText({ ...this.workspace.meView(row, now), ...this.tools.extrasView(row, now) }),
      );
    });
  }
  points(caller: LegalCaller, page: number, pageSize: number) {
    return this.workspace.points(caller, page, pageSize);
  }
  requestMembership(caller: LegalCaller, plan: MembershipPlan) {
    return this.workspace.requestMembership(caller, plan);
  }
  listCases(caller: LegalCaller, query: LawyerCaseQuery) {
    return this.cases.list(caller, query);
  }
  acceptCase(caller: LegalCaller, caseId: string) {
    return this.cases.accept(caller, caseId);
  }
  declineCase(caller: LegalCaller, caseId: string, reason: string | undefined) {
    return this.cases.decline(caller, caseId, reason);
  }
  completeCase(caller: LegalCaller, caseId: string, outcome: 'success' | 'fail') {
    return this.cases.complete(caller, caseId, outcome);
  }
  caseRecovery(caller: LegalCaller, caseId: string) {
    return this.recovery.read(caller, caseId);
  }
  recordContact(caller: LegalCaller, caseId: string, body: ContactBody) {
    return this.recovery.contact(caller, caseId, body);
  }
  recordPayment(caller: LegalCaller, caseId: string, body: PaymentBody) {
    return this.recovery.payment(caller, caseId, body);
  }

  heartbeat(caller: LegalCaller) {
    return this.tools.heartbeat(caller);
  }
  createApiKey(caller: LegalCaller, key: { id: string; name: string; keyHash: string; expiresAt: number }) {
    return this.tools.createApiKey(caller, key);
  }
  listApiKeys(caller: LegalCaller, page: number, pageSize: number) {
    return this.tools.listApiKeys(caller, page, pageSize);
  }
  revokeApiKey(caller: LegalCaller, id: string) {
    return this.tools.revokeApiKey(caller, id);
  }
  checkApiKey(id: string, keyHash: string) {
    return this.tools.checkApiKey(id, keyHash);
  }
  setReportHeader(caller: LegalCaller, header: string | null) {
    return this.tools.setReportHeader(caller, header);
  }
  isApprovedLawyer() {
    return this.tools.isApprovedLawyer();
  }
  setReferral(caller: LegalCaller, code: string) {
    return this.tools.setReferral(caller, code);
  }
  draftDocument(caller: LegalCaller, caseId: string, template: DocumentTemplate) {
    return this.tools.draftDocument(caller, caseId, template);
  }
  creditLedger(caller: LegalCaller, page: number, pageSize: number) {
    return this.tools.creditLedger(caller, page, pageSize);
  }

  analytics(caller: LegalCaller, months: number) {
    return this.analyticsReader.read(caller, months);
  }

  /** `lawyer-monthly-credits`: the month's AI credits start again (a second call in the month does nothing). */
  resetMonthlyCredits(at: number) {
    return this.write(() => this.workspace.resetMonthlyCredits(at));
  }

  /** The sum of the points ledger beside the balance (they must be equal). */
  pointsCheck(): { balance: number; ledgerSum: number } {
    return { balance: this.record.get()?.points ?? 0, ledgerSum: this.record.ledgerSum() };
  }

  /** The demo workspace (SPEC D3): generated once, then only ever read. */
  openDemo(workspaceId: string) {
    return this.write(() => seedDemoLawyer(this.db, workspaceId, this.now()));
  }

  private republish(): void {
    if (this.record.get()?.status === 'active') this.record.publish();
  }
}

/** A job whose write was refused fails, so the alarm tries it again later. */
function rethrow(outcome: Outcome<unknown>): void {
  if (!outcome.ok) throw AppError.from(outcome.error);
}
