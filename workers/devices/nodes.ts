import type { NodeCapacity } from '../../durable-objects/device-node/placement';
import { directory } from '../../lib/actors';
import { billingConfig } from '../../lib/billing-config';
import { mapLimit } from '../../lib/concurrency';
import type { Env } from '../../lib/env';

/** Every registered node id, from the Directory's node index (admin and sweep paths only). */
export async function allNodeIds(env: Env): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const batch = await directory(env).listNodeIds(page, 200);
    ids.push(...batch.items);
    if (batch.items.length < 200 || ids.length >= batch.total) return ids;
  }
}

/** Runs `fn` for every node, a few at a time; one node failing does not stop the others. */
export async function forEachNode<T>(
  env: Env,
  fn: (nodeId: string) => Promise<T>,
  concurrency = 16,
): Promise<{ results: { nodeId: string; value: T }[]; errors: { nodeId: string; error: string }[] }> {
  const ids = await allNodeIds(env);
  const settled = await mapLimit(ids, concurrency, fn);
  const results: { nodeId: string; value: T }[] = [];
  const errors: { nodeId: string; error: string }[] = [];
  settled.forEach((r, i) => {
    if (r.ok) results.push({ nodeId: ids[i]!, value: r.value });
    else errors.push({ nodeId: ids[i]!, error: r.error });
  });
  return { results, errors };
}

let cached: { at: number; nodes: NodeCapacity[] } | undefined;
let loading: Promise<NodeCapacity[]> | undefined;

/**
 * The node index as placement sees it: a copy kept in this isolate for a couple of seconds, so an
 * allocation never waits on the one Directory. Nodes refuse when they are full, so a stale copy costs at
 * most a retry on the next node.
 */
export async function nodeIndex(env: Env, options: { maxAgeMs?: number } = {}): Promise<NodeCapacity[]> {
  const maxAgeMs = options.maxAgeMs ?? billingConfig(env).nodeIndexTtlMs;
  if (cached && Date.now() - cached.at <= maxAgeMs) return cached.nodes;
  if (!loading) {
    loading = (async () => {
      try {
        const nodes = await directory(env).nodeIndex();
        cached = { at: Date.now(), nodes };
        return nodes;
      } finally {
        loading = undefined;
      }
    })();
  }
  return loading;
}

export function nodeIndexAgeMs(): number {
  return cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
}

/** After an admin change in this isolate, the next allocation reads the index afresh. */
export function invalidateNodeIndex(): void {
  cached = undefined;
}
