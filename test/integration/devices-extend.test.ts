import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { DeviceNodeActor } from '../../durable-objects/device-node/device-node';
import {
  allocateDevice,
  CORE_MINUTE_RATES,
  chargedUsage,
  eventually,
  nodeStub,
  pricedCompany,
  topUp,
} from '../devices-helpers';
import { adminToken, call, companyWithMember, tenantStub } from '../helpers';
import { mailTo, shiftTenantClock } from '../platform-helpers';

const extend = (token: string, tenant: string, id: string, minutes: number) =>
  call('POST', `/api/scheduler/allocations/${id}/extend`, { token, tenant, body: { minutes } });

const mailsOf = async (admin: string, email: string, kind: string) =>
  (await mailTo(admin, email)).filter((m) => m.kind === kind);

// Each test has a device shape of its own, so no test's allocation lands on another's node.
describe('extending an allocation (续期)', () => {
  it('holds the added minutes at the rates of now, refuses with 402 when short, and moves the end', async () => {
    const admin = await adminToken();
    const { code, token, user, nodeId, balance } = await pricedCompany(admin, {
      cpuCores: 11,
      memoryMB: 1011,
      storageMB: 0,
    });
    await topUp(admin, code, user.id, 400);
    const alloc = await allocateDevice(token, code, { durationMinutes: 10, cpuCores: 11 });
    expect(alloc.status, JSON.stringify(alloc.body)).toBe(201);
    expect(alloc.body.holdFen).toBe(110);

    // The price doubles: the extension is held at the new price.
    await call('PUT', '/api/billing/rates', {
      token: admin,
      tenant: code,
      body: { ...CORE_MINUTE_RATES, coreHourMilliFen: 120_000 },
    });
    const longer = await extend(token, code, alloc.body.allocationId, 10);
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    expect(longer.body).toMatchObject({ extraHoldFen: 220, holdFen: 330, durationMinutes: 20 });
    expect(Date.parse(longer.body.expiresAt)).toBe(Date.parse(alloc.body.expiresAt) + 10 * 60_000);
    expect(await balance()).toMatchObject({ balanceFen: 400, heldFen: 330, availableFen: 70 });
    const listed = await call('GET', '/api/scheduler/allocations', { token, tenant: code });
    expect(listed.body.items[0]).toMatchObject({
      holdFen: 330,
      durationMinutes: 20,
      expiresAt: longer.body.expiresAt,
    });

    const short = await extend(token, code, alloc.body.allocationId, 10);
    expect(short.status).toBe(402);
    expect(short.body.error).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      details: { neededFen: 220, availableFen: 70, shortFen: 150 },
    });
    expect(await balance()).toMatchObject({ heldFen: 330, availableFen: 70 });

    // The node ends it at the new end: twenty minutes used, charged at the rates held, the hold let go.
    const stub = nodeStub(nodeId);
    await runInDurableObject(stub, (node: DeviceNodeActor) => {
      node.timeShiftMs = 20 * 60_000 + 5_000;
    });
    await runDurableObjectAlarm(stub);
    const [usage] = await chargedUsage(token, code);
    expect(usage).toMatchObject({ durationSeconds: 1200, chargeFen: 220 });
    expect(await balance()).toMatchObject({ balanceFen: 180, heldFen: 0, availableFen: 180 });

    const ended = await extend(token, code, alloc.body.allocationId, 10);
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('ALLOCATION_ENDED');
  });

  it("is for the allocation's user or a company admin, with a valid number of minutes", async () => {
    const admin = await adminToken();
    const { code, token, user } = await pricedCompany(admin, { cpuCores: 13, memoryMB: 1013, storageMB: 0 });
    await topUp(admin, code, user.id, 1000);
    const alloc = await allocateDevice(token, code, { durationMinutes: 10, cpuCores: 13 });
    const other = await companyWithMember(admin);
    const foreign = await extend(other.token, other.code, alloc.body.allocationId, 5);
    expect(foreign.status).toBe(404);
    const bad = await extend(token, code, alloc.body.allocationId, 0);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.minutes');
    const byAdmin = await extend(admin, code, alloc.body.allocationId, 5);
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
    expect(byAdmin.body.extraHoldFen).toBe(65);
  });
});

describe('device notices', () => {
  it('tells the user once, ten minutes before the end, and again for the end an extension sets', async () => {
    const admin = await adminToken();
    const { code, token, user } = await pricedCompany(admin, { cpuCores: 17, memoryMB: 1017, storageMB: 0 });
    await topUp(admin, code, user.id, 10_000);
    const alloc = await allocateDevice(token, code, { durationMinutes: 30, cpuCores: 17 });
    expect(alloc.status).toBe(201);
    const tenant = tenantStub(code);

    await shiftTenantClock(code, 15 * 60_000);
    await runDurableObjectAlarm(tenant);
    expect(await mailsOf(admin, user.email, 'device.expiring')).toHaveLength(0);

    await shiftTenantClock(code, 20 * 60_000 + 1_000);
    await runDurableObjectAlarm(tenant);
    const told = await eventually(async () => {
      const mails = await mailsOf(admin, user.email, 'device.expiring');
      expect(mails).toHaveLength(1);
      return mails;
    });
    expect(told[0]!.text).toContain(alloc.body.deviceId);
    await runDurableObjectAlarm(tenant);
    expect(await mailsOf(admin, user.email, 'device.expiring')).toHaveLength(1);

    // An extension sets a new end, with its own notice.
    expect((await extend(token, code, alloc.body.allocationId, 30)).status).toBe(200);
    await shiftTenantClock(code, 50 * 60_000 + 1_000);
    await runDurableObjectAlarm(tenant);
    await eventually(async () => expect(await mailsOf(admin, user.email, 'device.expiring')).toHaveLength(2));
  });

  it('mails once when the available balance falls below the company threshold, again after it recovered', async () => {
    const admin = await adminToken();
    const { code, token, user, balance } = await pricedCompany(
      admin,
      { cpuCores: 19, memoryMB: 1019, storageMB: 0 },
      2,
    );
    const byMember = await call('PUT', '/api/billing/wallet-settings', {
      token,
      tenant: code,
      body: { lowBalanceThresholdFen: 100 },
    });
    expect(byMember.status).toBe(403);
    const negative = await call('PUT', '/api/billing/wallet-settings', {
      token: admin,
      tenant: code,
      body: { lowBalanceThresholdFen: -1 },
    });
    expect(negative.status).toBe(400);
    const set = await call('PUT', '/api/billing/wallet-settings', {
      token: admin,
      tenant: code,
      body: { lowBalanceThresholdFen: 300 },
    });
    expect(set.body).toEqual({ lowBalanceThresholdFen: 300 });
    expect((await call('GET', '/api/billing/wallet-settings', { token, tenant: code })).body).toEqual(
      set.body,
    );

    await topUp(admin, code, user.id, 400);
    const low = () => mailsOf(admin, user.email, 'wallet.low_balance');
    expect(await low()).toHaveLength(0);
    // 10 minutes of 19 cores hold 190: 210 available, below 300.
    const first = await allocateDevice(token, code, { durationMinutes: 10, cpuCores: 19 });
    expect(first.status).toBe(201);
    await eventually(async () => expect(await low()).toHaveLength(1));
    expect((await low())[0]!.text).toContain('¥2.10');
    // Lower still: no second mail for the same crossing.
    expect((await extend(token, code, first.body.allocationId, 5)).status).toBe(200);
    expect(await balance()).toMatchObject({ availableFen: 115 });
    // Back above, then below again: a new crossing, a new mail.
    await topUp(admin, code, user.id, 500);
    expect(await balance()).toMatchObject({ availableFen: 615 });
    expect((await allocateDevice(token, code, { durationMinutes: 20, cpuCores: 19 })).status).toBe(201);
    await eventually(async () => expect(await low()).toHaveLength(2));
  });
});
