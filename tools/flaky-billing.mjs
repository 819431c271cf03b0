// A billing endpoint that misbehaves on purpose, for the fault tests and the stress benchmark.
// It stands between the device nodes (BILLING_SERVICE_URL points here) and the server's own internal
// billing API, and for each call it lets through, fails, loses the answer to, or hangs on — as told.
import { createServer } from 'node:http';

/** A small seeded generator (mulberry32), so a run's sequence of faults can be repeated. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {{ target?: string, failRate?: number, hangMs?: number, seed?: number, mode?: 'flaky' | 'down' | 'pass',
 *            faultsOn?: (req: import('node:http').IncomingMessage) => boolean }} options
 *   failRate: share of calls that go wrong (default 0.4), split between: refused before reaching billing,
 *   charged but the answer lost, hung past the timeout without reaching billing, and hung with billing
 *   reached only after the caller gave up.
 */
export async function startFlakyBilling(options = {}) {
  const state = {
    target: options.target ?? '',
    mode: options.mode ?? 'flaky',
    failRate: options.failRate ?? 0.4,
    hangMs: options.hangMs ?? 1_000,
    random: seeded(options.seed ?? 42),
    faultsOn: options.faultsOn ?? (() => true),
    counts: { calls: 0, passed: 0, refused: 0, lostAnswer: 0, hung: 0, lateWrite: 0, down: 0, duplicates: 0 },
  };
  const pending = new Set();

  async function forward(req, body) {
    const headers = {};
    for (const name of ['content-type', 'x-service-token', 'x-tenant-code']) {
      if (req.headers[name]) headers[name] = req.headers[name];
    }
    const res = await fetch(`${state.target}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' ? undefined : body,
    });
    const text = await res.text();
    state.counts.duplicates += (text.match(/"duplicate":true/g) ?? []).length;
    return { status: res.status, text, type: res.headers.get('content-type') ?? 'application/json' };
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const reply = (res, status, text, type = 'application/json') => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': type });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const work = handle(req, res, Buffer.concat(chunks)).catch((err) =>
        reply(res, 502, JSON.stringify({ error: String(err) })),
      );
      pending.add(work);
      work.finally(() => pending.delete(work));
    });
  });

  async function handle(req, res, body) {
    state.counts.calls++;
    if (state.mode === 'down') {
      state.counts.down++;
      return reply(res, 503, '{"error":{"code":"DOWN","message":"billing is down"}}');
    }
    const r = state.mode === 'pass' || !state.faultsOn(req) ? 1 : state.random();
    const share = state.failRate / 4;
    if (r < share) {
      state.counts.refused++;
      return reply(res, 503, '{"error":{"code":"FLAKY","message":"refused"}}');
    }
    if (r < 2 * share) {
      state.counts.lostAnswer++;
      await forward(req, body);
      return reply(res, 502, '{"error":{"code":"FLAKY","message":"charged, but the answer was lost"}}');
    }
    if (r < 3 * share) {
      state.counts.hung++;
      await sleep(state.hangMs);
      return reply(res, 504, '{"error":{"code":"FLAKY","message":"hung"}}');
    }
    if (r < 4 * share) {
      state.counts.lateWrite++;
      await sleep(state.hangMs);
      await forward(req, body);
      return reply(res, 504, '{"error":{"code":"FLAKY","message":"hung, then charged"}}');
    }
    state.counts.passed++;
    const answer = await forward(req, body);
    return reply(res, answer.status, answer.text, answer.type);
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    counts: state.counts,
    setTarget: (url) => {
      state.target = url;
    },
    setMode: (mode) => {
      state.mode = mode;
    },
    /** Waits for the calls in flight (a late write may still be on its way to billing). */
    settle: async () => {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
