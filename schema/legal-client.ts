import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
