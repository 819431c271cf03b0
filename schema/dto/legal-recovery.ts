import { z } from '@hono/zod-openapi';
import { IsoTime, integer, multilineText } from './common';
import { MAX_CASE_AMOUNT_FEN } from './legal';

/** What a lawyer records while recovering a debt case (issue 21), and how the case stands after. */

const When = z.iso.datetime({ offset: true }).optional().openapi({
  description: 'When it happened (not in the future, not before the case was taken); now if left out',
  example: '2026-12-07T09:30:00+08:00',
});
const Note = multilineText().max(500).optional().openapi({ description: 'What was said or agreed' });

export const ContactBody = z
  .object({ at: When, responded: z.boolean().openapi({ description: 'Did the debtor answer' }), note: Note })
  .strict()
  .openapi('RecoveryContactBody');
export type ContactBody = z.infer<typeof ContactBody>;

export const PaymentBody = z
  .object({
    at: When,
    amountFen: integer(1, MAX_CASE_AMOUNT_FEN).openapi({ description: 'Amount recovered, in fen' }),
    note: Note,
  })
  .strict()
  .openapi('RecoveryPaymentBody');
export type PaymentBody = z.infer<typeof PaymentBody>;

export const RecoveryRecord = z
  .object({
    id: z.string(),
    kind: z.enum(['contact', 'payment']),
    at: IsoTime,
    responded: z.boolean().nullable(),
    amountFen: z.number().int().nullable(),
    note: z.string(),
    recordedAt: IsoTime,
  })
  .openapi('RecoveryRecord');
export type RecoveryRecord = z.infer<typeof RecoveryRecord>;

export const CaseRecovery = z
  .object({
    caseId: z.string(),
    amountFen: z.number().int().openapi({ description: 'The amount owed' }),
    recoveredFen: z.number().int(),
    contacts: z.number().int(),
    debtorResponded: z.boolean(),
    status: z.string(),
    outcome: z.enum(['success', 'fail']).nullable(),
    records: z.array(RecoveryRecord).openapi({ description: 'Oldest first' }),
  })
  .openapi('CaseRecovery');
export type CaseRecovery = z.infer<typeof CaseRecovery>;

export const RecoveryAnswer = z
  .object({ record: RecoveryRecord, recovery: CaseRecovery })
  .openapi('RecoveryAnswer');
export type RecoveryAnswer = z.infer<typeof RecoveryAnswer>;
