// Platform benchmarks: the tenant door now also counts every call for its month, checks API keys and
// refuses writes of suspended companies — all inside the TenantActor the request already reaches, so a
// tenant call should still cost little more than the trivial route. Admin calls check the admin's
// current role in the Directory. Extras time the monthly invoice sweep and the daily alert sweep over
// a few hundred companies, and one whole onboarding.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const CODE = 'bench-platform';
const SWEEP_COMPANIES = 200;

export default {
  title: 'platform',

  async setup({ apiOk, adminToken, mapLimit }) {
    const company = await apiOk('POST', '/api/admin/companies', {
      token: adminToken,
      body: { code: CODE, name: 'Bench Platform', plan: 'professional' },
    });
    const password = `bench-${randomBytes(12).toString('base64url')}`;
    const username = 'bench-platform-admin';
    const user = await apiOk('POST', '/api/admin/users', {
      token: adminToken,
      body: { username, email: `${username}@bench.example.com`, password, name: 'Bench Admin' },
    });
    await apiOk('POST', `/api/admin/users/${user.body.id}/companies`, {
      token: adminToken,
      body: { companyId: company.body.id, role: 'admin' },
    });
    const token = (await apiOk('POST', '/api/auth/login', { body: { username, password } })).body.token;
    // Professional bills API calls past 10 000 a month, so the key is never refused during the run.
    const key = (
      await apiOk('POST', '/api/tenant/api-keys', { token, tenant: CODE, body: { name: 'bench' } })
    ).body.key;

    // Companies for the sweeps: active on a paid plan, so each one gets an invoice.
    const seedStarted = performance.now();
    await mapLimit(
      Array.from({ length: SWEEP_COMPANIES }, (_, i) => i),
      8,
      (i) =>
        apiOk('POST', '/api/admin/companies', {
          token: adminToken,
          body: { code: `bench-sweep-${String(i).padStart(4, '0')}`, name: `Sweep ${i}`, plan: 'basic' },
        }),
    );
    const seedMs = performance.now() - seedStarted;

    // The scenarios must measure what they claim.
    await apiOk('GET', '/api/tenant', { token: key, tenant: CODE });
    await apiOk('PATCH', '/api/tenant/settings', { token, tenant: CODE, body: { crmAutoStatusSync: true } });
    await apiOk('GET', '/api/admin/dashboard', { token: adminToken });
    return { token, key, adminToken, seedMs };
  },

  scenarios({ token, key, adminToken }) {
    const tenant = { authorization: `Bearer ${token}`, 'x-tenant-code': CODE };
    return [
      {
        name: 'tenant read, counted for the month (GET /api/tenant)',
        target: 0.6,
        connections: 10,
        durationSec: 10,
        options: { method: 'GET', path: '/api/tenant', headers: tenant },
      },
      {
        name: 'API-key call against the monthly quota (GET /api/tenant/settings)',
        target: 0.6,
        connections: 10,
        durationSec: 10,
        options: {
          method: 'GET',
          path: '/api/tenant/settings',
          headers: { authorization: `Bearer ${key}`, 'x-tenant-code': CODE },
        },
      },
      {
        name: 'tenant write through the suspension and storage checks (PATCH settings)',
        target: 0.5,
        connections: 10,
        durationSec: 10,
        options: {
          method: 'PATCH',
          path: '/api/tenant/settings',
          headers: { ...tenant, 'content-type': 'application/json' },
          requests: [
            { body: JSON.stringify({ crmAutoStatusSync: true }) },
            { body: JSON.stringify({ crmAutoStatusSync: false }) },
          ],
        },
      },
      {
        name: `admin company list, role checked in the Directory (${SWEEP_COMPANIES + 1} companies)`,
        connections: 10,
        durationSec: 10,
        options: {
          method: 'GET',
          path: '/api/admin/companies?pageSize=20&sort=usage',
          headers: { authorization: `Bearer ${adminToken}` },
        },
      },
      {
        name: `admin dashboard (${SWEEP_COMPANIES + 1} companies)`,
        connections: 10,
        durationSec: 10,
        options: {
          method: 'GET',
          path: '/api/admin/dashboard',
          headers: { authorization: `Bearer ${adminToken}` },
        },
      },
    ];
  },

  async extras({ apiOk, adminToken }, { seedMs }) {
    const timed = async (fn) => {
      const started = performance.now();
      const value = await fn();
      return { ms: performance.now() - started, value };
    };
    const invoices = await timed(() =>
      apiOk('POST', '/api/admin/tasks/invoice-generation/run', { token: adminToken }),
    );
    if (invoices.value.body.status !== 'succeeded') throw new Error(JSON.stringify(invoices.value.body));
    const issued = invoices.value.body.result.issued;
    const alerts = await timed(() =>
      apiOk('POST', '/api/admin/tasks/usage-alerts/run', { token: adminToken }),
    );
    const checked = alerts.value.body.result.companies;

    const company = await apiOk('POST', '/api/admin/companies', {
      token: adminToken,
      body: { code: 'bench-onboard', name: 'Bench Onboarding', plan: 'basic' },
    });
    const link = await apiOk('POST', `/api/admin/companies/${company.body.id}/generate-onboarding`, {
      token: adminToken,
    });
    const tokenBody = { token: link.body.token };
    const onboarding = await timed(async () => {
      await apiOk('POST', '/api/onboarding/verify-token', { body: tokenBody });
      await apiOk('POST', '/api/onboarding/check-username', {
        body: { ...tokenBody, username: 'bench-boss' },
      });
      await apiOk('POST', '/api/onboarding/create-admin', {
        body: {
          ...tokenBody,
          username: 'bench-boss',
          email: 'boss@bench.example.com',
          password: 'bench boss pw',
          name: 'Boss',
        },
      });
      await apiOk('POST', '/api/onboarding/init-basic-data', {
        body: { ...tokenBody, departments: ['Sales'] },
      });
      await apiOk('POST', '/api/onboarding/complete', { body: tokenBody });
    });
    return [
      { name: `seed ${SWEEP_COMPANIES} companies`, value: seedMs / 1000, unit: 's', note: '8 in flight' },
      {
        name: 'invoice-generation sweep',
        value: issued / (invoices.ms / 1000),
        unit: 'invoices/s',
        note: `${issued} invoices in ${Math.round(invoices.ms)} ms (usage from each TenantActor, 8 in flight)`,
      },
      {
        name: 'usage-alerts sweep',
        value: checked / (alerts.ms / 1000),
        unit: 'companies/s',
        note: `${checked} companies in ${Math.round(alerts.ms)} ms`,
      },
      {
        name: 'onboarding, five calls in a row',
        value: onboarding.ms,
        unit: 'ms',
        note: 'includes one PBKDF2 hash for the administrator',
      },
    ];
  },
};
