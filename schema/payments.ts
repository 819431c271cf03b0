import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Payment orders, kept by the actor whose purchase they are (a lawyer's membership, a marketplace user's
 * task; later a company's invoice): the order and what it buys change in one transaction. Each actor
 * schema that sells something re-exports this table.
 */
export const paymentOrders = sqliteTable(
  'payment_orders',
  {
    id: text('id').primaryKey(),
    /** What kind of purchase: the owner applies it by this name when the order is paid. */
    purpose: text('purpose').notNull(),
    /** What exactly it buys, as the owner's module reads it. */
    subject: text('subject', { mode: 'json' }).notNull(),
    description: text('description').notNull(),
    /** The person who may see the order besides platform administrators. */
    ownerUserId: text('owner_user_id').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: ['pending', 'paid'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    paidAt: integer('paid_at'),
    /** `provider` or `admin:<id>`. */
    paidBy: text('paid_by'),
    providerRef: text('provider_ref'),
  },
  (t) => [index('payment_orders_created').on(t.createdAt)],
);
