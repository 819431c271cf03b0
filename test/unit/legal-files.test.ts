import { describe, expect, it } from 'vitest';
import { checkOwner, demoReadOnly } from '../../durable-objects/legal/access';
import { serviceFeeFen } from '../../durable-objects/legal/fees';
import {
  checkLicenceFile,
  MAX_LICENCE_BYTES,
  sniffLicenceType,
} from '../../durable-objects/legal/licence-file';
import { ORDER_ID_LENGTH, ownerOfOrder, paymentOrderId } from '../../durable-objects/payments/order-ids';
import { AppError } from '../../lib/errors';
import { signBody, verifyBodySignature } from '../../lib/webhook-signature';
import { CASE_TYPE_TERMS } from '../../schema/dto/legal-catalog';

const bytes = (...b: number[]) => new Uint8Array(b);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { status: (err as AppError).status, code: (err as AppError).code };
  }
  return null;
};

describe('licence files (D2)', () => {
  it('are PDF, JPEG or PNG by their first bytes', () => {
    expect(sniffLicenceType(new TextEncoder().encode('%PDF-1.4'))).toBe('application/pdf');
    expect(sniffLicenceType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffLicenceType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(sniffLicenceType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffLicenceType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffLicenceType(bytes())).toBeNull();
  });

  it('are refused empty, over 10 MiB, or of another type', () => {
    const pdf = new TextEncoder().encode('%PDF-');
    expect(checkLicenceFile(5, pdf)).toBe('application/pdf');
    expect(checkLicenceFile(MAX_LICENCE_BYTES, pdf)).toBe('application/pdf');
    expect(refusal(() => checkLicenceFile(0, pdf))).toEqual({ status: 400, code: 'FILE_EMPTY' });
    expect(refusal(() => checkLicenceFile(MAX_LICENCE_BYTES + 1, pdf))).toEqual({
      status: 413,
      code: 'FILE_TOO_LARGE',
    });
    expect(refusal(() => checkLicenceFile(10, bytes(1, 2, 3)))).toEqual({
      status: 415,
      code: 'FILE_TYPE_NOT_ALLOWED',
    });
  });
});

describe('service fees (D10)', () => {
  it('flat types cost their flat fee; shares of the amount stay within their bounds', () => {
    expect(serviceFeeFen('consultation', 10_000_000_00)).toBe(199_00);
    expect(serviceFeeFen('lawyer_letter', 0)).toBe(299_00);
    expect(serviceFeeFen('debt_collection', 1_000_00)).toBe(200_00);
    expect(serviceFeeFen('debt_collection', 10_000_00)).toBe(300_00);
    expect(serviceFeeFen('debt_collection', 10_000_017)).toBe(300_001);
    expect(serviceFeeFen('debt_collection', 1_000_000_00)).toBe(5_000_00);
    expect(serviceFeeFen('litigation', 100_000_00)).toBe(5_000_00);
    expect(serviceFeeFen('enterprise_counsel', 0)).toBe(5_000_00);
  });

  it('every type has a fee between its minimum and maximum', () => {
    for (const [type, terms] of Object.entries(CASE_TYPE_TERMS)) {
      for (const amount of [0, 1, 99_99, 1_234_567, 100_000_000_00]) {
        const fee = serviceFeeFen(type as 'litigation', amount);
        expect(fee).toBeGreaterThanOrEqual(terms.minFeeFen);
        expect(fee).toBeLessThanOrEqual(terms.maxFeeFen);
        expect(Number.isInteger(fee)).toBe(true);
      }
    }
  });
});

describe('marketplace access', () => {
  const owner = { userId: 'usr_a', demo: false };
  const notFound = () => new AppError(404, 'X', 'x');

  it('lets the owner in, nobody else, and nobody writes a demo', () => {
    expect(refusal(() => checkOwner(owner, { kind: 'user', id: 'usr_a' }, true, notFound))).toBeNull();
    expect(refusal(() => checkOwner(owner, { kind: 'user', id: 'usr_b' }, false, notFound))).toEqual({
      status: 404,
      code: 'X',
    });
    expect(refusal(() => checkOwner(undefined, { kind: 'user', id: 'usr_a' }, false, notFound))).toEqual({
      status: 404,
      code: 'X',
    });
    expect(refusal(() => checkOwner(owner, { kind: 'admin', id: 'adm_1' }, false, notFound))).toBeNull();
    const demo = { userId: 'demo-user-001', demo: true };
    expect(
      refusal(() => checkOwner(demo, { kind: 'user', id: 'demo-user-001' }, false, notFound)),
    ).toBeNull();
    expect(refusal(() => checkOwner(demo, { kind: 'user', id: 'demo-user-001' }, true, notFound))).toEqual({
      status: 403,
      code: 'DEMO_READ_ONLY',
    });
    expect(demoReadOnly().status).toBe(403);
  });
});

describe('payment order ids', () => {
  const hex = 'ab'.repeat(32);
  it('name the owner actor and are refused when they are not ours', () => {
    const id = paymentOrderId('LAWYER', hex, 'a'.repeat(26));
    expect(id).toHaveLength(ORDER_ID_LENGTH);
    expect(ownerOfOrder(id)).toEqual({ binding: 'LAWYER', actorId: hex });
    expect(ownerOfOrder(paymentOrderId('LEGAL_CLIENT', hex, 'b'.repeat(26)))?.binding).toBe('LEGAL_CLIENT');
    expect(ownerOfOrder(paymentOrderId('TENANT', hex, 'c'.repeat(26)))?.binding).toBe('TENANT');
    expect(ownerOfOrder(paymentOrderId('DIRECTORY', hex, 'd'.repeat(26)))?.binding).toBe('DIRECTORY');
    expect(ownerOfOrder(`pay_x${hex}${'a'.repeat(26)}`)).toBeNull();
    expect(ownerOfOrder(`pay_l${hex}`)).toBeNull();
    expect(ownerOfOrder('anything')).toBeNull();
  });
});

describe('provider signatures', () => {
  it('verify exactly the signed body under the shared secret', async () => {
    const body = '{"orderId":"pay_1","amountFen":100}';
    const header = await signBody('s3cret', body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verifyBodySignature('s3cret', body, header)).toBe(true);
    expect(await verifyBodySignature('s3cret', body, header.toUpperCase().replace('SHA256', 'sha256'))).toBe(
      true,
    );
    expect(await verifyBodySignature('other', body, header)).toBe(false);
    expect(await verifyBodySignature('s3cret', `${body} `, header)).toBe(false);
    expect(await verifyBodySignature('s3cret', body, 'sha256=zz')).toBe(false);
    expect(await verifyBodySignature('s3cret', body, header.slice(7))).toBe(false);
  });
});
