import { describe, expect, it } from 'vitest';
import { eventually, nodeWithDevices, topUp } from '../devices-helpers';
import { adminToken, call, companyWithMember } from '../helpers';

describe('devices: allocate, release, charge', () => {
  it('charges a released allocation once and shows it in usage and balance', async () => {
    const admin = await adminToken();
    const nodeId = await nodeWithDevices(admin, 2);
    const { code, token, user } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 10_000);

    const alloc = await call('POST', '/api/scheduler/devices/allocate', {
      token,
      tenant: code,
      body: { durationMinutes: 30 },
    });
    expect(alloc.status, JSON.stringify(alloc.body)).toBe(201);
    expect(alloc.body.nodeId).toBe(nodeId);

    const rel = await call('POST', '/api/scheduler/devices/release', {
      token,
      tenant: code,
      body: { allocationId: alloc.body.allocationId },
    });
    expect(rel.status, JSON.stringify(rel.body)).toBe(200);
    expect(rel.body.status).toBe('released');

    const usage = await eventually(async () => {
      const res = await call('GET', '/api/billing/usage', { token, tenant: code });
      expect(res.body.total).toBe(1);
      return res.body.items[0];
    });
    expect(usage.allocationId).toBe(alloc.body.allocationId);
    const balance = await call('GET', '/api/billing/balance', { token, tenant: code });
    expect(balance.body.balanceFen).toBe(10_000 - usage.chargeFen);
  });
});
