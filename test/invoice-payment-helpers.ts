import { expect } from 'vitest';
import { adminToken, call, unique } from './helpers';
import { send } from './legal-helpers';
import { companyWithAdmin, runTask } from './platform-helpers';

/** Shared steps of the invoice payment tests. */

export const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
]);

/** A company on a paid plan with its administrator signed in, and its first invoice (pending). */
export async function companyWithInvoice(admin?: string) {
  const adminTok = admin ?? (await adminToken());
  const contact = `${unique('bill')}@acme.example`;
  const { company, token } = await companyWithAdmin(adminTok, { plan: 'basic', contactEmail: contact });
  await runTask('invoice-generation', Date.now());
  const list = await call('GET', `/api/admin/invoices?companyId=${company.id}`, { token: adminTok });
  const invoice = list.body.items[0];
  expect(invoice?.status).toBe('pending');
  return { admin: adminTok, company, token, contact, invoice };
}

export function startPayment(token: string, tenant: string, invoiceId: string) {
  return call('POST', `/api/tenant/invoices/${invoiceId}/pay`, { token, tenant });
}

export function uploadProof(
  token: string,
  tenant: string,
  invoiceId: string,
  bytes: Uint8Array = PNG,
  type = 'image/png',
) {
  return send('POST', `/api/tenant/invoices/${invoiceId}/payment-proof?note=transfer`, {
    token,
    body: bytes,
    headers: { 'content-type': type, 'x-tenant-code': tenant },
  });
}

export async function invoiceOf(admin: string, id: string) {
  const res = await call('GET', `/api/admin/invoices/${id}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body;
}
