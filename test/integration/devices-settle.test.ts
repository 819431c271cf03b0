import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import type { Outcome } from '../../lib/errors';
import { allocateDevice, nodeStub, nodeWithDevices, SERVICE, topUp } from '../devices-helpers';
import { adminToken, call, companyWithMember, tenantStub } from '../helpers';

/** Breaks the node so that its allocate throws rather than refuses, or mends it again. */
const setNodeBroken = (nodeId: string, broken: boolean) =>
  runInDurableObject(nodeStub(nodeId), (_node: DeviceNodeActor, state) => {
    state.storage.sql.exec(
      broken ? 'ALTER TABLE devices RENAME TO devices_gone' : 'ALTER TABLE devices_gone RENAME TO devices',
    );
  });

/**
 * A member (trial: 2 devices at once, 1 000 fen on the wallet) asks for a device on a node with one device
 * of `cpuCores` cores while the node is broken: the tenant keeps a pending allocation it never heard back on.
 */
async function abandonedAllocation(cpuCores: number) {
  const admin = await adminToken();
  const nodeId = await nodeWithDevices(admin, 1, { cpuCores, memoryMB: 4096, storageMB: 65536 });
  const { code, token, user } = await companyWithMember(admin);
  await topUp(admin, code, user.id, 1_000);
  await setNodeBroken(nodeId, true);
  const allocate = () => allocateDevice(token, code, { durationMinutes: 5, cpuCores });
  const res = await allocate();
  expect(res.status).toBe(503);
  expect(res.body.error).toMatchObject({ code: 'NODE_UNAVAILABLE', details: { nodeId } });
  const pending = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
  expect(pending.body.items).toHaveLength(1);
  expect(pending.body.items[0]).toMatchObject({ status: 'pending', nodeId });
  const allocationId: string = pending.body.items[0].allocationId;
  /** The node receives the request it missed (late, or retried by nobody) and answers it. */
  const arrivesAtNode = async () =>
    (await nodeStub(nodeId).allocate({
      allocationId,
      tenantCode: code,
      tenantId: 'cmp_x',
      userId: user.id,
      durationMinutes: 5,
      spec: { cpuCores },
      strategy: 'least-loaded',
    })) as Outcome<{ deviceId: string }>;
  /** Half a minute later the tenant's alarm settles it. */
  const settle = async () => {
    await runInDurableObject(tenantStub(code), (tenant: TenantActor) => {
      tenant.timeShiftMs = 31_000;
    });
    await runDurableObjectAlarm(tenantStub(code));
    const settled = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(settled.body.items[0]).toMatchObject({ allocationId, status: 'failed', nodeId });
  };
  return { nodeId, code, user, allocationId, allocate, arrivesAtNode, settle };
}

describe('an allocation abandoned half-way', () => {
  // Each test has a device of its own size, so no request lands on the node of another test.
  it('holds the quota slot until settled, then voids it on the node and frees the slot', async () => {
    const { nodeId, arrivesAtNode, settle } = await abandonedAllocation(2);
    await settle();

    // The node will never start it now, even if the request turns up late.
    await setNodeBroken(nodeId, false);
    const late = await arrivesAtNode();
    expect(late.ok).toBe(false);
    expect(!late.ok && late.error.code).toBe('ALLOCATION_VOIDED');
  });

  it('voids an allocation the node did start: uncharged, the device free again, and only once', async () => {
    const { nodeId, code, user, allocationId, allocate, arrivesAtNode, settle } =
      await abandonedAllocation(16);
    // The node recovers and the request it missed arrives after all: the device is handed out, but the
    // tenant never hears of it.
    await setNodeBroken(nodeId, false);
    const started = await arrivesAtNode();
    expect(started.ok).toBe(true);
    await settle();

    const onNode = await runInDurableObject(nodeStub(nodeId), (_node: DeviceNodeActor, state) => ({
      allocation: state.storage.sql
        .exec<{ status: string }>('select status from allocations where id = ?', allocationId)
        .toArray(),
      reports: state.storage.sql
        .exec<{ n: number }>('select count(*) as n from usage_reports where allocation_id = ?', allocationId)
        .one().n,
      freeDevices: state.storage.sql
        .exec<{ n: number }>("select count(*) as n from devices where status = 'available'")
        .one().n,
    }));
    expect(onNode).toEqual({ allocation: [{ status: 'voided' }], reports: 0, freeDevices: 1 });
    const balance = await call('GET', `/api/internal/balance/user/${user.id}?tenantCode=${code}`, {
      headers: SERVICE,
    });
    expect(balance.body.balanceFen).toBe(1_000);

    // Voiding again changes nothing, and the freed device serves the next request.
    const again = (await nodeStub(nodeId).voidAllocation(allocationId)) as Outcome<unknown>;
    expect(again).toEqual({ ok: true, value: { existed: true, status: 'voided' } });
    const next = await allocate();
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(next.body).toMatchObject({ nodeId, deviceId: started.ok && started.value.deviceId });
  });
});
