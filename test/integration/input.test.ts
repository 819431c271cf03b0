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

describe('control characters in text', () => {
  it('are refused with 400 naming the field, in a body and in a query', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const res = await call('PUT', `/api/admin/companies/${company.id}`, {
      token: admin,
      body: { name: 'Evil\u0000Corp', address: 'Line\u001b[2J' },
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([
      expect.objectContaining({ path: 'body.name', rule: 'control_character' }),
      expect.objectContaining({ path: 'body.address', rule: 'control_character' }),
    ]);
    const unchanged = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    expect(unchanged.body.name).toBe(company.name);

    const search = await call('GET', `/api/admin/companies?q=${encodeURIComponent('a\u0007b')}`, {
      token: admin,
    });
    expect(search.status).toBe(400);
    expect(fieldsOf(search)).toEqual([
      expect.objectContaining({ path: 'query.q', rule: 'control_character' }),
    ]);
  });

  it('keeps tab and line breaks in a field of several lines, and only there', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const notes = 'first line\r\n\tsecond line\n';
    const customer = await call('POST', '/api/customers', {
      token: admin,
      tenant: company.code,
      body: { name: 'Lines Ltd', notes },
    });
    expect(customer.status).toBe(201);
    expect(customer.body.notes).toBe(notes.trim());
    const named = await call('POST', '/api/customers', {
      token: admin,
      tenant: company.code,
      body: { name: 'Two\nLines', notes: 'bell\u0007' },
    });
    expect(named.status).toBe(400);
    expect(fieldsOf(named).map((f) => f.path)).toEqual(['body.name', 'body.notes']);
  });
});
