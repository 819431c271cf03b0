import { SELF } from 'cloudflare:test';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { onError } from '../../workers/middleware/errors';
import { requestShape } from '../../workers/middleware/request-shape';
import { json, jsonBody, maxBodyBytes } from '../../workers/routes/support';
import type { AppEnv } from '../../workers/types';
import { checkContract } from '../contract';
import { adminToken, BASE, call, newCompany } from '../helpers';

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

describe('unknown query parameters', () => {
  it('are refused with 400 naming each, on routes with a query and on routes without one', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const list = await call('GET', '/api/admin/companies?pageSize=5&colour=red&size=9', { token: admin });
    expect(list.status).toBe(400);
    expect(fieldsOf(list)).toEqual([
      expect.objectContaining({ path: 'query.colour', rule: 'unrecognized_keys' }),
      expect.objectContaining({ path: 'query.size', rule: 'unrecognized_keys' }),
    ]);
    const tenant = await call('GET', '/api/tenant?debug=1', { token: admin, tenant: company.code });
    expect(tenant.status).toBe(400);
    expect(fieldsOf(tenant)).toEqual([expect.objectContaining({ path: 'query.debug' })]);
    // The declared ones still work, and so does a route without a query when it is given none.
    expect((await call('GET', '/api/admin/companies?pageSize=5&q=x', { token: admin })).status).toBe(200);
    expect((await call('GET', '/api/tenant', { token: admin, tenant: company.code })).status).toBe(200);
  });

  it('are refused before a write changes anything', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const res = await call('PUT', `/api/admin/companies/${company.id}?force=true`, {
      token: admin,
      body: { name: 'Renamed' },
    });
    expect(res.status).toBe(400);
    expect((await call('GET', `/api/admin/companies/${company.id}`, { token: admin })).body.name).toBe(
      company.name,
    );
  });
});

describe('request bodies have a size limit', () => {
  const big = (bytes: number) => JSON.stringify({ name: 'x'.repeat(bytes) });

  it('refuses a JSON body over 1 MiB with 413 before reading it, by its Content-Length', async () => {
    const admin = await adminToken();
    const res = await SELF.fetch(`${BASE}/api/admin/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: big(1024 * 1024 + 10),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; details: { maxBytes: number } } };
    expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: 1024 * 1024 } });
    checkContract('POST', '/api/admin/companies', 413, res.headers.get('content-type'), body);
  });

  it('counts a streamed body that gives no length, and stops at the limit', async () => {
    const admin = await adminToken();
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await SELF.fetch(`${BASE}/api/admin/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(sent).toBeLessThan(40);
  });

  it('lets a body under the limit through, streamed or not', async () => {
    const admin = await adminToken();
    const code = `sz${Date.now().toString(36)}`;
    const payload = new TextEncoder().encode(JSON.stringify({ code, name: 'Small enough' }));
    const res = await SELF.fetch(`${BASE}/api/admin/companies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(payload);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
  });

  it('takes a route’s own declared limit instead of the default', async () => {
    const app = new OpenAPIHono<AppEnv>();
    app.use('*', requestShape(app.openAPIRegistry));
    app.openapi(
      createRoute({
        method: 'post',
        path: '/upload',
        ...maxBodyBytes(10 * 1024 * 1024),
        request: { body: jsonBody(z.object({ data: z.string() })) },
        responses: { 200: json(z.object({ size: z.number() })) },
      }),
      (c) => c.json({ size: c.req.valid('json').data.length }, 200),
    );
    app.onError(onError);
    const send = (bytes: number) =>
      app.request('/upload', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: 'x'.repeat(bytes) }),
      });
    expect((await send(2 * 1024 * 1024)).status).toBe(200);
    const over = await send(10 * 1024 * 1024);
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { details: { maxBytes: number } } }).error.details.maxBytes).toBe(
      10 * 1024 * 1024,
    );
  });
});
