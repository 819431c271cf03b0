import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkProofFile,
  MAX_PROOF_BYTES,
  orderEffect,
  requireFapiaoAllowed,
  requireOpenFapiao,
  requirePayable,
  requirePendingProof,
} from '../../durable-objects/directory/invoice-settlement';

const STATUSES = ['pending', 'paid', 'overdue', 'cancelled'] as const;
const code = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('invoice settlement rules', () => {
  it('lets pending and overdue invoices be paid, never paid or cancelled ones', () => {
    expect(code(() => requirePayable({ number: 'N', status: 'pending' }))).toBeNull();
    expect(code(() => requirePayable({ number: 'N', status: 'overdue' }))).toBeNull();
    expect(code(() => requirePayable({ number: 'N', status: 'paid' }))).toBe('INVOICE_ALREADY_PAID');
    expect(code(() => requirePayable({ number: 'N', status: 'cancelled' }))).toBe('INVOICE_CANCELLED');
  });

  it('settles an invoice only with an order of exactly its total while it is payable', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATUSES),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (status, totalFen, orderFen) => {
          const effect = orderEffect({ status, totalFen }, orderFen);
          const payable = status === 'pending' || status === 'overdue';
          expect(effect === 'settle').toBe(payable && totalFen === orderFen);
        },
      ),
    );
  });

  it('reviews a proof and decides a fapiao request once', () => {
    expect(code(() => requirePendingProof({ id: 'p', status: 'pending' }))).toBeNull();
    for (const status of ['accepted', 'rejected'] as const)
      expect(code(() => requirePendingProof({ id: 'p', status }))).toBe('PROOF_ALREADY_REVIEWED');
    expect(code(() => requireOpenFapiao({ id: 'f', status: 'requested' }))).toBeNull();
    for (const status of ['issued', 'rejected'] as const)
      expect(code(() => requireOpenFapiao({ id: 'f', status }))).toBe('FAPIAO_ALREADY_DECIDED');
  });

  it('allows one open or issued fapiao per invoice, and none for a cancelled invoice', () => {
    const paid = { number: 'N', status: 'paid' as const };
    expect(code(() => requireFapiaoAllowed(paid, []))).toBeNull();
    expect(code(() => requireFapiaoAllowed(paid, ['rejected', 'rejected']))).toBeNull();
    expect(code(() => requireFapiaoAllowed(paid, ['rejected', 'requested']))).toBe(
      'FAPIAO_ALREADY_REQUESTED',
    );
    expect(code(() => requireFapiaoAllowed(paid, ['issued']))).toBe('FAPIAO_ALREADY_REQUESTED');
    expect(code(() => requireFapiaoAllowed({ number: 'N', status: 'cancelled' }, []))).toBe(
      'INVOICE_CANCELLED',
    );
  });

  it('takes PDF, JPEG and PNG proofs up to the limit, by their bytes', () => {
    const pdf = new TextEncoder().encode('%PDF-1.7');
    expect(checkProofFile(pdf.length, pdf)).toBe('application/pdf');
    expect(code(() => checkProofFile(0, pdf))).toBe('FILE_EMPTY');
    expect(code(() => checkProofFile(MAX_PROOF_BYTES + 1, pdf))).toBe('FILE_TOO_LARGE');
    expect(code(() => checkProofFile(5, new TextEncoder().encode('hello')))).toBe('FILE_TYPE_NOT_ALLOWED');
  });
});
