import { count, desc } from 'drizzle-orm';
import { type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import { monthOf } from '../../lib/zoned';
import type { Page } from '../../schema/dto/common';
import type { LawyerExtras, LawyerMe, MembershipAnswer, PointsEntry } from '../../schema/dto/legal';
import {
  MARKETPLACE_TIME_ZONE,
  MEMBERSHIPS,
  type MembershipPlan,
  type PointAction,
} from '../../schema/dto/legal-catalog';
import type { CertificationMessage } from '../../schema/dto/legal-messages';
import * as schema from '../../schema/lawyer';
import type { LegalCaller } from '../legal/access';
import { counterKeys } from '../legal/eligibility';
import type { PaymentOrderRow, PaymentOrders } from '../payments/orders';
import { view as orderView } from '../payments/orders';
import { aiCreditAllowance, effectiveLimits, levelFor, levelProgress, suggestMembership } from './levels';
import {
  applyPaidMonth,
  atPaidMonthEnd,
  freeMembershipUntil,
  type MembershipState,
  requestPlan,
  scheduleDowngrade,
} from './membership';
import { priorityWeightTenths } from './points';
import { type Db, LAWYER_JOBS, type LawyerRecord, type LedgerRow, type StateRow } from './record';

const { lawyer, lawyerState, pointsLedger } = schema;

export const MEMBERSHIP_PURPOSE = 'lawyer_membership';

/** What the workspace module needs from its actor. */
export interface LawyerWorkspaceHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  schedule(kind: string, key: string, dueAt: number): void;
  cancel(kind: string, key: string): void;
  record: LawyerRecord;
  payments: PaymentOrders;
}

/**
 * The lawyer's own workspace (SPEC D2, D4–D6): the certification as the Directory decides it, the
 * membership bought month by month through payment orders, the level and limits that follow, the AI
 * credits of the month and the points ledger.
 */
export class LawyerWorkspace {
  constructor(private readonly host: LawyerWorkspaceHost) {}

  private get db(): Db {
    return this.host.db;
  }

  private get record(): LawyerRecord {
    return this.host.record;
  }

  /** D2: the Directory's word on the certification; a newer account version always wins. */
  applyCertification(m: CertificationMessage): void {
    const now = this.host.now();
    const current = this.record.get();
    if (current && current.accountVersion >= m.version) return;
    const cert = m.certification;
    const status =
      cert.status === 'approved' ? 'active' : cert.status === 'rejected' ? 'rejected' : 'pending';
    const facts = {
      userId: m.userId,
      workspaceId: m.workspaceId,
      name: m.name,
      email: m.email,
      accountVersion: m.version,
      status,
      certificationId: cert.id,
      lawyerName: cert.lawyerName,
      licenseNumber: cert.licenseNumber,
      lawFirm: cert.lawFirm,
      practiceAreas: cert.practiceAreas,
      submittedAt: cert.submittedAt,
      rejectionReason: cert.status === 'rejected' ? cert.reason : null,
    } as const;
    if (!current) {
      const keys = counterKeys(now);
      this.db.insert(lawyer).values({ id: 1, lawyerId: m.userId, createdAt: now }).run();
      this.db
        .insert(lawyerState)
        .values({
          id: 1,
          ...facts,
          approvedAt: null,
          plan: 'free',
          points: 0,
          casesCompleted: 0,
          level: 1,
          aiCreditsMonth: keys.month,
          aiCreditsUsed: 0,
          dayKey: keys.day,
          acceptedToday: 0,
          monthKey: keys.month,
          amountThisMonthFen: 0,
          snapshotVersion: 0,
          updatedAt: now,
        })
        .run();
    } else {
      this.record.update(facts);
    }
    // D2: approval starts the free membership (ten years, renewing) at level 1.
    if (status === 'active') this.record.update({ approvedAt: cert.decidedAt ?? now });
    this.record.publish();
  }

  /** The workspace read, but for what the tools module adds (`LawyerExtras`). */
  meView(row: StateRow, now: number): Omit<LawyerMe, keyof LawyerExtras> {
    const keys = counterKeys(now);
    const counters = this.record.counters(row, keys);
    const level = levelFor(row.points, row.casesCompleted);
    const progress = levelProgress(row.points, row.casesCompleted);
    const membership = MEMBERSHIPS[row.plan];
    const limits = effectiveLimits(row.plan, level);
    const declines = this.record.declinesInWindow(now);
    const allowance = aiCreditAllowance(row.plan, level);
    const freeUntil = row.approvedAt === null ? null : freeMembershipUntil(row.approvedAt, now);
    return {
      userId: row.userId,
      workspaceId: row.workspaceId,
      name: row.name,
      email: row.email,
      demo: row.demo,
      status: row.status,
      certification: {
        id: row.certificationId,
        lawyerName: row.lawyerName,
        licenseNumber: row.licenseNumber,
        lawFirm: row.lawFirm,
        practiceAreas: row.practiceAreas,
        submittedAt: iso(row.submittedAt)!,
        approvedAt: iso(row.approvedAt),
        rejectionReason: row.rejectionReason,
      },
      membership: {
        plan: row.plan,
        name: membership.nameZh,
        monthlyFeeFen: membership.monthlyFeeFen,
        pointMultiplier: membership.pointMultiplier,
        enterpriseCases: membership.enterpriseCases,
        until: iso(row.plan === 'free' ? freeUntil : row.paidUntil),
        nextPlan: row.nextPlan,
      },
      level: {
        level: level.level,
        name: level.nameZh,
        priorityWeight: priorityWeightTenths(level, declines) / 10,
        next: progress.next,
      },
      points: row.points,
      casesCompleted: row.casesCompleted,
      aiCredits: {
        month: keys.month,
        allowance,
        used: counters.aiCreditsUsed,
        remaining: Math.max(0, allowance - counters.aiCreditsUsed),
      },
      limits: {
        membership: {
          dailyCases: membership.dailyCaseLimit,
          monthlyAmountFen: membership.monthlyAmountLimitFen,
        },
        level: { dailyCases: level.dailyCaseLimit, monthlyAmountFen: level.monthlyAmountLimitFen },
        effective: { dailyCases: limits.dailyCases, monthlyAmountFen: limits.monthlyAmountFen },
        dailyBoundBy: limits.dailyBoundBy,
        monthlyBoundBy: limits.monthlyBoundBy,
        acceptedToday: counters.acceptedToday,
        amountThisMonthFen: counters.amountThisMonthFen,
        suggestion: suggestMembership(row.plan, level),
      },
      suspension: {
        suspendedUntil:
          row.suspendedUntil !== null && row.suspendedUntil > now ? iso(row.suspendedUntil) : null,
        declinesLast7Days: declines,
      },
    };
  }

  points(caller: LegalCaller, page: number, pageSize: number): Outcome<Page<PointsEntry>> {
    return toOutcome(() => {
      this.record.require(caller, false);
      const total = this.db.select({ n: count() }).from(pointsLedger).get()!.n;
      const rows = this.db
        .select()
        .from(pointsLedger)
        .orderBy(desc(pointsLedger.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all();
      return { items: rows.map(ledgerView), total, page, pageSize };
    });
  }

  /** D4: a paid plan is a payment order for a month of it; free is a downgrade when the paid month ends. */
  requestMembership(caller: LegalCaller, plan: MembershipPlan): Promise<Outcome<MembershipAnswer>> {
    return this.host.write(() => {
      const row = this.record.requireActive(caller, true);
      const request = requestPlan(stateOf(row), plan);
      if (request.kind === 'downgrade') {
        this.record.update(scheduleDowngrade(stateOf(row)));
        return {
          plan,
          effect: 'downgrade',
          effectiveAt: iso(request.effectiveAt),
          order: null,
        } as MembershipAnswer;
      }
      const terms = MEMBERSHIPS[plan];
      const order = this.host.payments.create({
        purpose: MEMBERSHIP_PURPOSE,
        subject: { plan },
        description: `${terms.nameZh}（一个月）${terms.nameEn}, one month`,
        ownerUserId: row.userId,
        amountFen: request.amountFen,
      });
      return {
        plan,
        effect: request.effect,
        effectiveAt: request.effect === 'next_month' ? iso(row.paidUntil) : null,
        order: orderView(order),
      };
    });
  }

  /** D4: a paid month takes effect in the transaction that marks its order paid. */
  applyMembershipPayment(order: PaymentOrderRow): void {
    const { plan } = order.subject as { plan: MembershipPlan };
    const row = this.record.get()!;
    const next = applyPaidMonth(stateOf(row), plan, order.paidAt ?? this.host.now());
    this.record.update(next);
    if (next.paidUntil !== null) this.host.schedule(LAWYER_JOBS.membershipEnd, '', next.paidUntil);
    this.record.publish();
  }

  /** D4 (alarm): the paid month ended; the next paid plan starts or the lawyer is back on free. */
  endPaidMonth(): void {
    const row = this.record.get();
    if (!row || row.paidUntil === null) return;
    if (row.paidUntil > this.host.now()) {
      this.host.schedule(LAWYER_JOBS.membershipEnd, '', row.paidUntil);
      return;
    }
    const next = atPaidMonthEnd(stateOf(row));
    this.record.update(next);
    if (next.paidUntil !== null) this.host.schedule(LAWYER_JOBS.membershipEnd, '', next.paidUntil);
    this.record.publish();
  }

  /** `lawyer-monthly-credits`: the month's AI credits start again from nothing used (once per month). */
  resetMonthlyCredits(now: number): { reset: boolean; month: string } {
    const month = monthOf(now, MARKETPLACE_TIME_ZONE);
    const row = this.record.get();
    if (!row || row.aiCreditsMonth === month) return { reset: false, month };
    this.record.update({ aiCreditsMonth: month, aiCreditsUsed: 0 });
    return { reset: true, month };
  }
}

function stateOf(row: StateRow): MembershipState {
  return { plan: row.plan, paidUntil: row.paidUntil, nextPlan: row.nextPlan };
}

export function ledgerView(row: LedgerRow): PointsEntry {
  return {
    id: row.id,
    at: iso(row.at)!,
    action: row.action as PointAction,
    base: row.base,
    multiplier: row.multiplier,
    result: row.result,
    balanceAfter: row.balanceAfter,
    membership: row.plan as MembershipPlan,
    caseId: row.caseId,
  };
}
