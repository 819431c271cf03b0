import { describe, expect, it } from 'vitest';
import { adminToken, call, unique } from '../helpers';
import { companyWithAdmin, directoryStub, mailTo, runTask } from '../platform-helpers';

describe('an invoice paid by a payment that records itself (the seam for payment orders)', () => {
  it('marks it paid once, answers the same payment told twice, and refuses a second payment', async () => {
    const admin = await adminToken();
    const contact = `${unique('pay')}@acme.example`;
    const { company } = await companyWithAdmin(admin, { plan: 'basic', contactEmail: contact });
    await runTask('invoice-generation', Date.now());
    const list = await call('GET', `/api/admin/invoices?companyId=${company.id}`, { token: admin });
    const invoice = list.body.items[0];
    const payment = { paymentMethod: 'payment_order' as const, paymentReference: 'pay_123' };

    const paid = await directoryStub().payInvoice(invoice.id, payment);
    expect(paid.ok && paid.value).toMatchObject({
      status: 'paid',
      paymentMethod: 'payment_order',
      paymentReference: 'pay_123',
    });
    const replay = await directoryStub().payInvoice(invoice.id, payment);
    expect(replay.ok && replay.value.paidAt).toBe(paid.ok && paid.value.paidAt);
    const other = await directoryStub().payInvoice(invoice.id, { ...payment, paymentReference: 'pay_456' });
    expect(other).toMatchObject({ ok: false, error: { code: 'INVOICE_ALREADY_PAID' } });

    expect((await mailTo(admin, contact)).filter((m) => m.kind === 'invoice.paid')).toHaveLength(1);
    // No admin did it, so the operation log has no admin entry for it.
    const log = await call('GET', '/api/admin/logs?pageSize=200', { token: admin });
    expect(
      log.body.items.filter(
        (e: { action: string; detail: { invoiceId?: string } }) =>
          e.action === 'invoice.mark_paid' && e.detail?.invoiceId === invoice.id,
      ),
    ).toEqual([]);
  });
});
