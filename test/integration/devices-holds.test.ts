import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { walletHolds } from '../../schema/tenant';
import {
  allocateDevice,
  CORE_MINUTE_RATES,
  chargedUsage,
  nodeStub,
  pricedCompany,
  releaseDevice,
  topUp,
} from '../devices-helpers';
import { adminToken, call, tenantStub } from '../helpers';

// Each test has device shapes of its own, so no test's allocation lands on another's node.
describe('device time is prepaid: a hold at allocation, settled with the charge', () => {
  it('checks the device it was given: one that costs more than is available goes back, uncharged', async () => {
    const admin = await adminToken();
    const { code, token, user, nodeId, balance } = await pricedCompany(admin, {
      cpuCores: 3,
      memoryMB: 1001,
      storageMB: 0,
    });
    await topUp(admin, code, user.id, 20);
    // One core for ten minutes would be 10 fen; the only device is a three-core one: 30 fen.
    const refused = await allocateDevice(token, code, { durationMinutes: 10, cpuCores: 1 });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      details: { neededFen: 30, availableFen: 20, shortFen: 10, balanceFen: 20, heldFen: 0 },
    });
    expect(await balance()).toMatchObject({ balanceFen: 20, heldFen: 0, availableFen: 20 });
    expect((await call('GET', '/api/scheduler/allocations', { token, tenant: code })).body.total).toBe(0);
    const node = await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin });
    expect(node.body.deviceList.map((d: { status: string }) => d.status)).toEqual(['available']);
  });

  it('holds the booked hour, charges the minutes used and lets the rest go in the same transaction', async () => {
    const admin = await adminToken();
    const { code, token, user, nodeId, balance } = await pricedCompany(admin, {
      cpuCores: 5,
      memoryMB: 1002,
      storageMB: 0,
    });
    await topUp(admin, code, user.id, 500);
    const alloc = await allocateDevice(token, code, { durationMinutes: 60, cpuCores: 5 });
    expect(alloc.status, JSON.stringify(alloc.body)).toBe(201);
    expect(alloc.body.holdFen).toBe(300);
    expect(await balance()).toMatchObject({ balanceFen: 500, heldFen: 300, availableFen: 200 });
    // The hold is in the tenant's storage, not in memory: it outlives any restart of the actor.
    const stored = await runInDurableObject(tenantStub(code), (actor: TenantActor) =>
      actor.db.select().from(walletHolds).where(eq(walletHolds.allocationId, alloc.body.allocationId)).get(),
    );
    expect(stored).toMatchObject({ userId: user.id, amountFen: 300, coreHourMilliFen: 60_000 });

    // A second booking must fit in what is left: asked before any node is.
    const second = await allocateDevice(token, code, { durationMinutes: 60, cpuCores: 5 });
    expect(second.status).toBe(402);
    expect(second.body.error.details).toMatchObject({ neededFen: 300, availableFen: 200, shortFen: 100 });

    await runInDurableObject(nodeStub(nodeId), (node: DeviceNodeActor) => {
      node.timeShiftMs = 20 * 60_000;
    });
    const rel = await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    expect(rel.body).toMatchObject({ status: 'released', durationSeconds: 1200 });
    const [usage] = await chargedUsage(token, code);
    expect(usage!.chargeFen).toBe(100);
    expect(await balance()).toMatchObject({
      balanceFen: 400,
      heldFen: 0,
      availableFen: 400,
      chargedTotalFen: 100,
    });
    const left = await runInDurableObject(tenantStub(code), (actor: TenantActor) =>
      actor.db.select().from(walletHolds).all(),
    );
    expect(left).toEqual([]);
  });

  it('settles an expiry the same way, at the rates held: never below zero, even after the rates went up', async () => {
    const admin = await adminToken();
    const { code, token, user, nodeId, balance } = await pricedCompany(admin, {
      cpuCores: 7,
      memoryMB: 1003,
      storageMB: 0,
    });
    await topUp(admin, code, user.id, 70);
    const alloc = await allocateDevice(token, code, { durationMinutes: 10, cpuCores: 7 });
    expect(alloc.body.holdFen).toBe(70);
    expect(await balance()).toMatchObject({
      balanceFen: 70,
      heldFen: 70,
      availableFen: 0,
      hasBalance: false,
    });
    const doubled = { ...CORE_MINUTE_RATES, coreHourMilliFen: 120_000 };
    await call('PUT', '/api/billing/rates', { token: admin, tenant: code, body: doubled });

    const stub = nodeStub(nodeId);
    await runInDurableObject(stub, (node: DeviceNodeActor) => {
      node.timeShiftMs = 10 * 60_000 + 5_000;
    });
    await runDurableObjectAlarm(stub);
    const [usage] = await chargedUsage(token, code);
    expect(usage).toMatchObject({ durationSeconds: 600, chargeFen: 70, rates: CORE_MINUTE_RATES });
    expect(await balance()).toMatchObject({ balanceFen: 0, heldFen: 0, availableFen: 0 });
    const list = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(list.body.items[0]).toMatchObject({ status: 'expired', chargeFen: 70 });
  });
});
