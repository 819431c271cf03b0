import { integer, text } from 'drizzle-orm/sqlite-core';

/**
 * The columns a recovery record has wherever it is kept (issue 21): the lawyer's actor, which records
 * it, and the client's, which receives it for its statistics. Each actor adds its own bookkeeping.
 * A function, since a column builder belongs to one table.
 */
export function recoveryRecordColumns() {
  return {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    kind: text('kind', { enum: ['contact', 'payment'] }).notNull(),
    /** When the contact or payment happened (epoch ms), as the lawyer says; never before the case was taken. */
    at: integer('at').notNull(),
    /** A contact: did the debtor answer. */
    responded: integer('responded', { mode: 'boolean' }),
    /** A payment: how much was recovered. */
    amountFen: integer('amount_fen'),
  };
}
