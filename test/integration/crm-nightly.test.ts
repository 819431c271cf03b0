import { env, runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthStart } from '../../durable-objects/tenant/crm/months';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { crmCustomers } from '../../schema/tenant';
import { customerStatusSync } from '../../workers/tasks/customer-status-sync';
import { sweepNow } from '../clock';
import { crm, customerWith, monthFromNow, TZ } from '../crm-helpers';
import { adminToken, call, companyWithMember, tenantStub } from '../helpers';
import { directoryStub, fireCron } from '../platform-helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

/** Drift as a lost alarm or legacy data would leave it: a stored status its contracts do not support. */
async function corrupt(code: string, customerId: string, status: 'prospect' | 'pending' | 'active') {
  await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
    actor.db.update(crmCustomers).set({ status }).where(eq(crmCustomers.id, customerId)).run();
  });
}

describe('the Directory index of tenants with CRM data', () => {
  it('lists a tenant once it has a customer, and never an empty one', async () => {
    const withData = await companyWithMember(admin);
    const empty = await companyWithMember(admin);
    expect(await directoryStub().crmTenantCodes()).not.toContain(withData.code);
    await customerWith(crm(withData.token, withData.code), 'First Ltd');
    await customerWith(crm(withData.token, withData.code), 'Second Ltd');
    const codes = await directoryStub().crmTenantCodes();
    expect(codes.filter((c) => c === withData.code)).toHaveLength(1);
    expect(codes).not.toContain(empty.code);
  });

  it('forgets a deleted tenant', async () => {
    const gone = await companyWithMember(admin);
    await customerWith(crm(gone.token, gone.code), 'Doomed Ltd');
    expect(await directoryStub().crmTenantCodes()).toContain(gone.code);
    await call('DELETE', `/api/admin/companies/${gone.company.id}`, { token: admin });
    expect(await directoryStub().crmTenantCodes()).not.toContain(gone.code);
  });
});

describe('customer-status-sync (requirement B5)', () => {
  it('runs at 02:00 Asia/Shanghai, fixes drift, spares suspended customers and records its report', async () => {
    const a = await companyWithMember(admin);
    const apiA = crm(a.token, a.code);
    const drifted = await customerWith(apiA, 'Drifted Ltd'); // no contracts: must be a prospect
    const lagging = await customerWith(apiA, 'Lagging Ltd', [[-3, 6]]); // started: must be active
    const suspended = await customerWith(apiA, 'Suspended Ltd', [[-3, 6]]);
    const fine = await customerWith(apiA, 'Fine Ltd', [[2, 6]]);
    await apiA.operate(suspended.id, 'suspend');
    await corrupt(a.code, drifted.id, 'active');
    await corrupt(a.code, lagging.id, 'pending');

    const off = await companyWithMember(admin, 'admin');
    const apiOff = crm(off.token, off.code);
    const frozen = await customerWith(apiOff, 'Frozen Ltd');
    await apiOff.settings({ crmAutoStatusSync: false });
    await corrupt(off.code, frozen.id, 'active');

    const tasks = await call('GET', '/api/admin/tasks', { token: admin });
    const task = tasks.body.find((t: { name: string }) => t.name === 'customer-status-sync');
    expect(task).toMatchObject({ cron: '0 2 * * *', timezone: 'Asia/Shanghai' });
    const due = Date.parse(task.nextRunAt);
    expect(new Date(due).getUTCHours()).toBe(18); // 02:00 in Shanghai

    await fireCron(due - 60_000);
    expect((await apiA.customer(drifted.id)).body.status).toBe('active'); // not due yet
    await fireCron(due);

    expect((await apiA.customer(drifted.id)).body.status).toBe('prospect');
    expect((await apiA.customer(lagging.id)).body.status).toBe('active');
    expect((await apiA.customer(suspended.id)).body.status).toBe('suspended');
    expect((await apiA.customer(fine.id)).body.status).toBe('pending');
    expect((await apiOff.customer(frozen.id)).body.status).toBe('active');
    expect((await apiA.history(lagging.id)).body.items[0]).toMatchObject({
      oldStatus: 'pending',
      newStatus: 'active',
      changeType: 'auto',
      event: 'nightly.reconcile',
      operator: 'system:customer-status-sync',
    });

    const history = await call('GET', '/api/admin/tasks/history?task=customer-status-sync', { token: admin });
    const [run] = history.body.items;
    expect(run).toMatchObject({ task: 'customer-status-sync', trigger: 'cron', status: 'succeeded' });
    expect(run.scheduledFor).toBe(new Date(due).toISOString());
    const report = run.result;
    expect(report.asOf).toBe(new Date(due).toISOString());
    expect(report.tenants).toBeGreaterThanOrEqual(2);
    expect(report.tenantsSkipped).toContain(off.code);
    expect(report.customersScanned).toBeGreaterThanOrEqual(5);
    expect(report.fixed).toBeGreaterThanOrEqual(2);
    expect(report.failures).toEqual([]);
    const mine = report.details.filter((d: { tenant: string }) => d.tenant === a.code);
    expect(mine).toEqual(
      expect.arrayContaining([
        {
          tenant: a.code,
          customerId: drifted.id,
          customerName: 'Drifted Ltd',
          oldStatus: 'active',
          newStatus: 'prospect',
        },
        {
          tenant: a.code,
          customerId: lagging.id,
          customerName: 'Lagging Ltd',
          oldStatus: 'pending',
          newStatus: 'active',
        },
      ]),
    );
    expect(mine).toHaveLength(2);
  });

  sweepNow('reconciles as of the scheduled time it is given', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    // Starts next month; pretend its boundary alarm was lost and the night after the 1st comes.
    const starting = await customerWith(api, 'Tomorrow Ltd', [[1, 2]]);
    const asOf = monthStart(monthFromNow(1), TZ) + 2 * 3_600_000;
    const report = (await customerStatusSync.handler({ env: env, runId: 'run_test', now: asOf })) as {
      details: { customerId: string; newStatus: string }[];
    };
    expect(report.details).toContainEqual(
      expect.objectContaining({ customerId: starting.id, newStatus: 'active' }),
    );
    expect((await api.customer(starting.id)).body.status).toBe('active');
  });

  it('caps the details it reports but always counts every fix; an admin can run it by hand', async () => {
    const { code, token } = await companyWithMember(admin);
    // One customer through the API (the Directory learns the tenant has CRM data), then 150 stored as
    // active without a contract, as legacy data would leave them: each must become a prospect again.
    await customerWith(crm(token, code), 'Announced Ltd');
    await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
      const now = Date.now();
      for (let i = 0; i < 150; i++) {
        actor.db
          .insert(crmCustomers)
          .values({
            id: `cus_drift_${i}`,
            name: `Drifted ${i}`,
            status: 'active',
            createdAt: now,
            updatedAt: now,
            updatedBy: 'test',
          })
          .run();
      }
    });
    const res = await call('POST', '/api/admin/tasks/customer-status-sync/run', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('succeeded');
    expect(res.body.result.fixed).toBeGreaterThanOrEqual(150);
    expect(res.body.result.details).toHaveLength(100);
    expect(res.body.result.detailsTruncated).toBe(true);
    const again = await call('POST', '/api/admin/tasks/customer-status-sync/run', { token: admin });
    expect(again.body.result.fixed).toBe(0);
  });

  it('reconciles every other tenant when one fails, and fails the run naming that one', async () => {
    const healthy = await companyWithMember(admin);
    const drifted = await customerWith(crm(healthy.token, healthy.code), 'Healthy Ltd');
    await corrupt(healthy.code, drifted.id, 'active');
    const broken = await companyWithMember(admin);
    await customerWith(crm(broken.token, broken.code), 'Broken Ltd', [[-1, 3]]);
    const setContractsReadable = (readable: boolean) =>
      runInDurableObject(tenantStub(broken.code), (_actor: TenantActor, state) => {
        state.storage.sql.exec(
          readable
            ? 'ALTER TABLE crm_contracts_gone RENAME TO crm_contracts'
            : 'ALTER TABLE crm_contracts RENAME TO crm_contracts_gone',
        );
      });
    await setContractsReadable(false);

    const failed = await call('POST', '/api/admin/tasks/customer-status-sync/run', { token: admin });
    expect(failed.status).toBe(200);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.error).toMatch(/^1 of \d+ tenants failed: /);
    const summary = JSON.parse(failed.body.error.replace(/^1 of \d+ tenants failed: /, ''));
    expect(summary.failures).toEqual([
      { tenant: broken.code, error: expect.stringContaining('crm_contracts') },
    ]);
    expect(summary.fixed).toBeGreaterThanOrEqual(1);
    expect((await crm(healthy.token, healthy.code).customer(drifted.id)).body.status).toBe('prospect');

    await setContractsReadable(true);
    const again = await call('POST', '/api/admin/tasks/customer-status-sync/run', { token: admin });
    expect(again.body).toMatchObject({ status: 'succeeded', result: { failures: [] } });
  });

  it('has no bench seeding endpoint in the production worker, and documents the CRM paths', async () => {
    const res = await call('POST', '/api/internal/bench/crm-seed', {
      headers: { 'x-service-token': 'test-service-token' },
      body: { tenant: 'anything', customers: 1 },
    });
    expect(res.status).toBe(404);
    const spec = await call('GET', '/openapi.json');
    expect(Object.keys(spec.body.paths)).not.toContain('/api/internal/bench/crm-seed');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/customers',
        '/api/customers/{id}',
        '/api/customers/{id}/{operation}',
        '/api/customers/{id}/status-history',
        '/api/retail-contracts',
        '/api/retail-contracts/{id}',
      ]),
    );
  });
});
