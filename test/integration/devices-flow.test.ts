import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import {
  allocateDevice,
  eventually,
  nodeStub,
  nodeWithDevices,
  releaseDevice,
  topUp,
} from '../devices-helpers';
import { addMember, adminToken, call, companyWithMember } from '../helpers';

describe('devices: allocate, release, charge', () => {
  it('charges a released allocation once and shows it in usage, balance and the allocation list', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 2);
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 10_000);

    const alloc = await allocateDevice(token, code);
    expect(alloc.status, JSON.stringify(alloc.body)).toBe(201);
    expect(alloc.body).toMatchObject({
      nodeId,
      cpuCores: 2,
      memoryMB: 4096,
      storageMB: 65536,
      strategy: 'least-loaded',
    });
    // (The first test of the file: this node is the only one with free devices.)
    expect(Date.parse(alloc.body.expiresAt) - Date.parse(alloc.body.allocatedAt)).toBe(30 * 60_000);

    const rel = await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    expect(rel.status, JSON.stringify(rel.body)).toBe(200);
    expect(rel.body).toMatchObject({ allocationId: alloc.body.allocationId, status: 'released' });
    expect(rel.body.durationSeconds).toBeGreaterThanOrEqual(0);

    const usage = await eventually(async () => {
      const res = await call('GET', '/api/billing/usage', { token, tenant: code });
      expect(res.body.total).toBe(1);
      return res.body.items[0];
    });
    expect(usage).toMatchObject({
      allocationId: alloc.body.allocationId,
      nodeId,
      durationSeconds: rel.body.durationSeconds,
    });
    const balance = await call('GET', '/api/billing/balance', { token, tenant: code });
    expect(balance.body).toMatchObject({
      balanceFen: 10_000 - usage.chargeFen,
      topUpTotalFen: 10_000,
      chargeCount: 1,
    });

    const list = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect(list.body.items[0]).toMatchObject({
      status: 'released',
      deviceId: alloc.body.deviceId,
      chargeFen: usage.chargeFen,
    });

    // Releasing again answers the same and charges nothing more.
    const again = await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    expect(again.body).toEqual(rel.body);
    const node = await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin });
    expect(node.body.usageOutbox).toEqual({ pending: 0, delivered: 1, dead: 0 });
    expect(node.body.recentEvents.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['device.allocated', 'device.released']),
    );
  });

  it('charges what the duration and the rates say', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 1, { cpuCores: 4, memoryMB: 8192, storageMB: 102_400 });
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 100_000);
    const rates = await call('PUT', '/api/billing/rates', {
      token: admin,
      tenant: code,
      body: { coreHourMilliFen: 100_000, memoryGbHourMilliFen: 20_000, storageGbHourMilliFen: 1_000 },
    });
    expect(rates.status, JSON.stringify(rates.body)).toBe(200);
    const alloc = await allocateDevice(token, code, { durationMinutes: 120, cpuCores: 4 });
    expect(alloc.body.nodeId).toBe(nodeId);
    // Ninety minutes later:
    await runInDurableObject(nodeStub(nodeId), (a: DeviceNodeActor) => {
      a.timeShiftMs = 90 * 60_000;
    });
    const rel = await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    expect(rel.body).toMatchObject({ status: 'released', durationSeconds: 5400 });
    const usage = await eventually(async () => {
      const res = await call('GET', '/api/billing/usage', { token, tenant: code });
      expect(res.body.total).toBe(1);
      return res.body.items[0];
    });
    // 1.5 h × (4 × 100 fen + 8 × 20 fen + 100 × 1 fen) = 1.5 × 660 = 990 fen
    expect(usage.chargeFen).toBe(990);
    expect(usage.rates).toEqual({
      coreHourMilliFen: 100_000,
      memoryGbHourMilliFen: 20_000,
      storageGbHourMilliFen: 1_000,
    });
  });

  it('releases by device id, and a member cannot release a colleague’s device', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 2);
    const { code, token, user, company } = await companyWithMember(admin);
    const colleague = await addMember(admin, company.id);
    await topUp(admin, code, user.id, 1_000);
    const alloc = await allocateDevice(token, code);
    const theirs = await releaseDevice(colleague.token, code, { deviceId: alloc.body.deviceId });
    expect(theirs.status).toBe(404);
    const mine = await releaseDevice(token, code, { deviceId: alloc.body.deviceId });
    expect(mine.status).toBe(200);
    expect(mine.body.allocationId).toBe(alloc.body.allocationId);
  });

  it('refuses bad requests, naming the field, and changes nothing', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 1);
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    for (const body of [
      {},
      { durationMinutes: 0 },
      { durationMinutes: 1.5 },
      { durationMinutes: 10, strategy: 'random' },
      { durationMinutes: 10, cpuCores: -1 },
      { durationMinutes: 10, extra: true },
    ]) {
      const res = await allocateDevice(token, code, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.length).toBeGreaterThan(0);
    }
    const both = await releaseDevice(token, code, { allocationId: 'x', deviceId: 'y' });
    expect(both.status).toBe(400);
    expect(both.body.error.details.fields[0].path).toBe('body.allocationId');
    const list = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(list.body.total).toBe(0);
  });

  it('asks for a balance first: none is 402', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 1);
    const { code, token } = await companyWithMember(admin);
    const res = await allocateDevice(token, code);
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('INSUFFICIENT_BALANCE');
  });

  it('enforces the plan’s concurrent-device quota, restored by a release', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 5);
    const { code, token, user } = await companyWithMember(admin); // trial: 2 devices
    await topUp(admin, code, user.id, 1_000);
    const first = await allocateDevice(token, code);
    const second = await allocateDevice(token, code);
    expect([first.status, second.status]).toEqual([201, 201]);
    const third = await allocateDevice(token, code);
    expect(third.status).toBe(403);
    expect(third.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'devices', limit: 2, used: 2 },
    });
    await releaseDevice(token, code, { allocationId: first.body.allocationId });
    expect((await allocateDevice(token, code)).status).toBe(201);
  });

  it('takes the device quota from the editable plan catalog', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 3);
    const { code, token, user } = await companyWithMember(admin); // trial: 2 devices
    const trial = await call('GET', '/api/admin/plans/trial', { token: admin });
    const quotas = { ...trial.body.quotas, devices: 1 };
    expect((await call('PUT', '/api/admin/plans/trial', { token: admin, body: { quotas } })).status).toBe(
      200,
    );
    try {
      await topUp(admin, code, user.id, 1_000);
      await eventually(async () =>
        expect((await call('GET', '/api/tenant', { token, tenant: code })).body.quotas.devices).toBe(1),
      );
      expect((await allocateDevice(token, code)).status).toBe(201);
      const second = await allocateDevice(token, code);
      expect(second.status).toBe(403);
      expect(second.body.error.details).toMatchObject({ quota: 'devices', limit: 1 });
    } finally {
      await call('PUT', '/api/admin/plans/trial', { token: admin, body: { quotas: trial.body.quotas } });
    }
  });

  it('places by strategy: bin-packing fills one node, spread uses both', async () => {
    const admin = await adminToken();
    // Eight-core devices exist only on these two nodes, so other tests' nodes stay out of it.
    const big = { cpuCores: 8, memoryMB: 16_384, storageMB: 0 };
    const a = await nodeWithDevices(admin, 3, big);
    const b = await nodeWithDevices(admin, 3, big);
    const { code, token, user, company } = await companyWithMember(admin);
    await call('PUT', `/api/admin/companies/${company.id}`, { token: admin, body: { plan: 'enterprise' } });
    await topUp(admin, code, user.id, 1_000);
    await eventually(async () =>
      expect((await call('GET', '/api/tenant', { token, tenant: code })).body.plan).toBe('enterprise'),
    );
    const place = async (strategy: string) => {
      const res = await allocateDevice(token, code, { durationMinutes: 5, cpuCores: 8, strategy });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.nodeId as string;
    };
    const spread = [await place('spread'), await place('spread')];
    expect(new Set(spread)).toEqual(new Set([a, b]));
    // Now one device busy on each: bin-packing keeps going to the same node until it is full.
    const packed = [await place('bin-packing'), await place('bin-packing')];
    expect(packed[0]).toBe(packed[1]);
    expect(await place('bin-packing')).not.toBe(packed[0]);
  });

  it('ends an allocation at its expiry by alarm, at the booked time, and charges it', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 1);
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    const alloc = await allocateDevice(token, code, { durationMinutes: 10 });
    const stub = nodeStub(alloc.body.nodeId);
    await runInDurableObject(stub, (node: DeviceNodeActor) => {
      node.timeShiftMs = 10 * 60_000 + 5_000;
    });
    await runDurableObjectAlarm(stub);
    const list = await eventually(async () => {
      const res = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
      expect(res.body.items[0].status).toBe('expired');
      expect(res.body.items[0].chargeFen).not.toBeNull();
      return res.body;
    });
    expect(list.items[0].durationSeconds).toBe(600);
    expect(list.items[0].releasedAt).toBe(alloc.body.expiresAt);
    const rel = await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    expect(rel.body).toMatchObject({ status: 'expired', durationSeconds: 600 });
  });

  it('the device-expiry task catches an allocation whose alarm did not fire', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 1);
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    const alloc = await allocateDevice(token, code, { durationMinutes: 1 });
    await runInDurableObject(nodeStub(alloc.body.nodeId), async (node: DeviceNodeActor, state) => {
      node.timeShiftMs = 2 * 60_000;
      await state.storage.deleteAlarm();
    });
    const run = await call('POST', '/api/admin/tasks/device-expiry/run', { token: admin });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.status).toBe('succeeded');
    expect(run.body.result.expired).toBeGreaterThanOrEqual(1);
    await eventually(async () => {
      const res = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
      expect(res.body.items[0]).toMatchObject({ status: 'expired', durationSeconds: 60 });
    });
  });
});
