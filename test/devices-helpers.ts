import { env } from 'cloudflare:test';
import { call, unique } from './helpers';

export const SERVICE = { 'x-service-token': 'test-service-token' };

export function nodeStub(nodeId: string) {
  return env.DEVICE_NODE.get(env.DEVICE_NODE.idFromName(nodeId));
}

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
