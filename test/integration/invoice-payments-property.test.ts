import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminToken, call } from '../helpers';
import { companyWithInvoice, invoiceOf, startPayment, uploadProof } from '../invoice-payment-helpers';
import { providerConfirms } from '../legal-helpers';
import { mailTo } from '../platform-helpers';

type Step =
  | { kind: 'start' }
  | { kind: 'provider'; offFen: number }
  | { kind: 'replay' }
  | { kind: 'adminConfirm' }
  | { kind: 'proof' }
  | { kind: 'cash' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ kind: 'start' as const }),
  fc.record({ kind: fc.constant('provider' as const), offFen: fc.constantFrom(0, 0, 1, -1, 100) }),
  fc.constant({ kind: 'replay' as const }),
  fc.constant({ kind: 'adminConfirm' as const }),
  fc.constant({ kind: 'proof' as const }),
  fc.constant({ kind: 'cash' as const }),
);

describe('money of an invoice, whatever its payments do', () => {
  it('is settled exactly once, for exactly its total, by whichever payment came first', async () => {
    const admin = await adminToken();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const { company, token, contact, invoice } = await companyWithInvoice(admin);
        const orders: string[] = [];
        let settledBy: string | null = null;
        for (const s of steps) {
          const last = orders.at(-1);
          if (s.kind === 'start') {
            const res = await startPayment(token, company.code, invoice.id);
            expect(res.status).toBe(settledBy ? 409 : 200);
            if (res.status === 200) {
              expect(res.body.amountFen).toBe(invoice.totalFen);
              orders.push(res.body.id);
            }
          } else if ((s.kind === 'provider' || s.kind === 'replay' || s.kind === 'adminConfirm') && last) {
            const res =
              s.kind === 'adminConfirm'
                ? await call('POST', `/api/payments/${last}/confirm`, { token: admin })
                : await providerConfirms(last, invoice.totalFen + (s.kind === 'provider' ? s.offFen : 0));
            if (s.kind === 'provider' && s.offFen !== 0) expect(res.status).toBe(409);
            else {
              expect(res.status).toBe(200);
              if (!res.body.alreadyPaid && !settledBy) settledBy = last;
            }
          } else if (s.kind === 'proof') {
            const up = await uploadProof(token, company.code, invoice.id);
            expect(up.status).toBe(settledBy ? 409 : 201);
            if (up.status !== 201) continue;
            const ok = await call('POST', `/api/admin/payment-proofs/${up.body.id}/accept`, { token: admin });
            expect(ok.status).toBe(200);
            settledBy = up.body.id;
          } else if (s.kind === 'cash') {
            const res = await call('POST', `/api/admin/invoices/${invoice.id}/mark-paid`, {
              token: admin,
              body: { paymentMethod: 'cash', paymentReference: `cash-${invoice.id}` },
            });
            expect(res.status).toBe(settledBy && settledBy !== `cash-${invoice.id}` ? 409 : 200);
            settledBy ??= `cash-${invoice.id}`;
          }
        }
        const final = await invoiceOf(admin, invoice.id);
        expect(final.status).toBe(settledBy ? 'paid' : 'pending');
        expect(final.paymentReference).toBe(settledBy);
        const paidMails = (await mailTo(admin, contact)).filter((m) => m.kind === 'invoice.paid');
        expect(paidMails).toHaveLength(settledBy ? 1 : 0);
        for (const id of new Set(orders)) {
          const order = (await call('GET', `/api/payments/${id}`, { token: admin })).body;
          expect(order.amountFen).toBe(final.totalFen);
        }
      }),
      { numRuns: 10 },
    );
  });
});
