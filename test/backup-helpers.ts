import { runInDurableObject } from 'cloudflare:test';
import { call, tenantStub } from './helpers';

export interface ExportedTable {
  name: string;
  columns: { name: string; type: string; notNull: boolean; primaryKey: number }[];
  rows: unknown[][];
}

export interface ExportedActor {
  actor: string;
  key: string;
  takenAt: number;
  pages: number;
  tables: ExportedTable[];
}

/** Every page of one actor's export, through the admin route; `between` runs after each page but the last. */
export async function exportActor(
  token: string,
  actor: string,
  key: string,
  options: { limit?: number; between?: (page: number) => Promise<void> } = {},
): Promise<ExportedActor> {
  let cursor: string | null = null;
  let pages = 0;
  let tables: ExportedTable[] = [];
  let takenAt = 0;
  do {
    const query = new URLSearchParams({ actor, key, limit: String(options.limit ?? 2_000) });
    if (cursor) query.set('cursor', cursor);
    const res = await call('GET', `/api/admin/export?${query}`, { token });
    if (res.status !== 200) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`);
    if (pages === 0) {
      takenAt = res.body.snapshot.takenAt;
      tables = res.body.snapshot.tables.map((t: ExportedTable) => ({
        name: t.name,
        columns: t.columns,
        rows: [],
      }));
    }
    for (const chunk of res.body.chunks) tables.find((t) => t.name === chunk.table)!.rows.push(...chunk.rows);
    cursor = res.body.nextCursor;
    pages++;
    if (cursor && options.between) await options.between(pages);
  } while (cursor);
  return { actor, key, takenAt, pages, tables };
}

export const rowsOf = (exported: ExportedActor, table: string) =>
  exported.tables.find((t) => t.name === table)?.rows ?? [];

/** Writes an export back through the admin route in calls of at most `rowsPerCall` rows; answers the last reply. */
export async function importActor(
  token: string,
  exported: ExportedActor,
  options: { rowsPerCall?: number; force?: boolean; redeliverSince?: number; key?: string } = {},
) {
  const per = options.rowsPerCall ?? 5_000;
  const chunks = exported.tables.flatMap((t) => {
    const out: { table: string; rows: unknown[][] }[] = [];
    for (let i = 0; i < t.rows.length; i += per) out.push({ table: t.name, rows: t.rows.slice(i, i + per) });
    return out;
  });
  let importId: string | undefined;
  let part = 0;
  for (;;) {
    const batch = chunks.splice(0, 1);
    const done = chunks.length === 0;
    const res = await call('POST', '/api/admin/import', {
      token,
      body: {
        actor: exported.actor,
        key: options.key ?? exported.key,
        importId,
        part,
        tables:
          part === 0
            ? exported.tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }))
            : undefined,
        chunks: batch,
        done,
        force: options.force,
        redeliverSince: options.redeliverSince,
      },
    });
    if (done || res.status !== 200) return res;
    importId = res.body.importId;
    part++;
  }
}

/** Every table name SQLite holds in the tenant's actor. */
export async function sqliteTables(code: string): Promise<string[]> {
  return runInDurableObject(tenantStub(code), (_actor, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .toArray()
      .map((r) => r.name),
  );
}

/** Empties every table of a tenant's actor and its alarm, then restarts it: the actor as a fresh server has it. */
export async function wipeTenant(code: string): Promise<void> {
  await runInDurableObject(tenantStub(code), async (_actor, state) => {
    const sql = state.storage.sql;
    const names = sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_' AND substr(name, 1, 4) <> '_cf_' AND name <> '__drizzle_migrations'",
      )
      .toArray()
      .map((r) => r.name);
    state.storage.transactionSync(() => {
      for (const name of names) sql.exec(`DELETE FROM "${name}"`);
      sql.exec('DELETE FROM sqlite_sequence');
    });
    await state.storage.deleteAlarm();
  });
  await restart(code);
}

export async function restart(code: string): Promise<void> {
  try {
    await tenantStub(code).restartAfterRestore();
  } catch {}
}
