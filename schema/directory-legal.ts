import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The legal marketplace's part of the Directory: registrations waiting for their email to be verified,
 * each person's marketplace account (identity and workspace), and the certification queue with the
 * platform-wide uniqueness of licence numbers.
 */

/** A registration before its email is verified; the platform user is created only when it is. */
export const legalRegistrations = sqliteTable(
  'legal_registrations',
  {
    /** The id the user will have once verified, answered at registration. */
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The identity the person chose in a demo before registering (issue 21), kept for the identity step. */
    identityType: text('identity_type', { enum: ['user', 'lawyer'] }),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('legal_registrations_email').on(t.email),
    index('legal_registrations_expires').on(t.expiresAt),
  ],
);

export const legalAccounts = sqliteTable(
  'legal_accounts',
  {
    userId: text('user_id').primaryKey(),
    /** Random, never derived from the user id: the workspace URL is `/legal/{id}` or `/user/{id}`. */
    workspaceId: text('workspace_id').notNull().unique(),
    accountType: text('account_type', { enum: ['pending', 'user', 'lawyer_pending', 'lawyer'] }).notNull(),
    /** While pending: the identity chosen before registering (from a demo), which the identity step opens on. */
    chosenIdentity: text('chosen_identity', { enum: ['user', 'lawyer'] }),
    verifiedAt: integer('verified_at').notNull(),
    /** Grows with every change the lawyer's actor is told of, so it applies them in order. */
    version: integer('version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('legal_accounts_type').on(t.accountType)],
);

export const lawyerCertifications = sqliteTable(
  'lawyer_certifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    lawyerName: text('lawyer_name').notNull(),
    /** Stored trimmed and upper-cased. */
    licenseNumber: text('license_number').notNull(),
    lawFirm: text('law_firm').notNull(),
    practiceAreas: text('practice_areas', { mode: 'json' }).$type<string[]>().notNull(),
    fileKey: text('file_key').notNull(),
    fileType: text('file_type').notNull(),
    fileSize: integer('file_size').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
    reason: text('reason'),
    submittedAt: integer('submitted_at').notNull(),
    decidedAt: integer('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [
    // A licence number belongs to one lawyer: a rejected request gives it back.
    uniqueIndex('lawyer_certifications_license').on(t.licenseNumber).where(sql`"status" <> 'rejected'`),
    index('lawyer_certifications_status').on(t.status, t.submittedAt),
    index('lawyer_certifications_user').on(t.userId),
  ],
);
