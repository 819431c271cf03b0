import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/app';
import { thisMonth } from '../crm-helpers';
import { adminToken, call, tenantStub, unique } from '../helpers';
import { companyWithAdmin, newPlan } from '../platform-helpers';

/** A request that passes validation on each path of a module, so only the plan can refuse it. */
const MODULE_REQUESTS: Record<string, Record<string, { path: string; body?: unknown }>> = {
  crm: {
    'POST /api/customers': { path: '/api/customers', body: { name: 'Gated Co' } },
    'GET /api/customers': { path: '/api/customers' },
    'GET /api/customers/{id}': { path: '/api/customers/cus_x' },
    'PUT /api/customers/{id}': { path: '/api/customers/cus_x', body: { notes: 'x' } },
    'DELETE /api/customers/{id}': { path: '/api/customers/cus_x' },
    'POST /api/customers/{id}/{operation}': { path: '/api/customers/cus_x/suspend', body: {} },
    'GET /api/customers/{id}/status-history': { path: '/api/customers/cus_x/status-history' },
    'POST /api/retail-contracts': {
      path: '/api/retail-contracts',
      body: {
        customerId: 'cus_x',
        purchaseStartMonth: thisMonth(),
        purchaseEndMonth: thisMonth(),
        purchasingElectricityQuantity: 1,
      },
    },
    'GET /api/retail-contracts': { path: '/api/retail-contracts' },
    'GET /api/retail-contracts/{id}': { path: '/api/retail-contracts/rc_x' },
    'PUT /api/retail-contracts/{id}': {
      path: '/api/retail-contracts/rc_x',
      body: { purchasingElectricityQuantity: 2 },
    },
    'DELETE /api/retail-contracts/{id}': { path: '/api/retail-contracts/rc_x' },
  },
  devices: {
    'POST /api/scheduler/devices/allocate': {
      path: '/api/scheduler/devices/allocate',
      body: { durationMinutes: 30 },
    },
    'POST /api/scheduler/devices/release': {
      path: '/api/scheduler/devices/release',
      body: { allocationId: 'alc_x' },
    },
    'GET /api/scheduler/allocations': { path: '/api/scheduler/allocations' },
    'GET /api/billing/balance': { path: '/api/billing/balance' },
    'GET /api/billing/usage': { path: '/api/billing/usage' },
    'POST /api/billing/top-up': { path: '/api/billing/top-up', body: { userId: 'usr_x', amountFen: 100 } },
    'GET /api/billing/wallets': { path: '/api/billing/wallets' },
    'POST /api/scheduler/allocations/{id}/extend': {
      path: '/api/scheduler/allocations/alc_x/extend',
      body: { minutes: 10 },
    },
    'GET /api/billing/wallet-settings': { path: '/api/billing/wallet-settings' },
    'PUT /api/billing/wallet-settings': {
      path: '/api/billing/wallet-settings',
      body: { lowBalanceThresholdFen: 100 },
    },
    'GET /api/billing/rates': { path: '/api/billing/rates' },
    'PUT /api/billing/rates': {
      path: '/api/billing/rates',
      body: { coreHourMilliFen: 1, memoryGbHourMilliFen: 1, storageGbHourMilliFen: 1 },
    },
  },
};

const MODULE_PREFIXES: Record<string, string[]> = {
  crm: ['/api/customers', '/api/retail-contracts'],
  devices: ['/api/scheduler/', '/api/billing/'],
};

function documentedOperations(prefixes: string[]): string[] {
  return createApp()
    .openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : []))
    .filter((route) => prefixes.some((prefix) => route.path.startsWith(prefix)))
    .map((route) => `${route.method.toUpperCase()} ${route.path}`)
    .sort();
}

async function planWith(admin: string, modules: string[]) {
  return (
    await newPlan(admin, {
      modules,
      quotas: { users: 5, customers: 10, storageMB: 1024, apiCallsPerMonth: 0 },
    })
  ).code;
}

async function answersOf(token: string, tenant: string, module: string) {
  const out: Record<string, string> = {};
  for (const [operation, request] of Object.entries(MODULE_REQUESTS[module]!)) {
    const method = operation.split(' ')[0]!;
    const res = await call(method, request.path, { token, tenant, body: request.body });
    out[operation] = `${res.status} ${res.body?.error?.code ?? ''}`.trim();
  }
  return out;
}

describe('a module the plan lacks is closed on every path', () => {
  it.each(['crm', 'devices'])('refuses every %s path with 403 MODULE_NOT_IN_PLAN', async (module) => {
    expect(Object.keys(MODULE_REQUESTS[module]!).sort()).toEqual(
      documentedOperations(MODULE_PREFIXES[module]!),
    );
    const admin = await adminToken();
    const others = ['crm', 'annual-fees', 'legal', 'devices'].filter((m) => m !== module);
    const { company, token } = await companyWithAdmin(admin, { plan: await planWith(admin, others) });
    const answers = await answersOf(token, company.code, module);
    for (const answer of Object.values(answers)) expect(answer).toBe('403 MODULE_NOT_IN_PLAN');
  });

  it('opens the module once the plan has it', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin, { plan: await planWith(admin, ['crm']) });
    const list = await call('GET', '/api/customers', { token, tenant: company.code });
    expect(list.status).toBe(200);
    expect((await call('GET', '/api/billing/rates', { token, tenant: company.code })).status).toBe(403);
  });
});

describe('without a known plan, no paid module is open', () => {
  it('closes every module when the plan copy names another plan than the company', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin, { plan: 'professional' });
    expect((await call('GET', '/api/customers', { token, tenant: company.code })).status).toBe(200);
    // The company moves to a plan the actor has no copy of (its message came without one).
    const stub = tenantStub(company.code);
    await stub.receive({
      key: unique('profile'),
      type: 'tenant.profile',
      payload: {
        tenantId: company.id,
        code: company.code,
        name: company.name,
        plan: 'mystery',
        subscriptionStatus: 'active',
        timezone: 'Asia/Shanghai',
        deletedAt: null,
        version: 1_000,
      },
      from: 'test',
    });
    const tenant = await call('GET', '/api/tenant', { token, tenant: company.code });
    expect(tenant.body).toMatchObject({ plan: 'mystery', modules: [] });
    const answers = {
      ...(await answersOf(token, company.code, 'crm')),
      ...(await answersOf(token, company.code, 'devices')),
    };
    for (const answer of Object.values(answers)) expect(answer).toBe('403 MODULE_NOT_IN_PLAN');
  });
});
