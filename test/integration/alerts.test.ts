import { describe, expect } from 'vitest';
import { sweepNow, testNow } from '../clock';
import { adminToken, call, grant, newCompany, newUser, unique } from '../helpers';
import { companyWithAdmin, mailTo, runTask } from '../platform-helpers';

const DAY = 86_400_000;

async function alertsOf(admin: string, companyId: string) {
  const res = await call('GET', `/api/admin/alerts?companyId=${companyId}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.items as { key: string; kind: string; detail: Record<string, unknown> }[];
}

describe('usage alerts (SPEC A10)', () => {
  sweepNow('alerts at 80 % of the users quota once, however often the sweep runs', async () => {
    const admin = await adminToken();
    const contact = `${unique('ops')}@acme.example`;
    const company = await newCompany(admin, { contactEmail: contact }); // trial: 5 users
    for (let i = 0; i < 3; i++) await grant(admin, (await newUser(admin)).id, company.id);
    await runTask('usage-alerts', testNow());
    expect(await alertsOf(admin, company.id)).toEqual([]);

    await grant(admin, (await newUser(admin)).id, company.id);
    const first = await runTask('usage-alerts', testNow());
    expect(first.raised).toEqual(expect.arrayContaining([{ company: company.code, key: 'quota:users:5' }]));
    await runTask('usage-alerts', testNow() + DAY);
    const alerts = await alertsOf(admin, company.id);
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'quota:users:5',
        kind: 'quota_users',
        detail: expect.objectContaining({ used: 4, limit: 5 }),
      }),
    ]);
    const mails = (await mailTo(admin, contact)).filter((m) => m.kind.startsWith('alert.'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('80%');
    // The console list of companies now shows the usage the sweep measured.
    const listed = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    expect(listed.body.usage).toMatchObject({ users: 4, reportedAt: expect.any(String) });
  });

  sweepNow('warns once that a trial ends soon, and once more only for a new end date', async () => {
    const admin = await adminToken();
    const { company, user } = await companyWithAdmin(admin);
    const detail = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    const trialEndsAt = Date.parse(detail.body.trialEndsAt);
    await runTask('usage-alerts', trialEndsAt - 5 * DAY);
    expect((await alertsOf(admin, company.id)).map((a) => a.kind)).toEqual([]);
    await runTask('usage-alerts', trialEndsAt - 2 * DAY);
    await runTask('usage-alerts', trialEndsAt - DAY);
    expect((await alertsOf(admin, company.id)).map((a) => a.key)).toEqual([`trial-ending:${trialEndsAt}`]);
    // Mail goes to the company admin when there is no contact email.
    expect((await mailTo(admin, user.email)).filter((m) => m.kind === 'alert.trial_ending')).toHaveLength(1);

    const extended = new Date(trialEndsAt + 10 * DAY).toISOString();
    await call('PUT', `/api/admin/companies/${company.id}`, {
      token: admin,
      body: { trialEndsAt: extended },
    });
    await runTask('usage-alerts', Date.parse(extended) - DAY);
    expect((await alertsOf(admin, company.id)).map((a) => a.key)).toEqual([
      `trial-ending:${Date.parse(extended)}`,
      `trial-ending:${trialEndsAt}`,
    ]);
  });

  sweepNow('warns before the service period ends, and about API calls per month', async () => {
    const admin = await adminToken();
    const serviceEndAt = new Date(testNow() + 5 * DAY).toISOString();
    const code = unique('api').toLowerCase();
    await call('POST', '/api/admin/plans', {
      token: admin,
      body: {
        code,
        name: 'API',
        quotas: { users: 10, customers: 10, storageMB: 1024, apiCallsPerMonth: 5 },
        modules: [],
        priceMonthlyFen: 100,
        priceYearlyFen: 1000,
      },
    });
    const { company, token } = await companyWithAdmin(admin, { plan: code, serviceEndAt });
    const key = (
      await call('POST', '/api/tenant/api-keys', { token, tenant: company.code, body: { name: 'k' } })
    ).body.key;
    for (let i = 0; i < 4; i++)
      await call('GET', '/api/tenant/settings', { token: key, tenant: company.code });
    await runTask('usage-alerts', testNow());
    const kinds = (await alertsOf(admin, company.id)).map((a) => a.kind).sort();
    expect(kinds).toEqual(['quota_api_calls', 'service_ending']);
  });
});
