import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCell,
  encodeCursor,
  guardsAgainstDiscard,
  isExported,
  quoted,
  sameMigrations,
  schemaDifferences,
  sqliteJsonCell,
} from '../../durable-objects/backup/rules';

describe('backup rules', () => {
  it('exports business and internal tables, not SQLite’s, the platform’s or its own scratch', () => {
    for (const name of [
      'crm_customers',
      '_jobs',
      '_outbox',
      '_inbox',
      '__drizzle_migrations',
      'sqlite_sequence',
    ])
      expect(isExported(name)).toBe(true);
    for (const name of ['sqlite_stat1', '_cf_KV', '_cf_METADATA', '_backup_scratch', '_backup_snap_x_0'])
      expect(isExported(name)).toBe(false);
  });

  it('guards business tables against discarding rows, not bookkeeping', () => {
    expect(guardsAgainstDiscard('crm_customers')).toBe(true);
    for (const name of ['_jobs', '_outbox', '_inbox', '__drizzle_migrations', 'sqlite_sequence'])
      expect(guardsAgainstDiscard(name)).toBe(false);
  });

  it('quotes any identifier into one token', () => {
    expect(quoted('plain')).toBe('"plain"');
    expect(quoted('a"b')).toBe('"a""b"');
  });

  it('reads back every cursor it writes, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_]{1,64}$/),
        fc.integer({ min: 0, max: 999_999 }),
        fc.maxSafeInteger(),
        (snapshot, table, after) => {
          expect(decodeCursor(encodeCursor({ snapshot, table, after }))).toEqual({ snapshot, table, after });
        },
      ),
    );
    for (const text of ['', 'x', 'snap.1', 'SNAP.1.2', 'snap.1.2.3', 'snap.a.1', `snap.1.${'9'.repeat(19)}`])
      expect(decodeCursor(text)).toBeNull();
  });

  it('carries blobs as base64, writes them back as hex, and everything else as it is', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const buffer = bytes.slice().buffer;
        const cell = encodeCell(buffer);
        expect(cell).toEqual({ base64: expect.any(String) });
        expect(sqliteJsonCell(cell)).toEqual({ hex: Buffer.from(bytes).toString('hex') });
      }),
    );
    for (const value of ['text', 12, 1.5, null]) {
      expect(encodeCell(value)).toBe(value);
      expect(sqliteJsonCell(value)).toBe(value);
    }
  });

  it('finds every table or column the backup and the server disagree on, whatever the column order', () => {
    const server = [
      { name: 'a', columns: ['id', 'name'] },
      { name: 'b', columns: ['id'] },
      { name: 'only_server', columns: ['id'] },
    ];
    const backup = [
      { name: 'a', columns: ['name', 'id'] },
      { name: 'b', columns: ['id', 'extra'] },
      { name: 'only_backup', columns: ['id'] },
    ];
    expect(schemaDifferences(backup, server)).toEqual([
      { table: 'b', problem: 'columns differ', backup: ['id', 'extra'], server: ['id'] },
      { table: 'only_backup', problem: 'missing on the server' },
      { table: 'only_server', problem: 'missing in the backup' },
    ]);
    expect(schemaDifferences(server, server)).toEqual([]);
  });

  it('compares applied migrations as sets of journal times', () => {
    expect(sameMigrations([3, 1, 2], [1, 2, 3])).toBe(true);
    expect(sameMigrations([1, 2], [1, 2, 3])).toBe(false);
    expect(sameMigrations([1, 2, 4], [1, 2, 3])).toBe(false);
  });
});
