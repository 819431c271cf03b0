import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../durable-objects/tenant/access';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import type { AppError } from '../../lib/errors';
import {
  adminToken,
  call,
  grant,
  newCompany,
  newUser,
  platformAdmin,
  tenantStub,
  unique,
  userToken,
} from '../helpers';
import { companyWithAdmin, newPlan } from '../platform-helpers';

/** The quota and access hooks of the port every module of the tenant actor gets. */
type Hooks = {
  consumeQuota(metric: string, delta: number): void;
  access(caller: Caller, need: 'member' | 'admin', options?: { write?: boolean; module?: string }): unknown;
  tx<T>(fn: () => T): T;
};

describe('plan catalog (SPEC A2)', () => {
  it('ships the four plans with prices in fen, quotas and modules, and counts the companies on each', async () => {
    const admin = await adminToken();
    await newCompany(admin, { plan: 'professional' });
    const res = await call('GET', '/api/admin/plans', { token: admin });
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.items.map((p: { code: string }) => [p.code, p]));
    expect(Object.keys(byCode).slice(0, 4)).toEqual(['trial', 'basic', 'professional', 'enterprise']);
    expect(byCode.basic).toMatchObject({
      priceMonthlyFen: 60_000,
      priceYearlyFen: 600_000,
      modules: ['crm', 'annual-fees'],
    });
    expect(byCode.professional.tenants).toBeGreaterThanOrEqual(1);
    expect(byCode.enterprise.quotas).toMatchObject({
      users: null,
      storageMB: 512_000,
      apiCallsPerMonth: null,
    });
    const one = await call('GET', '/api/admin/plans/trial', { token: admin });
    expect(one.body).toMatchObject({ code: 'trial', trialDays: 14, priceMonthlyFen: 0, allowOverage: false });
    expect((await call('GET', '/api/admin/plans/gold', { token: admin })).status).toBe(404);
  });

  it('lets a super admin create, reprice, re-quota and disable a plan; companies on it follow at once', async () => {
    const admin = await adminToken();
    const plan = await newPlan(admin, { modules: ['crm', 'legal'] });
    const dup = await call('POST', '/api/admin/plans', {
      token: admin,
      body: {
        code: plan.code,
        name: 'x',
        quotas: { users: 1, customers: 1, storageMB: 1, apiCallsPerMonth: 0 },
        modules: [],
        priceMonthlyFen: 0,
        priceYearlyFen: 0,
      },
    });
    expect(dup.status).toBe(409);
    const { company, token } = await companyWithAdmin(admin, { plan: plan.code });
    expect(company).toMatchObject({ plan: plan.code, subscriptionStatus: 'active' });
    let tenant = await call('GET', '/api/tenant', { token, tenant: company.code });
    expect(tenant.body).toMatchObject({ plan: plan.code, modules: ['crm', 'legal'], allowOverage: true });
    expect(tenant.body.quotas).toMatchObject({
      users: 3,
      customers: 10,
      storageMB: 1024,
      apiCallsPerMonth: 2,
    });

    const updated = await call('PUT', `/api/admin/plans/${plan.code}`, {
      token: admin,
      body: { priceMonthlyFen: 12_345, quotas: { users: 7 }, modules: ['crm'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      priceMonthlyFen: 12_345,
      quotas: { users: 7, customers: 10 },
      tenants: 1,
    });
    tenant = await call('GET', '/api/tenant', { token, tenant: company.code });
    expect(tenant.body.quotas.users).toBe(7);
    expect(tenant.body.modules).toEqual(['crm']);

    expect(
      (await call('PUT', `/api/admin/plans/${plan.code}`, { token: admin, body: { active: false } })).body
        .active,
    ).toBe(false);
    const refused = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: unique('co'), name: 'Late', plan: plan.code },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('PLAN_DISABLED');
    expect(refused.body.error.details.fields[0].path).toBe('body.plan');
    // The company already on it keeps it.
    expect((await call('GET', '/api/tenant', { token, tenant: company.code })).body.plan).toBe(plan.code);
    const log = await call('GET', '/api/admin/logs?action=plan.', { token: admin });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['plan.create', 'plan.update']),
    );
  });

  it('names every bad field of a plan and changes nothing', async () => {
    const admin = await adminToken();
    const code = unique('bad').toLowerCase();
    const res = await call('POST', '/api/admin/plans', {
      token: admin,
      body: {
        code,
        name: '',
        quotas: { users: -1, customers: 1, storageMB: 1, apiCallsPerMonth: 1 },
        modules: ['golf'],
        priceMonthlyFen: 1.5,
        priceYearlyFen: 0,
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.name', 'body.quotas.users', 'body.modules.0', 'body.priceMonthlyFen']),
    );
    expect((await call('GET', `/api/admin/plans/${code}`, { token: admin })).status).toBe(404);
  });

  it('lets other roles read plans but only super admins change them', async () => {
    const admin = await adminToken();
    const sales = (await platformAdmin(admin, 'sales')).token;
    expect((await call('GET', '/api/admin/plans', { token: sales })).status).toBe(200);
    const res = await call('PUT', '/api/admin/plans/basic', { token: sales, body: { priceMonthlyFen: 1 } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { role: 'sales', permission: 'plans.write' },
    });
    expect((await call('GET', '/api/admin/plans/basic', { token: admin })).body.priceMonthlyFen).toBe(60_000);
  });
});

describe('quotas (SPEC A2)', () => {
  it('refuses the user past a hard users quota, naming it, and adds nobody', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin); // trial: 5 users, no overage
    for (let i = 0; i < 5; i++) await grant(admin, (await newUser(admin)).id, company.id);
    const sixth = await newUser(admin);
    const res = await call('POST', `/api/admin/users/${sixth.id}/companies`, {
      token: admin,
      body: { companyId: company.id },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'users', limit: 5, used: 5 },
    });
    expect((await call('GET', `/api/admin/users/${sixth.id}`, { token: admin })).body.companies).toEqual([]);
    const tenant = await call('GET', '/api/tenant', { token: admin, tenant: company.code });
    expect(tenant.body.usage.users).toBe(5);
  });

  it('lets a plan with user overage go past the users quota (billed, not refused)', async () => {
    const admin = await adminToken();
    const plan = await newPlan(admin, {
      quotas: { users: 1, customers: 10, storageMB: 1024, apiCallsPerMonth: 0 },
    });
    const company = await newCompany(admin, { plan: plan.code });
    await grant(admin, (await newUser(admin)).id, company.id);
    await grant(admin, (await newUser(admin)).id, company.id);
    const tenant = await call('GET', '/api/tenant', { token: admin, tenant: company.code });
    expect(tenant.body.usage.users).toBe(2);
    expect(tenant.body.quotas.users).toBe(1);
  });

  it('gives modules a quota hook: customers past the hard limit are refused inside the creating transaction', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin); // trial: 100 customers
    const outcome = await runInDurableObject(tenantStub(company.code), (instance: TenantActor) => {
      const hooks = (instance as unknown as { port: Hooks }).port;
      hooks.tx(() => hooks.consumeQuota('customers', 100));
      try {
        hooks.tx(() => {
          hooks.consumeQuota('customers', -1);
          hooks.consumeQuota('customers', 2);
        });
        return null;
      } catch (err) {
        return (err as AppError).toBody();
      }
    });
    expect(outcome).toMatchObject({
      status: 403,
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'customers', limit: 100, used: 99, requested: 2 },
    });
    // The refused transaction left the count where it was.
    const tenant = await call('GET', '/api/tenant', { token, tenant: company.code });
    expect(tenant.body.usage.customers).toBe(100);
    expect(tenant.body.quotas.customers).toBe(100);
  });

  it('counts CRM customers against the quota: the one past the limit is refused, a delete frees a place', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin); // trial: 100 customers
    await runInDurableObject(tenantStub(company.code), (instance: TenantActor) => {
      const hooks = (instance as unknown as { port: Hooks }).port;
      hooks.tx(() => hooks.consumeQuota('customers', 99));
    });
    const last = await call('POST', '/api/customers', {
      token,
      tenant: company.code,
      body: { name: 'Hundredth' },
    });
    expect(last.status).toBe(201);
    const refused = await call('POST', '/api/customers', {
      token,
      tenant: company.code,
      body: { name: 'One too many' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'customers', limit: 100 },
    });
    const listed = await call('GET', '/api/customers?q=One%20too', { token, tenant: company.code });
    expect(listed.body.total).toBe(0);
    expect(
      (await call('DELETE', `/api/customers/${last.body.id}`, { token, tenant: company.code })).status,
    ).toBe(200);
    expect((await call('GET', '/api/tenant', { token, tenant: company.code })).body.usage.customers).toBe(99);
    const again = await call('POST', '/api/customers', {
      token,
      tenant: company.code,
      body: { name: 'Fits again' },
    });
    expect(again.status).toBe(201);
  });

  it('refuses writes once storage is past a hard quota, naming it; reads still work', async () => {
    const admin = await adminToken();
    const plan = await newPlan(admin, {
      quotas: { users: 5, customers: 5, storageMB: 0, apiCallsPerMonth: 0 },
      allowOverage: false,
    });
    const { company, token } = await companyWithAdmin(admin, { plan: plan.code });
    const write = await call('PATCH', '/api/tenant/settings', {
      token,
      tenant: company.code,
      body: { crmAutoStatusSync: false },
    });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'storageMB', limit: 0 },
    });
    const read = await call('GET', '/api/tenant', { token, tenant: company.code });
    expect(read.status).toBe(200);
    expect(read.body.usage.storageMB).toBeGreaterThan(0);
    expect(
      (await call('GET', '/api/tenant/settings', { token, tenant: company.code })).body.crmAutoStatusSync,
    ).toBe(true);
  });

  it('refuses a call to a module the plan does not enable', async () => {
    const admin = await adminToken();
    const { company, user } = await companyWithAdmin(admin, { plan: 'basic' });
    const result = await runInDurableObject(tenantStub(company.code), (instance: TenantActor) => {
      const hooks = (instance as unknown as { port: Hooks }).port;
      const caller: Caller = { kind: 'user', id: user.id };
      const attempt = (module: string) => {
        try {
          hooks.access(caller, 'member', { module });
          return 'ok';
        } catch (err) {
          return (err as AppError).code;
        }
      };
      return { crm: attempt('crm'), legal: attempt('legal'), devices: attempt('devices') };
    });
    expect(result).toEqual({ crm: 'ok', legal: 'MODULE_NOT_IN_PLAN', devices: 'MODULE_NOT_IN_PLAN' });
  });
});

describe('API keys and the monthly API quota', () => {
  it('counts API-key calls per month, refuses past a hard quota with 429, and shows usage in GET /api/tenant', async () => {
    const admin = await adminToken();
    const plan = await newPlan(admin, {
      quotas: { users: 5, customers: 5, storageMB: 1024, apiCallsPerMonth: 2 },
      allowOverage: false,
    });
    const { company, token } = await companyWithAdmin(admin, { plan: plan.code });
    const created = await call('POST', '/api/tenant/api-keys', {
      token,
      tenant: company.code,
      body: { name: 'ERP sync' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ERP sync', revokedAt: null });
    expect(created.body.id).toMatch(/^key_[a-z2-7]{26}$/);
    const key = created.body.key as string;
    const first = await call('GET', '/api/tenant', { token: key, tenant: company.code });
    expect(first.status).toBe(200);
    expect(first.body.usage.apiCallsThisMonth).toBe(1);
    expect((await call('GET', '/api/tenant/settings', { token: key, tenant: company.code })).status).toBe(
      200,
    );
    const third = await call('GET', '/api/tenant', { token: key, tenant: company.code });
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'apiCallsPerMonth', limit: 2, used: 2 },
    });
    // It renews at the start of next month in the company's time zone, and the answer says when.
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(retryAfter).toBe(third.body.error.details.retryAfterSeconds);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(31 * 86_400);
    // People using the product are not API calls.
    const person = await call('GET', '/api/tenant', { token, tenant: company.code });
    expect(person.status).toBe(200);
    expect(person.body.usage.apiCallsThisMonth).toBe(2);
    const listed = await call('GET', '/api/tenant/api-keys', { token, tenant: company.code });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, lastUsedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
  });

  it('bills instead of refusing when the plan allows overage', async () => {
    const admin = await adminToken();
    const plan = await newPlan(admin, {
      quotas: { users: 5, customers: 5, storageMB: 1024, apiCallsPerMonth: 1 },
      allowOverage: true,
    });
    const { company, token } = await companyWithAdmin(admin, { plan: plan.code });
    const key = (
      await call('POST', '/api/tenant/api-keys', { token, tenant: company.code, body: { name: 'k' } })
    ).body.key;
    for (let i = 0; i < 3; i++)
      expect((await call('GET', '/api/tenant/settings', { token: key, tenant: company.code })).status).toBe(
        200,
      );
    expect(
      (await call('GET', '/api/tenant', { token, tenant: company.code })).body.usage.apiCallsThisMonth,
    ).toBe(3);
  });

  it('has no API on plans without it, and keeps keys to their company and their purpose', async () => {
    const admin = await adminToken();
    const basic = await companyWithAdmin(admin, { plan: 'basic' });
    const none = await call('POST', '/api/tenant/api-keys', {
      token: basic.token,
      tenant: basic.company.code,
      body: { name: 'k' },
    });
    expect(none.status).toBe(403);
    expect(none.body.error).toMatchObject({
      code: 'API_NOT_IN_PLAN',
      details: { quota: 'apiCallsPerMonth' },
    });

    const pro = await companyWithAdmin(admin, { plan: 'professional' });
    const other = await newCompany(admin, { plan: 'professional' });
    await grant(admin, pro.user.id, other.id, { role: 'admin' });
    const key = (
      await call('POST', '/api/tenant/api-keys', {
        token: pro.token,
        tenant: pro.company.code,
        body: { name: 'k' },
      })
    ).body;
    const elsewhere = await call('GET', '/api/tenant', { token: key.key, tenant: other.code });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error.code).toBe('API_KEY_INVALID');
    expect((await call('GET', '/api/users/companies', { token: key.key })).body.error.code).toBe(
      'API_KEY_NOT_ALLOWED',
    );
    const mint = await call('POST', '/api/tenant/api-keys', {
      token: key.key,
      tenant: pro.company.code,
      body: { name: 'x' },
    });
    expect(mint.status).toBe(403);
    const member = await newUser(admin);
    await grant(admin, member.id, pro.company.id);
    const notAdmin = await call('POST', '/api/tenant/api-keys', {
      token: await userToken(member.username),
      tenant: pro.company.code,
      body: { name: 'x' },
    });
    expect(notAdmin.body.error.code).toBe('TENANT_ADMIN_REQUIRED');

    const revoked = await call('DELETE', `/api/tenant/api-keys/${key.id}`, {
      token: pro.token,
      tenant: pro.company.code,
    });
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await call('GET', '/api/tenant', { token: key.key, tenant: pro.company.code });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('API_KEY_INVALID');
  });

  it('leaks nothing of another tenant through the platform tenant endpoints', async () => {
    const admin = await adminToken();
    const a = await companyWithAdmin(admin, { plan: 'professional' });
    const b = await companyWithAdmin(admin, { plan: 'professional' });
    await call('POST', '/api/tenant/api-keys', {
      token: b.token,
      tenant: b.company.code,
      body: { name: 'secret-key-name' },
    });
    const probes: [string, string, unknown?][] = [
      ['GET', '/api/tenant/invoices'],
      ['GET', '/api/tenant/api-keys'],
      ['POST', '/api/tenant/api-keys', { name: 'x' }],
      ['DELETE', '/api/tenant/api-keys/key_whatever'],
      ['GET', '/api/tenant/basic-data'],
    ];
    for (const [method, path, body] of probes) {
      const res = await call(method, `/t/${b.company.code}${path}`, { token: a.token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('secret-key-name');
      expect(JSON.stringify(res.body)).not.toContain(b.company.id);
    }
  });
});
