import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { AppError, unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import { Certification, CertificationList, CertificationQuery, RejectBody } from '../../schema/dto/legal';
import { LegalAdminNotices } from '../../schema/dto/legal-notices';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import {
  bearer,
  inlineFile,
  json,
  jsonBody,
  publicBaseUrl,
  readErrors as read,
  uploadedFile,
  writeErrors as write,
} from './support';

/** The platform administrators' certification queue (SPEC D2). */
const tags = ['legal-admin'];

const list = createRoute({
  method: 'get',
  path: '/api/admin/lawyer-certifications',
  tags,
  summary: 'Lawyer certification requests: the pending queue oldest first, decided ones newest first',
  security: bearer,
  request: { query: CertificationQuery },
  responses: { 200: json(CertificationList), ...read },
});

const detail = createRoute({
  method: 'get',
  path: '/api/admin/lawyer-certifications/{id}',
  tags,
  summary: 'One certification request',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Certification), ...read },
});

const file = createRoute({
  method: 'get',
  path: '/api/admin/lawyer-certifications/{id}/file',
  tags,
  summary: 'The uploaded licence file, as it was uploaded',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: uploadedFile, ...read },
});

const approve = createRoute({
  method: 'post',
  path: '/api/admin/lawyer-certifications/{id}/approve',
  tags,
  summary: 'Approve: the lawyer becomes active with a free membership (10 years) at level 1, and is mailed',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Certification), ...write },
});

const reject = createRoute({
  method: 'post',
  path: '/api/admin/lawyer-certifications/{id}/reject',
  tags,
  summary: 'Reject with a reason, mailed to the lawyer, who may upload again',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RejectBody) },
  responses: { 200: json(Certification), ...write },
});

const notices = createRoute({
  method: 'get',
  path: '/api/admin/legal/notices',
  tags,
  summary: "The marketplace's counts for the console: certifications waiting and submitted, SLA breaches",
  security: bearer,
  responses: { 200: json(LegalAdminNotices), ...read },
});

export const legalAdminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(notices, async (c) => c.json(await directory(c.env).legalAdminNotices(), 200))
  .openapi(list, async (c) => c.json(await directory(c.env).listCertifications(c.req.valid('query')), 200))
  .openapi(detail, async (c) => {
    const { fileKey: _, ...view } = unwrap(await directory(c.env).getCertification(c.req.valid('param').id));
    return c.json(view, 200);
  })
  .openapi(file, async (c) => {
    const cert = unwrap(await directory(c.env).getCertification(c.req.valid('param').id));
    const object = await c.env.LEGAL_FILES.get(cert.fileKey);
    if (!object) throw new AppError(404, 'FILE_NOT_FOUND', 'the licence file is missing from storage');
    return inlineFile(c, object, cert.fileType, `licence-${cert.id}`);
  })
  .openapi(approve, async (c) => {
    const { id } = c.req.valid('param');
    const answer = unwrap(await directory(c.env).approveCertification(id, publicBaseUrl(c), operatorOf(c)));
    c.set('audited', true);
    return c.json(answer, 200);
  })
  .openapi(reject, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const answer = unwrap(
      await directory(c.env).rejectCertification(id, reason, publicBaseUrl(c), operatorOf(c)),
    );
    c.set('audited', true);
    return c.json(answer, 200);
  });
