import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect } from 'vitest';
import { monthOf, monthStart } from '../../durable-objects/tenant/crm/months';
import { BOUNDARY_JOB } from '../../durable-objects/tenant/crm/sync';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { jobs } from '../../schema/tenant';
import { sweepNow, testNow } from '../clock';
import { crm, customerWith, monthFromNow, setClock, TZ } from '../crm-helpers';
import { adminToken, companyWithMember, tenantStub } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function boundaryJobAt(code: string) {
  return runInDurableObject(tenantStub(code), (actor: TenantActor) => {
    const row = actor.db
      .select({ dueAt: jobs.dueAt })
      .from(jobs)
      .where(and(eq(jobs.kind, BOUNDARY_JOB), eq(jobs.key, '')))
      .get();
    return row?.dueAt ?? null;
  });
}

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));

describe('exact timing (B5): statuses change at the month boundary, through the alarm', () => {
  sweepNow(
    'starts and ends take effect at 00:00 on the 1st in the tenant time zone, not a minute earlier',
    async () => {
      const { code, token } = await companyWithMember(admin);
      const api = crm(token, code);
      const starting = await customerWith(api, 'Starting Ltd', [[1, 3]]);
      const ending = await customerWith(api, 'Ending Ltd', [[-2, 0]]);
      const untouched = await customerWith(api, 'Steady Ltd', [[-1, 6]]);
      expect((await api.customer(starting.id)).body.status).toBe('pending');
      expect((await api.customer(ending.id)).body.status).toBe('active');

      const boundary = monthStart(monthFromNow(1), TZ);
      expect(await boundaryJobAt(code)).toBe(boundary);
      // 16:00 UTC on the last day: midnight in Shanghai.
      expect(new Date(boundary).getUTCHours()).toBe(16);

      // A minute before: an alarm run (an early one is harmless) finds nothing due.
      await setClock(code, boundary - 60_000);
      await runDurableObjectAlarm(tenantStub(code));
      expect((await api.customer(starting.id)).body.status).toBe('pending');
      expect((await api.customer(ending.id)).body.status).toBe('active');

      await setClock(code, boundary);
      expect(await runDurableObjectAlarm(tenantStub(code))).toBe(true);
      expect((await api.customer(starting.id)).body.status).toBe('active');
      expect((await api.customer(ending.id)).body.status).toBe('prospect');
      expect((await api.customer(untouched.id)).body.status).toBe('active');
      const [change] = (await api.history(starting.id)).body.items;
      expect(change).toMatchObject({
        oldStatus: 'pending',
        newStatus: 'active',
        changeType: 'auto',
        event: 'month.boundary',
        operator: 'system:month-boundary',
      });
      expect(change.reason).toContain(monthFromNow(1));
      expect((await api.history(untouched.id)).body.items).toHaveLength(2);
      expect((await api.contract(starting.last!.body.id)).body.status).toBe('active');

      // The next boundary is armed: the month after Starting's contract ends.
      expect(await boundaryJobAt(code)).toBe(monthStart(monthFromNow(4), TZ));
      await setClock(code, monthStart(monthFromNow(4), TZ));
      await runDurableObjectAlarm(tenantStub(code));
      expect((await api.customer(starting.id)).body.status).toBe('prospect');
      expect(await boundaryJobAt(code)).toBe(monthStart(monthFromNow(7), TZ));
    },
  );

  sweepNow(
    'no alarm is kept when every contract has ended, and deleting the last future contract clears it',
    async () => {
      const { code, token } = await companyWithMember(admin);
      const api = crm(token, code);
      await customerWith(api, 'Old Ltd', [[-6, -2]]);
      expect(await boundaryJobAt(code)).toBeNull();
      const future = await customerWith(api, 'Soon Ltd', [[2, 2]]);
      expect(await boundaryJobAt(code)).toBe(monthStart(monthFromNow(2), TZ));
      await api.deleteContract(future.last!.body.id);
      expect(await boundaryJobAt(code)).toBeNull();
    },
  );

  sweepNow('a changed time zone moves the alarm to midnight in that zone', async () => {
    const { code, token } = await companyWithMember(admin, 'admin');
    const api = crm(token, code);
    const { last } = await customerWith(api, 'Zoned Ltd', [[3, 5]]);
    const start = last!.body.purchaseStartMonth as string;
    expect(start).toBe(monthFromNow(3));
    const zone = 'America/New_York';
    const res = await api.settings({ timezone: zone });
    expect(res.status).toBe(200);
    // The contract starts at 00:00 on the 1st of its month in the company's zone, now New York's. That is
    // three New York months away, or four in the first Shanghai hours of a month (New York is still in
    // the month before), which is why the alarm is reckoned from the contract's month, not from today's.
    const at = await boundaryJobAt(code);
    expect(at).toBe(monthStart(start, zone));
    expect([3, 4]).toContain(monthsBetween(monthOf(testNow(), zone), monthOf(at!, zone)));
    expect(monthOf(at!, zone)).toBe(monthFromNow(3));
  });

  sweepNow('with automatic sync off the boundary changes nothing', async () => {
    const { code, token } = await companyWithMember(admin, 'admin');
    const api = crm(token, code);
    const starting = await customerWith(api, 'Frozen Ltd', [[1, 2]]);
    await api.settings({ crmAutoStatusSync: false });
    await setClock(code, monthStart(monthFromNow(1), TZ));
    await runDurableObjectAlarm(tenantStub(code));
    expect((await api.customer(starting.id)).body.status).toBe('pending');
  });
});
