// Backup benchmark (SPEC G4): `npm run backup` and `npm run restore` over 100 companies × 1 000 CRM
// customers, in rows per second (aim: ≥ 20 000); the restore goes into a second server started on fresh
// state. Seeding goes through the public API: the first company's customers one by one (POST
// /api/customers, the admin acting in it), the other companies' by the one batch API there is, the
// admin import (their CRM tables copied from the first company, everything else their own).
// BENCH_BACKUP_COMPANIES and BENCH_BACKUP_CUSTOMERS shrink the data set for a quick run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { backup } from '../backup/backup.mjs';
import { restore } from '../backup/restore.mjs';
import { startServer } from '../server.mjs';

const COMPANIES = Number(process.env.BENCH_BACKUP_COMPANIES ?? 100);
const CUSTOMERS = Number(process.env.BENCH_BACKUP_CUSTOMERS ?? 1_000);
const TARGET_ROWS_PER_SEC = 20_000;

/** Every table of a company's actor with all its rows, through the admin export. */
async function exportTables({ apiOk, adminToken }, key) {
  let tables = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({
      actor: 'tenant',
      key,
      limit: '10000',
      ...(cursor ? { cursor } : {}),
    });
    const page = (await apiOk('GET', `/api/admin/export?${query}`, { token: adminToken })).body;
    if (!cursor)
      tables = page.snapshot.tables.map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => c.name),
        rows: [],
      }));
    for (const chunk of page.chunks) tables.find((t) => t.name === chunk.table).rows.push(...chunk.rows);
    cursor = page.nextCursor;
  } while (cursor);
  return tables;
}

/** Replaces a company's tables through the admin import, in calls of up to 5 000 rows. */
async function importTables({ apiOk, adminToken }, key, tables) {
  const chunks = tables.flatMap((t) => {
    const out = [];
    for (let i = 0; i < t.rows.length; i += 5_000)
      out.push({ table: t.name, rows: t.rows.slice(i, i + 5_000) });
    return out;
  });
  let importId;
  for (let part = 0; ; part++) {
    const batch = chunks.splice(0, 1);
    const done = chunks.length === 0;
    const body = {
      actor: 'tenant',
      key,
      importId,
      part,
      tables: part === 0 ? tables.map((t) => ({ name: t.name, columns: t.columns })) : undefined,
      chunks: batch,
      done,
      force: true,
    };
    importId = (await apiOk('POST', '/api/admin/import', { token: adminToken, body })).body.importId;
    if (done) return;
  }
}

export default {
  title: 'backup',
  async setup() {
    return {};
  },
  scenarios() {
    return [];
  },
  async extras(ctx) {
    const { apiOk, adminToken, env, mapLimit } = ctx;
    const seedStarted = performance.now();
    const codes = Array.from({ length: COMPANIES }, (_, i) => `bench-bk-${String(i).padStart(3, '0')}`);
    await mapLimit(codes, 8, (code) =>
      apiOk('POST', '/api/admin/companies', {
        token: adminToken,
        body: { code, name: `Bench backup ${code}`, plan: 'enterprise' },
      }),
    );
    await mapLimit(
      Array.from({ length: CUSTOMERS }, (_, i) => i),
      16,
      (i) =>
        apiOk('POST', '/api/customers', {
          token: adminToken,
          tenant: codes[0],
          body: { name: `Bench customer ${i}`, contactName: '张三' },
        }),
    );
    const crm = (await exportTables(ctx, codes[0])).filter((t) => t.name.startsWith('crm_'));
    await mapLimit(codes.slice(1), 4, async (code) => {
      const own = await exportTables(ctx, code);
      const tables = own.map((t) => crm.find((c) => c.name === t.name) ?? t);
      await importTables(ctx, code, tables);
    });
    const seedSec = (performance.now() - seedStarted) / 1000;

    const scratch = mkdtempSync(join(tmpdir(), 'keel-bench-backup-'));
    const file = join(scratch, 'bench.db');
    let fresh;
    try {
      const saved = await backup({
        server: ctx.url,
        token: adminToken,
        to: `file:${file}`,
        'page-size': '5000',
        concurrency: '4',
        quiet: true,
      });
      fresh = await startServer({
        persistTo: join(scratch, 'fresh'),
        logLevel: 'error',
        vars: {
          LOG_LEVEL: 'warn',
          AUTH_SECRET: env.AUTH_SECRET,
          SUPERADMIN_PASSWORD: env.SUPERADMIN_PASSWORD,
          SERVICE_TOKEN: env.SERVICE_TOKEN,
        },
      });
      const restored = await restore({
        server: fresh.url,
        password: env.SUPERADMIN_PASSWORD,
        from: `file:${file}`,
        'rows-per-call': '5000',
        concurrency: '4',
        quiet: true,
      });
      const rate = (rows, seconds) => Math.round(rows / seconds);
      const sized = `${COMPANIES} companies × ${CUSTOMERS} customers`;
      return [
        { name: `seed ${sized} (public API)`, value: Number(seedSec.toFixed(1)), unit: 's' },
        {
          name: 'npm run backup',
          value: rate(saved.rows, saved.seconds),
          unit: 'rows/s',
          note: `${saved.rows} rows of ${saved.actors} actors in ${saved.seconds.toFixed(1)} s; aim ≥ ${TARGET_ROWS_PER_SEC}`,
        },
        {
          name: 'npm run restore (fresh server)',
          value: rate(restored.rows, restored.seconds),
          unit: 'rows/s',
          note: `${restored.rows} rows of ${restored.actors} actors in ${restored.seconds.toFixed(1)} s; aim ≥ ${TARGET_ROWS_PER_SEC}`,
        },
      ];
    } finally {
      await fresh?.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
