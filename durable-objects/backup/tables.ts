import { isExported, quoted } from './rules';

export interface ColumnShape {
  name: string;
  /** The declared type, as written in CREATE TABLE (may be empty). */
  type: string;
  notNull: boolean;
  /** Position in the primary key (1-based), 0 when not part of it. */
  primaryKey: number;
}

/** One table of an actor as SQLite itself describes it at run time: no code per table. */
export interface TableShape {
  name: string;
  /** Its CREATE TABLE statement, so a backup can be read without this code base. */
  sql: string;
  columns: ColumnShape[];
}

/** Every exported table of the actor, in name order. */
export function tableShapes(sql: SqlStorage): TableShape[] {
  const tables = sql
    .exec<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    .toArray()
    .filter((t) => isExported(t.name));
  return tables.map((t) => ({
    name: t.name,
    sql: t.sql,
    columns: sql
      .exec<{ name: string; type: string; notnull: number; pk: number }>(
        `SELECT name, type, "notnull", pk FROM pragma_table_info(${quotedLiteral(t.name)}) ORDER BY cid`,
      )
      .toArray()
      .map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1, primaryKey: c.pk })),
  }));
}

const quotedLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const columnList = (columns: readonly string[]) => columns.map(quoted).join(', ');
