/** What became of one item: its result, or the message of what it threw. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: string };

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; answers every result or error, in the
 * order of `items`. One item failing does not stop the others.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      try {
        results[i] = { ok: true, value: await fn(items[i]!) };
      } catch (err) {
        results[i] = { ok: false, error: String(err instanceof Error ? err.message : err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
