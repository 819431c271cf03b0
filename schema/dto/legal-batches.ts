import { z } from '@hono/zod-openapi';
import { IsoTime, integer, listOf } from './common';
import { CaseAllowance } from './legal-enterprise';

/** Credits and batch debt-collection uploads of the legal marketplace (SPEC D9, D10). */

export const MAX_BATCH_ROWS = 10_000;
/** 10 000 rows of the template's six columns stay far below this, as CSV and as XLSX. */
export const MAX_BATCH_FILE_BYTES = 8 * 1024 * 1024;

export const Credits = z
  .object({
    weeklyRemaining: z.number().int(),
    purchasedRemaining: z.number().int(),
    nextResetAt: IsoTime,
  })
  .openapi('LegalCredits');
export type Credits = z.infer<typeof Credits>;

export const CreditPurchaseBody = z
  .object({ count: integer(1, 100) })
  .strict()
  .openapi('LegalCreditPurchase');

export const CreditEntry = z
  .object({
    id: z.string(),
    at: IsoTime,
    action: z.enum(['weekly_reset', 'purchase', 'batch_upload']),
    weeklyDelta: z.number().int(),
    purchasedDelta: z.number().int(),
    weeklyAfter: z.number().int(),
    purchasedAfter: z.number().int(),
    reference: z.string().nullable(),
  })
  .openapi('LegalCreditEntry');
export type CreditEntry = z.infer<typeof CreditEntry>;
export const CreditLedger = z.object({ items: z.array(CreditEntry) }).openapi('LegalCreditLedger');

export const DEBT_FIELDS = ['debtorName', 'idNumber', 'phone', 'amount', 'dueDate', 'notes'] as const;
export type DebtField = (typeof DEBT_FIELDS)[number];

export const BatchRowError = z
  .object({
    line: z.number().int().openapi({ description: 'the row of the file, the header being row 1' }),
    field: z.enum(DEBT_FIELDS).nullable(),
    rule: z.string(),
    message: z.string(),
  })
  .openapi('LegalBatchRowError');
export type BatchRowError = z.infer<typeof BatchRowError>;

export const BatchAnswer = z
  .object({
    batchId: z.string(),
    totalCases: z.number().int(),
    creditsUsed: z.number().int(),
    estimatedRevenueFen: z.number().int(),
    rowErrors: z.array(BatchRowError),
    /** A person's upload: their credits after it. */
    credits: Credits.optional(),
    /** A company's upload: its month's case allowance after it. */
    allowance: CaseAllowance.optional(),
  })
  .openapi('LegalBatchAnswer');
export type BatchAnswer = z.infer<typeof BatchAnswer>;

export const BatchProgress = z
  .object({
    queued: z.number().int().openapi({ description: 'cases not yet handed to the dispatcher' }),
    dispatched: z.number().int().openapi({ description: 'offered to a lawyer or waiting in the pool' }),
    accepted: z.number().int().openapi({ description: 'a lawyer accepted (including those completed)' }),
    failed: z.number().int().openapi({ description: 'completed without recovering the debt' }),
  })
  .openapi('LegalBatchProgress');

export const Batch = z
  .object({
    id: z.string(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    totalCases: z.number().int(),
    creditsUsed: z.number().int(),
    estimatedRevenueFen: z.number().int(),
    rowErrors: z.array(BatchRowError),
    progress: BatchProgress,
    slaBreaches: z
      .number()
      .int()
      .openapi({ description: "A company's cases no lawyer took within its package's SLA (flagged)" }),
    createdAt: IsoTime,
  })
  .openapi('LegalBatch');
export type Batch = z.infer<typeof Batch>;

export const BatchSummary = Batch.omit({ rowErrors: true }).extend({ rowErrorCount: z.number().int() });
export const BatchList = listOf(BatchSummary.openapi('LegalBatchSummary'), 'LegalBatchList');

export const BatchCase = z
  .object({
    id: z.string().openapi({ description: "The case's id: what a company's draft names (`caseId`)" }),
    line: z.number().int().openapi({ description: 'the row of the file it came from' }),
    debtorName: z.string(),
    amountFen: z.number().int(),
    dueDate: z.string().openapi({ example: '2026-03-01' }),
    summary: z.string().openapi({ description: 'The description the lawyers are offered' }),
    status: z.enum(['queued', 'dispatching', 'assigned', 'completed']),
    dispatchState: z.enum(['offered', 'pooled']).nullable(),
    outcome: z.enum(['success', 'fail']).nullable(),
    recoveredFen: z.number().int().openapi({ description: "What the lawyer's recovery records add up to" }),
    slaDueAt: IsoTime.nullable().openapi({ description: "A company's case: by when its SLA wants it taken" }),
    slaBreachedAt: IsoTime.nullable().openapi({ description: 'When it was flagged as not taken in time' }),
  })
  .openapi('LegalBatchCase');
export type BatchCase = z.infer<typeof BatchCase>;
export const BatchCaseList = listOf(BatchCase, 'LegalBatchCaseList');
