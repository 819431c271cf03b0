import { z } from '@hono/zod-openapi';
import { queryInteger } from './common';

/** The lawyer's data analysis (SPEC D4 `dataAnalysis`): their own figures per business month. */

export const LawyerAnalyticsQuery = z.object({
  months: queryInteger(1, 24).default(12).openapi({ example: 12, default: 12 }),
});

const count = () => z.number().int();

export const LawyerAnalyticsFigures = z
  .object({
    offered: count(),
    accepted: count(),
    declined: count(),
    lapsed: count().openapi({ description: 'Offers left unanswered until they expired' }),
    completed: count(),
    succeeded: count(),
    failed: count(),
    responses: count().openapi({ description: 'Offers accepted or declined (the first responses timed)' }),
    responseMinutesSum: count(),
    reviews: count(),
    starsSum: count(),
    pointsEarned: count(),
    pointsLost: count().openapi({ description: 'Points taken away, as a positive number' }),
    feesEarnedFen: count().openapi({ description: 'Service fees of the cases completed, in fen' }),
    debtorContacts: count().openapi({ description: 'Contacts with debtors recorded on debt cases' }),
    debtorResponses: count().openapi({ description: 'Those contacts the debtor answered' }),
    recoveredFen: count().openapi({ description: 'Amounts recovered on debt cases, in fen, when recovered' }),
    acceptanceRate: z
      .number()
      .nullable()
      .openapi({ description: 'Accepted of the offers accepted, declined or lapsed; null when none' }),
    averageResponseMinutes: z.number().nullable(),
    successRate: z.number().nullable(),
    averageStars: z.number().nullable(),
  })
  .openapi('LawyerAnalyticsFigures');

export const LawyerAnalyticsAnswer = z
  .object({
    timeZone: z.string(),
    from: z.string().openapi({ example: '2026-01' }),
    to: z.string().openapi({ example: '2026-12' }),
    reportHeader: z
      .string()
      .nullable()
      .openapi({ description: 'The white-label header of an enterprise member who set one' }),
    months: z.array(LawyerAnalyticsFigures.extend({ month: z.string() })),
    totals: LawyerAnalyticsFigures,
  })
  .openapi('LawyerAnalytics');
export type LawyerAnalyticsAnswer = z.infer<typeof LawyerAnalyticsAnswer>;
