import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_TTL_MS } from '../../durable-objects/backup/snapshots';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { exportActor, rowsOf, sqliteTables } from '../backup-helpers';
import { crm, customerWith } from '../crm-helpers';
import { adminToken, call, companyWithMember, platformAdmin, tenantStub } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('export of one actor (SPEC G4)', () => {
  it('is for super administrators only', async () => {
    const { code } = await companyWithMember(admin);
    const path = `/api/admin/export?actor=tenant&key=${code}`;
    expect((await call('GET', path)).status).toBe(401);
    const support = await platformAdmin(admin, 'support');
    expect((await call('GET', path, { token: support.token })).body.error.code).toBe('PERMISSION_DENIED');
    expect((await call('GET', '/api/admin/export/actors', { token: support.token })).status).toBe(403);
    const { token: member } = await companyWithMember(admin);
    expect((await call('GET', path, { token: member })).status).toBe(403);
  });

  it('carries every table the actor has, read from its schema, internal tables included', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    await customerWith(api, 'Pending Ltd', [[1, 3]]);
    const exported = await exportActor(admin, 'tenant', code);
    const names = exported.tables.map((t) => t.name);
    const own = (await sqliteTables(code)).filter((n) => !n.startsWith('_backup_') && !n.startsWith('_cf_'));
    expect(names).toEqual(own);
    expect(names).toEqual(
      expect.arrayContaining(['_jobs', '_outbox', '_inbox', '__drizzle_migrations', 'crm_customers']),
    );
    const customers = exported.tables.find((t) => t.name === 'crm_customers')!;
    expect(customers.columns.find((c) => c.primaryKey === 1)?.name).toBe('id');
    expect(customers.rows).toHaveLength(1);
    expect(customers.rows[0]).toContain('Pending Ltd');
    // The pending customer's month boundary is a job: a restore needs it to fire.
    expect(rowsOf(exported, '_jobs').map((r) => r[0])).toContain('crm.boundary');
    // The last page dropped the snapshot.
    expect((await sqliteTables(code)).filter((n) => /^_backup_snap/.test(n))).toEqual([]);
  });

  it('is as of one moment: writes between pages do not show, the next export has them', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    for (let i = 0; i < 6; i++) await customerWith(api, `Before ${i}`);
    const first = (await api.listCustomers()).body.items.map((c: { id: string }) => c.id).sort();
    let added: string | undefined;
    let renamed: string | undefined;
    const exported = await exportActor(admin, 'tenant', code, {
      limit: 3,
      between: async (page) => {
        if (page === 1) added = (await customerWith(api, 'During')).id;
        if (page === 2) {
          renamed = first[5];
          await api.updateCustomer(renamed!, { name: 'Renamed during' });
          await api.deleteCustomer(first[4]!);
        }
      },
    });
    expect(exported.pages).toBeGreaterThan(3);
    const customers = rowsOf(exported, 'crm_customers');
    const ids = customers.map((r) => r[0]).sort();
    expect(ids).toEqual(first);
    expect(ids).not.toContain(added);
    expect(customers.find((r) => r[0] === renamed)).not.toContain('Renamed during');
    const history = rowsOf(exported, 'crm_status_history');
    expect(history).toHaveLength(6);

    const later = await exportActor(admin, 'tenant', code);
    const now = rowsOf(later, 'crm_customers');
    expect(now.map((r) => r[0])).toContain(added);
    expect(now.map((r) => r[0])).not.toContain(first[4]);
    expect(now.find((r) => r[0] === renamed)).toContain('Renamed during');
  });

  it('drops a snapshot nobody finishes reading, and then refuses its cursor', async () => {
    const { code, token } = await companyWithMember(admin);
    for (let i = 0; i < 3; i++) await customerWith(crm(token, code), `C${i}`);
    const first = await call('GET', `/api/admin/export?actor=tenant&key=${code}&limit=2`, { token: admin });
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect((await sqliteTables(code)).some((n) => n.startsWith('_backup_snap'))).toBe(true);

    await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
      actor.timeShiftMs = SNAPSHOT_TTL_MS + 1_000;
    });
    await runDurableObjectAlarm(tenantStub(code));
    expect((await sqliteTables(code)).some((n) => n.startsWith('_backup_snap'))).toBe(false);
    const gone = await call(
      'GET',
      `/api/admin/export?actor=tenant&key=${code}&cursor=${first.body.nextCursor}`,
      {
        token: admin,
      },
    );
    expect(gone.status).toBe(410);
    expect(gone.body.error.code).toBe('EXPORT_SNAPSHOT_GONE');
  });

  it('keeps a snapshot alive while it is read', async () => {
    const { code, token } = await companyWithMember(admin);
    for (let i = 0; i < 3; i++) await customerWith(crm(token, code), `C${i}`);
    const first = await call('GET', `/api/admin/export?actor=tenant&key=${code}&limit=2`, { token: admin });
    await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
      actor.timeShiftMs = SNAPSHOT_TTL_MS - 60_000;
    });
    const second = await call(
      'GET',
      `/api/admin/export?actor=tenant&key=${code}&limit=2&cursor=${first.body.nextCursor}`,
      {
        token: admin,
      },
    );
    expect(second.status).toBe(200);
    // Past the first deadline, but within the one the second page set: the alarm keeps it.
    await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
      actor.timeShiftMs = SNAPSHOT_TTL_MS + 60_000;
    });
    await runDurableObjectAlarm(tenantStub(code));
    const third = await call(
      'GET',
      `/api/admin/export?actor=tenant&key=${code}&limit=2&cursor=${second.body.nextCursor}`,
      {
        token: admin,
      },
    );
    expect(third.status).toBe(200);
  });

  it('names a bad cursor, actor or limit as the field it is', async () => {
    const { code } = await companyWithMember(admin);
    const bad = async (query: string) =>
      (await call('GET', `/api/admin/export?${query}`, { token: admin })).body.error.details.fields[0].path;
    expect(await bad(`actor=tenant&key=${code}&cursor=nonsense`)).toBe('query.cursor');
    const unknown = await call('GET', `/api/admin/export?actor=tenant&key=${code}&cursor=snap_abc.0.0`, {
      token: admin,
    });
    expect(unknown.body.error.code).toBe('EXPORT_SNAPSHOT_GONE');
    expect(await bad(`actor=castle&key=${code}`)).toBe('query.actor');
    expect(await bad(`actor=tenant&key=${code}&limit=0`)).toBe('query.limit');
    expect(await bad('actor=tenant')).toBe('query.key');
  });

  it('lists the actor kinds with where their names come from', async () => {
    const res = await call('GET', '/api/admin/export/actors', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.actors[0]).toEqual({ actor: 'directory', keys: ['global'] });
    expect(res.body.actors.find((a: { actor: string }) => a.actor === 'tenant').keysFrom).toEqual({
      actor: 'directory',
      table: 'tenants',
      column: 'code',
    });
  });
});
