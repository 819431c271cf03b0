import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** CRM (SPEC B): electricity-retail customers, their retail contracts, and every status change. */

export const crmCustomers = sqliteTable(
  'crm_customers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    status: text('status', { enum: ['prospect', 'pending', 'active', 'suspended', 'terminated'] }).notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    address: text('address'),
    notes: text('notes'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    index('crm_customers_status_created').on(t.status, t.createdAt),
    index('crm_customers_created').on(t.createdAt),
  ],
);

/** A contract's status is computed from its months and the tenant's current month, never stored (B2). */
export const crmContracts = sqliteTable(
  'crm_contracts',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    /** `YYYY-MM`: fixed width, so text order is month order. */
    startMonth: text('start_month').notNull(),
    endMonth: text('end_month').notNull(),
    /** Purchased electricity in thousandths of the unit, so sums are exact. */
    quantityMilli: integer('quantity_milli').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    index('crm_contracts_customer_start').on(t.customerId, t.startMonth),
    index('crm_contracts_start').on(t.startMonth),
    index('crm_contracts_end').on(t.endMonth),
  ],
);

export const crmStatusHistory = sqliteTable(
  'crm_status_history',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    customerId: text('customer_id').notNull(),
    oldStatus: text('old_status'),
    newStatus: text('new_status').notNull(),
    changeType: text('change_type', { enum: ['auto', 'manual'] }).notNull(),
    /** What caused it, as a stable code the console translates: `contract.created`, `manual.sign`, … */
    event: text('event').notNull(),
    reason: text('reason').notNull(),
    /** The coded change's parameters as JSON (see crm/history.ts); null for a manual operation and older rows. */
    params: text('params'),
    /** A user or admin id, or `system:<what>` for alarms and the nightly task. */
    operator: text('operator').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('crm_status_history_customer').on(t.customerId, t.seq)],
);
