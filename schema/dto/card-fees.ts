import { z } from '@hono/zod-openapi';
import {
  CalendarDate,
  FEE_TYPES,
  Lang,
  MAX_BATCH,
  MAX_FEE_YEAR,
  MIN_FEE_YEAR,
  PageNumber,
  PageSize,
  WAIVER_STATUSES,
} from './cards';
import { IsoTime, listOf, multilineText, NOTHING_TO_UPDATE, queryInteger, REQUIRED, text } from './common';

// Card annual fees: the fee records, waiver checks and statistics, the calendar feed and the daily sweep.

const FeeYear = queryInteger(MIN_FEE_YEAR, MAX_FEE_YEAR).openapi({ example: 2026 });

export const AutoRecordQuery = z.object({ cardId: text().min(1).max(64), feeYear: FeeYear });

export const RecordBatchBody = z
  .object({
    feeYear: FeeYear,
    cardIds: z
      .array(text().min(1).max(64))
      .min(1)
      .max(MAX_BATCH)
      .optional()
      .openapi({ description: "the caller's cards (an administrator's: the company's) when absent" }),
  })
  .strict()
  .openapi('FeeRecordBatch');
export type RecordBatchBody = z.infer<typeof RecordBatchBody>;

export const FeeRecord = z
  .object({
    id: z.string(),
    cardId: z.string(),
    cardName: z.string(),
    issuer: z.string(),
    last4: z.string(),
    userId: z.string(),
    feeYear: z.number().int(),
    dueDate: z.string(),
    windowStart: z
      .string()
      .openapi({ description: 'first day of the assessment window (it ends the day before the due date)' }),
    feeAmountFen: z.number().int(),
    feeType: z.enum(FEE_TYPES),
    waiverStatus: z.enum(WAIVER_STATUSES),
    waiverConditionMet: z.boolean(),
    currentProgress: z.number().int(),
    required: z.number().int().nullable(),
    daysRemaining: z.number().int().openapi({ description: 'days until the due date; negative once past' }),
    paymentDate: z.string().nullable(),
    notes: z.string().nullable(),
    waivedAt: IsoTime.nullable(),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('FeeRecord');
export type FeeRecord = z.infer<typeof FeeRecord>;
export const FeeRecordList = listOf(FeeRecord, 'FeeRecordList');

export const RecordListQuery = z.object({
  cardId: text().min(1).max(64).optional(),
  feeYear: FeeYear.optional(),
  waiverStatus: z.enum(WAIVER_STATUSES).optional(),
  userId: text().min(1).max(64).optional(),
  page: PageNumber.default(1),
  pageSize: PageSize.default(20),
});
export type RecordListQuery = z.infer<typeof RecordListQuery>;

export const RecordPatch = z
  .object({
    waiverStatus: z.literal('paid').optional(),
    paymentDate: CalendarDate.optional(),
    notes: multilineText().trim().max(500).nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .superRefine((patch, ctx) => {
    if (patch.waiverStatus === 'paid' && patch.paymentDate === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['paymentDate'],
        message: REQUIRED,
        params: { rule: 'required' },
      });
  })
  .openapi('FeeRecordPatch', {
    description: 'Mark a pending or overdue fee paid, with its date; or change the notes',
  });
export type RecordPatch = z.infer<typeof RecordPatch>;

export const RecordBatchAnswer = z
  .object({
    created: z.number().int(),
    existing: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        cardId: z.string(),
        ok: z.boolean(),
        record: FeeRecord.optional(),
        created: z.boolean().optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .openapi('FeeRecordBatchAnswer');
export type RecordBatchAnswer = z.infer<typeof RecordBatchAnswer>;

export const WaiverCheck = z
  .object({
    cardId: z.string(),
    cardName: z.string(),
    feeYear: z.number().int(),
    recordId: z.string().nullable(),
    waiverStatus: z.enum(WAIVER_STATUSES).nullable(),
    feeType: z.enum(FEE_TYPES),
    feeAmountFen: z.number().int(),
    eligible: z.boolean().openapi({
      description: 'the condition is met (points_exchange: enough points to redeem; rigid: never)',
    }),
    progress: z.number().int(),
    required: z.number().int().nullable(),
    progressDescription: z.string(),
    dueDate: z.string(),
    windowStart: z.string(),
    daysRemaining: z.number().int(),
    estimatedDate: z
      .string()
      .nullable()
      .openapi({ description: 'when the condition is met at the pace so far; null when not predictable' }),
  })
  .openapi('WaiverCheck');
export type WaiverCheck = z.infer<typeof WaiverCheck>;

export const WaiverCheckParams = z.object({ cardId: text().min(1).max(64), feeYear: FeeYear });

export const UserChecks = z
  .object({
    userId: z.string(),
    items: z.array(
      z.object({
        cardId: z.string(),
        ok: z.boolean(),
        check: WaiverCheck.optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .openapi('UserWaiverChecks');
export type UserChecks = z.infer<typeof UserChecks>;

export const UserChecksQuery = z.object({
  year: FeeYear.optional().openapi({ description: "each card's current fee year when absent" }),
  lang: Lang,
});

export const RedeemAnswer = z
  .object({ record: FeeRecord, pointsRedeemed: z.number().int(), pointsBalance: z.number().int() })
  .openapi('PointsRedeemed');
export type RedeemAnswer = z.infer<typeof RedeemAnswer>;

export const Statistics = z
  .object({
    userId: z.string(),
    year: z.number().int(),
    totalCards: z.number().int(),
    totalAnnualFeesFen: z.number().int(),
    waivedFeesFen: z.number().int(),
    paidFeesFen: z.number().int(),
    pendingFeesFen: z.number().int(),
    overdueFeesFen: z.number().int(),
    waiverRate: z
      .number()
      .openapi({ description: 'waived ÷ total fees in percent, two decimals', example: 28.57 }),
  })
  .openapi('AnnualFeeStatistics');
export type Statistics = z.infer<typeof Statistics>;

export const StatisticsQuery = z.object({
  year: FeeYear.optional().openapi({ description: "this year in the company's time zone when absent" }),
});

export const FeedStatus = z
  .object({
    active: z.boolean(),
    createdAt: IsoTime.nullable(),
    url: z
      .string()
      .nullable()
      .openapi({ description: 'shown once, when the link is made; only its hash is kept' }),
  })
  .openapi('CalendarFeed');
export type FeedStatus = z.infer<typeof FeedStatus>;

/** The secret of a feed URL: 52 base32 characters (256 random bits). */
export const FEED_TOKEN = /^[a-z2-7]{52}$/;
export const FeedParams = z.object({
  feed: text()
    .regex(/^[a-z2-7]{52}\.ics$/)
    .openapi({ description: 'the secret of the link, then .ics' }),
});

export interface SweepReport {
  tenant: string;
  asOf: string;
  cards: number;
  recordsCreated: number;
  waived: number;
  overdue: number;
  notices: number;
}
