import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { unwrap } from '../../lib/errors';
import { IdParam } from '../../schema/dto/common';
import {
  CancelInvoiceBody,
  Invoice,
  InvoiceList,
  InvoiceListQuery,
  MarkPaidBody,
} from '../../schema/dto/platform-console';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody } from './support';

const tags = ['invoices'];

const list = createRoute({
  method: 'get',
  path: '/api/admin/invoices',
  tags,
  summary: 'Invoices of every company, newest first, by status, company, period or number',
  security: bearer,
  request: { query: InvoiceListQuery },
  responses: { 200: json(InvoiceList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const get = createRoute({
  method: 'get',
  path: '/api/admin/invoices/{id}',
  tags,
  summary: 'One invoice with its lines',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Invoice), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const markPaid = createRoute({
  method: 'post',
  path: '/api/admin/invoices/{id}/mark-paid',
  tags,
  summary: 'Record the payment of an invoice; a company suspended for it is restored',
  security: bearer,
  request: { params: IdParam, body: jsonBody(MarkPaidBody) },
  responses: {
    200: json(Invoice),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

const cancel = createRoute({
  method: 'post',
  path: '/api/admin/invoices/{id}/cancel',
  tags,
  summary: 'Cancel an unpaid invoice',
  security: bearer,
  request: {
    params: IdParam,
    body: { required: false, content: { 'application/json': { schema: CancelInvoiceBody } } },
  },
  responses: {
    200: json(Invoice),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

export const invoiceRoutes = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await directory(c.env).listInvoices(c.req.valid('query')), 200))
  .openapi(get, async (c) => c.json(unwrap(await directory(c.env).getInvoice(c.req.valid('param').id)), 200))
  .openapi(markPaid, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    return c.json(
      unwrap(await directory(c.env).markInvoicePaid(id, c.req.valid('json'), operatorOf(c))),
      200,
    );
  })
  .openapi(cancel, async (c) => {
    c.set('audited', true);
    const { id } = c.req.valid('param');
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    return c.json(unwrap(await directory(c.env).cancelInvoice(id, body?.reason, operatorOf(c))), 200);
  });
