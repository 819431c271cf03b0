import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { UnchangedReads } from '../../durable-objects/unchanged-reads';
import { tenantStub, unique } from '../helpers';

/** Runs `fn` against the real SQLite of a fresh actor, with a scratch table of its own. */
function withSql(fn: (sql: SqlStorage) => void) {
  return runInDurableObject(tenantStub(unique('reads')), (_actor, state) => {
    state.storage.sql.exec('create table scratch (n integer)');
    fn(state.storage.sql);
  });
}

describe('UnchangedReads', () => {
  it('answers again without computing while nothing was written, and computes again after any write', () =>
    withSql((sql) => {
      const reads = new UnchangedReads(sql);
      let computed = 0;
      const count = () =>
        reads.get('count', () => {
          computed++;
          return String(sql.exec<{ n: number }>('select count(*) as n from scratch').one().n);
        });
      expect(count()).toBe('0');
      expect(count()).toBe('0');
      expect(computed).toBe(1);
      // A write the memo was never told about, through the raw handle.
      sql.exec('insert into scratch values (1)');
      expect(count()).toBe('1');
      expect(computed).toBe(2);
      sql.exec('update scratch set n = 2');
      expect(count()).toBe('1');
      expect(computed).toBe(3);
    }));

  it('keeps answers apart by key and forgets the oldest beyond its size', () =>
    withSql((sql) => {
      const reads = new UnchangedReads(sql, 'answer a'.length * 2);
      const computed: string[] = [];
      const read = (key: string) =>
        reads.get(key, () => {
          computed.push(key);
          return `answer ${key}`;
        });
      expect([read('a'), read('b'), read('a')]).toEqual(['answer a', 'answer b', 'answer a']);
      expect(computed).toEqual(['a', 'b']);
      read('c'); // a, the oldest, goes
      read('b');
      read('a');
      expect(computed).toEqual(['a', 'b', 'c', 'a']);
      // Larger than everything it may keep: answered, never kept.
      const long = () => reads.get('long', () => `${computed.push('long')} ${'x'.repeat(16)}`);
      long();
      long();
      read('c');
      expect(computed).toEqual(['a', 'b', 'c', 'a', 'long', 'long']);
    }));

  it('does not keep an answer whose computation wrote', () =>
    withSql((sql) => {
      const reads = new UnchangedReads(sql);
      let computed = 0;
      const writingRead = () =>
        reads.get('w', () => {
          computed++;
          sql.exec('insert into scratch values (?)', computed);
          return String(computed);
        });
      expect(writingRead()).toBe('1');
      expect(writingRead()).toBe('2');
      expect(computed).toBe(2);
    }));
});
