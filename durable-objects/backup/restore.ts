import { getTableName } from 'drizzle-orm';
import { AppError, fieldError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { jobs, outbox } from '../../schema/base';
import {
  type Cell,
  decodeCell,
  guardsAgainstDiscard,
  MIGRATIONS_TABLE,
  quoted,
  SEQUENCE_TABLE,
  sameMigrations,
  schemaDifferences,
  type TableColumns,
} from './rules';
import { type BackupPort, Scratch } from './scratch';
import { columnList, tableShapes } from './tables';

export interface ImportRequest {
  /** Absent on the first call, which opens the import; later calls name it. */
  importId?: string;
  /** This call's number within the import, from 0: a repeated call is answered without staging twice. */
  part: number;
  /** Every table of the backup with its columns: required on the first call. */
  tables?: TableColumns[];
  chunks: { table: string; rows: Cell[][] }[];
  /** The last call: the staged rows replace the actor's, in one transaction. */
  done: boolean;
  /** Replace even rows the backup does not have. */
  force?: boolean;
  /**
   * The moment the backup began: messages this actor's outbox delivered since then may not have reached
   * a receiver that is restored from the same backup, so they are sent again (receivers apply each once).
   */
  redeliverSince?: number | null;
}

export interface ImportAnswer {
  importId: string;
  staged: number;
  committed: boolean;
  tables?: { table: string; rows: number }[];
  redelivered?: number;
}

interface StagedTable extends TableColumns {
  staging: string;
}

interface ImportMeta {
  tables: StagedTable[];
  force: boolean;
  redeliverSince: number | null;
  staged: number;
  parts: number;
}

/** An import nobody continues for this long is dropped with its staged rows. */
export const IMPORT_TTL_MS = 60 * 60_000;
const JOBS = getTableName(jobs);
const OUTBOX = getTableName(outbox);

/**
 * Writes a backup back into an actor: rows are staged (over as many calls as they need) in scratch
 * tables, then the last call checks them and replaces every table at once. Until then the actor's own
 * tables are untouched, so an import cut off half-way changes nothing.
 */
export class Restore {
  constructor(
    private readonly port: BackupPort,
    private readonly scratch: Scratch,
  ) {}

  /** Stages one call's rows; on the last call commits. Runs in the caller's transaction. */
  apply(request: ImportRequest): ImportAnswer {
    const { id, meta } = request.importId ? this.resume(request.importId) : this.begin(request);
    if (request.part < meta.parts) return { importId: id, staged: meta.staged, committed: false };
    if (request.part > meta.parts) {
      throw new AppError(409, 'IMPORT_OUT_OF_ORDER', `expected part ${meta.parts}, got ${request.part}`);
    }
    meta.staged += this.stage(meta, request.chunks);
    meta.parts++;
    if (!request.done) {
      this.scratch.touch(id, meta, IMPORT_TTL_MS);
      return { importId: id, staged: meta.staged, committed: false };
    }
    const answer = this.commit(id, meta);
    this.scratch.drop(id);
    return answer;
  }

  /** An import that was refused at its commit is dropped rather than left to expire. */
  abandon(importId: string): void {
    this.port.tx(() => this.scratch.drop(importId));
  }

  /** When the alarm should next ring after a restore: the earliest restored job, if any. */
  nextJobAt(): number | null {
    return (
      this.port
        .sql()
        .exec<{ at: number | null }>(`SELECT min(due_at) AS at FROM ${quoted(JOBS)}`)
        .one().at ?? null
    );
  }

  private begin(request: ImportRequest) {
    if (!request.tables) {
      throw fieldError(
        400,
        'IMPORT_TABLES_REQUIRED',
        'body.tables',
        "the first call lists the backup's tables",
      );
    }
    const sql = this.port.sql();
    const server = tableShapes(sql).map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
    const differences = schemaDifferences(request.tables, server);
    if (differences.length > 0) {
      throw new AppError(
        409,
        'BACKUP_SCHEMA_MISMATCH',
        'the backup was made by a version of Keel with other tables; restore it with that version',
        { differences },
      );
    }
    const id = newId('imp');
    const tables = request.tables.map((t, i) => {
      const staging = Scratch.tableName(id, i);
      sql.exec(
        `CREATE TABLE ${quoted(staging)} AS SELECT ${columnList(t.columns)} FROM ${quoted(t.name)} WHERE 0`,
      );
      return { ...t, staging };
    });
    const meta: ImportMeta = {
      tables,
      force: request.force ?? false,
      redeliverSince: request.redeliverSince ?? null,
      staged: 0,
      parts: 0,
    };
    this.scratch.create(
      id,
      'import',
      tables.map((t) => t.staging),
      meta,
      IMPORT_TTL_MS,
    );
    return { id, meta };
  }

  private resume(importId: string) {
    const found = this.scratch.find<ImportMeta>(importId, 'import');
    if (!found) {
      throw new AppError(410, 'IMPORT_GONE', 'no open import with this id (finished, refused or expired)');
    }
    return found;
  }

  private stage(meta: ImportMeta, chunks: ImportRequest['chunks']): number {
    const sql = this.port.sql();
    let staged = 0;
    chunks.forEach((chunk, i) => {
      const table = meta.tables.find((t) => t.name === chunk.table);
      if (!table) {
        throw fieldError(
          400,
          'IMPORT_UNKNOWN_TABLE',
          `body.chunks.${i}.table`,
          'not among the tables listed',
        );
      }
      const insert = `INSERT INTO ${quoted(table.staging)} (${columnList(table.columns)}) VALUES (${table.columns
        .map(() => '?')
        .join(', ')})`;
      chunk.rows.forEach((row, j) => {
        if (row.length !== table.columns.length) {
          throw fieldError(
            400,
            'IMPORT_ROW_SHAPE',
            `body.chunks.${i}.rows.${j}`,
            `a row of ${table.name} has ${table.columns.length} cells`,
          );
        }
        sql.exec(insert, ...row.map(decodeCell));
      });
      staged += chunk.rows.length;
    });
    return staged;
  }

  private commit(id: string, meta: ImportMeta): ImportAnswer {
    const sql = this.port.sql();
    this.checkMigrations(meta);
    if (!meta.force) this.checkNothingDiscarded(meta);
    const tables: { table: string; rows: number }[] = [];
    for (const t of meta.tables) {
      if (t.name === MIGRATIONS_TABLE || t.name === SEQUENCE_TABLE) continue;
      const columns = columnList(t.columns);
      sql.exec(`DELETE FROM ${quoted(t.name)}`);
      try {
        sql.exec(`INSERT INTO ${quoted(t.name)} (${columns}) SELECT ${columns} FROM ${quoted(t.staging)}`);
      } catch (err) {
        throw new AppError(409, 'BACKUP_ROWS_CONFLICT', `rows of ${t.name} break its constraints: ${err}`, {
          table: t.name,
        });
      }
      tables.push({
        table: t.name,
        rows: sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${quoted(t.name)}`).one().n,
      });
    }
    const sequence = meta.tables.find((t) => t.name === SEQUENCE_TABLE);
    if (sequence) {
      // AUTOINCREMENT counters as they were, so new rows get the ids they would have had.
      sql.exec(`DELETE FROM ${SEQUENCE_TABLE}`);
      sql.exec(`INSERT INTO ${SEQUENCE_TABLE} (name, seq) SELECT name, seq FROM ${quoted(sequence.staging)}`);
    }
    // Snapshots taken before describe data that is gone.
    this.scratch.dropKind('export');
    const redelivered = meta.redeliverSince === null ? 0 : this.requeueDelivered(meta.redeliverSince, null);
    return { importId: id, staged: meta.staged, committed: true, tables, redelivered };
  }

  private checkMigrations(meta: ImportMeta): void {
    const staged = meta.tables.find((t) => t.name === MIGRATIONS_TABLE);
    if (!staged) return;
    const sql = this.port.sql();
    const times = (table: string) =>
      sql
        .exec<{ created_at: number }>(`SELECT created_at FROM ${quoted(table)}`)
        .toArray()
        .map((r) => Number(r.created_at));
    const backup = times(staged.staging);
    const server = times(MIGRATIONS_TABLE);
    if (!sameMigrations(backup, server)) {
      throw new AppError(
        409,
        'BACKUP_SCHEMA_MISMATCH',
        'the backup was made before or after other migrations; restore it with the version that made it',
        { backupMigrations: backup, serverMigrations: server },
      );
    }
  }

  /** Refuses when the actor holds any row (or version of a row) the backup does not. */
  private checkNothingDiscarded(meta: ImportMeta): void {
    const sql = this.port.sql();
    const lost = meta.tables
      .filter((t) => guardsAgainstDiscard(t.name))
      .map((t) => {
        const columns = columnList(t.columns);
        const rows = sql
          .exec<{ n: number }>(
            `SELECT count(*) AS n FROM (SELECT ${columns} FROM ${quoted(t.name)} EXCEPT SELECT ${columns} FROM ${quoted(t.staging)})`,
          )
          .one().n;
        return { table: t.name, rows };
      })
      .filter((t) => t.rows > 0);
    if (lost.length > 0) {
      throw new AppError(
        409,
        'RESTORE_WOULD_DISCARD',
        'this actor holds rows the backup does not have (newer data); restore with force to replace them',
        { tables: lost },
      );
    }
  }

  /**
   * Makes messages delivered since `since` (to `target`, or to anyone) pending again; answers how many.
   * Receivers keep each message's key, so one that already had it ignores the second delivery.
   */
  requeueDelivered(since: number, target: string | null): number {
    const now = this.port.now();
    const rows = this.port
      .sql()
      .exec(
        `UPDATE ${quoted(OUTBOX)} SET status = 'pending', attempts = 0, next_attempt_at = ?, delivered_at = NULL
         WHERE status = 'delivered' AND delivered_at >= ? AND (? IS NULL OR target = ?) RETURNING id`,
        now,
        since,
        target,
        target,
      )
      .toArray().length;
    if (rows > 0) this.port.outboxChanged();
    return rows;
  }
}
