import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * How companies settle the platform's invoices (issue #22 item 2): payment orders (the platform's one
 * payment mechanism, here for invoices), payment proofs a platform administrator reviews, and fapiao
 * requests.
 */
export * from './payments';

/** A transfer receipt a company uploaded for an invoice; the file itself is in R2 (INVOICE_FILES). */
export const paymentProofs = sqliteTable(
  'payment_proofs',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    fileKey: text('file_key').notNull(),
    fileType: text('file_type').notNull(),
    fileSize: integer('file_size').notNull(),
    note: text('note'),
    uploadedBy: text('uploaded_by').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'rejected'] }).notNull(),
    reason: text('reason'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: integer('reviewed_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('payment_proofs_invoice').on(t.invoiceId), index('payment_proofs_status').on(t.status)],
);

/** A company's request for a fapiao (发票) for an invoice, and what became of it. */
export const fapiaoRequests = sqliteTable(
  'fapiao_requests',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    title: text('title').notNull(),
    taxNumber: text('tax_number').notNull(),
    /** 普通发票 (normal) or 增值税专用发票 (special). */
    type: text('type', { enum: ['normal', 'special'] }).notNull(),
    status: text('status', { enum: ['requested', 'issued', 'rejected'] }).notNull(),
    fapiaoNumber: text('fapiao_number'),
    reason: text('reason'),
    requestedBy: text('requested_by').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('fapiao_requests_invoice').on(t.invoiceId), index('fapiao_requests_status').on(t.status)],
);
