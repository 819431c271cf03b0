// `npm run backup`: copies every actor's data from a running Keel server into a libSQL database.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../server.mjs';
import { connect, SERVER_FLAGS } from './api.mjs';
import { eachLimit, onInterrupt, parseCommandLine, progress, runCommand, UserError } from './cli.mjs';
import { BackupReader, BackupWriter, FORMAT, identityOf, localPath, toCell } from './store.mjs';

const USAGE = `Usage: npm run backup -- [options]

Copies every actor of a running Keel server (the Directory, every company, device node and lawyer — every
table of each, read from the server's own schema) into a libSQL database, each actor as of one moment.
A local file is written as <name>.partial and renamed when complete.`;

export const BACKUP_FLAGS = {
  ...SERVER_FLAGS,
  to: {
    type: 'string',
    value: 'url',
    help: 'Where to write: file:<path> (default file:backups/keel-<time>.db) or a libSQL/Turso URL (libsql://…)',
  },
  'auth-token': {
    type: 'string',
    help: 'The libSQL auth token of a remote --to or --since (env LIBSQL_AUTH_TOKEN)',
  },
  since: {
    type: 'string',
    value: 'backup',
    help: 'Make an incremental backup: only rows added, changed or removed since this earlier backup (full or incremental)',
  },
  'page-size': { type: 'string', value: 'rows', default: '5000', help: 'Rows per export page' },
  concurrency: { type: 'string', value: 'n', default: '4', help: 'Actors exported at once' },
  quiet: { type: 'boolean', short: 'q', default: false, help: 'No progress bars or summary' },
};

const timestamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const positive = (name, text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a positive whole number`);
  return n;
};

/** Backs up the server named by `values` (the parsed flags); answers the summary. */
export async function backup(values) {
  const pageSize = positive('page-size', values['page-size']);
  const concurrency = positive('concurrency', values.concurrency);
  const to = values.to ?? `file:backups/keel-${timestamp()}.db`;
  const authToken = values['auth-token'] ?? process.env.LIBSQL_AUTH_TOKEN;
  const { server, api } = await connect(values);
  const base = values.since ? await BackupReader.open(sinceUrl(values.since), authToken) : null;
  const writer = await BackupWriter.create(to, authToken);
  const stopListening = onInterrupt(() => writer.abandon());
  const bars = progress(values);
  const startedAt = Date.now();
  const summary = { to: localPath(to) ?? to, actors: 0, rows: 0, changedRows: 0, deletedRows: 0, seconds: 0 };
  try {
    await writer.setMeta({
      format: FORMAT,
      id: randomUUID(),
      keel_version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      server,
      started_at: startedAt,
      status: 'writing',
      kind: base ? 'incremental' : 'full',
      base: base ? canonical(base.url) : null,
      base_id: base ? base.meta.id : null,
    });
    const { actors: kinds } = await api('GET', '/api/admin/export/actors');
    const takenAt = [];
    const names = new KeyNames(kinds);
    for (const kind of kinds) {
      const keys = kind.keys ?? names.of(kind.keysFrom);
      const bar = bars.phase(kind.actor, keys.length);
      await eachLimit(keys, concurrency, async (key) => {
        const result = await exportActor({ api, writer, base, names, actor: kind.actor, key, pageSize, bar });
        takenAt.push(result.takenAt);
        summary.actors++;
        summary.rows += result.rows;
        summary.changedRows += result.changedRows;
        summary.deletedRows += result.deletedRows;
        bar.tick(0);
      });
      bar.done();
    }
    summary.seconds = (Date.now() - startedAt) / 1000;
    await writer.finish({
      finished_at: Date.now(),
      earliest_snapshot_at: takenAt.length ? Math.min(...takenAt) : startedAt,
      actors: summary.actors,
      rows: summary.rows,
    });
  } catch (err) {
    writer.abandon();
    throw err;
  } finally {
    bars.stop();
    stopListening();
    base?.close();
  }
  return summary;
}

/** A bare path given to --since is a local file. */
const sinceUrl = (since) => (/^[a-z]+:/.test(since) ? since : `file:${since}`);
/** A local base is recorded by its absolute file URL, so the chain resolves from any folder. */
const canonical = (url) => (localPath(url) ? pathToFileURL(localPath(url)).href : url);

/**
 * The names of the actors of each kind, collected from the rows of the actors exported before them (every
 * row, also those an incremental backup does not write): a column of a table, such as the Directory's
 * company codes.
 */
class KeyNames {
  constructor(kinds) {
    this.sources = kinds.filter((k) => k.keysFrom).map((k) => ({ ...k.keysFrom, names: new Set() }));
  }

  /** Notes the names in one exported chunk of `actor`'s table. */
  see(actor, table, chunk) {
    for (const source of this.sources) {
      if (source.actor !== actor || source.table !== chunk.table) continue;
      const column = table.columns.findIndex((c) => c.name === source.column);
      if (column < 0) continue;
      for (const row of chunk.rows) if (row[column] !== null) source.names.add(String(row[column]));
    }
  }

  of(source) {
    const found = this.sources.find(
      (s) => s.actor === source.actor && s.table === source.table && s.column === source.column,
    );
    return [...(found?.names ?? [])].sort();
  }
}

/**
 * Reads every page of one actor's export and writes it; with a base backup, writes only the rows that
 * differ from it and notes the ones it no longer has.
 */
async function exportActor({ api, writer, base, names, actor, key, pageSize, bar }) {
  const query = (cursor) =>
    `/api/admin/export?${new URLSearchParams({ actor, key, limit: String(pageSize), ...(cursor ? { cursor } : {}) })}`;
  let page = await api('GET', query(null));
  const tables = page.snapshot.tables;
  await writer.ensureTables(actor, tables);
  const diff = base ? new Map() : null;
  let rows = 0;
  let changedRows = 0;
  for (;;) {
    for (const chunk of page.chunks) {
      rows += chunk.rows.length;
      const table = tables.find((t) => t.name === chunk.table);
      names.see(actor, table, chunk);
      let kept = chunk.rows;
      if (diff) kept = await changedOnly(diff, base, actor, key, table, chunk.rows);
      changedRows += kept.length;
      await writer.writeRows(actor, key, chunk.table, kept);
      bar.rows(chunk.rows.length);
    }
    if (!page.nextCursor) break;
    page = await api('GET', query(page.nextCursor));
  }
  let deletedRows = 0;
  if (diff) {
    for (const table of tables) {
      const left = diff.get(table.name) ?? (await baseRows(base, actor, key, table));
      const gone = [...left.keys()];
      deletedRows += gone.length;
      await writer.writeDeleted(actor, key, table.name, gone);
    }
  }
  await writer.actorDone(actor, key, page.snapshot.takenAt, rows, diff ? changedRows : rows, deletedRows);
  return { takenAt: page.snapshot.takenAt, rows, changedRows: diff ? changedRows : rows, deletedRows };
}

/** The base's rows of one table, by identity → the row as JSON. */
async function baseRows(base, actor, key, table) {
  const identity = identityOf(table.columns);
  const rows = await base.rowsOf(actor, key, table.name);
  return new Map(
    rows.map((row) => {
      const cells = row.map(toCell);
      return [identity(cells), JSON.stringify(cells)];
    }),
  );
}

/** The rows that are new or differ from the base; each row seen is struck off the base's list. */
async function changedOnly(diff, base, actor, key, table, rows) {
  if (!diff.has(table.name)) diff.set(table.name, await baseRows(base, actor, key, table));
  const left = diff.get(table.name);
  const identity = identityOf(table.columns);
  return rows.filter((row) => {
    const id = identity(row);
    const before = left.get(id);
    left.delete(id);
    return before !== JSON.stringify(row);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCommand(async () => {
    const { values } = parseCommandLine(process.argv.slice(2), { usage: USAGE, flags: BACKUP_FLAGS });
    const summary = await backup(values);
    if (!values.quiet) {
      const rate = Math.round(summary.rows / Math.max(summary.seconds, 0.001));
      const delta = values.since
        ? ` (${summary.changedRows} changed, ${summary.deletedRows} removed since the base)`
        : '';
      console.log(
        `${summary.to}: ${summary.actors} actors, ${summary.rows} rows${delta} in ${summary.seconds.toFixed(1)} s (${rate} rows/s)`,
      );
    }
  });
}
