// V8 CPU profiles of the workerd runtime, taken through wrangler dev's inspector proxy, for
// `BENCH_PROFILE=<dir> npm run bench …`. Every worker and actor runs on the runtime's one thread, so one
// profile shows where a scenario's CPU goes across all the actors it touches. Each profile is written
// as <dir>/<label>.cpuprofile (Chrome DevTools and speedscope open it) and summarised on stderr.
//
// The proxy only lets local tools in: the Origin header must name localhost.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLING_INTERVAL_US = 100;
const TOP = 25;

/** Connects to the runtime's inspector; `profiled(label, run)` records a profile while `run` runs. */
export async function openProfiler(inspectorPort, dir) {
  mkdirSync(dir, { recursive: true });
  const socket = new WebSocket(`ws://127.0.0.1:${inspectorPort}/ws`, {
    headers: { Origin: 'http://localhost' },
  });
  let nextId = 0;
  const waiting = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    const answer = message.id === undefined ? undefined : waiting.get(message.id);
    if (!answer) return; // console events and the like
    waiting.delete(message.id);
    if (message.error) answer.reject(new Error(`${message.error.message} (${message.error.code})`));
    else answer.resolve(message.result);
  };
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`the inspector at port ${inspectorPort} refused the connection`));
  });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });

  return {
    async profiled(label, run) {
      await call('Profiler.start');
      try {
        return await run();
      } finally {
        const { profile } = await call('Profiler.stop');
        const file = join(dir, `${label.replace(/[^\w.-]+/g, '-').slice(0, 80)}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        process.stderr.write(`[bench] profile of ${label}: ${file}\n${summary(profile)}\n`);
      }
    },
    close: () => socket.close(),
  };
}

/** The functions with the most self time, and the share of each script, as text. */
export function summary(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  profile.samples?.forEach((nodeId, i) => {
    selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (deltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const byFunction = new Map();
  for (const [nodeId, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(nodeId).callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const lines = [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(
      ([key, us]) =>
        `  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
  return [`  self time, ${(total / 1000).toFixed(0)} ms sampled:`, ...lines].join('\n');
}
