import { quoted, SCRATCH_PREFIX } from './rules';

/**
 * What an actor lends the backup machinery: its SQL, its clock, one transaction, its timed jobs and its
 * outbox. Everything is read when called, never at construction.
 */
export interface BackupPort {
  sql(): SqlStorage;
  storage(): DurableObjectStorage;
  now(): number;
  tx<T>(fn: () => T): T;
  schedule(kind: string, key: string, dueAt: number): void;
  cancel(kind: string, key: string): void;
  /** The outbox has messages due now: make sure its delivery job runs. */
  outboxChanged(): void;
  flushOutbox(): Promise<void>;
}

/** The job that drops a snapshot or a staged import nobody finished. */
export const SCRATCH_EXPIRY_JOB = 'backup.expire';
const REGISTRY = `${SCRATCH_PREFIX}scratch`;

export interface ScratchRow<M> {
  id: string;
  kind: 'export' | 'import';
  meta: M;
}

/**
 * Tables the backup keeps for a while inside the actor (an export's snapshot, an import's staged rows),
 * listed in one registry table so that each can be found by its id and dropped whole.
 */
export class Scratch {
  constructor(private readonly port: BackupPort) {}

  private ensureRegistry(): void {
    this.port
      .sql()
      .exec(
        `CREATE TABLE IF NOT EXISTS ${REGISTRY} (id TEXT PRIMARY KEY, kind TEXT NOT NULL, ` +
          'expires_at INTEGER NOT NULL, tables TEXT NOT NULL, meta TEXT NOT NULL)',
      );
  }

  /** A scratch table's name: unique per scratch id and position. */
  static tableName(id: string, index: number): string {
    return `${SCRATCH_PREFIX}${id}_${index}`;
  }

  create<M>(id: string, kind: ScratchRow<M>['kind'], tables: string[], meta: M, ttlMs: number): void {
    this.ensureRegistry();
    const expiresAt = this.port.now() + ttlMs;
    this.port
      .sql()
      .exec(
        `INSERT INTO ${REGISTRY} (id, kind, expires_at, tables, meta) VALUES (?, ?, ?, ?, ?)`,
        id,
        kind,
        expiresAt,
        JSON.stringify(tables),
        JSON.stringify(meta),
      );
    this.port.schedule(SCRATCH_EXPIRY_JOB, id, expiresAt);
  }

  find<M>(id: string, kind: ScratchRow<M>['kind']): ScratchRow<M> | null {
    this.ensureRegistry();
    const row = this.port
      .sql()
      .exec<{ meta: string }>(`SELECT meta FROM ${REGISTRY} WHERE id = ? AND kind = ?`, id, kind)
      .toArray()[0];
    return row ? { id, kind, meta: JSON.parse(row.meta) as M } : null;
  }

  /** Keeps it for another `ttlMs` from now, and may change what it remembers. */
  touch<M>(id: string, meta: M, ttlMs: number): void {
    const expiresAt = this.port.now() + ttlMs;
    this.port
      .sql()
      .exec(
        `UPDATE ${REGISTRY} SET expires_at = ?, meta = ? WHERE id = ?`,
        expiresAt,
        JSON.stringify(meta),
        id,
      );
    this.port.schedule(SCRATCH_EXPIRY_JOB, id, expiresAt);
  }

  drop(id: string): void {
    this.ensureRegistry();
    const row = this.port
      .sql()
      .exec<{ tables: string }>(`SELECT tables FROM ${REGISTRY} WHERE id = ?`, id)
      .toArray()[0];
    if (!row) return;
    for (const table of JSON.parse(row.tables) as string[])
      this.port.sql().exec(`DROP TABLE IF EXISTS ${quoted(table)}`);
    this.port.sql().exec(`DELETE FROM ${REGISTRY} WHERE id = ?`, id);
    this.port.cancel(SCRATCH_EXPIRY_JOB, id);
  }

  /** Drops every scratch of `kind` (a restore makes every earlier snapshot meaningless). */
  dropKind(kind: ScratchRow<unknown>['kind']): void {
    this.ensureRegistry();
    const ids = this.port
      .sql()
      .exec<{ id: string }>(`SELECT id FROM ${REGISTRY} WHERE kind = ?`, kind)
      .toArray();
    for (const { id } of ids) this.drop(id);
  }

  /** The expiry job: drops the scratch unless it was kept alive past `now`. */
  expire(id: string): void {
    this.ensureRegistry();
    const row = this.port
      .sql()
      .exec<{ expires_at: number }>(`SELECT expires_at FROM ${REGISTRY} WHERE id = ?`, id)
      .toArray()[0];
    if (!row) return;
    if (row.expires_at > this.port.now()) {
      this.port.schedule(SCRATCH_EXPIRY_JOB, id, row.expires_at);
      return;
    }
    this.port.tx(() => this.drop(id));
  }
}
