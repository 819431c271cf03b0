import { getTableName } from 'drizzle-orm';
import { AppError, fieldError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { jobs, outbox } from '../../schema/base';
import {
  type Cell,
  guardsAgainstDiscard,
  MIGRATIONS_TABLE,
  quoted,
  SEQUENCE_TABLE,
  sameMigrations,
  schemaDifferences,
  sqliteJsonCell,
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

/** Where the rows a commit writes come from: staged tables, or the one call that carried them all. */
type Source = { staged: StagedTable[] } | { chunks: ImportRequest['chunks'] };

/** Rows per INSERT: their JSON stays well under the 2 MB a value may have. */
const INSERT_BATCH = 200;
/** An import nobody continues for this long is dropped with its staged rows. */
export const IMPORT_TTL_MS = 60 * 60_000;
const JOBS = getTableName(jobs);
const OUTBOX = getTableName(outbox);

/**
 * Writes a backup back into an actor: rows are staged (over as many calls as they need) in scratch
 * tables, then the last call checks them and replaces every table at once. Until then the actor's own
 * tables are untouched, so an import cut off half-way changes nothing. An import of one call into an
 * actor with nothing to lose (a fresh server's) writes its rows straight in, in the same one transaction.
 */
export class Restore {
  constructor(
    private readonly port: BackupPort,
    private readonly scratch: Scratch,
  ) {}

  /** Stages one call's rows; on the last call commits. Runs in the caller's transaction. */
  apply(request: ImportRequest): ImportAnswer {
    if (!request.importId && request.done) {
      const tables = this.checkSchema(request.tables);
      if (request.force || !this.holdsGuardedRows(tables)) {
        const importId = newId('imp');
        const rows = request.chunks.reduce((n, c) => n + c.rows.length, 0);
        return this.commit(
          importId,
          rows,
          tables,
          { chunks: request.chunks },
          request.redeliverSince ?? null,
        );
      }
    }
    const { id, meta } = request.importId ? this.resume(request.importId) : this.begin(request);
    if (request.part < meta.parts) return { importId: id, staged: meta.staged, committed: false };
    if (request.part > meta.parts) {
      throw new AppError(409, 'IMPORT_OUT_OF_ORDER', `expected part ${meta.parts}, got ${request.part}`);
    }
    meta.staged += this.stage(meta.tables, request.chunks);
    meta.parts++;
    if (!request.done) {
      this.scratch.touch(id, meta, IMPORT_TTL_MS);
      return { importId: id, staged: meta.staged, committed: false };
    }
    if (!meta.force) this.checkNothingDiscarded(meta.tables);
    const answer = this.commit(id, meta.staged, meta.tables, { staged: meta.tables }, meta.redeliverSince);
    this.scratch.drop(id);
    return answer;
  }

  /** An import that was refused at its commit is dropped rather than left to expire. */
  abandon(importId: string): void {
    this.port.tx(() => this.scratch.drop(importId));
  }

  /**
   * When the alarm should next ring after a restore: the earliest restored job or pending message (the
   * alarm is the outbox's backstop), if any.
   */
  nextWakeAt(): number | null {
    return (
      this.port
        .sql()
        .exec<{ at: number | null }>(
          `SELECT min(at) AS at FROM (SELECT min(due_at) AS at FROM ${quoted(JOBS)}
           UNION ALL SELECT min(next_attempt_at) FROM ${quoted(OUTBOX)} WHERE status = 'pending')`,
        )
        .one().at ?? null
    );
  }

  /** The backup's tables, refused unless they are the server's, column for column. */
  private checkSchema(tables: TableColumns[] | undefined): TableColumns[] {
    if (!tables) {
      throw fieldError(
        400,
        'IMPORT_TABLES_REQUIRED',
        'body.tables',
        "the first call lists the backup's tables",
      );
    }
    const server = tableShapes(this.port.sql()).map((t) => ({
      name: t.name,
      columns: t.columns.map((c) => c.name),
    }));
    const differences = schemaDifferences(tables, server);
    if (differences.length > 0) {
      throw new AppError(
        409,
        'BACKUP_SCHEMA_MISMATCH',
        'the backup was made by a version of Keel with other tables; restore it with that version',
        { differences },
      );
    }
    return tables;
  }

  private holdsGuardedRows(tables: TableColumns[]): boolean {
    const sql = this.port.sql();
    return tables.some(
      (t) =>
        guardsAgainstDiscard(t.name) &&
        sql.exec<{ any: number }>(`SELECT EXISTS (SELECT 1 FROM ${quoted(t.name)}) AS "any"`).one().any === 1,
    );
  }

  private begin(request: ImportRequest) {
    const sql = this.port.sql();
    const id = newId('imp');
    const tables = this.checkSchema(request.tables).map((t, i) => {
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

  /** Writes `chunks` into each table's `target` (its staging table, or the table itself). */
  private stage(
    tables: (TableColumns & { staging?: string })[],
    chunks: ImportRequest['chunks'],
    only?: (table: string) => boolean,
  ): number {
    let staged = 0;
    chunks.forEach((chunk, i) => {
      const table = tables.find((t) => t.name === chunk.table);
      if (!table) {
        throw fieldError(
          400,
          'IMPORT_UNKNOWN_TABLE',
          `body.chunks.${i}.table`,
          'not among the tables listed',
        );
      }
      if (only && !only(table.name)) return;
      chunk.rows.forEach((row, j) => {
        if (row.length !== table.columns.length) {
          throw fieldError(
            400,
            'IMPORT_ROW_SHAPE',
            `body.chunks.${i}.rows.${j}`,
            `a row of ${table.name} has ${table.columns.length} cells`,
          );
        }
      });
      this.insertRows(table.staging ?? table.name, table.columns, chunk.rows);
      staged += chunk.rows.length;
    });
    return staged;
  }

  /**
   * Inserts rows into `table` as JSON handed to SQLite, one statement per batch (`json_each`): each value
   * keeps its type (an integer stays an integer), and a blob, sent as hex, is decoded by SQLite itself.
   */
  private insertRows(table: string, columns: string[], rows: Cell[][]): void {
    const sql = this.port.sql();
    const plain = columns.map((_, i) => `value ->> ${i}`).join(', ');
    const withBlobs = columns
      .map(
        (_, i) =>
          `CASE json_type(value, '$[${i}]') WHEN 'object' THEN unhex(value ->> '$[${i}].hex') ELSE value ->> ${i} END`,
      )
      .join(', ');
    for (let at = 0; at < rows.length; at += INSERT_BATCH) {
      const batch = rows.slice(at, at + INSERT_BATCH);
      const blobs = batch.some((row) => row.some((cell) => cell !== null && typeof cell === 'object'));
      sql.exec(
        `INSERT INTO ${quoted(table)} (${columnList(columns)}) SELECT ${blobs ? withBlobs : plain} FROM json_each(?)`,
        JSON.stringify(blobs ? batch.map((row) => row.map(sqliteJsonCell)) : batch),
      );
    }
  }

  private commit(
    id: string,
    staged: number,
    tables: TableColumns[],
    source: Source,
    redeliverSince: number | null,
  ): ImportAnswer {
    const sql = this.port.sql();
    this.checkMigrations(tables, source);
    const replaced = tables.filter((t) => t.name !== MIGRATIONS_TABLE && t.name !== SEQUENCE_TABLE);
    for (const t of replaced) sql.exec(`DELETE FROM ${quoted(t.name)}`);
    try {
      if ('staged' in source) {
        for (const t of source.staged.filter((s) => replaced.includes(s))) {
          const columns = columnList(t.columns);
          sql.exec(`INSERT INTO ${quoted(t.name)} (${columns}) SELECT ${columns} FROM ${quoted(t.staging)}`);
        }
      } else {
        this.stage(tables, source.chunks, (name) => name !== MIGRATIONS_TABLE && name !== SEQUENCE_TABLE);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError(409, 'BACKUP_ROWS_CONFLICT', `the rows break a constraint of the tables: ${err}`);
    }
    this.restoreSequence(source);
    // Snapshots taken before describe data that is gone.
    this.scratch.dropKind('export');
    const redelivered = redeliverSince === null ? 0 : this.requeueDelivered(redeliverSince, null);
    const counts = replaced.map((t) => ({
      table: t.name,
      rows: sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${quoted(t.name)}`).one().n,
    }));
    return { importId: id, staged, committed: true, tables: counts, redelivered };
  }

  /** Refuses a backup whose actor went through other migrations than this one. */
  private checkMigrations(tables: TableColumns[], source: Source): void {
    const sql = this.port.sql();
    const table = tables.find((t) => t.name === MIGRATIONS_TABLE);
    if (!table) return;
    let backup: number[];
    if ('staged' in source) {
      const staged = source.staged.find((t) => t.name === MIGRATIONS_TABLE)!;
      backup = sql
        .exec<{ created_at: number }>(`SELECT created_at FROM ${quoted(staged.staging)}`)
        .toArray()
        .map((r) => Number(r.created_at));
    } else {
      const at = table.columns.indexOf('created_at');
      backup = source.chunks
        .filter((c) => c.table === MIGRATIONS_TABLE)
        .flatMap((c) => c.rows.map((row) => Number(row[at])));
    }
    const server = sql
      .exec<{ created_at: number }>(`SELECT created_at FROM ${quoted(MIGRATIONS_TABLE)}`)
      .toArray()
      .map((r) => Number(r.created_at));
    if (!sameMigrations(backup, server)) {
      throw new AppError(
        409,
        'BACKUP_SCHEMA_MISMATCH',
        'the backup was made before or after other migrations; restore it with the version that made it',
        { backupMigrations: backup, serverMigrations: server },
      );
    }
  }

  /** AUTOINCREMENT counters as they were, so new rows get the ids they would have had. */
  private restoreSequence(source: Source): void {
    const sql = this.port.sql();
    if ('staged' in source) {
      const staged = source.staged.find((t) => t.name === SEQUENCE_TABLE);
      if (!staged) return;
      sql.exec(`DELETE FROM ${SEQUENCE_TABLE}`);
      sql.exec(`INSERT INTO ${SEQUENCE_TABLE} (name, seq) SELECT name, seq FROM ${quoted(staged.staging)}`);
      return;
    }
    const chunks = source.chunks.filter((c) => c.table === SEQUENCE_TABLE);
    if (chunks.length === 0) return;
    sql.exec(`DELETE FROM ${SEQUENCE_TABLE}`);
    this.insertRows(
      SEQUENCE_TABLE,
      ['name', 'seq'],
      chunks.flatMap((c) => c.rows),
    );
  }

  /** Refuses when the actor holds any row (or version of a row) the backup does not. */
  private checkNothingDiscarded(tables: StagedTable[]): void {
    const sql = this.port.sql();
    const lost = tables
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
