import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { LawyerSnapshot } from './dto/legal-messages';

export * from './base';

/** The lawyers practising this dispatcher's area, as their actors last published them. */
export const lawyerIndex = sqliteTable('lawyer_index', {
  lawyerId: text('lawyer_id').primaryKey(),
  version: integer('version').notNull(),
  snapshot: text('snapshot', { mode: 'json' }).$type<LawyerSnapshot>().notNull(),
});

/** Paid cases of this area: offered to one lawyer at a time, waiting in the pool, or assigned. */
export const dispatchCases = sqliteTable(
  'dispatch_cases',
  {
    caseId: text('case_id').primaryKey(),
    clientId: text('client_id').notNull(),
    area: text('area').notNull(),
    caseType: text('case_type').notNull(),
    minMembership: text('min_membership').notNull(),
    description: text('description').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: ['offered', 'pooled', 'assigned'] }).notNull(),
    /** The lawyer it is offered to or assigned to. */
    lawyerId: text('lawyer_id'),
    /** Grows with every change the client is told of. */
    seq: integer('seq').notNull(),
    publishedAt: integer('published_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('dispatch_cases_status').on(t.status, t.publishedAt)],
);

/** Each lawyer a case was offered to, and how it went. */
export const caseTries = sqliteTable(
  'case_tries',
  {
    caseId: text('case_id').notNull(),
    lawyerId: text('lawyer_id').notNull(),
    outcome: text('outcome', { enum: ['offered', 'accepted', 'declined', 'lapsed', 'refused'] }).notNull(),
    refusals: integer('refusals').notNull().default(0),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.lawyerId] })],
);
