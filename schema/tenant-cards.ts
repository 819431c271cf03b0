import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Card annual fees (SPEC C): the company's fee rules, its members' cards with their purchases, one fee
 * record per card and fee year, the notices sent about each record, and each member's calendar feed.
 * Money is integer fen; days (`YYYY-MM-DD`) are the company's, so they compare as text.
 */

export const cardFeeRules = sqliteTable('card_fee_rules', {
  id: text('id').primaryKey(),
  ruleName: text('rule_name').notNull(),
  feeType: text('fee_type', {
    enum: ['rigid', 'transaction_count', 'transaction_amount', 'points_exchange'],
  }).notNull(),
  baseFeeFen: integer('base_fee_fen').notNull(),
  /** A count, fen or points by type; null for rigid. */
  waiverConditionValue: integer('waiver_condition_value'),
  waiverPeriodMonths: integer('waiver_period_months').notNull(),
  description: text('description'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const cards = sqliteTable(
  'cards',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    issuer: text('issuer').notNull(),
    name: text('name').notNull(),
    last4: text('last4').notNull(),
    ruleId: text('rule_id').notNull(),
    activationDate: text('activation_date').notNull(),
    pointsBalance: integer('points_balance').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('cards_user').on(t.userId, t.createdAt), index('cards_rule').on(t.ruleId)],
);

/**
 * Purchases. `occurredOn` is the day in the company's time zone when it was recorded, so windows are
 * days and never move. An imported row carries its occurrence among identical rows of its file: the
 * unique index over imported rows then recognises a row imported before (manual entries have none).
 */
export const cardTransactions = sqliteTable(
  'card_transactions',
  {
    id: text('id').primaryKey(),
    cardId: text('card_id').notNull(),
    amountFen: integer('amount_fen').notNull(),
    at: integer('at').notNull(),
    occurredOn: text('occurred_on').notNull(),
    description: text('description').notNull().default(''),
    importOccurrence: integer('import_occurrence'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('card_transactions_card_day').on(t.cardId, t.occurredOn),
    // Imported rows only: a purchase entered by hand writes no page of this index.
    uniqueIndex('card_transactions_import')
      .on(t.cardId, t.occurredOn, t.amountFen, t.description, t.importOccurrence)
      .where(sql`${t.importOccurrence} IS NOT NULL`),
  ],
);

export const cardFeeRecords = sqliteTable(
  'card_fee_records',
  {
    id: text('id').primaryKey(),
    cardId: text('card_id').notNull(),
    /** The card's holder, kept here so a member's statistics are one indexed scan. */
    userId: text('user_id').notNull(),
    feeYear: integer('fee_year').notNull(),
    dueDate: text('due_date').notNull(),
    /** First day of the assessment window (it ends the day before `dueDate`); moves with the rule's period. */
    windowStart: text('window_start').notNull(),
    feeAmountFen: integer('fee_amount_fen').notNull(),
    waiverStatus: text('waiver_status', { enum: ['pending', 'waived', 'paid', 'overdue'] }).notNull(),
    conditionMet: integer('condition_met', { mode: 'boolean' }).notNull().default(false),
    progress: integer('progress').notNull().default(0),
    paymentDate: text('payment_date'),
    notes: text('notes'),
    waivedAt: integer('waived_at'),
    /** Who waived it: `system:<what>` for the automatic waiver, else the holder who redeemed points. */
    waivedBy: text('waived_by'),
    /** When the alarm next looks at this record (a notice window or the lapse); null when never again. */
    nextEventAt: integer('next_event_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('card_fee_records_card_year').on(t.cardId, t.feeYear),
    index('card_fee_records_user_year').on(t.userId, t.feeYear),
    index('card_fee_records_due').on(t.dueDate),
    index('card_fee_records_status').on(t.waiverStatus),
    index('card_fee_records_next_event').on(t.nextEventAt),
  ],
);

/** Each notice of a record, sent once: the primary key is the "once". */
export const cardFeeNotices = sqliteTable(
  'card_fee_notices',
  {
    recordId: text('record_id').notNull(),
    kind: text('kind').notNull(),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.kind] })],
);

/** The module's own settings: `timezone` is the zone the records' alarm times were computed in. */
export const cardSettings = sqliteTable('card_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** A member's secret calendar link: only the hash of its token is kept; a new link replaces the old. */
export const cardCalendarFeeds = sqliteTable(
  'card_calendar_feeds',
  {
    userId: text('user_id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('card_calendar_feeds_token').on(t.tokenHash)],
);
