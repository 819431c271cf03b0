import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * A table's rows through raw SQL (`ctx.storage.sql.exec`) with drizzle's own column mapping: for the
 * statements on a hot path, where building a drizzle query costs several times the statement itself.
 * The column list and the decoders are worked out once per table, not per statement.
 */
export class RawTable<T extends SQLiteTable> {
  /** Every column, aliased to its property name: `"case_id" AS "caseId", …`. */
  readonly columns: string;
  private readonly decoders: [string, SQLiteColumn][];
  private readonly byKey: Map<string, SQLiteColumn>;

  constructor(table: T) {
    const entries = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
    this.columns = entries.map(([key, column]) => `"${column.name}" AS "${key}"`).join(', ');
    this.decoders = entries.filter(([, column]) => needsMapping(column));
    this.byKey = new Map(entries);
  }

  /** A row as drizzle would answer it (JSON parsed, booleans as booleans). */
  row(stored: Record<string, SqlStorageValue>): T['$inferSelect'] {
    const row: Record<string, unknown> = stored;
    for (const [key, column] of this.decoders) {
      if (row[key] !== null && row[key] !== undefined) row[key] = column.mapFromDriverValue(row[key]);
    }
    return row as T['$inferSelect'];
  }

  /** The first row of a statement that selects `columns`, or undefined. */
  first(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): T['$inferSelect'] | undefined {
    const [stored] = cursor.toArray();
    return stored === undefined ? undefined : this.row(stored);
  }

  /** Every row of a statement that selects `columns`. */
  all(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>): T['$inferSelect'][] {
    return cursor.toArray().map((stored) => this.row(stored));
  }

  /** `"col" = ?, …` and its values for the defined properties of `patch`, stored as drizzle stores them. */
  assignments(patch: Partial<T['$inferSelect']>): { sql: string; values: SqlStorageValue[] } {
    const sets: string[] = [];
    const values: SqlStorageValue[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const column = this.byKey.get(key);
      if (!column) throw new Error(`no column ${key}`);
      sets.push(`"${column.name}" = ?`);
      values.push(value === null ? null : (column.mapToDriverValue(value) as SqlStorageValue));
    }
    return { sql: sets.join(', '), values };
  }
}

/** Plain integers and text come back from SQLite as they are; JSON and booleans need drizzle's mapping. */
function needsMapping(column: SQLiteColumn): boolean {
  return column.columnType !== 'SQLiteInteger' && column.columnType !== 'SQLiteText';
}

/** The SQL of the storage a drizzle database of an actor runs on (drizzle keeps it as `$client`). */
export function sqlOf(db: object): SqlStorage {
  return (db as { $client: DurableObjectStorage }).$client.sql;
}
