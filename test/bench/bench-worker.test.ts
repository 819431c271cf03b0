import { runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminToken, call, companyWithMember, tenantStub, unique } from '../helpers';

const SERVICE = { 'x-service-token': 'test-service-token' };

describe("the benchmark's worker", () => {
  it('answers a round trip to the tenant actor, behind the service token, naming a missing tenant', async () => {
    const tenant = unique('t');
    const ping = await call('GET', `/api/internal/bench/actor-ping?tenant=${tenant}`, { headers: SERVICE });
    expect(ping).toMatchObject({ status: 200, body: { ok: true } });
    expect((await call('GET', `/api/internal/bench/actor-ping?tenant=${tenant}`)).status).toBe(401);
    const missing = await call('GET', '/api/internal/bench/actor-ping', { headers: SERVICE });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].path).toBe('query.tenant');
  });

  it('commits one write in the tenant actor, and nothing without the service token', async () => {
    const tenant = unique('t');
    const storedAt = () =>
      runInDurableObject(tenantStub(tenant), (_actor, state) => state.storage.kv.get<number>('bench:write'));
    expect((await call('POST', `/api/internal/bench/actor-write?tenant=${tenant}`)).status).toBe(401);
    expect(await storedAt()).toBeUndefined();
    const before = Date.now();
    const write = await call('POST', `/api/internal/bench/actor-write?tenant=${tenant}`, {
      headers: SERVICE,
    });
    expect(write).toMatchObject({ status: 200, body: { ok: true } });
    expect(await storedAt()).toBeGreaterThanOrEqual(before);
  });

  it('seeds drifted customers the nightly task then finds and fixes, every one', async () => {
    const admin = await adminToken();
    const { code } = await companyWithMember(admin);
    const seeded = await call('POST', '/api/internal/bench/crm-seed', {
      headers: SERVICE,
      body: { tenant: code, customers: 40, contractsPerCustomer: 2, driftShare: 0.5 },
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({ tenant: code, customers: 40, contracts: 80 });
    const run = await call('POST', '/api/admin/tasks/customer-status-sync/run', { token: admin });
    expect(run.body.status).toBe('succeeded');
    const mine = run.body.result.details.filter((d: { tenant: string }) => d.tenant === code);
    expect(mine).toHaveLength(seeded.body.drifted);
    const refused = await call('POST', '/api/internal/bench/crm-seed', {
      headers: SERVICE,
      body: { tenant: code, customers: 0 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields[0].path).toBe('body.customers');
  });

  it('serves the production worker for everything else', async () => {
    expect((await SELF.fetch('https://keel.localhost/healthz')).status).toBe(200);
    expect((await call('GET', '/api/internal/bench/nothing-here', { headers: SERVICE })).status).toBe(404);
  });
});
