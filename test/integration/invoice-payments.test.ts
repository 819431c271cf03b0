import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addMember, adminToken, call, platformAdmin } from '../helpers';
import { companyWithInvoice, invoiceOf, PNG, startPayment, uploadProof } from '../invoice-payment-helpers';
import { providerConfirms, send } from '../legal-helpers';
import { mailTo } from '../platform-helpers';

describe('paying an invoice online through a payment order', () => {
  it('is started by a company admin, settled once by the provider for the exact amount', async () => {
    const { admin, company, token, contact, invoice } = await companyWithInvoice();

    const started = await startPayment(token, company.code, invoice.id);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ status: 'pending', amountFen: invoice.totalFen });
    expect(started.body.id).toMatch(/^pay_d/);
    // Asking again answers the same open order rather than a second one.
    expect((await startPayment(token, company.code, invoice.id)).body.id).toBe(started.body.id);
    const orderId = started.body.id as string;
    expect((await call('GET', `/api/payments/${orderId}`, { token })).body.amountFen).toBe(invoice.totalFen);

    const short = await providerConfirms(orderId, invoice.totalFen - 1);
    expect(short.status).toBe(409);
    expect(short.body.error.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect((await invoiceOf(admin, invoice.id)).status).toBe('pending');

    const paid = await providerConfirms(orderId, invoice.totalFen);
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.alreadyPaid).toBe(false);
    const settled = await invoiceOf(admin, invoice.id);
    expect(settled).toMatchObject({
      status: 'paid',
      paymentMethod: 'payment_order',
      paymentReference: orderId,
    });

    const again = await providerConfirms(orderId, invoice.totalFen);
    expect(again.body.alreadyPaid).toBe(true);
    expect((await invoiceOf(admin, invoice.id)).paidAt).toBe(settled.paidAt);
    expect((await mailTo(admin, contact)).filter((m) => m.kind === 'invoice.paid')).toHaveLength(1);

    const late = await startPayment(token, company.code, invoice.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVOICE_ALREADY_PAID');
    const board = await call('GET', '/api/tenant/invoice-settlements', { token, tenant: company.code });
    expect(board.body.items.find((i: { invoiceId: string }) => i.invoiceId === invoice.id).order).toBeNull();
  });

  it('is refused to members who are not admins and to other companies', async () => {
    const { admin, company, invoice } = await companyWithInvoice();
    const member = await addMember(admin, company.id, 'member');
    const refused = await startPayment(member.token, company.code, invoice.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('TENANT_ADMIN_REQUIRED');

    const other = await companyWithInvoice(admin);
    const foreign = await startPayment(other.token, other.company.code, invoice.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('INVOICE_NOT_FOUND');
    const board = await call('GET', '/api/tenant/invoice-settlements', {
      token: other.token,
      tenant: other.company.code,
    });
    expect(board.body.items.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([other.invoice.id]);
  });

  it('keeps a late order paid without touching an invoice settled another way', async () => {
    const { admin, company, token, invoice } = await companyWithInvoice();
    const orderId = (await startPayment(token, company.code, invoice.id)).body.id as string;
    const marked = await call('POST', `/api/admin/invoices/${invoice.id}/mark-paid`, {
      token: admin,
      body: { paymentMethod: 'cash', paymentReference: 'cash-1' },
    });
    expect(marked.status).toBe(200);
    const paid = await providerConfirms(orderId, invoice.totalFen);
    expect(paid.status).toBe(200);
    expect((await call('GET', `/api/payments/${orderId}`, { token: admin })).body.status).toBe('paid');
    expect(await invoiceOf(admin, invoice.id)).toMatchObject({
      paymentMethod: 'cash',
      paymentReference: 'cash-1',
    });
  });
});

describe('payment proofs', () => {
  it('are stored in R2, rejected with a mailed reason, then accepted once to settle the invoice', async () => {
    const { admin, company, token, contact, invoice } = await companyWithInvoice();

    const notAFile = await uploadProof(
      token,
      company.code,
      invoice.id,
      new TextEncoder().encode('hello'),
      'image/png',
    );
    expect(notAFile.status).toBe(415);
    expect(notAFile.body.error.details.fields[0].path).toBe('body');
    expect((await env.INVOICE_FILES.list({ prefix: `proofs/${company.id}/` })).objects).toHaveLength(0);

    const first = await uploadProof(token, company.code, invoice.id);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending', fileType: 'image/png', note: 'transfer' });
    const queue = await call('GET', '/api/admin/payment-proofs', { token: admin });
    expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(first.body.id);
    const file = await send('GET', `/api/admin/payment-proofs/${first.body.id}/file`, { token: admin });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');

    const sales = await platformAdmin(admin, 'sales');
    const forbidden = await call('POST', `/api/admin/payment-proofs/${first.body.id}/accept`, {
      token: sales.token,
    });
    expect(forbidden.status).toBe(403);

    const noReason = await call('POST', `/api/admin/payment-proofs/${first.body.id}/reject`, {
      token: admin,
      body: { reason: '' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].path).toBe('body.reason');
    const rejected = await call('POST', `/api/admin/payment-proofs/${first.body.id}/reject`, {
      token: admin,
      body: { reason: '金额不符 amount differs' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '金额不符 amount differs' });
    const told = (await mailTo(admin, contact)).find((m) => m.kind === 'invoice.proof_rejected');
    expect(told?.text).toContain('金额不符 amount differs');
    expect((await invoiceOf(admin, invoice.id)).status).toBe('pending');

    const second = await uploadProof(token, company.code, invoice.id);
    const finance = await platformAdmin(admin, 'finance');
    const accepted = await call('POST', `/api/admin/payment-proofs/${second.body.id}/accept`, {
      token: finance.token,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(await invoiceOf(admin, invoice.id)).toMatchObject({
      status: 'paid',
      paymentMethod: 'bank_transfer',
      paymentReference: second.body.id,
    });
    const twice = await call('POST', `/api/admin/payment-proofs/${second.body.id}/accept`, { token: admin });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('PROOF_ALREADY_REVIEWED');
    const afterPaid = await uploadProof(token, company.code, invoice.id, PNG);
    expect(afterPaid.status).toBe(409);
    expect((await env.INVOICE_FILES.list({ prefix: `proofs/${company.id}/` })).objects).toHaveLength(2);
  });
});

describe('fapiao requests', () => {
  it('are asked once per invoice, rejected with a reason or issued with a number', async () => {
    const admin = await adminToken();
    const { company, token, contact, invoice } = await companyWithInvoice(admin);
    const ask = (body: unknown) =>
      call('POST', `/api/tenant/invoices/${invoice.id}/fapiao`, { token, tenant: company.code, body });

    const bad = await ask({ title: 'Acme', taxNumber: 'not-a-number', type: 'normal' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.taxNumber');

    const first = await ask({ title: '示例科技有限公司', taxNumber: '91310000MA1FL0XX0X', type: 'special' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'requested', type: 'special' });
    expect(
      (await ask({ title: 'Acme', taxNumber: '91310000MA1FL0XX0X', type: 'normal' })).body.error.code,
    ).toBe('FAPIAO_ALREADY_REQUESTED');

    const open = await call('GET', '/api/admin/fapiao-requests', { token: admin });
    expect(open.body.items.map((f: { id: string }) => f.id)).toContain(first.body.id);
    const rejected = await call('POST', `/api/admin/fapiao-requests/${first.body.id}/reject`, {
      token: admin,
      body: { reason: '税号有误 wrong tax number' },
    });
    expect(rejected.body.status).toBe('rejected');
    expect((await mailTo(admin, contact)).find((m) => m.kind === 'invoice.fapiao_rejected')?.text).toContain(
      '税号有误',
    );

    const second = await ask({ title: '示例科技有限公司', taxNumber: '91310000MA1FL0XX0Y', type: 'normal' });
    expect(second.status).toBe(201);
    const issued = await call('POST', `/api/admin/fapiao-requests/${second.body.id}/issue`, {
      token: admin,
      body: { fapiaoNumber: '044031900111' },
    });
    expect(issued.body).toMatchObject({ status: 'issued', fapiaoNumber: '044031900111' });
    const redo = await call('POST', `/api/admin/fapiao-requests/${second.body.id}/reject`, {
      token: admin,
      body: { reason: 'late' },
    });
    expect(redo.body.error.code).toBe('FAPIAO_ALREADY_DECIDED');
    const board = await call('GET', '/api/tenant/invoice-settlements', { token, tenant: company.code });
    const mine = board.body.items.find((i: { invoiceId: string }) => i.invoiceId === invoice.id);
    expect(mine.fapiao).toMatchObject({ id: second.body.id, status: 'issued' });
    expect((await mailTo(admin, contact)).some((m) => m.kind === 'invoice.fapiao_issued')).toBe(true);
  });
});
