import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { call, companyWithMember, unique } from './helpers';

export const SERVICE = { 'x-service-token': 'test-service-token' };

export function nodeStub(nodeId: string) {
  return env.DEVICE_NODE.get(env.DEVICE_NODE.idFromName(nodeId));
}

/** A member of `tenant` asks for a device (half an hour of any size unless `body` says otherwise). */
export const allocateDevice = (token: string, tenant: string, body: object = { durationMinutes: 30 }) =>
  call('POST', '/api/scheduler/devices/allocate', { token, tenant, body });

/** Ends an allocation, named by `allocationId` or `deviceId` in `body`. */
export const releaseDevice = (token: string, tenant: string, body: object) =>
  call('POST', '/api/scheduler/devices/release', { token, tenant, body });

/** A node with `count` identical devices. */
export async function nodeWithDevices(
  admin: string,
  count: number,
  shape: { cpuCores: number; memoryMB: number; storageMB: number } = {
    cpuCores: 2,
    memoryMB: 4096,
    storageMB: 65536,
  },
) {
  const nodeId = unique('node-');
  const node = await call('POST', '/api/admin/nodes', { token: admin, body: { nodeId, region: 'cn-east' } });
  if (node.status !== 201) throw new Error(JSON.stringify(node.body));
  if (count > 0) {
    const devices = await call('POST', `/api/admin/nodes/${nodeId}/devices`, {
      token: admin,
      body: { ...shape, count },
    });
    if (devices.status !== 201) throw new Error(JSON.stringify(devices.body));
  }
  return nodeId;
}

export async function topUp(admin: string, code: string, userId: string, amountFen: number) {
  const res = await call('POST', '/api/billing/top-up', {
    token: admin,
    tenant: code,
    body: { userId, amountFen },
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}

/** Waits until the company's usage list holds `count` records (charges arrive through the node's outbox); answers them. */
export function chargedUsage(token: string, tenant: string, count = 1) {
  return eventually(async () => {
    const res = await call('GET', '/api/billing/usage', { token, tenant });
    expect(res.body.total).toBe(count);
    return res.body.items as {
      allocationId: string;
      chargeFen: number;
      durationSeconds: number;
      rates: unknown;
    }[];
  });
}

/** Waits until `check` passes, giving the actors' background work time to finish. */
export async function eventually<T>(check: () => Promise<T>, tries = 200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await check();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw last;
}

/** Billing delivery that gives up fast: one try per call, two attempts before a report is dead-lettered. */
export const QUICK_BILLING = {
  tries: 1,
  retryDelayMs: 0,
  outbox: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
};

/** Allocates a device on `nodeId` directly (as a tenant actor would) and answers the allocation id. */
export async function allocateOnNode(
  nodeId: string,
  tenantCode: string,
  userId: string,
  spec: { cpuCores?: number; memoryMB?: number } = {},
) {
  const allocationId = unique('alc_t');
  const outcome = await nodeStub(nodeId).allocate({
    allocationId,
    tenantCode,
    tenantId: 'cmp_test',
    userId,
    durationMinutes: 10,
    spec,
    strategy: 'least-loaded',
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return allocationId;
}

/** One fen per core-minute, nothing for memory and storage: prices a reader can check by hand. */
export const CORE_MINUTE_RATES = {
  coreHourMilliFen: 60_000,
  memoryGbHourMilliFen: 0,
  storageGbHourMilliFen: 0,
};

/**
 * A node of `devices` devices of one shape, and a company on CORE_MINUTE_RATES with one member, whose
 * balance `balance()` reads. A test gives a shape of its own, so no other test's allocation lands there.
 */
export async function pricedCompany(
  admin: string,
  shape: { cpuCores: number; memoryMB: number; storageMB: number },
  devices = 1,
) {
  const nodeId = await nodeWithDevices(admin, devices, shape);
  const member = await companyWithMember(admin);
  const rates = await call('PUT', '/api/billing/rates', {
    token: admin,
    tenant: member.code,
    body: CORE_MINUTE_RATES,
  });
  expect(rates.status).toBe(200);
  const balance = async () =>
    (await call('GET', '/api/billing/balance', { token: member.token, tenant: member.code })).body;
  return { ...member, nodeId, balance };
}
