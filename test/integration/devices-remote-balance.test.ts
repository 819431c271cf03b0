import { runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import type { Env } from '../../lib/env';
import { allocateDevice, nodeWithDevices } from '../devices-helpers';
import { adminToken, call, tenantStub } from '../helpers';
import { companyWithAdmin } from '../platform-helpers';

const BILLING = 'http://billing.test';

/** Points the company's actor at an external billing service (SPEC E4) for this test only. */
async function useExternalBilling(code: string, url: string | undefined) {
  await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
    (actor as unknown as { env: Env }).env.BILLING_SERVICE_URL = url;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('allocation with an external billing service', () => {
  it('asks it for the balance once, and counts the API call once', async () => {
    const admin = await adminToken();
    // A shape no other test uses, so this node's device serves the request.
    await nodeWithDevices(admin, 1, { cpuCores: 7, memoryMB: 7_168, storageMB: 1024 });
    const { company, token } = await companyWithAdmin(admin, { plan: 'professional' });
    const key = (
      await call('POST', '/api/tenant/api-keys', { token, tenant: company.code, body: { name: 'k' } })
    ).body.key as string;
    const asked: string[] = [];
    const passThrough = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith(BILLING)) return passThrough(input, init);
      asked.push(new URL(url).pathname);
      return Response.json({ hasBalance: true, balanceFen: 100_000 });
    });
    await useExternalBilling(company.code, BILLING);
    try {
      const allocated = await allocateDevice(key, company.code, { durationMinutes: 30, cpuCores: 7 });
      expect(allocated.status, JSON.stringify(allocated.body)).toBe(201);
    } finally {
      await useExternalBilling(company.code, undefined);
    }
    expect(asked.filter((path) => path.startsWith('/api/internal/balance/user/'))).toHaveLength(1);
    const apiCalls = await runInDurableObject(tenantStub(company.code), (_actor: TenantActor, state) =>
      state.storage.sql
        .exec<{ value: number }>(`SELECT value FROM usage_counters WHERE metric = 'apiCalls'`)
        .toArray(),
    );
    // The key created nothing else: one call, counted once although admission was checked twice.
    expect(apiCalls).toEqual([{ value: 1 }]);
  });
});
