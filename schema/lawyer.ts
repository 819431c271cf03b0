import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { MembershipPlan, PracticeArea } from './dto/legal-catalog';
import { recoveryRecordColumns } from './recovery-records';

export * from './base';
export * from './payments';

/** The lawyer's identity: the platform user this actor belongs to (one row). */
export const lawyer = sqliteTable('lawyer', {
  id: integer('id').primaryKey(),
  lawyerId: text('lawyer_id').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Everything else about the lawyer now: certification, membership, level, counters (one row). */
export const lawyerState = sqliteTable('lawyer_state', {
  id: integer('id').primaryKey(),
  userId: text('user_id').notNull(),
  workspaceId: text('workspace_id').notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
  /** The Directory's account version of the last certification change applied. */
  accountVersion: integer('account_version').notNull(),
  status: text('status', { enum: ['pending', 'rejected', 'active'] }).notNull(),
  certificationId: text('certification_id').notNull(),
  lawyerName: text('lawyer_name').notNull(),
  licenseNumber: text('license_number').notNull(),
  lawFirm: text('law_firm').notNull(),
  practiceAreas: text('practice_areas', { mode: 'json' }).$type<PracticeArea[]>().notNull(),
  submittedAt: integer('submitted_at').notNull(),
  rejectionReason: text('rejection_reason'),
  approvedAt: integer('approved_at'),
  plan: text('plan').$type<MembershipPlan>().notNull(),
  paidUntil: integer('paid_until'),
  nextPlan: text('next_plan').$type<MembershipPlan>(),
  points: integer('points').notNull(),
  casesCompleted: integer('cases_completed').notNull(),
  level: integer('level').notNull(),
  aiCreditsMonth: text('ai_credits_month').notNull(),
  aiCreditsUsed: integer('ai_credits_used').notNull(),
  suspendedUntil: integer('suspended_until'),
  dayKey: text('day_key').notNull(),
  acceptedToday: integer('accepted_today').notNull(),
  monthKey: text('month_key').notNull(),
  amountThisMonthFen: integer('amount_this_month_fen').notNull(),
  /** The version of the last snapshot sent to the dispatch index, and what it said (without the version). */
  snapshotVersion: integer('snapshot_version').notNull(),
  publishedFacts: text('published_facts'),
  /** White-label: the firm name an enterprise lawyer puts at the head of their documents. */
  reportHeader: text('report_header'),
  /** The referral code given before approval: the referring lawyer's user id. */
  referredBy: text('referred_by'),
  /** Time online on `onlineDay`, from the workspace's heartbeats (SPEC D6 `online_hour`). */
  onlineDay: text('online_day').notNull().default(''),
  onlineMs: integer('online_ms').notNull().default(0),
  onlineHoursAwarded: integer('online_hours_awarded').notNull().default(0),
  lastHeartbeatAt: integer('last_heartbeat_at'),
  updatedAt: integer('updated_at').notNull(),
});

/** The lawyer's API keys (enterprise): only a hash of each key is kept; the key is shown once. */
export const lawyerApiKeys = sqliteTable('lawyer_api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  revokedAt: integer('revoked_at'),
  lastUsedAt: integer('last_used_at'),
});

/** Every spending of AI credits, with what it bought. */
export const aiCreditLedger = sqliteTable(
  'ai_credit_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    month: text('month').notNull(),
    credits: integer('credits').notNull(),
    usedAfter: integer('used_after').notNull(),
    purpose: text('purpose').notNull(),
    caseId: text('case_id'),
  },
  (t) => [index('ai_credit_ledger_at').on(t.at)],
);

/** The lawyers this lawyer referred whose approval was already rewarded (once each). */
export const referralsRewarded = sqliteTable('referrals_rewarded', {
  referredId: text('referred_id').primaryKey(),
  at: integer('at').notNull(),
});

/** Every change of the lawyer's points, with how it was computed (SPEC D6). */
export const pointsLedger = sqliteTable(
  'points_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    action: text('action').notNull(),
    base: integer('base').notNull(),
    multiplier: integer('multiplier').notNull(),
    result: integer('result').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    plan: text('plan').notNull(),
    caseId: text('case_id'),
  },
  (t) => [index('points_ledger_at').on(t.at)],
);

/** The cases offered to this lawyer and what became of each (SPEC D7, D8). */
export const lawyerCases = sqliteTable(
  'lawyer_cases',
  {
    caseId: text('case_id').primaryKey(),
    /** The client's actor, which hears of the assignment and completion. */
    clientId: text('client_id').notNull(),
    caseType: text('case_type').notNull(),
    practiceArea: text('practice_area').notNull(),
    minMembership: text('min_membership').notNull(),
    description: text('description').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: ['offered', 'assigned', 'declined', 'lapsed', 'completed'] }).notNull(),
    offeredAt: integer('offered_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    respondedAt: integer('responded_at'),
    declineReason: text('decline_reason'),
    completedAt: integer('completed_at'),
    outcome: text('outcome', { enum: ['success', 'fail'] }),
    stars: integer('stars'),
    reviewedAt: integer('reviewed_at'),
    /** The client's complaint about the lawyer (once per case). */
    complaint: text('complaint'),
    complainedAt: integer('complained_at'),
    /** A company's batch case taken after its package's SLA ran out: when it was due and when it was flagged. */
    slaDueAt: integer('sla_due_at'),
    slaBreachedAt: integer('sla_breached_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('lawyer_cases_status').on(t.status, t.offeredAt),
    index('lawyer_cases_responded').on(t.respondedAt),
  ],
);

/**
 * What the lawyer did to recover a debt case (issue 21): each contact with the debtor (answered or
 * not) and each amount recovered, with when it happened; the client's statistics are built from these.
 */
export const recoveryRecords = sqliteTable(
  'recovery_records',
  {
    ...recoveryRecordColumns(),
    note: text('note').notNull().default(''),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [index('recovery_records_case').on(t.caseId, t.at)],
);
