import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminToken, call, companyWithMember, newCompany, newUser, platformAdmin, unique } from '../helpers';

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
    // A write outside the Directory (a task run) is logged by its route, with what came of it.
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
      action: 'task.run',
      detail: { task: 'history-retention', status: 'succeeded', runId: expect.any(String) },
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

  it("records a platform admin's money and access changes made through tenant routes, with what was stored", async () => {
    const admin = await adminToken();
    const headers = { 'cf-connecting-ip': '198.51.100.4', 'user-agent': 'tenant-routes/1.0' };
    const { code, company, user, token } = await companyWithMember(admin, 'admin');
    const rates = { coreHourMilliFen: 12_000, memoryGbHourMilliFen: 6_000, storageGbHourMilliFen: 70 };
    expect(
      (await call('PUT', '/api/billing/rates', { token: admin, tenant: code, headers, body: rates })).status,
    ).toBe(200);
    const topped = await call('POST', '/api/billing/top-up', {
      token: admin,
      tenant: code,
      headers,
      body: { userId: user.id, amountFen: 10_000, reference: 'receipt-42' },
    });
    expect(topped.status).toBe(200);
    await call('PATCH', '/api/tenant/settings', {
      token: admin,
      tenant: code,
      headers,
      body: { crmAutoStatusSync: false },
    });
    // A company administrator's own top-up stays in the company's audit trail, not the platform's log.
    expect(
      (
        await call('POST', '/api/billing/top-up', {
          token,
          tenant: code,
          body: { userId: user.id, amountFen: 1 },
        })
      ).status,
    ).toBe(200);

    const logged = await call('GET', `/api/admin/logs?companyId=${company.id}&pageSize=20`, { token: admin });
    const byAction = new Map(logged.body.items.map((e: { action: string }) => [e.action, e]));
    expect(byAction.get('billing.rates')).toMatchObject({
      tenantId: company.id,
      adminUsername: 'admin',
      ip: '198.51.100.4',
      userAgent: 'tenant-routes/1.0',
      detail: rates,
    });
    expect(byAction.get('billing.top_up')).toMatchObject({
      detail: {
        userId: user.id,
        amountFen: 10_000,
        reference: 'receipt-42',
        entryId: topped.body.entryId,
        balanceFen: 10_000,
      },
    });
    expect(byAction.get('settings.update')).toMatchObject({ detail: { crmAutoStatusSync: false } });
    expect(logged.body.items.filter((e: { action: string }) => e.action === 'billing.top_up')).toHaveLength(
      1,
    );
  });

  it('logs the values a membership, an admin, a plan and a company actually got, not the ones asked for', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const user = await newUser(admin);
    // The user's first company becomes their primary although the grant did not ask for it.
    const granted = await call('POST', `/api/admin/users/${user.id}/companies`, {
      token: admin,
      body: { companyId: company.id, role: 'admin' },
    });
    expect(granted.body.companies[0].isPrimary).toBe(true);
    const support = await platformAdmin(admin, 'support');
    await call('PUT', `/api/admin/admins/${support.id}`, {
      token: admin,
      body: { email: 'Mixed.Case@Example.COM' },
    });
    const planCode = unique('p').toLowerCase();
    const plan = await call('POST', '/api/admin/plans', {
      token: admin,
      body: {
        code: planCode,
        name: 'Logged plan',
        priceMonthlyFen: 100,
        priceYearlyFen: 1000,
        quotas: { users: 3, customers: 10, storageMB: 10, apiCallsPerMonth: 0 },
        modules: ['crm'],
      },
    });
    expect(plan.status).toBe(201);
    await call('PUT', `/api/admin/companies/${company.id}`, { token: admin, body: { plan: 'basic' } });

    const entries = (await call('GET', '/api/admin/logs?pageSize=50', { token: admin })).body.items as {
      action: string;
      tenantId: string | null;
      detail: Record<string, unknown>;
    }[];
    const find = (action: string, match: (d: Record<string, unknown>) => boolean) =>
      entries.find((e) => e.action === action && match(e.detail))?.detail;
    expect(find('membership.grant', (d) => d.userId === user.id)).toEqual({
      userId: user.id,
      role: 'admin',
      isPrimary: true,
      status: 'active',
    });
    expect(find('admin.update', (d) => d.adminId === support.id)).toEqual({
      adminId: support.id,
      email: 'mixed.case@example.com',
      passwordChanged: false,
    });
    expect(find('plan.create', (d) => d.code === planCode)).toMatchObject({
      code: planCode,
      extraStorageGbFen: 500,
      allowOverage: true,
      active: true,
    });
    expect(find('company.update', () => true)).toMatchObject({ plan: 'basic', subscriptionStatus: 'active' });
  });
});
