import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_TTL_MS } from '../../durable-objects/backup/restore';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { monthStart } from '../../lib/zoned';
import {
  type ExportedActor,
  exportActor,
  importActor,
  rowsOf,
  sqliteTables,
  wipeTenant,
} from '../backup-helpers';
import { crm, customerWith, monthFromNow, setClock, TZ } from '../crm-helpers';
import { allocateDevice, eventually, nodeWithDevices, releaseDevice, topUp } from '../devices-helpers';
import { adminToken, call, companyWithMember, tenantStub } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

/** A company with customers in three states, contracts, a wallet and a charged device allocation. */
async function seededCompany() {
  const company = await companyWithMember(admin, 'admin');
  const { code, token, user } = company;
  const api = crm(token, code);
  const active = await customerWith(api, '华东钢铁有限公司', [[-1, 6]]);
  const pending = await customerWith(api, 'Pending Ltd', [[1, 3]]);
  const prospect = await customerWith(api, 'Prospect Ltd');
  await api.operate(active.id, 'suspend', { reason: 'audit' });
  await topUp(admin, code, user.id, 10_000);
  const alloc = await allocateDevice(token, code);
  expect(alloc.status, JSON.stringify(alloc.body)).toBe(201);
  await releaseDevice(token, code, { allocationId: alloc.body.allocationId });
  await eventually(async () => {
    expect((await call('GET', '/api/billing/usage', { token, tenant: code })).body.total).toBe(1);
  });
  return { ...company, api, ids: [active.id, pending.id, prospect.id], pendingId: pending.id };
}

/** What the company's members and its administrator see through the API. */
async function answers(token: string, code: string, ids: string[]) {
  const get = async (path: string) => {
    const res = await call('GET', path, { token, tenant: code });
    return { status: res.status, body: res.body };
  };
  const out: Record<string, unknown> = {};
  for (const path of [
    '/api/customers?pageSize=100',
    '/api/retail-contracts?pageSize=100',
    '/api/tenant/settings',
    '/api/billing/balance',
    '/api/billing/usage',
    '/api/scheduler/allocations',
    ...ids.flatMap((id) => [`/api/customers/${id}`, `/api/customers/${id}/status-history`]),
  ])
    out[path] = await get(path);
  return out;
}

const alarmOf = (code: string) =>
  runInDurableObject(tenantStub(code), (_actor, state) => state.storage.getAlarm());

describe('restore of one actor (SPEC G4)', () => {
  it('brings a wiped company back with every answer equal, and its month boundary still fires', async () => {
    await nodeWithDevices(admin, 1);
    const { code, token, ids, pendingId, api } = await seededCompany();
    const before = await answers(token, code, ids);
    const backup = await exportActor(admin, 'tenant', code, { limit: 7 });

    await wipeTenant(code);
    expect((await call('GET', '/api/customers', { token, tenant: code })).status).toBe(404);
    expect(await alarmOf(code)).toBeNull();

    const restored = await importActor(admin, backup, { rowsPerCall: 4 });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.committed).toBe(true);
    expect(await answers(token, code, ids)).toEqual(before);
    // In one call into an actor with nothing to lose, the rows go straight in: the same answers.
    await wipeTenant(code);
    const direct = await importActor(admin, backup);
    expect(direct.body).toMatchObject({
      committed: true,
      staged: backup.tables.reduce((n, t) => n + t.rows.length, 0),
    });
    expect(await answers(token, code, ids)).toEqual(before);
    // Nothing of the restore is left behind in the actor.
    expect(
      (await sqliteTables(code)).filter((n) => n.startsWith('_backup_') && n !== '_backup_scratch'),
    ).toEqual([]);

    // The alarm is armed again from the restored jobs, and the boundary fires on time.
    const jobs = rowsOf(backup, '_jobs');
    const dueAt = Math.min(...jobs.map((row) => row[2] as number));
    expect(await alarmOf(code)).toBe(dueAt);
    const boundary = monthStart(monthFromNow(1), TZ);
    expect(jobs.find((row) => row[0] === 'crm.boundary')?.[2]).toBe(boundary);
    await setClock(code, boundary);
    await runDurableObjectAlarm(tenantStub(code));
    expect((await api.customer(pendingId)).body.status).toBe('active');
  });

  it('carries a table no code here knows of, blobs and number types as they were', async () => {
    const { code, token } = await companyWithMember(admin);
    await customerWith(crm(token, code), 'Kept Ltd');
    const bytes = [0, 1, 2, 250, 255];
    await runInDurableObject(tenantStub(code), (_actor, state) => {
      const sql = state.storage.sql;
      sql.exec('CREATE TABLE module_files (id INTEGER PRIMARY KEY, name TEXT, body BLOB, size REAL, n)');
      sql.exec(
        'INSERT INTO module_files (name, body, size, n) VALUES (?, ?, ?, ?)',
        'a.bin',
        new Uint8Array(bytes).buffer,
        2.5,
        7,
      );
      sql.exec("INSERT INTO module_files (name, body, size, n) VALUES ('b.txt', NULL, 3, 'text')");
    });
    const backup = await exportActor(admin, 'tenant', code);
    expect(rowsOf(backup, 'module_files')[0]).toEqual([1, 'a.bin', { base64: 'AAEC+v8=' }, 2.5, 7]);
    await wipeTenant(code);
    expect((await importActor(admin, backup)).status).toBe(200);
    const rows = await runInDurableObject(tenantStub(code), (_actor, state) =>
      state.storage.sql
        .exec(
          'SELECT id, name, body, size, typeof(size) AS st, n, typeof(n) AS nt FROM module_files ORDER BY id',
        )
        .toArray()
        .map((r) => ({ ...r, body: r.body === null ? null : [...new Uint8Array(r.body as ArrayBuffer)] })),
    );
    expect(rows).toEqual([
      { id: 1, name: 'a.bin', body: bytes, size: 2.5, st: 'real', n: 7, nt: 'integer' },
      { id: 2, name: 'b.txt', body: null, size: 3, st: 'real', n: 'text', nt: 'text' },
    ]);
    expect((await crm(token, code).listCustomers()).body.total).toBe(1);
  });

  it('refuses to discard newer data unless forced, and then replaces it', async () => {
    const { code, token, ids, api } = await seededCompany();
    const before = await answers(token, code, ids);
    const backup = await exportActor(admin, 'tenant', code);
    const later = await customerWith(api, 'Signed after the backup');

    const refused = await importActor(admin, backup);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('RESTORE_WOULD_DISCARD');
    expect(refused.body.error.details.tables).toEqual(
      expect.arrayContaining([{ table: 'crm_customers', rows: 1 }]),
    );
    expect((await api.customer(later.id)).status).toBe(200);

    const forced = await importActor(admin, backup, { force: true });
    expect(forced.status).toBe(200);
    expect((await api.customer(later.id)).status).toBe(404);
    expect(await answers(token, code, ids)).toEqual(before);
  });

  it('restores over an unchanged actor without force: nothing would be lost', async () => {
    const { code, token, ids } = await seededCompany();
    const before = await answers(token, code, ids);
    const backup = await exportActor(admin, 'tenant', code);
    const res = await importActor(admin, backup);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.tables.find((t: { table: string }) => t.table === 'crm_customers').rows).toBe(3);
    expect(await answers(token, code, ids)).toEqual(before);
  });

  it('changes nothing until its last call; an import left unfinished expires', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    await customerWith(api, 'Kept Ltd');
    const backup = await exportActor(admin, 'tenant', code);
    await wipeTenant(code);
    const tables = backup.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
    const first = await call('POST', '/api/admin/import', {
      token: admin,
      body: {
        actor: 'tenant',
        key: code,
        part: 0,
        tables,
        chunks: [{ table: 'profile', rows: rowsOf(backup, 'profile') }],
        done: false,
      },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ committed: false, staged: 1 });
    expect((await call('GET', '/api/tenant', { token, tenant: code })).status).toBe(404);

    const repeated = await call('POST', '/api/admin/import', {
      token: admin,
      body: { actor: 'tenant', key: code, importId: first.body.importId, part: 0, chunks: [], done: false },
    });
    expect(repeated.body).toMatchObject({ staged: 1, committed: false });
    const skipped = await call('POST', '/api/admin/import', {
      token: admin,
      body: { actor: 'tenant', key: code, importId: first.body.importId, part: 5, chunks: [], done: true },
    });
    expect(skipped.status).toBe(409);
    expect(skipped.body.error.code).toBe('IMPORT_OUT_OF_ORDER');
    // A refused call ends the import, and nothing was written.
    const after = await call('POST', '/api/admin/import', {
      token: admin,
      body: { actor: 'tenant', key: code, importId: first.body.importId, part: 1, chunks: [], done: true },
    });
    expect(after.status).toBe(410);
    expect((await call('GET', '/api/tenant', { token, tenant: code })).status).toBe(404);

    const second = await call('POST', '/api/admin/import', {
      token: admin,
      body: { actor: 'tenant', key: code, part: 0, tables, chunks: [], done: false },
    });
    expect((await sqliteTables(code)).some((n) => n.startsWith(`_backup_${second.body.importId}`))).toBe(
      true,
    );
    await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
      actor.timeShiftMs = IMPORT_TTL_MS + 1_000;
    });
    await runDurableObjectAlarm(tenantStub(code));
    expect((await sqliteTables(code)).some((n) => n.startsWith(`_backup_${second.body.importId}`))).toBe(
      false,
    );
    const expired = await call('POST', '/api/admin/import', {
      token: admin,
      body: { actor: 'tenant', key: code, importId: second.body.importId, part: 1, chunks: [], done: true },
    });
    expect(expired.body.error.code).toBe('IMPORT_GONE');
  });

  it('refuses a backup of another schema, naming the difference', async () => {
    const { code, token } = await companyWithMember(admin);
    await customerWith(crm(token, code), 'Kept Ltd');
    const backup = await exportActor(admin, 'tenant', code);
    const altered: ExportedActor = {
      ...backup,
      tables: backup.tables.map((t) =>
        t.name === 'crm_customers' ? { ...t, columns: [...t.columns, { ...t.columns[1]!, name: 'vip' }] } : t,
      ),
    };
    const columns = await importActor(admin, altered);
    expect(columns.status).toBe(409);
    expect(columns.body.error).toMatchObject({ code: 'BACKUP_SCHEMA_MISMATCH' });
    expect(columns.body.error.details.differences).toEqual([
      expect.objectContaining({ table: 'crm_customers', problem: 'columns differ' }),
    ]);

    const migrations: ExportedActor = {
      ...backup,
      tables: backup.tables.map((t) =>
        t.name === '__drizzle_migrations' ? { ...t, rows: t.rows.slice(0, -1) } : t,
      ),
    };
    const older = await importActor(admin, migrations, { force: true });
    expect(older.status).toBe(409);
    expect(older.body.error.code).toBe('BACKUP_SCHEMA_MISMATCH');
    expect(older.body.error.details.serverMigrations).toHaveLength(
      rowsOf(backup, '__drizzle_migrations').length,
    );
  });

  it('names a bad import field and a row of the wrong shape', async () => {
    const { code } = await companyWithMember(admin);
    const backup = await exportActor(admin, 'tenant', code);
    const tables = backup.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
    const send = (body: Record<string, unknown>) =>
      call('POST', '/api/admin/import', {
        token: admin,
        body: { actor: 'tenant', key: code, part: 0, ...body },
      });
    expect((await send({ chunks: [], done: true })).body.error.details.fields[0].path).toBe('body.tables');
    const unknown = await send({ tables, chunks: [{ table: 'nope', rows: [] }], done: true });
    expect(unknown.body.error.details.fields[0].path).toBe('body.chunks.0.table');
    const short = await send({ tables, chunks: [{ table: 'profile', rows: [[1]] }], done: true });
    expect(short.body.error.details.fields[0].path).toBe('body.chunks.0.rows.0');
    const typed = await send({ tables, chunks: [{ table: 'profile', rows: [[true]] }], done: true });
    expect(typed.status).toBe(400);
    expect(typed.body.error.details.fields[0].path).toMatch(/^body\.chunks\.0\.rows\.0\.0/);
  });

  it('sends again the messages delivered since the backup began, which receivers apply once', async () => {
    const { code, token, company } = await companyWithMember(admin);
    const startedAt = Date.now();
    await customerWith(crm(token, code), 'First customer');
    const backup = await exportActor(admin, 'tenant', code);
    const delivered = rowsOf(backup, '_outbox').filter((r) => r.includes('delivered'));
    expect(delivered.length).toBeGreaterThan(0);
    await wipeTenant(code);
    const res = await importActor(admin, backup, { redeliverSince: startedAt });
    expect(res.body.redelivered).toBe(delivered.length);
    // Delivered again (the Directory already had them): nothing is left pending.
    await eventually(async () => {
      const again = await exportActor(admin, 'tenant', code);
      expect(rowsOf(again, '_outbox').filter((r) => r.includes('pending'))).toEqual([]);
    });

    // The other way: the Directory sends the company's replica messages again.
    const sent = await call('POST', '/api/admin/import/redeliver', {
      token: admin,
      body: {
        actor: 'directory',
        key: 'global',
        to: { actor: 'tenant', key: code },
        since: startedAt - 60_000,
      },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.requeued).toBeGreaterThanOrEqual(2);
    const view = await call('GET', '/api/tenant', { token, tenant: code });
    expect(view.body.id).toBe(company.id);
  });
});
