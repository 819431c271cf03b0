import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminToken, call, platformAdmin, unique } from '../helpers';

afterEach(() => vi.restoreAllMocks());

describe('operation log', () => {
  it('records every admin write with admin, company, action, detail, IP and user agent', async () => {
    const admin = await adminToken();
    const headers = { 'cf-connecting-ip': '203.0.113.7', 'user-agent': 'console-test/1.0' };
    const code = unique('log');
    const company = await call('POST', '/api/admin/companies', {
      token: admin,
      headers,
      body: { code, name: 'Logged' },
    });
    await call('PUT', `/api/admin/companies/${company.body.id}`, {
      token: admin,
      headers,
      body: { industry: 'retail' },
    });
    await call('PUT', '/api/admin/system-config', { token: admin, headers, body: { overdueGraceDays: 10 } });
    // A write outside the Directory (a task run) is logged by the admin middleware.
    await call('POST', '/api/admin/tasks/history-retention/run', { token: admin, headers });
    const res = await call('GET', '/api/admin/logs?pageSize=10', { token: admin });
    const [task, config, update, create] = res.body.items;
    expect(create).toMatchObject({
      action: 'company.create',
      tenantId: company.body.id,
      companyCode: company.body.code,
      ip: '203.0.113.7',
      userAgent: 'console-test/1.0',
      adminUsername: 'admin',
    });
    expect(update).toMatchObject({ action: 'company.update', detail: { industry: 'retail' } });
    expect(config).toMatchObject({
      action: 'config.update',
      companyCode: null,
      detail: { overdueGraceDays: 10 },
    });
    expect(task).toMatchObject({
      action: 'http.post',
      detail: { path: '/api/admin/tasks/history-retention/run', status: 200 },
    });
    const filtered = await call('GET', `/api/admin/logs?companyId=${company.body.id}`, { token: admin });
    expect(filtered.body.items.map((e: { action: string }) => e.action)).toEqual([
      'company.update',
      'company.create',
    ]);
    // Reads are not logged.
    await call('GET', '/api/admin/companies', { token: admin });
    expect((await call('GET', '/api/admin/logs?pageSize=1', { token: admin })).body.items[0].id).toBe(
      task.id,
    );
  });

  it('filters by the administrator who wrote', async () => {
    const admin = await adminToken();
    const sales = await platformAdmin(admin, 'sales');
    const made = await call('POST', '/api/admin/companies', {
      token: sales.token,
      body: { code: unique('bysales'), name: 'By sales' },
    });
    expect(made.status).toBe(201);
    const mine = await call('GET', `/api/admin/logs?adminId=${sales.id}`, { token: admin });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ adminId: sales.id, action: 'company.create', tenantId: made.body.id }),
    ]);
  });
});
