/** Runs `fn` over `items` with at most `limit` at a time; answers every result or error, in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<({ ok: true; value: R } | { ok: false; error: string })[]> {
  const results: ({ ok: true; value: R } | { ok: false; error: string })[] = new Array(items.length);
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
