import { z } from '@hono/zod-openapi';
import { IsoTime, multilineText, text } from './common';
import { PaymentOrder } from './payments';

export const FAPIAO_TYPES = ['normal', 'special'] as const;

export const PROOF_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type ProofStatus = (typeof PROOF_STATUSES)[number];
export const FAPIAO_STATUSES = ['requested', 'issued', 'rejected'] as const;
export type FapiaoStatus = (typeof FAPIAO_STATUSES)[number];

export const PaymentProof = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    companyId: z.string(),
    fileType: z.string(),
    fileSize: z.number().int(),
    note: z.string().nullable(),
    status: z.enum(PROOF_STATUSES),
    reason: z.string().nullable(),
    createdAt: IsoTime,
    reviewedAt: IsoTime.nullable(),
  })
  .openapi('PaymentProof');
export type PaymentProof = z.infer<typeof PaymentProof>;

export const FapiaoRequest = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    companyId: z.string(),
    title: z.string(),
    taxNumber: z.string(),
    type: z.enum(FAPIAO_TYPES).openapi({ description: 'normal 普通发票, special 增值税专用发票' }),
    status: z.enum(FAPIAO_STATUSES),
    fapiaoNumber: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: IsoTime,
    decidedAt: IsoTime.nullable(),
  })
  .openapi('FapiaoRequest');
export type FapiaoRequest = z.infer<typeof FapiaoRequest>;

/** How one invoice of the company stands: its latest proof and fapiao request, and an open payment order. */
export const InvoiceSettlement = z
  .object({
    invoiceId: z.string(),
    order: PaymentOrder.nullable(),
    proof: PaymentProof.nullable(),
    fapiao: FapiaoRequest.nullable(),
  })
  .openapi('InvoiceSettlement');
export type InvoiceSettlement = z.infer<typeof InvoiceSettlement>;
export const InvoiceSettlementList = z
  .object({ items: z.array(InvoiceSettlement) })
  .openapi('InvoiceSettlementList');

export const FapiaoRequestBody = z
  .object({
    title: text().trim().min(1).max(100),
    /** 统一社会信用代码: 15 to 20 digits and capital letters. */
    taxNumber: text()
      .trim()
      .regex(/^[0-9A-Z]{15,20}$/, 'a tax number is 15 to 20 digits or capital letters'),
    type: z.enum(FAPIAO_TYPES),
  })
  .strict()
  .openapi('FapiaoRequestBody');
export type FapiaoRequestBody = z.infer<typeof FapiaoRequestBody>;

export const RejectBody = z
  .object({ reason: multilineText().trim().min(1).max(500) })
  .strict()
  .openapi('RejectBody');

export const FapiaoIssueBody = z
  .object({ fapiaoNumber: text().trim().min(1).max(64) })
  .strict()
  .openapi('FapiaoIssueBody');

export const ProofListQuery = z.object({ status: z.enum(PROOF_STATUSES).optional() });
export const FapiaoListQuery = z.object({ status: z.enum(FAPIAO_STATUSES).optional() });
export const PaymentProofList = z.object({ items: z.array(PaymentProof) }).openapi('PaymentProofList');
export const FapiaoRequestList = z.object({ items: z.array(FapiaoRequest) }).openapi('FapiaoRequestList');

export const InvoiceIdParam = z.object({ id: text().min(1).max(64) });
export const ProofUploadQuery = z.object({ note: text().trim().max(200).optional() });
