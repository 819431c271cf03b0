import { expect } from 'vitest';
import { type Answer, type client, waitFor } from './support';

/** The platform a backup test works on: what it seeds through the API, and every answer it compares. */

type Api = ReturnType<typeof client>;
const TZ = 'Asia/Shanghai';

export const ok = (res: Answer, status = 200) => {
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** `YYYY-MM` in the tenants' time zone, `n` months from now. */
export function month(n: number) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  const index = y! * 12 + (m! - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Every module that exists: a custom plan, three companies with administrators, CRM customers in every
 * state (one contract starts next month: a month-boundary alarm), a device node, prices, a wallet and a
 * charged allocation, invoices (one paid) and task history. Answers the admin's token and each
 * company's member token.
 */
export async function seedPlatform(onSource: Api, password: string) {
  const members: Record<string, string> = {};
  const admin = ok(
    await onSource('POST', '/api/admin/login', { body: { username: 'admin', password } }),
  ).token;
  ok(
    await onSource('POST', '/api/admin/plans', {
      token: admin,
      body: {
        code: 'e2e-pro',
        name: 'E2E Pro',
        quotas: { users: 50, customers: 5_000, storageMB: 10_240, apiCallsPerMonth: 100_000, devices: 10 },
        modules: ['crm', 'devices', 'annual-fees'],
        priceMonthlyFen: 99_900,
        priceYearlyFen: 999_000,
      },
    }),
    201,
  );
  for (const [code, plan] of [
    ['acme', 'e2e-pro'],
    ['nova', 'basic'],
    ['zeta', 'trial'],
  ] as const) {
    const company = ok(
      await onSource('POST', '/api/admin/companies', {
        token: admin,
        body: { code, name: `${code} 能源`, plan },
      }),
      201,
    );
    const user = ok(
      await onSource('POST', '/api/admin/users', {
        token: admin,
        body: {
          username: `${code}-boss`,
          email: `boss@${code}.example`,
          password: 'boss-password-1',
          name: `${code} boss`,
        },
      }),
      201,
    );
    ok(
      await onSource('POST', `/api/admin/users/${user.id}/companies`, {
        token: admin,
        body: { companyId: company.id, role: 'admin' },
      }),
    );
    members[code] = ok(
      await onSource('POST', '/api/auth/login', {
        body: { username: `${code}-boss`, password: 'boss-password-1' },
      }),
    ).token;
    await waitFor(
      async () => ok(await onSource('GET', '/api/tenant', { token: members[code], tenant: code })),
      20_000,
    );
  }
  // CRM: customers in every state, a contract that starts next month (a month-boundary alarm), history.
  for (const code of ['acme', 'nova']) {
    const as = { token: members[code], tenant: code };
    for (const [name, from, to] of [
      ['华东钢铁有限公司', -1, 6],
      ['Pending Ltd', 1, 3],
      ['Old Ltd', -6, -2],
      ['Prospect Ltd', null, null],
    ] as const) {
      const customer = ok(await onSource('POST', '/api/customers', { ...as, body: { name } }), 201);
      if (from !== null) {
        ok(
          await onSource('POST', '/api/retail-contracts', {
            ...as,
            body: {
              customerId: customer.id,
              purchaseStartMonth: month(from),
              purchaseEndMonth: month(to),
              purchasingElectricityQuantity: 1200.5,
            },
          }),
          201,
        );
      }
      if (name === '华东钢铁有限公司')
        ok(
          await onSource('POST', `/api/customers/${customer.id}/suspend`, {
            ...as,
            body: { reason: '审计' },
          }),
        );
    }
  }
  // Devices: a node, prices, a wallet, an allocation charged on release.
  ok(
    await onSource('POST', '/api/admin/nodes', {
      token: admin,
      body: { nodeId: 'node-e2e', region: 'cn-east' },
    }),
    201,
  );
  ok(
    await onSource('POST', '/api/admin/nodes/node-e2e/devices', {
      token: admin,
      body: { cpuCores: 2, memoryMB: 4096, storageMB: 65536, count: 2 },
    }),
    201,
  );
  const acmeBoss = ok(await onSource('GET', '/api/tenant', { token: members.acme, tenant: 'acme' }));
  expect(acmeBoss.code).toBe('acme');
  const me = ok(
    await onSource('POST', '/api/auth/login', {
      body: { username: 'acme-boss', password: 'boss-password-1' },
    }),
  ).user;
  ok(
    await onSource('PUT', '/api/billing/rates', {
      token: admin,
      tenant: 'acme',
      // An hour of the device costs 9640 fen: the booking's hold fits in the top-up.
      body: { coreHourMilliFen: 4_000_000, memoryGbHourMilliFen: 250_000, storageGbHourMilliFen: 10_000 },
    }),
  );
  ok(
    await onSource('POST', '/api/billing/top-up', {
      token: admin,
      tenant: 'acme',
      body: { userId: me.id, amountFen: 10_000 },
    }),
  );
  const allocation = ok(
    await onSource('POST', '/api/scheduler/devices/allocate', {
      token: members.acme,
      tenant: 'acme',
      body: { durationMinutes: 60 },
    }),
    201,
  );
  await new Promise((r) => setTimeout(r, 1_100));
  ok(
    await onSource('POST', '/api/scheduler/devices/release', {
      token: members.acme,
      tenant: 'acme',
      body: { allocationId: allocation.allocationId },
    }),
  );
  await waitFor(
    async () =>
      expect(ok(await onSource('GET', '/api/billing/usage', { token: admin, tenant: 'acme' })).total).toBe(1),
    30_000,
  );
  // Invoices and task history: the monthly run by hand, one invoice paid.
  ok(await onSource('POST', '/api/admin/tasks/invoice-generation/run', { token: admin }));
  ok(await onSource('POST', '/api/admin/tasks/customer-status-sync/run', { token: admin }));
  const invoices = ok(await onSource('GET', '/api/admin/invoices', { token: admin })).items;
  expect(invoices.length).toBeGreaterThanOrEqual(2);
  ok(
    await onSource('POST', `/api/admin/invoices/${invoices[0].id}/mark-paid`, {
      token: admin,
      body: { paymentMethod: 'bank_transfer' },
    }),
  );
  return { admin, members };
}

/** Every answer a test compares: the console's and each company's. */
export async function answers(api: Api, admin: string, members: Record<string, string>) {
  const out: Record<string, unknown> = {};
  const get = async (path: string, token = admin, tenant?: string) => {
    const res = await api('GET', path, { token, tenant });
    out[`${tenant ?? ''}${path}`] = { status: res.status, body: res.body };
    return res.body;
  };
  const companies = await get('/api/admin/companies?pageSize=200');
  for (const c of companies.items) await get(`/api/admin/companies/${c.id}`);
  const users = await get('/api/admin/users?pageSize=200');
  for (const u of users.items) await get(`/api/admin/users/${u.id}`);
  for (const path of [
    '/api/admin/plans?pageSize=200',
    '/api/admin/invoices?pageSize=200',
    '/api/admin/dashboard',
    '/api/admin/logs?pageSize=200',
    '/api/admin/tasks',
    '/api/admin/tasks/history?pageSize=200',
    '/api/admin/nodes',
    '/api/admin/nodes/node-e2e',
    '/api/admin/mail?pageSize=200',
  ])
    await get(path);
  for (const code of ['acme', 'nova', 'zeta']) {
    const token = members[code];
    await get('/api/tenant', token, code);
    await get('/api/tenant/settings', token, code);
    await get('/api/billing/balance', token, code);
    await get('/api/billing/usage', admin, code);
    await get('/api/scheduler/allocations', admin, code);
    await get('/api/retail-contracts?pageSize=200', token, code);
    const customers = await get('/api/customers?pageSize=200', token, code);
    for (const c of customers.items ?? []) {
      await get(`/api/customers/${c.id}`, token, code);
      await get(`/api/customers/${c.id}/status-history`, token, code);
    }
  }
  return out;
}

/** The month-boundary jobs of a company's actor, as its export shows them. */
export async function boundaryJobs(api: Api, admin: string, code: string) {
  const page = ok(
    await api('GET', `/api/admin/export?actor=tenant&key=${code}&limit=10000`, { token: admin }),
  );
  const jobs = page.chunks.find((c: { table: string }) => c.table === '_jobs')?.rows ?? [];
  return jobs.filter((row: unknown[]) => row[0] === 'crm.boundary').map((row: unknown[]) => row.slice(0, 3));
}
