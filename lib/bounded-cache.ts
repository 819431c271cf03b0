/**
 * Values that are cheap to recompute but asked for on every request, kept by key. At most `limit` are
 * kept; past it the map starts over rather than tracking which entry is oldest.
 */
export class BoundedCache<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The kept value of `key`, else `compute()`'s, which is kept. */
  get(key: K, compute: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute();
      if (this.values.size >= this.limit) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }

  clear(): void {
    this.values.clear();
  }
}
