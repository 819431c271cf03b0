import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { AppError, fieldError, type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import { dateOf } from '../../lib/zoned';
import type { Page } from '../../schema/dto/common';
import type { PointsEntry } from '../../schema/dto/legal';
import type { CaseType, MembershipPlan, PracticeArea } from '../../schema/dto/legal-catalog';
import { MARKETPLACE_TIME_ZONE } from '../../schema/dto/legal-catalog';
import type {
  DocumentAnswer,
  HeartbeatAnswer,
  LawyerApiKey,
  LawyerExtras,
  ReportHeaderAnswer,
} from '../../schema/dto/legal-lawyer-tools';
import {
  type CaseComplaintMessage,
  LEGAL_MESSAGES,
  type ReferralApprovedMessage,
} from '../../schema/dto/legal-messages';
import * as schema from '../../schema/lawyer';
import type { Message } from '../actor';
import type { LegalCaller } from '../legal/access';
import { counterKeys } from '../legal/eligibility';
import { serviceFeeFen } from '../legal/fees';
import { checkCredits, type DocumentTemplate, draftDocument } from './documents';
import { aiCreditAllowance, levelFor } from './levels';
import { HEARTBEAT_EVERY_MS, heartbeat, ONLINE_HOURS_PER_DAY, pointsFor, type RuleUnits } from './points';
import type { Db, LawyerRecord, StateRow } from './record';
import { caseTypesFor, featuresOf, requireFeature, upgradeOpens } from './tiers';
import { ledgerView } from './workspace';

const { lawyerApiKeys, aiCreditLedger, referralsRewarded, lawyerCases } = schema;
type KeyRow = typeof lawyerApiKeys.$inferSelect;

/** What the tools module needs from its actor. */
export interface LawyerToolsHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  send(message: Message): void;
  record: LawyerRecord;
}

const keyInvalid = () =>
  new AppError(401, 'API_KEY_INVALID', 'this API key is revoked, expired or not of this lawyer');

/**
 * The workspace's tools beyond cases (SPEC D4, D6): what the membership opens, per-lawyer API keys and
 * the white-label header (enterprise), the document helper that spends AI credits, the heartbeats that
 * earn `online_hour`, and the referral code that earns `referral_lawyer` when the referred lawyer is
 * approved.
 */
export class LawyerTools {
  constructor(private readonly host: LawyerToolsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  private get record(): LawyerRecord {
    return this.host.record;
  }

  /** The workspace's view of what the membership opens, the tools' settings and the time online today. */
  extrasView(row: StateRow, now: number): LawyerExtras {
    const day = dateOf(now, MARKETPLACE_TIME_ZONE);
    const today = row.onlineDay === day;
    return {
      access: {
        caseTypes: caseTypesFor(row.plan),
        features: featuresOf(row.plan),
        upgrade: upgradeOpens(row.plan),
      },
      reportHeader: row.reportHeader,
      referral: { code: row.userId, referredBy: row.referredBy },
      online: {
        day,
        minutes: today ? Math.floor(row.onlineMs / 60_000) : 0,
        hoursAwarded: today ? row.onlineHoursAwarded : 0,
        hoursPerDay: ONLINE_HOURS_PER_DAY,
        heartbeatSeconds: HEARTBEAT_EVERY_MS / 1000,
      },
    };
  }

  /** D6: the open workspace's heartbeat: time online on the business day, `online_hour` per whole hour (8 a day at most). */
  heartbeat(caller: LegalCaller): Promise<Outcome<HeartbeatAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      const now = this.host.now();
      const beat = heartbeat(
        {
          day: row.onlineDay,
          onlineMs: row.onlineMs,
          hoursAwarded: row.onlineHoursAwarded,
          lastBeatAt: row.lastHeartbeatAt,
        },
        now,
      );
      const updated = this.record.update({
        onlineDay: beat.time.day,
        onlineMs: beat.time.onlineMs,
        onlineHoursAwarded: beat.time.hoursAwarded,
        lastHeartbeatAt: beat.time.lastBeatAt,
      });
      const points =
        beat.hours > 0
          ? [ledgerView(this.record.award(pointsFor('online_hour', row.plan, beat.hours), null))]
          : [];
      return { online: this.extrasView(updated, now).online, points };
    });
  }

  /** Enterprise only: keeps the hash of a key the worker signed; the key itself is never stored. */
  createApiKey(
    caller: LegalCaller,
    key: { id: string; name: string; keyHash: string; expiresAt: number },
  ): Promise<Outcome<LawyerApiKey>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      requireFeature(row.plan, 'apiAccess');
      const created = this.db
        .insert(lawyerApiKeys)
        .values({ ...key, createdAt: this.host.now() })
        .returning()
        .get();
      return keyView(created);
    });
  }

  listApiKeys(caller: LegalCaller, page: number, pageSize: number): Outcome<Page<LawyerApiKey>> {
    return toOutcome(() => {
      this.record.require(caller, false);
      const total = this.db.select({ n: count() }).from(lawyerApiKeys).get()!.n;
      const items = this.db
        .select()
        .from(lawyerApiKeys)
        .orderBy(desc(lawyerApiKeys.createdAt), desc(lawyerApiKeys.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map(keyView);
      return { items, total, page, pageSize };
    });
  }

  /** Revoking stays possible on any membership: it only takes access away. */
  revokeApiKey(caller: LegalCaller, id: string): Promise<Outcome<LawyerApiKey>> {
    return this.host.write(() => {
      this.record.require(caller, true);
      const key = this.db.select().from(lawyerApiKeys).where(eq(lawyerApiKeys.id, id)).get();
      if (!key) throw new AppError(404, 'API_KEY_NOT_FOUND', 'no API key of yours with that id');
      if (key.revokedAt !== null) return keyView(key);
      return keyView(
        this.db
          .update(lawyerApiKeys)
          .set({ revokedAt: this.host.now() })
          .where(and(eq(lawyerApiKeys.id, id), isNull(lawyerApiKeys.revokedAt)))
          .returning()
          .get()!,
      );
    });
  }

  /**
   * A call made with a key: it must be this lawyer's, unrevoked, unexpired and the very key issued (its
   * hash), and the membership must still include API access. Notes its use at most once a minute.
   */
  checkApiKey(id: string, keyHash: string): Promise<Outcome<{ ok: true }>> {
    return this.host.write(() => {
      const key = this.db.select().from(lawyerApiKeys).where(eq(lawyerApiKeys.id, id)).get();
      const now = this.host.now();
      if (!key || key.keyHash !== keyHash || key.revokedAt !== null || key.expiresAt <= now)
        throw keyInvalid();
      const row = this.record.get();
      if (!row) throw keyInvalid();
      requireFeature(row.plan, 'apiAccess');
      if (key.lastUsedAt === null || now - key.lastUsedAt > 60_000) {
        this.db.update(lawyerApiKeys).set({ lastUsedAt: now }).where(eq(lawyerApiKeys.id, id)).run();
      }
      return { ok: true as const };
    });
  }

  /** White-label (enterprise): the firm name at the head of the lawyer's documents; null goes back to the law firm. */
  setReportHeader(caller: LegalCaller, header: string | null): Promise<Outcome<ReportHeaderAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      requireFeature(row.plan, 'whiteLabel');
      const updated = this.record.update({ reportHeader: header });
      return { reportHeader: updated.reportHeader, effective: updated.reportHeader ?? updated.lawFirm };
    });
  }

  /** Whether this actor's lawyer is approved: a referral code names such a lawyer. */
  isApprovedLawyer(): boolean {
    return this.record.get()?.status === 'active';
  }

  /** D6: a referral code, given once while the certification waits for approval. */
  setReferral(caller: LegalCaller, code: string): Promise<Outcome<{ referredBy: string }>> {
    return this.host.write(() => {
      const row = this.record.require(caller, true);
      if (row.status !== 'pending')
        throw fieldError(409, 'REFERRAL_CLOSED', 'body.code', 'a referral code is given before approval');
      if (row.referredBy !== null)
        throw fieldError(409, 'REFERRAL_GIVEN', 'body.code', 'a referral code was given already');
      if (code === row.userId) throw fieldError(400, 'VALIDATION', 'body.code', 'you cannot refer yourself');
      this.record.update({ referredBy: code });
      return { referredBy: code };
    });
  }

  /** After a certification change: an approved lawyer who gave a referral code tells the referrer (once). */
  afterCertification(): void {
    const row = this.record.get();
    if (row?.status !== 'active' || row.referredBy === null) return;
    this.host.send({
      to: { binding: 'LAWYER', name: row.referredBy },
      type: LEGAL_MESSAGES.referralApproved,
      payload: { referrerId: row.referredBy, referredId: row.userId } satisfies ReferralApprovedMessage,
      key: `referral:${row.userId}`,
    });
  }

  /** D6 (the referred lawyer's message): `referral_lawyer` once per referred lawyer, to an approved referrer. */
  applyReferral(m: ReferralApprovedMessage): void {
    const row = this.record.get();
    if (row?.status !== 'active' || row.userId !== m.referrerId) return;
    const fresh = this.db
      .insert(referralsRewarded)
      .values({ referredId: m.referredId, at: this.host.now() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (fresh) this.record.award(pointsFor('referral_lawyer', row.plan), null);
  }

  /** D6 (the client's message): `client_complaint` once per assigned or completed case, never multiplied. */
  applyComplaint(m: CaseComplaintMessage): void {
    const kase = this.db.select().from(lawyerCases).where(eq(lawyerCases.caseId, m.caseId)).get();
    if (!kase || (kase.status !== 'assigned' && kase.status !== 'completed') || kase.complainedAt !== null)
      return;
    const now = this.host.now();
    this.db
      .update(lawyerCases)
      .set({ complaint: m.reason, complainedAt: now, updatedAt: now })
      .where(eq(lawyerCases.caseId, m.caseId))
      .run();
    this.record.award(pointsFor('client_complaint', this.record.get()!.plan), m.caseId);
  }

  /**
   * The document helper: drafts from one of the lawyer's assigned or completed cases, spending the
   * template's credits from the month's allowance (402 with the count left when they do not cover it),
   * one credit-ledger entry and `ai_credit_used` per credit.
   */
  draftDocument(
    caller: LegalCaller,
    caseId: string,
    template: DocumentTemplate,
  ): Promise<Outcome<DocumentAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      const kase = this.db.select().from(lawyerCases).where(eq(lawyerCases.caseId, caseId)).get();
      if (!kase || (kase.status !== 'assigned' && kase.status !== 'completed'))
        throw new AppError(404, 'CASE_NOT_FOUND', 'no case assigned to you with that id');
      const now = this.host.now();
      const keys = counterKeys(now);
      const used = this.record.counters(row, keys).aiCreditsUsed;
      const allowance = aiCreditAllowance(row.plan, levelFor(row.points, row.casesCompleted));
      const cost = checkCredits(template, allowance - used);
      this.record.update({ aiCreditsMonth: keys.month, aiCreditsUsed: used + cost });
      this.db
        .insert(aiCreditLedger)
        .values({
          at: now,
          month: keys.month,
          credits: cost,
          usedAfter: used + cost,
          purpose: template,
          caseId,
        })
        .run();
      const entry = this.record.award(pointsFor('ai_credit_used', row.plan, cost), caseId);
      const document = draftDocument(template, {
        caseId,
        caseType: kase.caseType as CaseType,
        practiceArea: kase.practiceArea as PracticeArea,
        amountFen: kase.amountFen,
        description: kase.description,
        lawyerName: row.lawyerName,
        lawFirm: row.lawFirm,
        header: row.reportHeader,
        date: keys.day,
      });
      return {
        document,
        credits: { cost, used: used + cost, allowance, remaining: allowance - used - cost },
        points: [ledgerView(entry)],
      };
    });
  }

  /** The credit ledger, newest first. */
  creditLedger(caller: LegalCaller, page: number, pageSize: number) {
    return toOutcome(() => {
      this.record.require(caller, false);
      const total = this.db.select({ n: count() }).from(aiCreditLedger).get()!.n;
      const items = this.db
        .select()
        .from(aiCreditLedger)
        .orderBy(desc(aiCreditLedger.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map((r) => ({
          id: r.id,
          at: iso(r.at)!,
          month: r.month,
          credits: r.credits,
          usedAfter: r.usedAfter,
          purpose: r.purpose,
          caseId: r.caseId,
        }));
      return { items, total, page, pageSize };
    });
  }
}

/** One ledger entry for each rule a case action set off beside its main one (in the caller's transaction). */
export function awardRules(
  record: LawyerRecord,
  rules: RuleUnits[],
  plan: MembershipPlan,
  caseId: string,
): PointsEntry[] {
  return rules.map((r) => ledgerView(record.award(pointsFor(r.action, plan, r.units), caseId)));
}

/** What the completion rules read of a case completed at `now`; the fee is the one the client paid to publish it. */
export function completionFacts(
  kase: { caseType: string; amountFen: number; respondedAt: number | null },
  now: number,
  outcome: 'success' | 'fail',
) {
  return {
    amountFen: kase.amountFen,
    feeFen: serviceFeeFen(kase.caseType as CaseType, kase.amountFen),
    acceptedAt: kase.respondedAt!,
    completedAt: now,
    outcome,
  };
}

function keyView(row: KeyRow): LawyerApiKey {
  return {
    id: row.id,
    name: row.name,
    createdAt: iso(row.createdAt)!,
    expiresAt: iso(row.expiresAt)!,
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}
