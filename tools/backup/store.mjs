// A Keel backup as a libSQL database: one table per actor table (`<actor>__<table>`, the actor's name in
// column `_key`), plus `_backup` (what, when, from where, complete or not), `_backup_tables` (each
// table's columns and CREATE statement), `_backup_actors` (every actor and its snapshot time) and, in an
// incremental backup, `_backup_deleted` (rows gone since its base).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { UserError } from './cli.mjs';

export const FORMAT = 'keel-backup/1';
/** The column that names the actor a row belongs to. */
export const KEY = '_key';
const q = (name) => `"${String(name).replaceAll('"', '""')}"`;

export const backupTable = (actor, table) => `${actor.replaceAll('-', '_')}__${table}`;

/** The local path of a `file:` URL (or a bare path), or null for a remote libSQL URL. */
export function localPath(url) {
  if (url.startsWith('file:')) return resolve(url.slice('file:'.length).replace(/^\/\/(?=\/)/, ''));
  if (/^(libsql|wss?|https?):/.test(url)) return null;
  return resolve(url);
}

/**
 * How rows of a table are told apart across backups: by primary key, or by every cell where there is
 * none or it holds NULL (SQLite allows that outside INTEGER PRIMARY KEY). Takes cells, answers a string.
 */
export function identityOf(columns) {
  const pk = columns
    .filter((c) => c.primaryKey > 0)
    .sort((a, b) => a.primaryKey - b.primaryKey)
    .map((c) => columns.indexOf(c));
  return (cells) => {
    const key = pk.map((i) => cells[i]);
    return JSON.stringify(pk.length && !key.includes(null) ? key : cells);
  };
}

/** Cells as the export sends them → values libSQL stores (blobs as bytes). */
export const toSql = (cell) =>
  cell !== null && typeof cell === 'object' ? new Uint8Array(Buffer.from(cell.base64, 'base64')) : cell;
/** Values libSQL answers → cells the import takes. */
export const toCell = (value) =>
  value instanceof ArrayBuffer || ArrayBuffer.isView(value)
    ? { base64: Buffer.from(value instanceof ArrayBuffer ? value : value.buffer).toString('base64') }
    : typeof value === 'bigint'
      ? Number(value)
      : value;

/**
 * A backup being written. Local files are written under a temporary name and renamed only once
 * complete, so an interrupted backup never leaves a file under the name of a finished one; a remote
 * database is marked `status = complete` last, and every reader refuses one that is not.
 */
export class BackupWriter {
  static async create(url, authToken) {
    const path = localPath(url);
    let temp = null;
    let clientUrl = url;
    if (path) {
      if (existsSync(path)) throw new UserError(`${path} exists already; choose another --to`);
      mkdirSync(dirname(path), { recursive: true });
      temp = `${path}.partial`;
      rmSync(temp, { force: true });
      rmSync(`${temp}-journal`, { force: true });
      clientUrl = pathToFileURL(temp).href;
    }
    const client = createClient({ url: clientUrl, authToken });
    if (!path) {
      const existing = await client.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_backup'",
      );
      if (existing.rows.length) throw new UserError(`${url} already holds a backup; give an empty database`);
    } else {
      // The file is not the backup until it is renamed: it need not survive a crash of this machine.
      await client.execute('PRAGMA synchronous = OFF');
    }
    await client.batch(
      [
        'CREATE TABLE _backup (name TEXT PRIMARY KEY, value TEXT)',
        'CREATE TABLE _backup_tables (actor TEXT NOT NULL, table_name TEXT NOT NULL, backup_table TEXT NOT NULL, columns TEXT NOT NULL, sql TEXT, PRIMARY KEY (actor, table_name))',
        'CREATE TABLE _backup_actors (actor TEXT NOT NULL, key TEXT NOT NULL, taken_at INTEGER NOT NULL, rows INTEGER NOT NULL, changed_rows INTEGER NOT NULL, deleted_rows INTEGER NOT NULL, PRIMARY KEY (actor, key))',
        'CREATE TABLE _backup_deleted (actor TEXT NOT NULL, key TEXT NOT NULL, table_name TEXT NOT NULL, row_key TEXT NOT NULL)',
      ],
      'write',
    );
    return new BackupWriter(client, path, temp);
  }

  constructor(client, path, temp) {
    this.client = client;
    this.path = path;
    this.temp = temp;
    /** actor → table name → { backupTable, columns } */
    this.schemas = new Map();
    this.queue = Promise.resolve();
  }

  /** Writes are serialised: exports run concurrently, the database takes one transaction at a time. */
  enqueue(fn) {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  setMeta(values) {
    return this.enqueue(() =>
      this.client.batch(
        Object.entries(values).map(([name, value]) => ({
          sql: 'INSERT INTO _backup (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
          args: [name, value === null || value === undefined ? null : String(value)],
        })),
        'write',
      ),
    );
  }

  /** Registers the tables of one actor kind (the first of its actors defines them; the rest must agree). */
  ensureTables(actor, tables) {
    let known = this.schemas.get(actor);
    const statements = [];
    if (!known) {
      known = new Map();
      this.schemas.set(actor, known);
    }
    for (const table of tables) {
      const columns = table.columns.map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notNull,
        primaryKey: c.primaryKey,
      }));
      const seen = known.get(table.name);
      if (seen) {
        if (JSON.stringify(seen.columns) !== JSON.stringify(columns)) {
          throw new UserError(
            `${actor}.${table.name} changed its columns during the backup (a deploy?); run it again`,
          );
        }
        continue;
      }
      if (columns.some((c) => c.name === KEY))
        throw new UserError(`${actor}.${table.name} has a column named ${KEY}`);
      const name = backupTable(actor, table.name);
      known.set(table.name, { backupTable: name, columns });
      statements.push(
        `CREATE TABLE ${q(name)} (${q(KEY)} TEXT NOT NULL, ${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`,
        {
          sql: 'INSERT INTO _backup_tables (actor, table_name, backup_table, columns, sql) VALUES (?, ?, ?, ?, ?)',
          args: [actor, table.name, name, JSON.stringify(columns), table.sql ?? null],
        },
      );
    }
    return statements.length ? this.enqueue(() => this.client.batch(statements, 'write')) : Promise.resolve();
  }

  /** Appends rows (cells as exported) of one actor's table, in one transaction. */
  writeRows(actor, key, table, rows) {
    if (rows.length === 0) return Promise.resolve();
    const { backupTable: name, columns } = this.schemas.get(actor).get(table);
    const width = columns.length + 1;
    const perStatement = Math.max(1, Math.min(500, Math.floor(30_000 / width)));
    const head = `INSERT INTO ${q(name)} (${[KEY, ...columns.map((c) => c.name)].map(q).join(', ')}) VALUES `;
    const statements = [];
    for (let i = 0; i < rows.length; i += perStatement) {
      const slice = rows.slice(i, i + perStatement);
      statements.push({
        sql: head + slice.map(() => `(${Array(width).fill('?').join(', ')})`).join(', '),
        args: slice.flatMap((row) => [key, ...row.map(toSql)]),
      });
    }
    return this.enqueue(() => this.client.batch(statements, 'write'));
  }

  writeDeleted(actor, key, table, rowKeys) {
    if (rowKeys.length === 0) return Promise.resolve();
    return this.enqueue(() =>
      this.client.batch(
        rowKeys.map((rowKey) => ({
          sql: 'INSERT INTO _backup_deleted (actor, key, table_name, row_key) VALUES (?, ?, ?, ?)',
          args: [actor, key, table, rowKey],
        })),
        'write',
      ),
    );
  }

  actorDone(actor, key, takenAt, rows, changedRows, deletedRows) {
    return this.enqueue(() =>
      this.client.execute({
        sql: 'INSERT INTO _backup_actors (actor, key, taken_at, rows, changed_rows, deleted_rows) VALUES (?, ?, ?, ?, ?, ?)',
        args: [actor, key, takenAt, rows, changedRows, deletedRows],
      }),
    );
  }

  /** Indexes for the readers, the completion mark, then (for a file) the rename that makes it a backup. */
  async finish(meta) {
    const statements = [];
    for (const tables of this.schemas.values()) {
      for (const { backupTable: name } of tables.values()) {
        statements.push(`CREATE INDEX ${q(`${name}__key`)} ON ${q(name)} (${q(KEY)})`);
      }
    }
    statements.push('CREATE INDEX _backup_deleted__key ON _backup_deleted (actor, key, table_name)');
    await this.enqueue(() => this.client.batch(statements, 'write'));
    await this.setMeta({ ...meta, status: 'complete' });
    this.client.close();
    if (this.path) {
      const fd = openSync(this.temp, 'r+');
      fsyncSync(fd);
      closeSync(fd);
      renameSync(this.temp, this.path);
    }
  }

  /** An interrupted or failed backup: the temporary file goes; a remote database keeps status `writing`. */
  abandon() {
    try {
      this.client.close();
    } catch {}
    if (this.temp) {
      rmSync(this.temp, { force: true });
      rmSync(`${this.temp}-journal`, { force: true });
    }
  }
}

/**
 * A finished backup opened for reading, with the chain of backups it builds on (an incremental one
 * holds only what changed since its base). `rowsOf` answers an actor's rows of one table as of this
 * backup, whatever the chain.
 */
export class BackupReader {
  static async open(url, authToken) {
    const path = localPath(url);
    if (path && !existsSync(path)) {
      const partial = existsSync(`${path}.partial`) ? ` (${path}.partial is an unfinished backup)` : '';
      throw new UserError(`no backup at ${path}${partial}`);
    }
    const client = createClient({ url: path ? pathToFileURL(path).href : url, authToken });
    let meta;
    try {
      const rows = (await client.execute('SELECT name, value FROM _backup')).rows;
      meta = Object.fromEntries(rows.map((r) => [r.name, r.value]));
    } catch {
      client.close();
      throw new UserError(`${url} is not a Keel backup`);
    }
    if (meta.format !== FORMAT)
      throw new UserError(`${url} is a backup of format ${meta.format}, not ${FORMAT}`);
    if (meta.status !== 'complete') {
      client.close();
      throw new UserError(
        `${url} is not complete (status ${meta.status}): the backup was interrupted or failed`,
      );
    }
    const base = meta.kind === 'incremental' ? await BackupReader.open(meta.base, authToken) : null;
    if (base && base.meta.id !== meta.base_id) {
      throw new UserError(
        `${meta.base} is not the backup ${url} was made against (expected id ${meta.base_id})`,
      );
    }
    const reader = new BackupReader(client, meta, base, url);
    await reader.load();
    return reader;
  }

  constructor(client, meta, base, url) {
    this.client = client;
    this.meta = meta;
    this.base = base;
    this.url = url;
  }

  async load() {
    this.tables = new Map();
    for (const r of (
      await this.client.execute(
        'SELECT actor, table_name, backup_table, columns, sql FROM _backup_tables ORDER BY actor, table_name',
      )
    ).rows) {
      if (!this.tables.has(r.actor)) this.tables.set(r.actor, []);
      this.tables.get(r.actor).push({
        name: r.table_name,
        backupTable: r.backup_table,
        columns: JSON.parse(r.columns),
        sql: r.sql,
      });
    }
    this.actors = (
      await this.client.execute(
        'SELECT actor, key, taken_at, rows, changed_rows, deleted_rows FROM _backup_actors ORDER BY actor, key',
      )
    ).rows.map((r) => ({
      actor: r.actor,
      key: r.key,
      takenAt: Number(r.taken_at),
      rows: Number(r.rows),
      changedRows: Number(r.changed_rows),
      deletedRows: Number(r.deleted_rows),
    }));
    if (this.base) {
      for (const [actor, tables] of this.tables) {
        const before = this.base.tables.get(actor);
        if (
          before &&
          JSON.stringify(before.map((t) => [t.name, t.columns])) !==
            JSON.stringify(tables.map((t) => [t.name, t.columns]))
        ) {
          throw new UserError(`${this.url}: the tables of ${actor} differ from its base backup's`);
        }
      }
    }
  }

  /** The earliest snapshot of any actor in the chain's newest backup: the restore's redelivery point. */
  get earliestSnapshotAt() {
    return Math.min(...this.actors.map((a) => a.takenAt));
  }

  tablesOf(actor) {
    return this.tables.get(actor) ?? [];
  }

  /** Rows (value arrays in column order) of `table` of actor `key`, as of this backup. */
  async rowsOf(actor, key, table) {
    const shape = this.tablesOf(actor).find((t) => t.name === table);
    if (!shape) return [];
    const own = (
      await this.client.execute({
        sql: `SELECT ${shape.columns.map((c) => q(c.name)).join(', ')} FROM ${q(shape.backupTable)} WHERE ${q(KEY)} = ? ORDER BY rowid`,
        args: [key],
      })
    ).rows.map((r) => Array.from({ length: shape.columns.length }, (_, i) => r[i]));
    if (!this.base) return own;
    const identity = identityOf(shape.columns);
    const keyOf = (row) => identity(row.map(toCell));
    const merged = new Map((await this.base.rowsOf(actor, key, table)).map((row) => [keyOf(row), row]));
    const deleted = await this.client.execute({
      sql: 'SELECT row_key FROM _backup_deleted WHERE actor = ? AND key = ? AND table_name = ?',
      args: [actor, key, table],
    });
    for (const r of deleted.rows) merged.delete(r.row_key);
    for (const row of own) merged.set(keyOf(row), row);
    return [...merged.values()];
  }

  close() {
    this.client.close();
    this.base?.close();
  }
}

/**
 * A full copy of the backup (an incremental one with its chain applied) in a temporary local file, for
 * SQL over it; a full local backup is answered as it is. `cleanup` removes what was made.
 */
export async function materialize(reader, { onActor } = {}) {
  if (!reader.base && localPath(reader.url))
    return { url: pathToFileURL(localPath(reader.url)).href, cleanup() {} };
  const path = join(tmpdir(), `keel-backup-${process.pid}-${Date.now()}.db`);
  const writer = await BackupWriter.create(pathToFileURL(path).href);
  for (const { actor, key, takenAt } of reader.actors) {
    const tables = reader.tablesOf(actor);
    await writer.ensureTables(actor, tables);
    let rows = 0;
    for (const table of tables) {
      const values = (await reader.rowsOf(actor, key, table.name)).map((row) => row.map(toCell));
      await writer.writeRows(actor, key, table.name, values);
      rows += values.length;
    }
    await writer.actorDone(actor, key, takenAt, rows, rows, 0);
    onActor?.(rows);
  }
  await writer.finish({ ...reader.meta, kind: 'full', materialized_from: reader.url });
  return { url: pathToFileURL(path).href, cleanup: () => rmSync(path, { force: true }) };
}
