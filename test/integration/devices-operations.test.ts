import { runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { outbox, usageReports } from '../../schema/device-node';
import { deviceAllocations, inbox, usageRecords, walletEntries, wallets } from '../../schema/tenant';
import {
  allocateDevice,
  allocateOnNode,
  eventually,
  nodeStub,
  nodeWithDevices,
  QUICK_BILLING,
  releaseDevice,
  SERVICE,
  topUp,
} from '../devices-helpers';
import { adminToken, call, companyWithMember, tenantStub, unique } from '../helpers';
import { parseExposition } from '../support/prometheus';

describe('device nodes (admin)', () => {
  it('registers nodes and devices, and counts them', async () => {
    const admin = await adminToken();
    const nodeId = unique('node-adm-');
    const first = await call('POST', '/api/admin/nodes', { token: admin, body: { nodeId } });
    expect(first.status).toBe(201);
    const again = await call('POST', '/api/admin/nodes', {
      token: admin,
      body: { nodeId, region: 'cn-north' },
    });
    expect(again.status).toBe(200);
    expect(again.body.region).toBe('cn-north');
    const bad = await call('POST', '/api/admin/nodes', { token: admin, body: { nodeId: 'no spaces!' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.nodeId');

    const shape = { cpuCores: 2, memoryMB: 2048, storageMB: 10_240 };
    const three = await call('POST', `/api/admin/nodes/${nodeId}/devices`, {
      token: admin,
      body: { ...shape, count: 3 },
    });
    expect(three.status).toBe(201);
    expect(three.body.items).toHaveLength(3);
    const named = await call('POST', `/api/admin/nodes/${nodeId}/devices`, {
      token: admin,
      body: { ...shape, deviceId: 'phone-1' },
    });
    expect(named.body.items[0].deviceId).toBe('phone-1');
    const dup = await call('POST', `/api/admin/nodes/${nodeId}/devices`, {
      token: admin,
      body: { ...shape, deviceId: 'phone-1' },
    });
    expect(dup.status).toBe(409);
    const both = await call('POST', `/api/admin/nodes/${nodeId}/devices`, {
      token: admin,
      body: { ...shape, deviceId: 'phone-2', count: 2 },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.details.fields[0].path).toBe('body.count');
    const nowhere = await call('POST', '/api/admin/nodes/node-nowhere/devices', {
      token: admin,
      body: shape,
    });
    expect(nowhere.status).toBe(404);

    const maint = await call('PATCH', `/api/admin/nodes/${nodeId}/devices/phone-1`, {
      token: admin,
      body: { status: 'maintenance' },
    });
    expect(maint.body.status).toBe('maintenance');

    const detail = await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin });
    expect(detail.body.devices).toEqual({ total: 4, available: 3, allocated: 0, maintenance: 1 });
    expect(detail.body.deviceList).toHaveLength(4);
    expect(detail.body.circuit).toBe('closed');
    const list = await call('GET', '/api/admin/nodes?pageSize=200', { token: admin });
    expect(list.body.items.find((n: { nodeId: string }) => n.nodeId === nodeId).devices.total).toBe(4);
    expect((await call('GET', '/api/admin/nodes/node-nowhere', { token: admin })).status).toBe(404);
  });

  it('never takes a device in use into maintenance, and knows no device it does not have', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 1);
    const allocationId = await allocateOnNode(nodeId, unique('busy'), 'usr_busy');
    const { deviceList } = (await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin })).body;
    const busy = deviceList[0].deviceId;
    const refused = await call('PATCH', `/api/admin/nodes/${nodeId}/devices/${busy}`, {
      token: admin,
      body: { status: 'maintenance' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DEVICE_ALLOCATED', details: { allocationId } });
    expect((await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin })).body.devices).toMatchObject({
      allocated: 1,
      maintenance: 0,
    });
    const missing = await call('PATCH', `/api/admin/nodes/${nodeId}/devices/no-such-device`, {
      token: admin,
      body: { status: 'maintenance' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('DEVICE_NOT_FOUND');
  });

  it('answers a repeated allocate with the allocation it made, never a second device', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 2);
    const request = {
      allocationId: unique('alc_twice'),
      tenantCode: unique('twice'),
      tenantId: 'cmp_test',
      userId: 'usr_twice',
      durationMinutes: 10,
      spec: {},
      strategy: 'least-loaded' as const,
    };
    const first = await nodeStub(nodeId).allocate(request);
    const again = await nodeStub(nodeId).allocate({ ...request, durationMinutes: 60 });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);
    expect((await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin })).body.devices).toMatchObject({
      available: 1,
      allocated: 1,
    });
  });
});

describe('billing delivery that loses nothing', () => {
  it('dead-letters a report after its last attempt, lists it, and delivers it once re-queued', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 1);
    const stub = nodeStub(nodeId);
    await runInDurableObject(stub, (node: DeviceNodeActor) => node.useConfig(QUICK_BILLING));
    const ghost = unique('ghost');
    const allocationId = await allocateOnNode(nodeId, ghost, 'usr_ghost');
    const released = await stub.release(allocationId);
    expect(released.ok).toBe(true);

    const dead = await eventually(async () => {
      const res = await call('GET', `/api/admin/billing/dead-letters?nodeId=${nodeId}`, { token: admin });
      expect(res.body.total).toBe(1);
      return res.body.items[0];
    });
    expect(dead).toMatchObject({ nodeId, allocationId, tenantCode: ghost, status: 'dead', attempts: 2 });
    expect(dead.lastError).toMatch(/TENANT_NOT_FOUND/);
    expect(dead.record).toMatchObject({ allocationId, userId: 'usr_ghost', tenantCode: ghost });

    const metrics = parseExposition((await call('GET', '/metrics')).body);
    expect(metrics.get('billing_outbox_depth')!.samples).toContainEqual({
      name: 'billing_outbox_depth',
      labels: { node: nodeId, status: 'dead' },
      value: 1,
    });
    expect(metrics.get('billing_report_total')!.samples).toContainEqual({
      name: 'billing_report_total',
      labels: { node: nodeId, status: 'failure' },
      value: 2,
    });

    // The company turns up; an operator re-queues the letter (found without naming the node).
    const company = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: ghost, name: 'Ghost' },
    });
    expect(company.status).toBe(201);
    await eventually(async () => {
      const b = await call('GET', `/api/internal/balance/user/usr_ghost?tenantCode=${ghost}`, {
        headers: SERVICE,
      });
      expect(b.status).toBe(200);
    });
    const requeued = await call('POST', `/api/admin/billing/dead-letters/${dead.id}/requeue`, {
      token: admin,
    });
    expect(requeued.status, JSON.stringify(requeued.body)).toBe(200);
    expect(requeued.body).toEqual({ id: dead.id, nodeId, status: 'delivered' });
    const balance = await call('GET', `/api/internal/balance/user/usr_ghost?tenantCode=${ghost}`, {
      headers: SERVICE,
    });
    expect(balance.body.balanceFen).toBeLessThanOrEqual(0);
    expect(
      (await call('GET', `/api/admin/billing/dead-letters?nodeId=${nodeId}`, { token: admin })).body.total,
    ).toBe(0);
    const twice = await call('POST', `/api/admin/billing/dead-letters/${dead.id}/requeue`, { token: admin });
    expect(twice.status).toBe(404);
  });

  it('opens the circuit after consecutive failures and holds reports without spending their attempts', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 2);
    const stub = nodeStub(nodeId);
    await runInDurableObject(stub, (node: DeviceNodeActor) =>
      node.useConfig({
        serviceUrl: 'http://127.0.0.1:9',
        tries: 1,
        timeoutMs: 2_000,
        breakerThreshold: 2,
        breakerOpenMs: 600_000,
        outbox: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 1 },
      }),
    );
    const ids = [await allocateOnNode(nodeId, 'acme-x', 'u1'), await allocateOnNode(nodeId, 'acme-x', 'u2')];
    for (const id of ids) await stub.release(id);
    await eventually(async () => {
      const node = await call('GET', `/api/admin/nodes/${nodeId}`, { token: admin });
      expect(node.body.circuit).toBe('open');
    });
    await stub.drainUsage();
    const outbox = await call('GET', `/api/admin/billing/outbox?nodeId=${nodeId}`, { token: admin });
    expect(outbox.body.total).toBe(2);
    // Two failed calls opened the circuit; after that nothing was attempted (each report tried once or twice).
    for (const item of outbox.body.items) {
      expect([1, 2]).toContain(item.attempts);
      expect(Date.parse(item.nextAttemptAt)).toBeGreaterThan(Date.now() + 500_000);
    }
    const metrics = parseExposition((await call('GET', '/metrics')).body);
    expect(metrics.get('billing_circuit_state')!.samples).toContainEqual({
      name: 'billing_circuit_state',
      labels: { node: nodeId },
      value: 1,
    });
    const errors = metrics
      .get('billing_report_errors_total')!
      .samples.filter((s) => s.labels.node === nodeId);
    expect(errors.reduce((n, s) => n + s.value, 0)).toBe(2);
    const durations = metrics
      .get('billing_report_duration_seconds')!
      .samples.filter((s) => s.labels.node === nodeId);
    expect(durations.find((s) => s.name.endsWith('_count'))!.value).toBe(2);
  });

  it('reconciliation repairs a report the node lost and a charge billing lost, charging each allocation once', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 2, { cpuCores: 2, memoryMB: 4096, storageMB: 65536 });
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const alloc = await allocateDevice(token, code, { durationMinutes: 60 });
      ids.push(alloc.body.allocationId);
      // Half an hour of use, so each charge is more than nothing.
      await runInDurableObject(nodeStub(alloc.body.nodeId), (node: DeviceNodeActor) => {
        node.timeShiftMs += 30 * 60_000;
      });
      await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    }
    const usage = await eventually(async () => {
      const res = await call('GET', '/api/billing/usage', { token, tenant: code });
      expect(res.body.total).toBe(2);
      return res.body.items as { allocationId: string; chargeFen: number; nodeId: string }[];
    });
    const before = (await call('GET', '/api/billing/balance', { token, tenant: code })).body;

    // The node forgets the first report; billing forgets the second charge entirely.
    const [lostReport, lostCharge] = ids as [string, string];
    const lostNode = usage.find((u) => u.allocationId === lostReport)!.nodeId;
    await runInDurableObject(nodeStub(lostNode), (node: DeviceNodeActor) => {
      node.db.delete(usageReports).where(eq(usageReports.allocationId, lostReport)).run();
    });
    const charge = usage.find((u) => u.allocationId === lostCharge)!.chargeFen;
    expect(charge, JSON.stringify(usage)).toBeGreaterThan(0);
    await runInDurableObject(tenantStub(code), (tenant: TenantActor) => {
      tenant.db.delete(usageRecords).where(eq(usageRecords.allocationId, lostCharge)).run();
      tenant.db.delete(walletEntries).where(eq(walletEntries.allocationId, lostCharge)).run();
      const w = tenant.db.select().from(wallets).where(eq(wallets.userId, user.id)).get()!;
      tenant.db
        .update(wallets)
        .set({
          balanceFen: w.balanceFen + charge,
          chargedTotalFen: w.chargedTotalFen - charge,
          chargeCount: w.chargeCount - 1,
        })
        .where(eq(wallets.userId, user.id))
        .run();
    });

    const run = await call('POST', '/api/admin/tasks/billing-reconciliation/run', { token: admin });
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('succeeded');
    const details = run.body.result.details.flatMap(
      (d: { repaired: { missingReport: string[]; missingAtBilling: string[] } }) => [
        ...d.repaired.missingReport.map((id) => `report:${id}`),
        ...d.repaired.missingAtBilling.map((id) => `billing:${id}`),
      ],
    );
    expect(details).toEqual(expect.arrayContaining([`report:${lostReport}`, `billing:${lostCharge}`]));

    await eventually(async () => {
      const after = (await call('GET', '/api/billing/balance', { token, tenant: code })).body;
      expect(after).toEqual(before);
    });
    const again = await call('POST', '/api/admin/tasks/billing-reconciliation/run', { token: admin });
    const mine = again.body.result.details.filter((d: { nodeId: string }) => d.nodeId === lostNode);
    expect(mine).toEqual([]);
  });

  it('reconciliation leaves a charge it cannot check for the next run, neither billing it again nor forgetting it', async () => {
    const admin = await adminToken();
    // A device size no other node of this file has, so the allocation lands here.
    const nodeId = await nodeWithDevices(admin, 1, { cpuCores: 12, memoryMB: 4096, storageMB: 65536 });
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    const alloc = await allocateDevice(token, code, { durationMinutes: 60, cpuCores: 12 });
    expect(alloc.body.nodeId).toBe(nodeId);
    await runInDurableObject(nodeStub(nodeId), (node: DeviceNodeActor) => {
      node.timeShiftMs += 30 * 60_000;
    });
    await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
    await eventually(async () => {
      expect((await call('GET', '/api/billing/usage', { token, tenant: code })).body.total).toBe(1);
    });
    const before = (await call('GET', '/api/billing/balance', { token, tenant: code })).body;
    expect(before.balanceFen).toBeLessThan(1_000);
    const setUsageReadable = (readable: boolean) =>
      runInDurableObject(tenantStub(code), (_tenant: TenantActor, state) => {
        state.storage.sql.exec(
          readable
            ? 'ALTER TABLE usage_records_gone RENAME TO usage_records'
            : 'ALTER TABLE usage_records RENAME TO usage_records_gone',
        );
      });

    // The tenant cannot answer whether it holds the charge: nothing is decided about it.
    await setUsageReadable(false);
    const unsure = await nodeStub(nodeId).reconcile();
    expect(unsure).toMatchObject({
      checked: 1,
      reconciled: 0,
      repaired: { missingReport: [], missingAtBilling: [] },
    });
    const report = await runInDurableObject(nodeStub(nodeId), (node: DeviceNodeActor) =>
      node.db.select().from(usageReports).where(eq(usageReports.allocationId, alloc.body.allocationId)).get(),
    );
    expect(report?.status).toBe('delivered');

    // Once it can, the next run confirms the charge; the wallet was charged once throughout.
    await setUsageReadable(true);
    expect(await nodeStub(nodeId).reconcile()).toMatchObject({
      checked: 1,
      reconciled: 1,
      repaired: { missingReport: [], missingAtBilling: [] },
    });
    expect(await nodeStub(nodeId).reconcile()).toMatchObject({ checked: 0, reconciled: 0 });
    expect((await call('GET', '/api/billing/balance', { token, tenant: code })).body).toEqual(before);
    expect((await call('GET', '/api/billing/usage', { token, tenant: code })).body.total).toBe(1);
  });

  it('the billing-retry task delivers what is due', async () => {
    const admin = await adminToken();
    const run = await call('POST', '/api/admin/tasks/billing-retry/run', { token: admin });
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('succeeded');
    expect(run.body.result.nodes).toBeGreaterThanOrEqual(0);
  });
});

describe('the OpenAPI document', () => {
  it('describes the device, billing and internal metering paths', async () => {
    const doc = await call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    for (const path of [
      '/api/scheduler/devices/allocate',
      '/api/scheduler/devices/release',
      '/api/scheduler/allocations',
      '/api/billing/balance',
      '/api/billing/usage',
      '/api/billing/top-up',
      '/api/admin/nodes',
      '/api/admin/nodes/{nodeId}',
      '/api/admin/nodes/{nodeId}/devices',
      '/api/internal/metering/device-usage',
      '/api/internal/metering/device-usage/batch',
      '/api/internal/balance/user/{userId}',
      '/api/admin/billing/outbox',
      '/api/admin/billing/dead-letters',
      '/api/admin/billing/dead-letters/{id}/requeue',
    ]) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
    expect(doc.body.components.securitySchemes.serviceToken).toMatchObject({
      in: 'header',
      name: 'X-Service-Token',
    });
  });
});

describe("a tenant that missed an allocation's end", () => {
  it('gets its quota slot back from the usage record, and from reconciliation re-sending the dead message', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 4);
    const { code, token, user } = await companyWithMember(admin); // trial: 2 devices at once
    await topUp(admin, code, user.id, 1_000);
    const allocate = () => allocateDevice(token, code, { durationMinutes: 10 });
    const first = await allocate();
    const second = await allocate();
    expect((await allocate()).status).toBe(403);

    // The usage record for the first arrives at billing before (or instead of) the node's message.
    const record = {
      deviceId: first.body.deviceId,
      userId: user.id,
      tenantCode: code,
      nodeId: first.body.nodeId,
      allocationId: first.body.allocationId,
      durationSeconds: 60,
      cpuCores: 2,
      memoryMB: 4096,
      storageMB: 65536,
      allocatedAt: first.body.allocatedAt,
      releasedAt: new Date(Date.parse(first.body.allocatedAt) + 60_000).toISOString(),
    };
    const metered = await call('POST', '/api/internal/metering/device-usage', {
      headers: SERVICE,
      body: record,
    });
    expect(metered.body.recorded).toBe(true);
    expect((await allocate()).status).toBe(201);

    // The second ends on the node, but the tenant never hears: its message is dead and forgotten there.
    const nodeId = second.body.nodeId;
    await runInDurableObject(nodeStub(nodeId), async (node: DeviceNodeActor) => {
      expect(node.release(second.body.allocationId).ok).toBe(true);
    });
    await eventually(async () => {
      const list = await call('GET', '/api/scheduler/allocations?status=released', { token, tenant: code });
      expect(list.body.items.map((i: { allocationId: string }) => i.allocationId)).toContain(
        second.body.allocationId,
      );
    });
    await runInDurableObject(tenantStub(code), (tenant: TenantActor) => {
      tenant.db
        .update(deviceAllocations)
        .set({ status: 'active', releasedAt: null })
        .where(eq(deviceAllocations.id, second.body.allocationId))
        .run();
      tenant.db
        .delete(inbox)
        .where(eq(inbox.idempotencyKey, `allocation-ended:${second.body.allocationId}`))
        .run();
    });
    await runInDurableObject(nodeStub(nodeId), (node: DeviceNodeActor) => {
      node.db
        .update(outbox)
        .set({ status: 'dead' })
        .where(eq(outbox.idempotencyKey, `allocation-ended:${second.body.allocationId}`))
        .run();
    });
    expect((await allocate()).status).toBe(403);

    const run = await call('POST', '/api/admin/tasks/billing-reconciliation/run', { token: admin });
    expect(run.body.result.tenantMessagesRequeued).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect((await allocate()).status).toBe(201));
  });
});
