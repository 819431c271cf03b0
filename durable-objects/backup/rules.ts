/**
 * What a backup of an actor is made of, decided from table names and column lists alone: which tables
 * travel, which a restore compares before overwriting, how a page cursor and a cell are written.
 * Pure, so the rules read in one place and are tested without an actor.
 */

/** Every table the backup machinery creates for itself starts so; none of them is ever exported. */
export const SCRATCH_PREFIX = '_backup_';
export const MIGRATIONS_TABLE = '__drizzle_migrations';
export const SEQUENCE_TABLE = 'sqlite_sequence';

/**
 * Bookkeeping that moves on its own (timed jobs, message keys, the migration journal, AUTOINCREMENT
 * counters). A restore carries it, but a difference in it is no sign of data the backup would lose:
 * every change that matters also changed a table of the actor's business.
 */
const BOOKKEEPING = new Set(['_jobs', '_outbox', '_inbox', MIGRATIONS_TABLE, SEQUENCE_TABLE]);

/** A table is exported unless SQLite, the platform (`_cf_`) or the backup itself owns it. */
export function isExported(table: string): boolean {
  if (table === SEQUENCE_TABLE) return true;
  return !(table.startsWith('sqlite_') || table.startsWith('_cf_') || table.startsWith(SCRATCH_PREFIX));
}

/** Does a restore refuse (without `force`) when the actor holds rows of this table the backup lacks? */
export function guardsAgainstDiscard(table: string): boolean {
  return !BOOKKEEPING.has(table);
}

/** SQLite's identifier quoting: any table or column name becomes one safe token. */
export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface Cursor {
  snapshot: string;
  /** Index of the table in the snapshot's table list. */
  table: number;
  /** The last row already sent (the snapshot copy's rowid). */
  after: number;
}

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.snapshot}.${cursor.table}.${cursor.after}`;
}

/** The cursor in `text`, or null when it is not one this module wrote. */
export function decodeCursor(text: string): Cursor | null {
  const match = /^([a-z0-9_]{1,64})\.(\d{1,6})\.(-?\d{1,19})$/.exec(text);
  if (!match) return null;
  const after = Number(match[3]);
  if (!Number.isSafeInteger(after)) return null;
  return { snapshot: match[1]!, table: Number(match[2]), after };
}

/** A value of a cell as it travels in JSON: blobs as base64, everything else as SQLite gave it. */
export type Cell = string | number | null | { base64: string };
export type SqlValue = string | number | null | ArrayBuffer;

export function encodeCell(value: SqlValue): Cell {
  if (!(value instanceof ArrayBuffer)) return value;
  let binary = '';
  for (const byte of new Uint8Array(value)) binary += String.fromCharCode(byte);
  return { base64: btoa(binary) };
}

/**
 * A cell as SQLite's JSON functions can write it back: blobs as `{hex}` (SQLite decodes hex, not
 * base64), everything else as it is.
 */
export function sqliteJsonCell(cell: Cell): string | number | null | { hex: string } {
  if (cell === null || typeof cell !== 'object') return cell;
  const binary = atob(cell.base64);
  let hex = '';
  for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0');
  return { hex };
}

export interface TableColumns {
  name: string;
  columns: string[];
}

export interface SchemaDifference {
  table: string;
  problem: 'missing on the server' | 'missing in the backup' | 'columns differ';
  backup?: string[];
  server?: string[];
}

/**
 * Where the backup's tables and the server's disagree. Column order does not matter (rows are written
 * by column name); a missing or extra table or column does.
 */
export function schemaDifferences(backup: TableColumns[], server: TableColumns[]): SchemaDifference[] {
  const onServer = new Map(server.map((t) => [t.name, t.columns]));
  const inBackup = new Set(backup.map((t) => t.name));
  const out: SchemaDifference[] = [];
  for (const table of backup) {
    const columns = onServer.get(table.name);
    if (!columns) out.push({ table: table.name, problem: 'missing on the server' });
    else if ([...columns].sort().join('\n') !== [...table.columns].sort().join('\n'))
      out.push({ table: table.name, problem: 'columns differ', backup: table.columns, server: columns });
  }
  for (const table of server) {
    if (!inBackup.has(table.name)) out.push({ table: table.name, problem: 'missing in the backup' });
  }
  return out;
}

/** Both sides applied the same migrations (drizzle records each by its journal time). */
export function sameMigrations(backup: number[], server: number[]): boolean {
  const a = [...backup].sort((x, y) => x - y);
  const b = [...server].sort((x, y) => x - y);
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
