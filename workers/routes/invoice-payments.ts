import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { checkProofFile, MAX_PROOF_BYTES } from '../../durable-objects/directory/invoice-settlement';
import { LICENCE_TYPES } from '../../durable-objects/legal/licence-file';
import { directory } from '../../lib/actors';
import { AppError, unwrap } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { IdParam } from '../../schema/dto/common';
import {
  FapiaoIssueBody,
  FapiaoListQuery,
  FapiaoRequest,
  FapiaoRequestBody,
  FapiaoRequestList,
  InvoiceSettlementList,
  PaymentProof,
  PaymentProofList,
  ProofListQuery,
  ProofUploadQuery,
  RejectBody,
} from '../../schema/dto/invoice-payments';
import { PaymentOrder } from '../../schema/dto/payments';
import { operatorOf, vouchedCompanyCaller } from '../caller';
import type { AppEnv } from '../types';
import {
  bearer,
  errors,
  inlineFile,
  json,
  jsonBody,
  maxBodyBytes,
  readErrors as read,
  tenantParameters,
  uploadBody,
  uploadedFile,
  writeErrors as write,
} from './support';

/**
 * Settling the platform's invoices (issue #22 item 2): a company's administrator pays online through a
 * payment order (confirmed by the provider at /api/payments/{id}/confirm), uploads a payment proof, or
 * asks for a fapiao; platform administrators review proofs and fapiao requests.
 */
const tags = ['invoices'];
const scoped = { ...write, 429: errors[429] } as const;

const settlements = createRoute({
  method: 'get',
  path: '/api/tenant/invoice-settlements',
  tags,
  summary: "Each of the company's invoices with its open payment order, latest proof and fapiao request",
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(InvoiceSettlementList), ...scoped },
});

const pay = createRoute({
  method: 'post',
  path: '/api/tenant/invoices/{id}/pay',
  tags,
  summary:
    'Start paying an invoice online: the open payment order for its total (or a new one); the provider confirms it at /api/payments/{id}/confirm',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam },
  responses: { 200: json(PaymentOrder), ...scoped },
});

const uploadProof = createRoute({
  method: 'post',
  path: '/api/tenant/invoices/{id}/payment-proof',
  tags,
  summary:
    'Upload a payment proof (the file itself, PDF, JPEG or PNG up to 10 MiB) for a platform administrator to review',
  security: bearer,
  parameters: tenantParameters,
  ...maxBodyBytes(MAX_PROOF_BYTES),
  request: {
    params: IdParam,
    query: ProofUploadQuery,
    body: uploadBody,
  },
  responses: { 201: json(PaymentProof, 'Created'), 413: errors[413], 415: errors[415], ...scoped },
});

const fapiao = createRoute({
  method: 'post',
  path: '/api/tenant/invoices/{id}/fapiao',
  tags,
  summary: 'Ask for a fapiao (title, tax number, 普通 normal or 专用 special) for an invoice',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(FapiaoRequestBody) },
  responses: { 201: json(FapiaoRequest, 'Created'), ...scoped },
});

const listProofs = createRoute({
  method: 'get',
  path: '/api/admin/payment-proofs',
  tags,
  summary: 'Payment proofs, oldest first; those waiting for review unless another status is asked for',
  security: bearer,
  request: { query: ProofListQuery },
  responses: { 200: json(PaymentProofList), ...read },
});

const proofFile = createRoute({
  method: 'get',
  path: '/api/admin/payment-proofs/{id}/file',
  tags,
  summary: 'The uploaded proof, as it was uploaded',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: uploadedFile, ...read },
});

const acceptProof = createRoute({
  method: 'post',
  path: '/api/admin/payment-proofs/{id}/accept',
  tags,
  summary: 'Accept a proof: the invoice is paid (by bank transfer, referenced by the proof)',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(PaymentProof), ...write },
});

const rejectProof = createRoute({
  method: 'post',
  path: '/api/admin/payment-proofs/{id}/reject',
  tags,
  summary: 'Reject a proof with a reason, mailed to the company',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RejectBody) },
  responses: { 200: json(PaymentProof), ...write },
});

const listFapiao = createRoute({
  method: 'get',
  path: '/api/admin/fapiao-requests',
  tags,
  summary: 'Fapiao requests, oldest first; open ones unless another status is asked for',
  security: bearer,
  request: { query: FapiaoListQuery },
  responses: { 200: json(FapiaoRequestList), ...read },
});

const issueFapiao = createRoute({
  method: 'post',
  path: '/api/admin/fapiao-requests/{id}/issue',
  tags,
  summary: 'Record the fapiao issued for a request (its number); the company is mailed',
  security: bearer,
  request: { params: IdParam, body: jsonBody(FapiaoIssueBody) },
  responses: { 200: json(FapiaoRequest), ...write },
});

const rejectFapiao = createRoute({
  method: 'post',
  path: '/api/admin/fapiao-requests/{id}/reject',
  tags,
  summary: 'Reject a fapiao request with a reason, mailed to the company, which may ask again',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RejectBody) },
  responses: { 200: json(FapiaoRequest), ...write },
});

export const invoicePaymentRoutes = new OpenAPIHono<AppEnv>()
  .openapi(settlements, async (c) => {
    const { tenantId, requester } = await vouchedCompanyCaller(c);
    return c.json(unwrap(await directory(c.env).invoiceSettlements(tenantId, requester)), 200);
  })
  .openapi(pay, async (c) => {
    const { tenantId, requester } = await vouchedCompanyCaller(c);
    const { id } = c.req.valid('param');
    return c.json(unwrap(await directory(c.env).startInvoicePayment(tenantId, id, requester)), 200);
  })
  .openapi(uploadProof, async (c) => {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!(LICENCE_TYPES as readonly string[]).includes(type))
      throw new AppError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'send the proof itself as application/pdf, image/jpeg or image/png',
        {
          fields: [{ path: 'body', message: 'must be a PDF, JPEG or PNG file', rule: 'media_type' }],
        },
      );
    const { tenantId, requester } = await vouchedCompanyCaller(c);
    const { id } = c.req.valid('param');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const fileType = checkProofFile(bytes.byteLength, bytes.subarray(0, 16));
    const proofId = newId('prf');
    const fileKey = `proofs/${tenantId}/${proofId}`;
    await c.env.INVOICE_FILES.put(fileKey, bytes, { httpMetadata: { contentType: fileType } });
    const file = {
      proofId,
      fileKey,
      fileType,
      fileSize: bytes.byteLength,
      note: c.req.valid('query').note ?? null,
    };
    const outcome = await directory(c.env).submitPaymentProof(tenantId, id, file, requester);
    // A refused proof leaves no file behind.
    if (!outcome.ok) await c.env.INVOICE_FILES.delete(fileKey);
    return c.json(unwrap(outcome), 201);
  })
  .openapi(fapiao, async (c) => {
    const { tenantId, requester } = await vouchedCompanyCaller(c);
    const { id } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).requestFapiao(tenantId, id, c.req.valid('json'), requester)),
      201,
    );
  })
  .openapi(listProofs, async (c) =>
    c.json(await directory(c.env).listPaymentProofs(c.req.valid('query').status), 200),
  )
  .openapi(proofFile, async (c) => {
    const { id } = c.req.valid('param');
    const proof = unwrap(await directory(c.env).paymentProofFile(id));
    const object = await c.env.INVOICE_FILES.get(proof.fileKey);
    if (!object) throw new AppError(404, 'FILE_NOT_FOUND', 'the proof file is missing from storage');
    return inlineFile(c, object, proof.fileType, `proof-${id}`);
  })
  .openapi(acceptProof, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).reviewPaymentProof(id, { accept: true }, operatorOf(c))),
      200,
    );
  })
  .openapi(rejectProof, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return c.json(
      unwrap(await directory(c.env).reviewPaymentProof(id, { accept: false, reason }, operatorOf(c))),
      200,
    );
  })
  .openapi(listFapiao, async (c) =>
    c.json(await directory(c.env).listFapiaoRequests(c.req.valid('query').status), 200),
  )
  .openapi(issueFapiao, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    const { fapiaoNumber } = c.req.valid('json');
    return c.json(
      unwrap(await directory(c.env).decideFapiao(id, { issue: true, fapiaoNumber }, operatorOf(c))),
      200,
    );
  })
  .openapi(rejectFapiao, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    return c.json(
      unwrap(await directory(c.env).decideFapiao(id, { issue: false, reason }, operatorOf(c))),
      200,
    );
  });
