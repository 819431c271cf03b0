import { describe, expect, it } from 'vitest';
import { SERVICE, topUp } from '../devices-helpers';
import { adminToken, call, companyWithMember } from '../helpers';

function record(allocationId: string, userId: string, extra: object = {}) {
  return {
    deviceId: 'dev-1',
    userId,
    allocationId,
    durationSeconds: 3600,
    cpuCores: 2,
    memoryMB: 4096,
    storageMB: 65536,
    allocatedAt: '2026-11-22T00:00:00.000Z',
    releasedAt: '2026-11-22T01:00:00.000Z',
    ...extra,
  };
}

describe('internal metering (the built-in billing service)', () => {
  it('needs the service token', async () => {
    const res = await call('POST', '/api/internal/metering/device-usage', { body: record('a', 'u') });
    expect(res.status).toBe(401);
    const wrong = await call('GET', '/api/internal/balance/user/u?tenantCode=x', {
      headers: { 'x-service-token': 'nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('charges an allocation once, however often it is reported', async () => {
    const admin = await adminToken();
    const { code, user, company } = await companyWithMember(admin);
    await topUp(admin, code, user.id, 1_000);
    const body = record('alc_once', user.id, { tenantCode: code });
    const first = await call('POST', '/api/internal/metering/device-usage', { headers: SERVICE, body });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ recorded: true, duplicate: false, chargeFen: 43, balanceFen: 957 });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('POST', '/api/internal/metering/device-usage', { headers: SERVICE, body }),
      ),
    );
    for (const a of answers)
      expect(a.body).toEqual({ recorded: false, duplicate: true, chargeFen: 43, balanceFen: 957 });
    // Named by tenant id instead of code: the same record, still once.
    const byId = await call('POST', '/api/internal/metering/device-usage', {
      headers: SERVICE,
      body: record('alc_once', user.id, { tenantId: company.id }),
    });
    expect(byId.body.duplicate).toBe(true);
    // A different record under the same allocation id is refused, not charged.
    const conflict = await call('POST', '/api/internal/metering/device-usage', {
      headers: SERVICE,
      body: { ...body, durationSeconds: 7200 },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('USAGE_CONFLICT');

    const balance = await call('GET', `/api/internal/balance/user/${user.id}`, {
      headers: { ...SERVICE, 'x-tenant-code': code },
    });
    expect(balance.body).toEqual({ hasBalance: true, balance: 957, balanceFen: 957 });
  });

  it('answers the batch form with {success, failed, errors}, each record on its own', async () => {
    const admin = await adminToken();
    const { code, user } = await companyWithMember(admin);
    const items = [
      record('alc_b1', user.id, { tenantCode: code }),
      record('alc_b2', user.id, { tenantCode: code, durationSeconds: 1800 }),
      { ...record('alc_b3', user.id, { tenantCode: code }), cpuCores: 'two' },
      record('alc_b4', user.id),
      record('alc_b5', user.id, { tenantCode: 'no-such-co' }),
      record('alc_b1', user.id, { tenantCode: code }),
    ];
    const res = await call('POST', '/api/internal/metering/device-usage/batch', {
      headers: SERVICE,
      body: { items },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.success).toBe(3);
    expect(res.body.failed).toBe(3);
    expect(res.body.errors).toHaveLength(3);
    expect(res.body.errors[0]).toMatch(/^alc_b3: VALIDATION_FAILED: cpuCores/);
    expect(res.body.errors[1]).toMatch(/^alc_b4: TENANT_REQUIRED/);
    expect(res.body.errors[2]).toMatch(/^alc_b5: TENANT_NOT_FOUND/);
    expect(res.body.results[5]).toMatchObject({ allocationId: 'alc_b1', ok: true, duplicate: true });
    // No balance was topped up: the user is now in debt by exactly the two charges, and may not allocate.
    const balance = await call('GET', `/api/internal/balance/user/${user.id}?tenantCode=${code}`, {
      headers: SERVICE,
    });
    expect(balance.body).toEqual({
      hasBalance: false,
      balance: -65,
      balanceFen: -65,
      reason: 'INSUFFICIENT_BALANCE',
    });
    const empty = await call('POST', '/api/internal/metering/device-usage/batch', {
      headers: SERVICE,
      body: { items: [] },
    });
    expect(empty.status).toBe(400);
  });

  it('refuses a record it cannot place or read, naming the field', async () => {
    const noTenant = await call('POST', '/api/internal/metering/device-usage', {
      headers: SERVICE,
      body: record('x', 'u'),
    });
    expect(noTenant.status).toBe(400);
    expect(noTenant.body.error.details.fields[0].path).toBe('body.tenantCode');
    const backwards = await call('POST', '/api/internal/metering/device-usage', {
      headers: SERVICE,
      body: record('x', 'u', { tenantCode: 'acme', releasedAt: '2026-11-21T00:00:00.000Z' }),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields[0].path).toBe('body.releasedAt');
    const negative = await call('POST', '/api/internal/metering/device-usage', {
      headers: SERVICE,
      body: record('x', 'u', { tenantCode: 'acme', durationSeconds: -1 }),
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details.fields[0].path).toBe('body.durationSeconds');
    const balance = await call('GET', '/api/internal/balance/user/u', { headers: SERVICE });
    expect(balance.status).toBe(400);
  });
});

describe('top-ups and rates', () => {
  it('only tenant or platform admins top up, members of this company only, once per reference', async () => {
    const admin = await adminToken();
    const { code, user, token } = await companyWithMember(admin);
    const self = await call('POST', '/api/billing/top-up', {
      token,
      tenant: code,
      body: { userId: user.id, amountFen: 100 },
    });
    expect(self.status).toBe(403);
    const stranger = await call('POST', '/api/billing/top-up', {
      token: admin,
      tenant: code,
      body: { userId: 'usr_nobody', amountFen: 100 },
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.details.fields[0].path).toBe('body.userId');
    const zero = await call('POST', '/api/billing/top-up', {
      token: admin,
      tenant: code,
      body: { userId: user.id, amountFen: 0 },
    });
    expect(zero.status).toBe(400);
    const body = { userId: user.id, amountFen: 250, reference: 'pay-1' };
    const first = await call('POST', '/api/billing/top-up', { token: admin, tenant: code, body });
    const again = await call('POST', '/api/billing/top-up', { token: admin, tenant: code, body });
    expect(first.body).toMatchObject({ balanceFen: 250, duplicate: false });
    expect(again.body).toMatchObject({ balanceFen: 250, duplicate: true, entryId: first.body.entryId });
    const clash = await call('POST', '/api/billing/top-up', {
      token: admin,
      tenant: code,
      body: { ...body, amountFen: 1 },
    });
    expect(clash.status).toBe(409);
  });

  it('members read the rates; only tenant admins change them', async () => {
    const admin = await adminToken();
    const { code, token } = await companyWithMember(admin);
    const read = await call('GET', '/api/billing/rates', { token, tenant: code });
    expect(read.body).toEqual({
      coreHourMilliFen: 10_000,
      memoryGbHourMilliFen: 5_000,
      storageGbHourMilliFen: 50,
    });
    const write = await call('PUT', '/api/billing/rates', { token, tenant: code, body: read.body });
    expect(write.status).toBe(403);
    const bad = await call('PUT', '/api/billing/rates', {
      token: admin,
      tenant: code,
      body: { ...read.body, coreHourMilliFen: -1 },
    });
    expect(bad.status).toBe(400);
  });
});
