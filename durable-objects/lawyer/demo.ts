import { newId } from '../../lib/ids';
import { DEMO_LAWYER_WORKSPACE, type PointAction } from '../../schema/dto/legal-catalog';
import * as schema from '../../schema/lawyer';
import { counterKeys } from '../legal/eligibility';
import { levelFor } from './levels';
import { OFFER_WINDOW_MS, pointsFor } from './points';
import type { Db } from './record';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type NewCase = typeof schema.lawyerCases.$inferInsert;
type NewRecord = Omit<typeof schema.recoveryRecords.$inferInsert, 'id'>;

/** The demo lawyer's cases, relative to `now` so the workspace always looks current (SPEC D3). */
export function demoLawyerCases(now: number): NewCase[] {
  const kase = (
    caseId: string,
    caseType: string,
    practiceArea: string,
    amountFen: number,
    description: string,
    offeredAt: number,
    rest: Partial<NewCase>,
  ): NewCase => ({
    caseId,
    clientId: 'demo-user-001',
    caseType,
    practiceArea,
    minMembership: 'free',
    description,
    amountFen,
    status: 'offered',
    offeredAt,
    expiresAt: offeredAt + OFFER_WINDOW_MS,
    updatedAt: offeredAt,
    ...rest,
  });
  return [
    kase(
      'demo-case-001',
      'debt_collection',
      'debt',
      26_000_00,
      '建材货款催收 Building-supplies debt',
      now - 20 * 60_000,
      {},
    ),
    kase(
      'demo-case-002',
      'contract_review',
      'contract',
      0,
      '股权转让协议审查 Share transfer agreement',
      now - 50 * 60_000,
      {},
    ),
    kase('demo-case-006', 'lawyer_letter', 'contract', 8_000_00, '违约催告函 Notice of breach', now - DAY, {
      status: 'assigned',
      respondedAt: now - DAY + 30 * 60_000,
    }),
    kase(
      'demo-case-008',
      'debt_collection',
      'debt',
      12_000_00,
      '装修工程款拖欠 Unpaid renovation works',
      now - 6 * DAY,
      { status: 'assigned', respondedAt: now - 6 * DAY + 40 * 60_000 },
    ),
    kase(
      'demo-case-003',
      'debt_collection',
      'debt',
      38_000_00,
      '供货货款逾期三个月未付 Supplier invoice overdue',
      now - 9 * DAY,
      {
        status: 'completed',
        respondedAt: now - 9 * DAY + 2 * HOUR,
        completedAt: now - 2 * DAY,
        outcome: 'success',
        stars: 5,
        reviewedAt: now - DAY,
      },
    ),
    kase(
      'demo-case-007',
      'consultation',
      'corporate',
      0,
      '公司章程咨询 Articles of association',
      now - 14 * DAY,
      {
        status: 'completed',
        respondedAt: now - 14 * DAY + HOUR / 2,
        completedAt: now - 12 * DAY,
        outcome: 'success',
        stars: 4,
        reviewedAt: now - 11 * DAY,
      },
    ),
  ];
}

/**
 * The demo lawyer's recovery records (issue 21), on its debt cases already taken: contacts with the
 * debtor and amounts recovered, each between the taking and `now` (or the closing), the closed
 * successful case recovered in full and the open one in part.
 */
export function demoRecoveryRecords(now: number): NewRecord[] {
  const taken = (caseId: string) => {
    const kase = demoLawyerCases(now).find((c) => c.caseId === caseId)!;
    return kase.respondedAt!;
  };
  const record = (caseId: string, afterTaken: number, rest: Partial<NewRecord>): NewRecord => {
    const at = taken(caseId) + afterTaken;
    return { caseId, kind: 'contact', at, note: '', recordedAt: at, ...rest };
  };
  return [
    record('demo-case-003', 3 * HOUR, { responded: false, note: '电话未接通 No answer' }),
    record('demo-case-003', DAY, { responded: true, note: '债务人承诺分两期付款 Promised two instalments' }),
    record('demo-case-003', 3 * DAY, { kind: 'payment', amountFen: 20_000_00, responded: null }),
    record('demo-case-003', 6 * DAY, { kind: 'payment', amountFen: 18_000_00, responded: null }),
    record('demo-case-008', 2 * HOUR, { responded: true, note: '已发送律师函 Letter sent' }),
    record('demo-case-008', 4 * DAY, { kind: 'payment', amountFen: 5_000_00, responded: null }),
  ];
}

/** The demo lawyer's points history: a professional member's first months, as the rule table prices them. */
export function demoLedger(now: number): { at: number; action: PointAction; caseId: string | null }[] {
  const entries: { at: number; action: PointAction; caseId: string | null }[] = [];
  for (let i = 0; i < 12; i++) {
    const at = now - (60 - i * 4) * DAY;
    const caseId = `demo-past-${i + 1}`;
    entries.push({ at, action: 'quick_response', caseId });
    entries.push({ at: at + 2 * DAY, action: 'case_complete_success', caseId });
    entries.push({ at: at + 3 * DAY, action: i % 3 === 0 ? 'review_4star' : 'review_5star', caseId });
  }
  entries.push({ at: now - 13 * DAY, action: 'case_declined', caseId: 'demo-past-declined' });
  return entries;
}

/** Fills the demo lawyer once; later calls find it filled and change nothing. */
export function seedDemoLawyer(db: Db, workspaceId: string, now: number): null {
  if (db.select().from(schema.lawyerState).get()) return null;
  const keys = counterKeys(now);
  let points = 0;
  for (const entry of demoLedger(now)) {
    const change =
      entry.action === 'case_declined'
        ? { action: entry.action, base: -30, multiplier: 1, result: -30, plan: 'professional' as const }
        : pointsFor(entry.action, 'professional');
    points += change.result;
    db.insert(schema.pointsLedger)
      .values({ ...change, at: entry.at, balanceAfter: points, caseId: entry.caseId })
      .run();
  }
  const casesCompleted = 14;
  db.insert(schema.lawyer)
    .values({ id: 1, lawyerId: DEMO_LAWYER_WORKSPACE, createdAt: now - 90 * DAY })
    .run();
  db.insert(schema.lawyerState)
    .values({
      id: 1,
      userId: DEMO_LAWYER_WORKSPACE,
      workspaceId,
      name: '张律师（演示）',
      email: 'demo-lawyer@example.invalid',
      demo: true,
      accountVersion: 1,
      status: 'active',
      certificationId: 'demo-certification',
      lawyerName: '张律师（演示）',
      licenseNumber: 'DEMO-0000000001',
      lawFirm: '演示律师事务所',
      practiceAreas: ['contract', 'debt', 'corporate'],
      submittedAt: now - 91 * DAY,
      approvedAt: now - 90 * DAY,
      plan: 'professional',
      paidUntil: now + 12 * DAY,
      points,
      casesCompleted,
      level: levelFor(points, casesCompleted).level,
      aiCreditsMonth: keys.month,
      aiCreditsUsed: 37,
      dayKey: keys.day,
      acceptedToday: 1,
      monthKey: keys.month,
      amountThisMonthFen: 8_000_00,
      snapshotVersion: 0,
      updatedAt: now,
    })
    .run();
  for (const row of demoLawyerCases(now)) db.insert(schema.lawyerCases).values(row).run();
  for (const row of demoRecoveryRecords(now)) {
    db.insert(schema.recoveryRecords)
      .values({ id: newId('rec'), ...row })
      .run();
  }
  return null;
}
