import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import {
  allocateOnNode,
  eventually,
  nodeStub,
  nodeWithDevices,
  QUICK_BILLING,
  SERVICE,
} from '../devices-helpers';
import { adminToken, call, platformAdmin, unique } from '../helpers';

/** An allocation made and released on `nodeId` for a company that does not exist (yet): its report dies. */
async function deadLetterOn(admin: string, nodeId: string, tenantCode: string, userId: string) {
  await runInDurableObject(nodeStub(nodeId), (node: DeviceNodeActor) => node.useConfig(QUICK_BILLING));
  const allocationId = await allocateOnNode(nodeId, tenantCode, userId);
  expect((await nodeStub(nodeId).release(allocationId)).ok).toBe(true);
  await eventually(async () => {
    const res = await call('GET', `/api/admin/billing/dead-letters?nodeId=${nodeId}`, { token: admin });
    expect(res.body.total).toBe(1);
  });
}

const deadOn = async (admin: string, nodeId: string) =>
  (await call('GET', `/api/admin/billing/dead-letters?nodeId=${nodeId}`, { token: admin })).body.total;

describe('re-queueing every dead letter at once', () => {
  it('re-queues those of one node, or of all nodes, and each is then charged once', async () => {
    const admin = await adminToken();
    const ghost = unique('late');
    const [first, second] = [await nodeWithDevices(admin, 1), await nodeWithDevices(admin, 1)];
    await deadLetterOn(admin, first, ghost, 'usr_late');
    await deadLetterOn(admin, second, ghost, 'usr_late');

    // The company turns up; an operator re-queues one node's letters, then everything left.
    expect(
      (await call('POST', '/api/admin/companies', { token: admin, body: { code: ghost, name: 'Late' } }))
        .status,
    ).toBe(201);
    await eventually(async () => {
      const b = await call('GET', `/api/internal/balance/user/usr_late?tenantCode=${ghost}`, {
        headers: SERVICE,
      });
      expect(b.status).toBe(200);
    });
    const one = await call('POST', `/api/admin/billing/requeue-dead-letters?nodeId=${first}`, {
      token: admin,
    });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toEqual({ requeued: 1, nodes: 1 });
    await eventually(async () => expect(await deadOn(admin, first)).toBe(0));
    expect(await deadOn(admin, second)).toBe(1);

    const all = await call('POST', '/api/admin/billing/requeue-dead-letters', { token: admin });
    expect(all.body).toEqual({ requeued: 1, nodes: 2 });
    await eventually(async () => expect(await deadOn(admin, second)).toBe(0));
    const usage = await eventually(async () => {
      const res = await call('GET', '/api/billing/usage', { token: admin, tenant: ghost });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(2);
      return res.body;
    });
    expect(new Set(usage.items.map((r: { nodeId: string }) => r.nodeId))).toEqual(new Set([first, second]));

    // Nothing is left to re-queue; doing it again changes nothing.
    expect((await call('POST', '/api/admin/billing/requeue-dead-letters', { token: admin })).body).toEqual({
      requeued: 0,
      nodes: 2,
    });
  });

  it('is for platform administrators with billing duties only', async () => {
    const admin = await adminToken();
    expect((await call('POST', '/api/admin/billing/requeue-dead-letters')).status).toBe(401);
    const sales = await platformAdmin(admin, 'sales');
    const refused = await call('POST', '/api/admin/billing/requeue-dead-letters', { token: sales.token });
    expect(refused.status).toBe(403);
    for (const role of ['finance', 'support'] as const) {
      const allowed = await platformAdmin(admin, role);
      const res = await call('POST', '/api/admin/billing/requeue-dead-letters', { token: allowed.token });
      expect(res.status, role).toBe(200);
    }
  });
});
