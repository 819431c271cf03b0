import { z } from '@hono/zod-openapi';
import { IsoTime, listOf, multilineText, text } from './common';
import { type LawyerExtras, LawyerExtrasObject, PointsEntry } from './legal';
import { DOCUMENT_TEMPLATE_NAMES } from './legal-catalog';

/** The lawyer workspace's tools (SPEC D4, D6): API keys, white-label, document helper, heartbeats, referrals. */

export type { LawyerExtras };

export const LawyerApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: IsoTime,
    expiresAt: IsoTime,
    revokedAt: IsoTime.nullable(),
    lastUsedAt: IsoTime.nullable(),
  })
  .openapi('LawyerApiKey');
export type LawyerApiKey = z.infer<typeof LawyerApiKey>;
export const LawyerApiKeyList = listOf(LawyerApiKey, 'LawyerApiKeyList');

export const LawyerApiKeyBody = z
  .object({
    name: text().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(366).optional(),
  })
  .strict()
  .openapi('LawyerApiKeyCreate');

export const LawyerApiKeyCreated = LawyerApiKey.extend({
  /** The key itself: shown this once, kept only as a hash. */
  key: z.string(),
}).openapi('LawyerApiKeyCreated');

export const ApiKeyIdParam = z.object({ id: text().min(1).max(64) });

export const ReportHeaderBody = z
  .object({ reportHeader: text().trim().min(1).max(100).nullable() })
  .strict()
  .openapi('LawyerReportHeader');
export const ReportHeaderAnswer = z
  .object({ reportHeader: z.string().nullable(), effective: z.string() })
  .openapi('LawyerReportHeaderAnswer');
export type ReportHeaderAnswer = z.infer<typeof ReportHeaderAnswer>;

export const HeartbeatAnswer = z
  .object({ online: LawyerExtrasObject.shape.online, points: z.array(PointsEntry) })
  .openapi('LawyerHeartbeat');
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;

export const ReferralBody = z
  .object({ code: text().trim().min(1).max(64) })
  .strict()
  .openapi('LawyerReferral');
export const ReferralAnswer = z.object({ referredBy: z.string() }).openapi('LawyerReferralAnswer');

export const DocumentBody = z
  .object({ caseId: text().min(1).max(64), template: z.enum(DOCUMENT_TEMPLATE_NAMES) })
  .strict()
  .openapi('LawyerDocumentRequest');

/** A document drafted with a fixed template, Chinese and English one after the other. */
export const DraftedDocument = z
  .object({
    template: z.enum(DOCUMENT_TEMPLATE_NAMES),
    title: z.string(),
    header: z.string(),
    body: z.string(),
  })
  .openapi('LegalDraftedDocument');

export const DocumentAnswer = z
  .object({
    document: DraftedDocument,
    credits: z.object({
      cost: z.number().int(),
      used: z.number().int(),
      allowance: z.number().int(),
      remaining: z.number().int(),
    }),
    points: z.array(PointsEntry),
  })
  .openapi('LawyerDocument');
export type DocumentAnswer = z.infer<typeof DocumentAnswer>;

export const CreditEntry = z
  .object({
    id: z.number().int(),
    at: IsoTime,
    month: z.string(),
    credits: z.number().int(),
    usedAfter: z.number().int(),
    purpose: z.string(),
    caseId: z.string().nullable(),
  })
  .openapi('LawyerCreditEntry');
export const CreditList = listOf(CreditEntry, 'LawyerCreditLedger');

export const ComplaintBody = z
  .object({ reason: multilineText().trim().min(1).max(1000) })
  .strict()
  .openapi('LegalCaseComplaint');
export const ComplaintAnswer = z
  .object({ caseId: z.string(), lawyerId: z.string(), reason: z.string() })
  .openapi('LegalCaseComplaintAnswer');
export type ComplaintAnswer = z.infer<typeof ComplaintAnswer>;
