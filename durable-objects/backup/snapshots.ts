import { AppError, fieldError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type JsonText, jsonText } from '../../schema/dto/common';
import { type Cell, decodeCursor, encodeCell, encodeCursor, quoted, type SqlValue } from './rules';
import { type BackupPort, Scratch } from './scratch';
import { type TableShape, tableShapes } from './tables';

export interface ExportRequest {
  actor: string;
  key: string;
  cursor?: string;
  limit: number;
}

export interface SnapshotTable extends TableShape {
  rows: number;
}

/** One page of an actor's export; every page of one cursor reads the same snapshot. */
export interface ExportPage {
  actor: string;
  key: string;
  snapshot: { id: string; takenAt: number; tables: SnapshotTable[] };
  chunks: { table: string; rows: Cell[][] }[];
  nextCursor: string | null;
}

interface SnapshotMeta {
  takenAt: number;
  tables: SnapshotTable[];
}

/** A snapshot nobody reads for this long is dropped (the reader must start again). */
export const SNAPSHOT_TTL_MS = 15 * 60_000;

/**
 * Exports as of one moment: the first page copies every table, in one transaction, into scratch tables
 * the actor keeps until the last page is read (or nobody asked for the next one within the TTL); later
 * pages read those copies, so writes between pages never show in this export.
 */
export class Snapshots {
  constructor(
    private readonly port: BackupPort,
    private readonly scratch: Scratch,
  ) {}

  page(request: ExportRequest): JsonText<ExportPage> {
    return this.port.tx(() => {
      const { id, meta, start } = request.cursor ? this.resume(request.cursor) : this.take();
      const sql = this.port.sql();
      const chunks: ExportPage['chunks'] = [];
      let table = start.table;
      let after = start.after;
      let room = request.limit;
      while (table < meta.tables.length && room > 0) {
        const rows = Array.from(
          sql
            .exec(
              `SELECT rowid, * FROM ${quoted(Scratch.tableName(id, table))} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
              after,
              room,
            )
            .raw(),
        ) as SqlValue[][];
        if (rows.length > 0) {
          chunks.push({
            table: meta.tables[table]!.name,
            rows: rows.map((row) => row.slice(1).map(encodeCell)),
          });
          after = rows.at(-1)![0] as number;
          room -= rows.length;
        }
        if (room > 0) {
          table++;
          after = 0;
        }
      }
      const done = table >= meta.tables.length;
      if (done) this.scratch.drop(id);
      else this.scratch.touch(id, meta, SNAPSHOT_TTL_MS);
      return jsonText<ExportPage>({
        actor: request.actor,
        key: request.key,
        snapshot: { id, takenAt: meta.takenAt, tables: meta.tables },
        chunks,
        nextCursor: done ? null : encodeCursor({ snapshot: id, table, after }),
      });
    });
  }

  private take() {
    const sql = this.port.sql();
    const id = newId('snap');
    const tables = tableShapes(sql).map((shape, i) => {
      const copy = quoted(Scratch.tableName(id, i));
      sql.exec(`CREATE TABLE ${copy} AS SELECT * FROM ${quoted(shape.name)}`);
      const rows = sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${copy}`).one().n;
      return { ...shape, rows };
    });
    const meta: SnapshotMeta = { takenAt: this.port.now(), tables };
    const names = tables.map((_, i) => Scratch.tableName(id, i));
    this.scratch.create(id, 'export', names, meta, SNAPSHOT_TTL_MS);
    return { id, meta, start: { table: 0, after: 0 } };
  }

  private resume(text: string) {
    const cursor = decodeCursor(text);
    if (!cursor) throw fieldError(400, 'INVALID_CURSOR', 'query.cursor', 'not a cursor this server gave out');
    const found = this.scratch.find<SnapshotMeta>(cursor.snapshot, 'export');
    if (!found) {
      throw new AppError(
        410,
        'EXPORT_SNAPSHOT_GONE',
        'this export finished or was left unread too long; start again without a cursor',
      );
    }
    if (cursor.table > found.meta.tables.length)
      throw fieldError(400, 'INVALID_CURSOR', 'query.cursor', 'not a cursor this server gave out');
    return { id: found.id, meta: found.meta, start: cursor };
  }
}
