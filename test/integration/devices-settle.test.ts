import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import type { Outcome } from '../../lib/errors';
import { nodeStub, nodeWithDevices, SERVICE, topUp } from '../devices-helpers';
import { adminToken, call, companyWithMember, tenantStub } from '../helpers';

describe('an allocation abandoned half-way', () => {
  it('holds the quota slot until settled, then voids it on the node and frees the slot', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 1);
    const { code, token, user } = await companyWithMember(admin); // trial: 2 devices at once
    await topUp(admin, code, user.id, 1_000);
    // The node breaks in a way that makes its allocate throw rather than refuse.
    await runInDurableObject(nodeStub(nodeId), (_node: DeviceNodeActor, state) => {
      state.storage.sql.exec('ALTER TABLE devices RENAME TO devices_gone');
    });
    const res = await call('POST', '/api/scheduler/devices/allocate', {
      token,
      tenant: code,
      body: { durationMinutes: 5 },
    });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'NODE_UNAVAILABLE', details: { nodeId } });
    const pending = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({ status: 'pending', nodeId });

    // Half a minute later the tenant's alarm settles it.
    await runInDurableObject(tenantStub(code), (tenant: TenantActor) => {
      tenant.timeShiftMs = 31_000;
    });
    await runDurableObjectAlarm(tenantStub(code));
    const settled = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(settled.body.items[0]).toMatchObject({ status: 'failed', nodeId });

    // The node will never start it now, even if the request turns up late.
    await runInDurableObject(nodeStub(nodeId), (_node: DeviceNodeActor, state) => {
      state.storage.sql.exec('ALTER TABLE devices_gone RENAME TO devices');
    });
    const late = (await nodeStub(nodeId).allocate({
      allocationId: pending.body.items[0].allocationId,
      tenantCode: code,
      tenantId: 'cmp_x',
      userId: user.id,
      durationMinutes: 5,
      spec: {},
      strategy: 'least-loaded',
    })) as Outcome<unknown>;
    expect(late.ok).toBe(false);
    expect(!late.ok && late.error.code).toBe('ALLOCATION_VOIDED');
  });

  it('voids an allocation the node did start: uncharged, the device free again, and only once', async () => {
    const admin = await adminToken();
    // A device only this node has, so the request cannot land on the node of the test before.
    const nodeId = await nodeWithDevices(admin, 1, { cpuCores: 16, memoryMB: 4096, storageMB: 65536 });
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    await runInDurableObject(nodeStub(nodeId), (_node: DeviceNodeActor, state) => {
      state.storage.sql.exec('ALTER TABLE devices RENAME TO devices_gone');
    });
    const res = await call('POST', '/api/scheduler/devices/allocate', {
      token,
      tenant: code,
      body: { durationMinutes: 5, cpuCores: 16 },
    });
    expect(res.status).toBe(503);
    const { allocationId } = (await call('GET', '/api/scheduler/allocations', { token, tenant: code })).body
      .items[0];

    // The node recovers and the request it missed arrives after all: the device is handed out, but the
    // tenant never hears of it.
    await runInDurableObject(nodeStub(nodeId), (_node: DeviceNodeActor, state) => {
      state.storage.sql.exec('ALTER TABLE devices_gone RENAME TO devices');
    });
    const started = (await nodeStub(nodeId).allocate({
      allocationId,
      tenantCode: code,
      tenantId: 'cmp_x',
      userId: user.id,
      durationMinutes: 5,
      spec: { cpuCores: 16 },
      strategy: 'least-loaded',
    })) as Outcome<{ deviceId: string }>;
    expect(started.ok).toBe(true);

    await runInDurableObject(tenantStub(code), (tenant: TenantActor) => {
      tenant.timeShiftMs = 31_000;
    });
    await runDurableObjectAlarm(tenantStub(code));
    const settled = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(settled.body.items[0]).toMatchObject({ allocationId, status: 'failed' });

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
    expect(
      (await call('GET', `/api/internal/balance/user/${user.id}?tenantCode=${code}`, { headers: SERVICE }))
        .body.balanceFen,
    ).toBe(1_000);

    // Voiding again changes nothing, and the freed device serves the next request.
    const again = (await nodeStub(nodeId).voidAllocation(allocationId)) as Outcome<unknown>;
    expect(again).toEqual({ ok: true, value: { existed: true, status: 'voided' } });
    const next = await call('POST', '/api/scheduler/devices/allocate', {
      token,
      tenant: code,
      body: { durationMinutes: 5, cpuCores: 16 },
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(next.body).toMatchObject({ nodeId, deviceId: started.ok && started.value.deviceId });
  });
});
