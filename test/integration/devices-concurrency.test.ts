import { describe, expect, it } from 'vitest';
import { allocateDevice, eventually, nodeWithDevices, releaseDevice, topUp } from '../devices-helpers';
import { addMember, adminToken, call, companyWithMember } from '../helpers';

describe('devices under concurrency', () => {
  // Twenty users, eight devices on two nodes and every charge: seconds of work on a busy machine.
  it('never gives one device to two requests, and refuses the rest cleanly', async () => {
    const admin = await adminToken();
    // A shape no other test in this file uses, so exactly these devices can serve the requests.
    const shape = { cpuCores: 6, memoryMB: 12_288, storageMB: 1024 };
    await nodeWithDevices(admin, 4, shape);
    await nodeWithDevices(admin, 4, shape);
    const { code, company } = await companyWithMember(admin);
    await call('PUT', `/api/admin/companies/${company.id}`, { token: admin, body: { plan: 'enterprise' } });
    const users = await Promise.all(Array.from({ length: 20 }, () => addMember(admin, company.id)));
    for (const u of users) await topUp(admin, code, u.userId, 500);
    await eventually(async () =>
      expect((await call('GET', '/api/tenant', { token: users[0]!.token, tenant: code })).body.plan).toBe(
        'enterprise',
      ),
    );

    const answers = await Promise.all(
      users.map((u) => allocateDevice(u.token, code, { durationMinutes: 10, cpuCores: 6 })),
    );
    const granted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(granted).toHaveLength(8);
    expect(new Set(granted.map((a) => `${a.body.nodeId}/${a.body.deviceId}`)).size).toBe(8);
    expect(refused.every((a) => a.status === 409 && a.body.error.code === 'NO_DEVICE_AVAILABLE')).toBe(true);

    // Refused requests leave nothing behind: the company holds exactly the granted allocations.
    const list = await call('GET', '/api/scheduler/allocations', { token: admin, tenant: code, headers: {} });
    expect(list.body.total).toBe(8);
    expect(list.body.items.every((i: { status: string }) => i.status === 'active')).toBe(true);

    // Everything released at once: each charged exactly once, each wallet = top-up − its charge.
    const byAllocation = new Map(
      granted.map((g) => [g.body.allocationId as string, users[answers.indexOf(g)]!]),
    );
    const releases = await Promise.all(
      [...byAllocation].map(([allocationId, u]) => releaseDevice(u.token, code, { allocationId })),
    );
    expect(releases.every((r) => r.status === 200)).toBe(true);
    const usage = await eventually(async () => {
      const res = await call('GET', '/api/billing/usage', { token: admin, tenant: code, headers: {} });
      expect(res.body.total).toBe(8);
      return res.body.items as { allocationId: string; userId: string; chargeFen: number }[];
    });
    expect(new Set(usage.map((u) => u.allocationId))).toEqual(new Set(byAllocation.keys()));
    const wallets = await call('GET', '/api/billing/wallets?pageSize=200', { token: admin, tenant: code });
    for (const w of wallets.body.items) {
      const charged = usage.filter((u) => u.userId === w.userId).reduce((n, u) => n + u.chargeFen, 0);
      expect(w.balanceFen).toBe(500 - charged);
      expect(w.chargeCount).toBe(usage.filter((u) => u.userId === w.userId).length);
    }
  }, 30_000);

  it('concurrent releases of one allocation release it once', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 1, { cpuCores: 3, memoryMB: 3000, storageMB: 0 });
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 500);
    const alloc = await allocateDevice(token, code, { durationMinutes: 10, cpuCores: 3 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => releaseDevice(token, code, { allocationId: alloc.body.allocationId })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body.durationSeconds)).size).toBe(1);
    await eventually(async () => {
      const balance = await call('GET', '/api/billing/balance', { token, tenant: code });
      expect(balance.body.chargeCount).toBe(1);
    });
  });
});
