import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { recoveryRecordColumns } from './recovery-records';

export * from './base';
export * from './payments';

/** The marketplace user this actor belongs to (one row). */
export const client = sqliteTable('client', {
  id: integer('id').primaryKey(),
  userId: text('user_id').notNull(),
  workspaceId: text('workspace_id').notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
});

/** A task the user published and the case it became once paid (SPEC D10). */
export const clientCases = sqliteTable(
  'client_cases',
  {
    id: text('id').primaryKey(),
    caseType: text('case_type').notNull(),
    practiceArea: text('practice_area').notNull(),
    amountFen: integer('amount_fen').notNull(),
    description: text('description').notNull(),
    serviceFeeFen: integer('service_fee_fen').notNull(),
    orderId: text('order_id').notNull(),
    status: text('status', { enum: ['awaiting_payment', 'dispatching', 'assigned', 'completed'] }).notNull(),
    /** While dispatching: offered to a lawyer, or waiting in the pool for one. */
    dispatchState: text('dispatch_state', { enum: ['offered', 'pooled'] }),
    /** The dispatcher's step number of the last dispatch state applied. */
    dispatchSeq: integer('dispatch_seq').notNull().default(0),
    lawyerId: text('lawyer_id'),
    lawyerName: text('lawyer_name'),
    lawFirm: text('law_firm'),
    paidAt: integer('paid_at'),
    assignedAt: integer('assigned_at'),
    completedAt: integer('completed_at'),
    outcome: text('outcome', { enum: ['success', 'fail'] }),
    stars: integer('stars'),
    reviewedAt: integer('reviewed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('client_cases_created').on(t.createdAt)],
);

/** The user's credits as they stand (one row, SPEC D9); every change is also a ledger entry. */
export const credits = sqliteTable('credits', {
  id: integer('id').primaryKey(),
  /** The free credit of the week that starts at `weekStart` (Monday 00:00, Asia/Shanghai): 0 or 1. */
  weeklyRemaining: integer('weekly_remaining').notNull(),
  weekStart: integer('week_start').notNull(),
  purchasedRemaining: integer('purchased_remaining').notNull(),
});

/** One entry per change of the credits: what happened, how each kind moved and where it stood after. */
export const creditLedger = sqliteTable(
  'credit_ledger',
  {
    id: text('id').primaryKey(),
    at: integer('at').notNull(),
    action: text('action', { enum: ['weekly_reset', 'purchase', 'batch_upload'] }).notNull(),
    weeklyDelta: integer('weekly_delta').notNull(),
    purchasedDelta: integer('purchased_delta').notNull(),
    weeklyAfter: integer('weekly_after').notNull(),
    purchasedAfter: integer('purchased_after').notNull(),
    /** The payment order of a purchase, the batch of an upload. */
    reference: text('reference'),
  },
  (t) => [index('credit_ledger_at').on(t.at)],
);

/** A batch debt-collection upload (SPEC D10): what was accepted, what was refused, and its cases. */
export const batches = sqliteTable(
  'batches',
  {
    id: text('id').primaryKey(),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    totalCases: integer('total_cases').notNull(),
    creditsUsed: integer('credits_used').notNull(),
    estimatedRevenueFen: integer('estimated_revenue_fen').notNull(),
    /** The rows refused, by line and field, as the upload answered them. */
    rowErrors: text('row_errors', { mode: 'json' }).notNull(),
    /** The business month the batch belongs to, for the collection statistics of its cases. */
    month: text('month'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('batches_created').on(t.createdAt)],
);

/** One debt of a batch and the case it became: queued here until handed to the dispatcher. */
export const batchCases = sqliteTable(
  'batch_cases',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id').notNull(),
    line: integer('line').notNull(),
    debtorName: text('debtor_name').notNull(),
    debtorIdNumber: text('debtor_id_number').notNull(),
    phone: text('phone').notNull(),
    amountFen: integer('amount_fen').notNull(),
    dueDate: text('due_date').notNull(),
    notes: text('notes').notNull(),
    status: text('status', { enum: ['queued', 'dispatching', 'assigned', 'completed'] }).notNull(),
    dispatchState: text('dispatch_state', { enum: ['offered', 'pooled'] }),
    dispatchSeq: integer('dispatch_seq').notNull().default(0),
    lawyerId: text('lawyer_id'),
    outcome: text('outcome', { enum: ['success', 'fail'] }),
    /** When the case was handed to the dispatcher: the start of its response time. */
    handedAt: integer('handed_at'),
    /** A company's case: when a lawyer must have taken it by its package's SLA. */
    slaDueAt: integer('sla_due_at'),
    /** When the SLA alarm found it not taken in time. */
    slaBreachedAt: integer('sla_breached_at'),
    /** From the lawyer's recovery records: did the debtor ever answer, when was the first payment, how much in all. */
    debtorResponded: integer('debtor_responded', { mode: 'boolean' }).notNull().default(false),
    firstPaymentAt: integer('first_payment_at'),
    recoveredFen: integer('recovered_fen').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('batch_cases_batch_status').on(t.batchId, t.status)],
);

/** The company this actor serves as an enterprise client (one row; absent in a person's actor). */
export const enterprise = sqliteTable('enterprise', {
  id: integer('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  code: text('code').notNull(),
  timeZone: text('time_zone').notNull(),
  /** The enterprise package a platform admin set; null: none, so no case allowance. */
  package: text('package'),
  packageSetAt: integer('package_set_at'),
  packageSetBy: text('package_set_by'),
  /** A bought package runs to this instant (epoch ms); null: set by an admin, until changed. */
  packagePaidUntil: integer('package_paid_until'),
  /** The company's industry (the Directory's code), for the report's benchmark. */
  industry: text('industry'),
});

/** Cases the company's uploads took from its package's allowance, by business month. */
export const caseAllowanceUse = sqliteTable('case_allowance_use', {
  month: text('month').primaryKey(),
  used: integer('used').notNull(),
});

/** AI credits the company's drafts took from its package's monthly amount, by business month. */
export const aiCreditUse = sqliteTable('ai_credit_use', {
  month: text('month').primaryKey(),
  used: integer('used').notNull(),
});

/** One entry per draft: what it cost, for which case, and where the month's count stood after. */
export const aiCreditSpend = sqliteTable(
  'ai_credit_spend',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    month: text('month').notNull(),
    credits: integer('credits').notNull(),
    usedAfter: integer('used_after').notNull(),
    template: text('template').notNull(),
    caseId: text('case_id').notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [index('ai_credit_spend_at').on(t.at)],
);

/**
 * Collection statistics kept by business month (SPEC D11), moved in the transaction of each case
 * change: a company's own in its actor, the platform's sums in the platform statistics actor.
 */
export const collectionStats = sqliteTable('collection_stats', {
  month: text('month').primaryKey(),
  cases: integer('cases').notNull().default(0),
  owedFen: integer('owed_fen').notNull().default(0),
  responded: integer('responded').notNull().default(0),
  responseMsTotal: integer('response_ms_total').notNull().default(0),
  completed: integer('completed').notNull().default(0),
  recovered: integer('recovered').notNull().default(0),
  recoveredFen: integer('recovered_fen').notNull().default(0),
  lawyers: integer('lawyers').notNull().default(0),
  debtorResponded: integer('debtor_responded').notNull().default(0),
  paidCases: integer('paid_cases').notNull().default(0),
  recoveryMsTotal: integer('recovery_ms_total').notNull().default(0),
  slaBreaches: integer('sla_breaches').notNull().default(0),
});

/** The recovery records of this client's batch cases, as the lawyers sent them (issue 21). */
export const recoveryRecords = sqliteTable(
  'recovery_records',
  {
    ...recoveryRecordColumns(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [index('recovery_records_case').on(t.caseId)],
);

/** The lawyers who took a case in a month, so `collection_stats.lawyers` counts each once. */
export const collectionLawyers = sqliteTable(
  'collection_lawyers',
  {
    month: text('month').notNull(),
    lawyerId: text('lawyer_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.lawyerId] })],
);
