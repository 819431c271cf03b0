import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../lib/bounded-cache';

describe('BoundedCache', () => {
  it('computes a key once, keeps null, and computes again after clear()', () => {
    const cache = new BoundedCache<string, number | null>(10);
    let computed = 0;
    const ask = (key: string) =>
      cache.get(key, () => {
        computed++;
        return key === 'none' ? null : key.length;
      });
    expect([ask('abc'), ask('abc'), ask('none'), ask('none')]).toEqual([3, 3, null, null]);
    expect(computed).toBe(2);
    cache.clear();
    expect(ask('abc')).toBe(3);
    expect(computed).toBe(3);
  });

  it('keeps at most `limit` values, starting over past it', () => {
    const cache = new BoundedCache<number, number>(3);
    const computed: number[] = [];
    const ask = (key: number) =>
      cache.get(key, () => {
        computed.push(key);
        return key * 2;
      });
    for (const key of [1, 2, 3, 1, 4, 1]) expect(ask(key)).toBe(key * 2);
    // 1–3 fill it, 1 is kept, 4 starts it over, so 1 is computed again.
    expect(computed).toEqual([1, 2, 3, 4, 1]);
  });
});
