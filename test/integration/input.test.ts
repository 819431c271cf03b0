import { describe, expect, it } from 'vitest';
import { adminToken, call, newCompany } from '../helpers';

const fieldsOf = (res: { body: { error: { details: { fields: Array<{ path: string; rule: string }> } } } }) =>
  res.body.error.details.fields;

describe('an absurd number', () => {
  it('gets one message for its field, in a body and in a query', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const topUp = await call('POST', '/api/billing/top-up', {
      token: admin,
      tenant: company.code,
      body: { userId: 'usr_x', amountFen: 1e20 },
    });
    expect(topUp.status).toBe(400);
    expect(fieldsOf(topUp)).toEqual([expect.objectContaining({ path: 'body.amountFen', rule: 'too_big' })]);
    expect(fieldsOf(topUp)[0]).toMatchObject({ maximum: 10_000_000_000 });

    const list = await call('GET', '/api/admin/companies?pageSize=1e20', { token: admin });
    expect(list.status).toBe(400);
    expect(fieldsOf(list)).toEqual([expect.objectContaining({ path: 'query.pageSize', rule: 'too_big' })]);
  });

  it('still refuses a fraction as not whole, once', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const res = await call('POST', '/api/billing/top-up', {
      token: admin,
      tenant: company.code,
      body: { userId: 'usr_x', amountFen: 10.5 },
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([
      expect.objectContaining({ path: 'body.amountFen', rule: 'invalid_type' }),
    ]);
  });
});
