// What the benchmark harness (tools/bench.mjs) and its scenario modules (tools/bench/*.mjs) share: a
// small API client, bounded concurrency, polling, and how a measured scenario is judged.

/**
 * A small fetch helper: answers {status, body}. With `failOnServerError` (the default) a 5xx answer
 * throws, as do network errors.
 */
export function makeApi(url, { failOnServerError = true } = {}) {
  return async function api(method, path, { token, tenant, body, headers } = {}) {
    const sent = { ...headers };
    if (token) sent.authorization = `Bearer ${token}`;
    if (tenant) sent['x-tenant-code'] = tenant;
    if (body !== undefined) sent['content-type'] = 'application/json';
    const res = await fetch(url + path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    if (failOnServerError && res.status >= 500)
      throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return { status: res.status, body: parsed };
  };
}

/** Like `api`, but anything other than 2xx throws (setup code wants its seed to succeed). */
export function makeApiOk(api) {
  return async (method, path, options) => {
    const res = await api(method, path, options);
    if (res.status < 200 || res.status > 299) {
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    }
    return res;
  };
}

/** `fn` over `items` with at most `limit` calls in flight; answers the results in order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Polls `check` until it answers truthy; throws after `timeoutMs` naming `what`. */
export async function waitFor(check, { what = 'condition', timeoutMs = 30_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Judges every measured scenario against its targets, all relative to the same run:
 * - `target`: the least req/s as a ratio to the /healthz baseline at the same connection count;
 * - `p99Within: { times, of }`: the most p99 latency as a multiple of another measurement's p99 —
 *   `of: 'baseline'` (the /healthz baseline at the same connection count) or another scenario's name.
 * Answers each scenario with `ratio`, `verdict` and `p99Verdict` (PASS, MISS or null when not asked)
 * and, for p99, the reference's p99 it was held to.
 */
export function judge(measured, baselineAt) {
  const byName = new Map(measured.map((m) => [m.name, m]));
  return measured.map((m) => {
    const baseline = baselineAt[m.connections];
    const ratio = m.reqPerSec / baseline.reqPerSec;
    const verdict = m.target === undefined ? null : ratio >= m.target ? 'PASS' : 'MISS';
    let p99Verdict = null;
    let p99Limit = null;
    if (m.p99Within) {
      const reference = m.p99Within.of === 'baseline' ? baseline : byName.get(m.p99Within.of);
      if (!reference)
        throw new Error(`${m.name}: no measurement named ${m.p99Within.of} to compare p99 with`);
      p99Limit = m.p99Within.times * reference.p99;
      p99Verdict = m.p99 <= p99Limit ? 'PASS' : 'MISS';
    }
    return { ...m, ratio, verdict, p99Verdict, p99Limit };
  });
}

/** The target column of a judged scenario, e.g. `0.50 PASS, p99 ≤ 1.5× baseline (3.2 ms) MISS`. */
export function targetText(s) {
  const parts = [];
  if (s.target !== undefined) parts.push(`${s.target.toFixed(2)} ${s.verdict}`);
  if (s.p99Within) {
    const of = s.p99Within.of === 'baseline' ? '/healthz' : s.p99Within.of;
    parts.push(`p99 ≤ ${s.p99Within.times}× ${of} (${s.p99Limit.toFixed(1)} ms) ${s.p99Verdict}`);
  }
  return parts.join(', ');
}
