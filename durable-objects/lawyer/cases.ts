import { count, desc, eq, type SQL } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import type { Page } from '../../schema/dto/common';
import type { CaseActionAnswer, LawyerCase, LawyerCaseQuery } from '../../schema/dto/legal';
import type { CaseType, PracticeArea } from '../../schema/dto/legal-catalog';
import {
  type CaseCompletedMessage,
  type CaseReviewedMessage,
  type CaseSlaBreachMessage,
  type LawyerSnapshot,
  LEGAL_MESSAGES,
  type OfferAnswerMessage,
  type OfferMessage,
} from '../../schema/dto/legal-messages';
import * as schema from '../../schema/lawyer';
import type { Message } from '../actor';
import type { LegalCaller } from '../legal/access';
import { counterKeys, refusalFor } from '../legal/eligibility';
import { RawTable, sqlOf } from '../raw-rows';
import { effectiveLimits, levelFor } from './levels';
import {
  acceptanceRules,
  completionRules,
  declineChange,
  OFFER_WINDOW_MS,
  pointsFor,
  type ReviewStars,
  responseAction,
  reviewAction,
  suspensionAfterDecline,
} from './points';
import { type Db, LAWYER_JOBS, type LawyerRecord, type StateRow } from './record';
import { awardRules, completionFacts } from './tools';
import { ledgerView } from './workspace';

const { lawyerCases } = schema;
type CaseRow = typeof lawyerCases.$inferSelect;
const caseRows = new RawTable(lawyerCases);

/** What the cases module needs from its actor. */
export interface LawyerCasesHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  send(message: Message): void;
  schedule(kind: string, key: string, dueAt: number): void;
  cancel(kind: string, key: string): void;
  record: LawyerRecord;
}

const caseNotFound = () => new AppError(404, 'CASE_NOT_FOUND', 'no case of yours with that id');

/**
 * The cases offered to the lawyer and what they do with them (SPEC D6–D8): an offer is held for its
 * response window, reserving room under the lawyer's limits; accepting, declining, letting it lapse,
 * completing and the client's review each move the points by the table and tell the dispatcher and
 * the client through the outbox. Accepting and lapsing happen here, one after the other, so an offer
 * is either accepted or moves on — never both.
 */
export class LawyerCases {
  constructor(private readonly host: LawyerCasesHost) {}

  private get db(): Db {
    return this.host.db;
  }

  private get record(): LawyerRecord {
    return this.host.record;
  }

  /** Offers and answers are the hot path: their statements are raw SQL (see RawTable). */
  private find(caseId: string): CaseRow | undefined {
    return caseRows.first(
      sqlOf(this.db).exec(`SELECT ${caseRows.columns} FROM lawyer_cases WHERE case_id = ?`, caseId),
    );
  }

  /** D8 (the dispatcher's message): hold the offer, or refuse it at once with the lawyer's current state. */
  receiveOffer(m: OfferMessage): void {
    const now = this.host.now();
    const earlier = this.find(m.caseId);
    if (earlier) {
      // Offered before: an open offer stands; an answered one is answered again, so the case moves on.
      if (earlier.status !== 'offered')
        this.answer(ANSWERS[earlier.status], m, `again:${m.caseId}:${m.lawyerId}:${now}`);
      return;
    }
    const row = this.record.get();
    const snapshot = row ? this.record.snapshot(row, now) : undefined;
    const refusal = snapshot
      ? refusalFor(snapshot, m, now, counterKeys(now), {
          offers: snapshot.openOffers,
          amountFen: snapshot.openAmountFen,
        })
      : 'inactive';
    if (refusal !== null) {
      this.answer(LEGAL_MESSAGES.refused, m, `refused:${m.caseId}:${m.lawyerId}:${now}`);
      return;
    }
    sqlOf(this.db).exec(
      `INSERT INTO lawyer_cases (case_id, client_id, case_type, practice_area, min_membership, description,
         amount_fen, status, offered_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'offered', ?, ?, ?)`,
      m.caseId,
      m.clientId,
      m.caseType,
      m.area,
      m.minMembership,
      m.description,
      m.amountFen,
      now,
      now + OFFER_WINDOW_MS,
      now,
    );
    this.host.schedule(LAWYER_JOBS.lapse, m.caseId, now + OFFER_WINDOW_MS);
  }

  /** D8: within the window, and within the limits as they are now; quick_response within the hour. */
  accept(caller: LegalCaller, caseId: string): Promise<Outcome<CaseActionAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      const kase = this.openOffer(caseId);
      const now = this.host.now();
      const keys = counterKeys(now);
      const counters = this.record.counters(row, keys);
      const limits = effectiveLimits(row.plan, levelFor(row.points, row.casesCompleted));
      if (limits.dailyCases !== null && counters.acceptedToday + 1 > limits.dailyCases) {
        throw limitReached('dailyCases', limits.dailyCases, counters.acceptedToday);
      }
      if (
        limits.monthlyAmountFen !== null &&
        counters.amountThisMonthFen + kase.amountFen > limits.monthlyAmountFen
      ) {
        throw limitReached('monthlyAmountFen', limits.monthlyAmountFen, counters.amountThisMonthFen);
      }
      this.record.update({
        dayKey: keys.day,
        acceptedToday: counters.acceptedToday + 1,
        monthKey: keys.month,
        amountThisMonthFen: counters.amountThisMonthFen + kase.amountFen,
      });
      const updated = this.setCase(caseId, { status: 'assigned', respondedAt: now });
      this.host.cancel(LAWYER_JOBS.lapse, caseId);
      const entry = this.record.award(pointsFor(responseAction(kase.offeredAt, now), row.plan), caseId);
      const more = awardRules(this.record, acceptanceRules(now), row.plan, caseId);
      this.answer(LEGAL_MESSAGES.accepted, target(kase, row), `accepted:${caseId}:${row.userId}`);
      this.host.send({
        to: { binding: 'LEGAL_CLIENT', name: kase.clientId },
        type: LEGAL_MESSAGES.assigned,
        payload: this.assignment(row, updated),
        key: `assigned:${caseId}`,
      });
      return { case: caseView(updated), points: [ledgerView(entry), ...more] };
    });
  }

  /**
   * D7: the penalty as computed (never multiplied), the priority weight 0.1 lower for a week, and the
   * fifth decline within 7 days suspends new offers for exactly 24 hours, with a mail.
   */
  decline(
    caller: LegalCaller,
    caseId: string,
    reason: string | undefined,
  ): Promise<Outcome<CaseActionAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      const kase = this.openOffer(caseId);
      const now = this.host.now();
      const earlier = this.record.declinesInWindow(now);
      const level = levelFor(row.points, row.casesCompleted).level;
      const entry = this.record.award(declineChange(row.plan, kase.amountFen, level, earlier), caseId);
      const updated = this.setCase(caseId, {
        status: 'declined',
        respondedAt: now,
        declineReason: reason ?? null,
      });
      this.host.cancel(LAWYER_JOBS.lapse, caseId);
      const suspension = suspensionAfterDecline(earlier + 1, now, row.suspendedUntil);
      if (suspension.suspendedUntil !== row.suspendedUntil) {
        this.record.update({ suspendedUntil: suspension.suspendedUntil });
        this.host.schedule(LAWYER_JOBS.suspensionEnd, '', suspension.suspendedUntil!);
      }
      if (suspension.started) {
        this.host.send({
          to: { binding: 'DIRECTORY', name: 'global' },
          type: LEGAL_MESSAGES.mail,
          payload: {
            to: row.email,
            userId: row.userId,
            mail: {
              template: 'offersSuspended',
              name: row.lawyerName,
              declines: earlier + 1,
              until: suspension.suspendedUntil!,
            },
          },
          key: `suspended:${row.userId}:${suspension.suspendedUntil}`,
        });
      }
      const recovers = this.record.nextDeclineExpiry(now);
      if (recovers !== null) this.host.schedule(LAWYER_JOBS.weightRecovers, '', recovers);
      this.answer(LEGAL_MESSAGES.declined, target(kase, row), `declined:${caseId}:${row.userId}`);
      return { case: caseView(updated), points: [ledgerView(entry)] };
    });
  }

  /** D8 (alarm): an offer nobody answered in its window lapses, costing `late_response`, and moves on. */
  lapse(caseId: string): void {
    const kase = this.find(caseId);
    if (kase?.status !== 'offered') return;
    const now = this.host.now();
    if (kase.expiresAt > now) {
      this.host.schedule(LAWYER_JOBS.lapse, caseId, kase.expiresAt);
      return;
    }
    const row = this.record.get()!;
    this.setCase(caseId, { status: 'lapsed', respondedAt: now });
    this.record.award(pointsFor('late_response', row.plan), caseId);
    this.answer(LEGAL_MESSAGES.lapsed, target(kase, row), `lapsed:${caseId}:${row.userId}`);
  }

  /** D6: a success earns case_complete_success (× multiplier), a failure costs case_complete_fail; both count as completed. */
  complete(
    caller: LegalCaller,
    caseId: string,
    outcome: 'success' | 'fail',
  ): Promise<Outcome<CaseActionAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      const kase = this.requireCase(caseId);
      if (kase.status !== 'assigned') {
        throw new AppError(409, 'CASE_NOT_ASSIGNED', 'only a case assigned to you can be completed', {
          status: kase.status,
        });
      }
      const now = this.host.now();
      const updated = this.setCase(caseId, { status: 'completed', completedAt: now, outcome });
      const action = outcome === 'success' ? 'case_complete_success' : 'case_complete_fail';
      const entry = this.record.award(pointsFor(action, row.plan), caseId, 1);
      const more = awardRules(
        this.record,
        completionRules(completionFacts(kase, now, outcome)),
        row.plan,
        caseId,
      );
      const completed: CaseCompletedMessage = { ...this.assignment(row, updated), outcome, completedAt: now };
      this.host.send({
        to: { binding: 'LEGAL_CLIENT', name: kase.clientId },
        type: LEGAL_MESSAGES.completed,
        payload: completed,
        key: `completed:${caseId}`,
      });
      this.record.publish();
      return { case: caseView(updated), points: [ledgerView(entry), ...more] };
    });
  }

  /** D6 (the client's message): the review's points, once per case. */
  applyReview(m: CaseReviewedMessage): void {
    const kase = this.find(m.caseId);
    if (kase?.status !== 'completed' || kase.stars !== null) return;
    const row = this.record.get()!;
    this.setCase(m.caseId, { stars: m.stars, reviewedAt: this.host.now() });
    this.record.award(pointsFor(reviewAction(m.stars as ReviewStars), row.plan), m.caseId);
    this.record.publish();
  }

  /**
   * The company says a batch case this lawyer took had run past its package's SLA: kept on the case
   * for the lawyer to see. No points move: the wait was the dispatch's, not this lawyer's answer,
   * which `quick_response`/`late_response` already priced.
   */
  applySlaBreach(m: CaseSlaBreachMessage): void {
    const kase = this.find(m.caseId);
    if (!kase || kase.slaBreachedAt !== null) return;
    this.setCase(m.caseId, { slaDueAt: m.dueAt, slaBreachedAt: m.breachedAt });
  }

  list(caller: LegalCaller, query: LawyerCaseQuery): Outcome<Page<LawyerCase>> {
    return toOutcome(() => {
      this.record.require(caller, false);
      const where: SQL | undefined = query.status ? eq(lawyerCases.status, query.status) : undefined;
      const total = this.db.select({ n: count() }).from(lawyerCases).where(where).get()!.n;
      const rows = this.db
        .select()
        .from(lawyerCases)
        .where(where)
        .orderBy(desc(lawyerCases.offeredAt), desc(lawyerCases.caseId))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .all();
      return { items: rows.map(caseView), total, page: query.page, pageSize: query.pageSize };
    });
  }

  private openOffer(caseId: string): CaseRow {
    const kase = this.requireCase(caseId);
    if (kase.status !== 'offered') {
      throw new AppError(409, 'OFFER_NOT_OPEN', `this case is ${kase.status}, not waiting for your answer`, {
        status: kase.status,
      });
    }
    if (kase.expiresAt <= this.host.now()) {
      throw new AppError(410, 'OFFER_LAPSED', 'the time to answer this offer has passed', {
        expiresAt: iso(kase.expiresAt),
      });
    }
    return kase;
  }

  private requireCase(caseId: string): CaseRow {
    const kase = this.find(caseId);
    if (!kase) throw caseNotFound();
    return kase;
  }

  private setCase(caseId: string, patch: Partial<CaseRow>): CaseRow {
    const set = caseRows.assignments({ ...patch, updatedAt: this.host.now() });
    return caseRows.first(
      sqlOf(this.db).exec(
        `UPDATE lawyer_cases SET ${set.sql} WHERE case_id = ? RETURNING ${caseRows.columns}`,
        ...set.values,
        caseId,
      ),
    )!;
  }

  /**
   * Tells the case's dispatcher how the offer ended, with the lawyer's state after it (the other areas
   * hear the state alone). A lawyer this actor does not know answers as an inactive one.
   */
  private answer(
    type: string,
    to: { caseId: string; area: PracticeArea; lawyerId: string },
    key: string,
  ): void {
    const snapshot = this.record.get()
      ? this.record.publish({ except: to.area })
      : unknownLawyer(to.lawyerId, this.host.now());
    this.host.send({
      to: { binding: 'DISPATCH', name: to.area },
      type,
      payload: { caseId: to.caseId, lawyerId: to.lawyerId, snapshot } satisfies OfferAnswerMessage,
      key,
    });
  }

  private assignment(row: StateRow, kase: CaseRow) {
    return {
      caseId: kase.caseId,
      lawyerId: row.userId,
      lawyerName: row.lawyerName,
      lawFirm: row.lawFirm,
      assignedAt: kase.respondedAt!,
    };
  }
}

const ANSWERS: Record<Exclude<CaseRow['status'], 'offered'>, string> = {
  assigned: LEGAL_MESSAGES.accepted,
  completed: LEGAL_MESSAGES.accepted,
  declined: LEGAL_MESSAGES.declined,
  lapsed: LEGAL_MESSAGES.lapsed,
};

const target = (kase: CaseRow, row: StateRow) => ({
  caseId: kase.caseId,
  area: kase.practiceArea as PracticeArea,
  lawyerId: row.userId,
});

function unknownLawyer(lawyerId: string, now: number): LawyerSnapshot {
  const keys = counterKeys(now);
  return {
    lawyerId,
    version: 0,
    active: false,
    areas: [],
    plan: 'free',
    weightTenths: 0,
    suspendedUntil: null,
    dailyLimit: 0,
    monthlyLimitFen: 0,
    dayKey: keys.day,
    acceptedToday: 0,
    monthKey: keys.month,
    amountThisMonthFen: 0,
    openOffers: 0,
    openAmountFen: 0,
  };
}

const limitReached = (limit: 'dailyCases' | 'monthlyAmountFen', value: number, used: number) =>
  new AppError(409, 'LIMIT_REACHED', `accepting this case would exceed your ${limit} limit`, {
    limit,
    value,
    used,
  });

export function caseView(row: CaseRow): LawyerCase {
  return {
    caseId: row.caseId,
    caseType: row.caseType as CaseType,
    practiceArea: row.practiceArea as PracticeArea,
    description: row.description,
    amountFen: row.amountFen,
    status: row.status,
    offeredAt: iso(row.offeredAt)!,
    expiresAt: iso(row.expiresAt)!,
    respondedAt: iso(row.respondedAt),
    completedAt: iso(row.completedAt),
    outcome: row.outcome,
    stars: row.stars,
    complaint: row.complaint,
    slaDueAt: iso(row.slaDueAt),
    slaBreachedAt: iso(row.slaBreachedAt),
  };
}
