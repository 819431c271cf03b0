import { describe, expect, it } from 'vitest';
import { allocateDevice, eventually, nodeWithDevices, releaseDevice, topUp } from '../devices-helpers';
import { addMember, adminToken, call, companyWithMember } from '../helpers';

describe('devices and billing across companies', () => {
  it('leaks nothing from one company to another', async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 2);
    const a = await companyWithMember(admin, 'admin');
    const b = await companyWithMember(admin, 'admin');
    await topUp(admin, a.code, a.user.id, 1_000);
    await topUp(admin, b.code, b.user.id, 1_000);
    const alloc = await allocateDevice(a.token, a.code, { durationMinutes: 5 });
    expect(alloc.status).toBe(201);

    // B's admin, in B: A's allocation does not exist there.
    const inB = await releaseDevice(b.token, b.code, { allocationId: alloc.body.allocationId });
    expect(inB.status).toBe(404);
    const byDevice = await releaseDevice(b.token, b.code, { deviceId: alloc.body.deviceId });
    expect(byDevice.status).toBe(404);
    expect(
      (await call('GET', '/api/scheduler/allocations', { token: b.token, tenant: b.code })).body.total,
    ).toBe(0);
    const otherUser = await call('GET', `/api/billing/balance?userId=${a.user.id}`, {
      token: b.token,
      tenant: b.code,
    });
    expect(otherUser.body).toMatchObject({ balanceFen: 0, topUpTotalFen: 0 });

    // B's admin, naming A: refused at the door for everything.
    for (const [method, path, body] of [
      ['GET', '/api/scheduler/allocations', undefined],
      ['GET', '/api/billing/balance', undefined],
      ['GET', '/api/billing/usage', undefined],
      ['GET', '/api/billing/wallets', undefined],
      ['GET', '/api/billing/rates', undefined],
      ['POST', '/api/scheduler/devices/release', { allocationId: alloc.body.allocationId }],
      ['POST', '/api/scheduler/devices/allocate', { durationMinutes: 5 }],
      ['POST', '/api/billing/top-up', { userId: b.user.id, amountFen: 100 }],
      [
        'PUT',
        '/api/billing/rates',
        { coreHourMilliFen: 0, memoryGbHourMilliFen: 0, storageGbHourMilliFen: 0 },
      ],
    ] as const) {
      const res = await call(method, path, { token: b.token, tenant: a.code, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('NOT_A_MEMBER');
    }

    // A is untouched: still active, still its own balance.
    const list = await call('GET', '/api/scheduler/allocations', { token: a.token, tenant: a.code });
    expect(list.body.items[0].status).toBe('active');
    expect(
      (await call('GET', '/api/billing/balance', { token: a.token, tenant: a.code })).body.balanceFen,
    ).toBe(1_000);
  });

  it("a member sees only their own allocations and usage; a tenant admin sees everyone's", async () => {
    const admin = await adminToken();
    await nodeWithDevices(admin, 2);
    const boss = await companyWithMember(admin, 'admin');
    const member = await addMember(admin, boss.company.id);
    await topUp(admin, boss.code, boss.user.id, 1_000);
    await topUp(boss.token, boss.code, member.userId, 1_000);
    const mine = await allocateDevice(boss.token, boss.code, { durationMinutes: 5 });
    const theirs = await allocateDevice(member.token, boss.code, { durationMinutes: 5 });
    for (const [who, alloc] of [
      [boss.token, mine],
      [member.token, theirs],
    ] as const) {
      await releaseDevice(who, boss.code, { allocationId: alloc.body.allocationId });
    }
    const memberList = await call('GET', '/api/scheduler/allocations', {
      token: member.token,
      tenant: boss.code,
    });
    expect(memberList.body.items.map((i: { allocationId: string }) => i.allocationId)).toEqual([
      theirs.body.allocationId,
    ]);
    const peek = await call('GET', `/api/billing/usage?userId=${boss.user.id}`, {
      token: member.token,
      tenant: boss.code,
    });
    expect(peek.status).toBe(403);
    const bossList = await call('GET', '/api/scheduler/allocations', {
      token: boss.token,
      tenant: boss.code,
    });
    expect(bossList.body.total).toBe(2);
    await eventually(async () => {
      const usage = await call('GET', '/api/billing/usage', { token: member.token, tenant: boss.code });
      expect(usage.body.total).toBe(1);
      expect(usage.body.items[0].userId).toBe(member.userId);
    });
    const memberBalance = await call('GET', `/api/billing/balance?userId=${member.userId}`, {
      token: boss.token,
      tenant: boss.code,
    });
    expect(memberBalance.body.userId).toBe(member.userId);
  });

  it('node and billing operations are for platform admins only', async () => {
    const admin = await adminToken();
    const { token } = await companyWithMember(admin, 'admin');
    for (const [method, path] of [
      ['POST', '/api/admin/nodes'],
      ['GET', '/api/admin/nodes'],
      ['GET', '/api/admin/billing/outbox'],
      ['GET', '/api/admin/billing/dead-letters'],
      ['POST', '/api/admin/billing/dead-letters/x/requeue'],
    ] as const) {
      const res = await call(method, path, { token, body: method === 'POST' ? { nodeId: 'n1' } : undefined });
      expect(res.status, path).toBe(403);
    }
  });
});
