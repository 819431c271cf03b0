// `npm run bench [-- <title filter>]`: the benchmark harness.
//
// Starts the real worker under `wrangler dev` (fresh temporary state, throwaway secrets), lets every
// scenario module in tools/bench/*.mjs seed what it needs through the public API, drives each scenario
// with autocannon and compares it with the trivial route GET /healthz measured in the same run at the
// same connection count (before and after the scenarios; the ratio uses their mean). Prints a table
// and writes bench-results/latest.json.
//
// A scenario module default-exports
//   { title, async setup(ctx) → state, scenarios(state) → [{ name, target?, p99Within?, connections?,
//     durationSec?, warmupSec?, prepare?, options }], async extras?(ctx, state) → [{ name, value, unit, note? }] }
// where `prepare` is an async function run just before the scenario's warm-up (untimed), `warmupSec` the
// warm-up's length (1 s by default), `target` is the least req/s ratio to the baseline, `p99Within: { times, of }` the most p99 latency
// as a multiple of the baseline's (`of: 'baseline'`) or another scenario's p99 (see judge in bench-kit.mjs),
// `options` are autocannon options without `url` (method, path, headers, body, requests, setupClient, …) and
// ctx = { url, api, apiOk, adminToken, env, mapLimit, waitFor, runtimeCpuMs, profiled }.
//
// BENCH_DURATION=<seconds> shortens (or lengthens) every measurement, e.g. 3 for a smoke run.
// BENCH_AT=runtime sends the measured requests (not the setup) straight to the workerd runtime's own
// socket instead of through wrangler's dev proxy, a second workerd process that production does not
// have and that costs about as much CPU per request as the runtime does (Linux only).
// BENCH_PROFILE=<dir> records a V8 CPU profile of the runtime during each measurement (and wherever a
// module's setup asks with ctx.profiled) into <dir>, and prints each one's costliest functions.
// Exit status: 0 when every request answered 2xx (a missed target is informational), 1 when any
// measurement saw non-2xx answers or errors, or when setup failed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { judge, makeApi, makeApiOk, mapLimit, targetText, waitFor } from './bench-kit.mjs';
import { openProfiler } from './bench-profile.mjs';
import { cpuMs, listeningPorts, workerdProcesses } from './proc-cpu.mjs';
import { ROOT, startServer } from './server.mjs';

const DEFAULT_CONNECTIONS = 10;
const DEFAULT_DURATION_SEC = 10;
const WARMUP_SEC = 1;
const BASELINE = { name: 'GET /healthz (baseline)', path: '/healthz' };

const note = (message) => console.error(`[bench] ${message}`);

/**
 * The runtime's own HTTP socket: of the ports the runtime process listens on, the one answering our
 * /healthz (the others are its inspector and internal sockets).
 */
async function runtimeUrl(processes) {
  const runtime = processes.find((p) => p.role === 'runtime');
  for (const port of runtime ? listeningPorts(runtime.pid) : []) {
    const url = `http://127.0.0.1:${port}`;
    try {
      const res = await fetch(`${url}${BASELINE.path}`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && (await res.json()).ok === true) return url;
    } catch {}
  }
  throw new Error('BENCH_AT=runtime: no socket of the workerd runtime answers /healthz');
}

async function loadModules(filter) {
  const dir = join(ROOT, 'tools', 'bench');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const modules = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)).default;
    if (
      !mod ||
      typeof mod.title !== 'string' ||
      typeof mod.setup !== 'function' ||
      typeof mod.scenarios !== 'function'
    ) {
      throw new Error(`tools/bench/${file} must default-export { title, setup(ctx), scenarios(state) }`);
    }
    modules.push({ file, ...mod });
  }
  const wanted = filter.toLowerCase();
  const selected = modules.filter(
    (m) => !wanted || m.title.toLowerCase().includes(wanted) || m.file.includes(wanted),
  );
  return { modules, selected };
}

/** CPU milliseconds per request of each workerd process while `run` ran (nulls where unknown). */
async function withCpu(processes, run) {
  const used = () => processes.map((p) => cpuMs(p.pid));
  const start = used();
  const result = await run();
  const end = used();
  const perRequest = (role) => {
    const i = processes.findIndex((p) => p.role === role);
    if (i < 0 || start[i] === null || end[i] === null || !result.requests) return null;
    return (end[i] - start[i]) / result.requests;
  };
  return { ...result, runtimeCpuMs: perRequest('runtime'), proxyCpuMs: perRequest('proxy') };
}

async function measure(url, { connections, durationSec, options, processes = [] }) {
  const { path = '/', url: _ignored, ...rest } = options ?? {};
  return withCpu(processes, () => runAutocannon(url + path, { ...rest, connections, duration: durationSec }));
}

async function runAutocannon(url, options) {
  const result = await autocannon({ ...options, url });
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
    ),
  };
}

function problemsOf(m) {
  return m.non2xx + m.errors;
}

function table(headers, rows, rightAligned) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const cell = (value, i) =>
    rightAligned.has(i) ? String(value).padStart(widths[i]) : String(value).padEnd(widths[i]);
  const line = (cells) => cells.map(cell).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const meanOf = (a, b) => (a === null || b === null ? null : (a + b) / 2);

const fixed = (n, digits) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function git(...args) {
  const res = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

async function main() {
  const filter = process.argv.slice(2).join(' ').trim();
  let durationOverride;
  if (process.env.BENCH_DURATION) {
    durationOverride = Number(process.env.BENCH_DURATION);
    if (!(durationOverride > 0)) throw new Error(`BENCH_DURATION must be a positive number of seconds`);
  }
  const measuredAt = process.env.BENCH_AT ?? 'proxy';
  if (!['proxy', 'runtime'].includes(measuredAt)) throw new Error('BENCH_AT must be proxy or runtime');

  const { modules, selected } = await loadModules(filter);
  if (!selected.length) {
    note(
      `no scenario module matches ${JSON.stringify(filter)}; there are: ${modules.map((m) => m.title).join(', ')}`,
    );
    return 1;
  }

  const env = {
    SUPERADMIN_USERNAME: 'admin',
    SUPERADMIN_PASSWORD: randomBytes(24).toString('base64url'),
    SERVICE_TOKEN: randomBytes(24).toString('base64url'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    PAYMENT_WEBHOOK_SECRET: randomBytes(32).toString('base64url'),
  };
  const scratch = mkdtempSync(join(tmpdir(), 'keel-bench-'));
  // An empty env file keeps a developer's .dev.vars out of the measured server.
  const envFile = join(scratch, 'empty.env');
  writeFileSync(envFile, '');

  let server;
  let profiler = null;
  const cleanup = async () => {
    profiler?.close();
    profiler = null;
    if (server) await server.stop();
    server = undefined;
    rmSync(scratch, { recursive: true, force: true });
  };
  let interrupting = false;
  const interrupted = async (signal) => {
    interrupting = true;
    note(`${signal}: stopping`);
    await cleanup();
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  try {
    note('starting wrangler dev…');
    server = await startServer({
      // The production worker plus the bench-only routes (bench/), which modules use to seed and to measure floors.
      config: 'wrangler.bench.toml',
      persistTo: join(scratch, 'state'),
      logLevel: 'error',
      envFile,
      vars: {
        LOG_LEVEL: 'warn',
        AUTH_SECRET: env.AUTH_SECRET,
        SUPERADMIN_PASSWORD: env.SUPERADMIN_PASSWORD,
        SERVICE_TOKEN: env.SERVICE_TOKEN,
        PAYMENT_WEBHOOK_SECRET: env.PAYMENT_WEBHOOK_SECRET,
        // Setup signs in hundreds of users from this one address; the limits would refuse most of them.
        RATE_LIMITS: 'off',
      },
    });
    note(`server ready at ${server.url}`);
    const processes = workerdProcesses(server.child.pid);
    if (!processes.some((p) => p.role === 'runtime'))
      note('workerd CPU time is not readable here: no CPU columns');
    const measuredUrl = measuredAt === 'runtime' ? await runtimeUrl(processes) : server.url;
    note(
      `measuring at ${measuredUrl} (${measuredAt === 'runtime' ? "the runtime's own socket" : 'wrangler dev'})`,
    );
    const run = (spec) => measure(measuredUrl, { ...spec, processes });

    const api = makeApi(server.url);
    const apiOk = makeApiOk(api);
    const login = await apiOk('POST', '/api/admin/login', {
      body: { username: env.SUPERADMIN_USERNAME, password: env.SUPERADMIN_PASSWORD },
    });
    const runtime = processes.find((p) => p.role === 'runtime');
    /** The runtime's CPU milliseconds so far (null where unreadable), for a module timing its own setup. */
    const runtimeCpuMs = () => (runtime ? cpuMs(runtime.pid) : null);
    profiler = process.env.BENCH_PROFILE
      ? await openProfiler(server.inspectorPort, process.env.BENCH_PROFILE)
      : null;
    if (profiler)
      note(`recording CPU profiles into ${process.env.BENCH_PROFILE} (the profiler slows what it measures)`);
    /** Runs `run`, recording a CPU profile of the runtime under `label` when BENCH_PROFILE is set. */
    const profiled = (label, run) => (profiler ? profiler.profiled(label, run) : run());
    const ctx = {
      url: server.url,
      api,
      apiOk,
      adminToken: login.body.token,
      env,
      mapLimit,
      waitFor,
      runtimeCpuMs,
      profiled,
    };

    // Seed everything first, so no seeding runs while anything is measured.
    const plans = [];
    for (const mod of selected) {
      note(`setup: ${mod.title}`);
      const state = await mod.setup(ctx);
      for (const s of mod.scenarios(state)) {
        plans.push({
          module: mod.title,
          name: s.name,
          target: s.target,
          p99Within: s.p99Within,
          connections: s.connections ?? DEFAULT_CONNECTIONS,
          durationSec: durationOverride ?? s.durationSec ?? DEFAULT_DURATION_SEC,
          warmupSec: s.warmupSec ?? WARMUP_SEC,
          prepare: s.prepare,
          options: s.options,
        });
      }
      mod.state = state;
    }
    const connectionCounts = [...new Set(plans.map((p) => p.connections))].sort((a, b) => a - b);
    const baselineSec = durationOverride ?? DEFAULT_DURATION_SEC;

    const runBaselines = async (phase) => {
      const out = {};
      for (const connections of connectionCounts) {
        note(`baseline ${phase}: ${BASELINE.path} with ${connections} connections for ${baselineSec} s`);
        out[connections] = await run({
          connections,
          durationSec: baselineSec,
          options: { path: BASELINE.path },
        });
      }
      return out;
    };

    note(`warm-up: ${BASELINE.path} for ${WARMUP_SEC} s`);
    await run({
      connections: connectionCounts[0] ?? 1,
      durationSec: WARMUP_SEC,
      options: { path: BASELINE.path },
    });
    const before = await runBaselines('before');

    const measured = [];
    for (const plan of plans) {
      if (plan.prepare) {
        note(`prepare: ${plan.name}`);
        await plan.prepare();
      }
      note(`warm-up: ${plan.name} for ${plan.warmupSec} s`);
      await run({ ...plan, durationSec: plan.warmupSec });
      note(`measure: ${plan.name} with ${plan.connections} connections for ${plan.durationSec} s`);
      measured.push({ ...plan, ...(await profiled(plan.name, () => run(plan))) });
    }

    const after = await runBaselines('after');

    const extras = [];
    for (const mod of selected) {
      if (typeof mod.extras !== 'function') continue;
      note(`extras: ${mod.title}`);
      for (const e of await mod.extras(ctx, mod.state)) extras.push({ module: mod.title, ...e });
    }

    const baselines = connectionCounts.map((connections) => {
      const b = before[connections];
      const a = after[connections];
      return {
        name: BASELINE.name,
        connections,
        durationSec: baselineSec,
        reqPerSec: (b.reqPerSec + a.reqPerSec) / 2,
        p50: (b.p50 + a.p50) / 2,
        p99: (b.p99 + a.p99) / 2,
        runtimeCpuMs: meanOf(b.runtimeCpuMs, a.runtimeCpuMs),
        proxyCpuMs: meanOf(b.proxyCpuMs, a.proxyCpuMs),
        before: b,
        after: a,
        drift: a.reqPerSec / b.reqPerSec - 1,
      };
    });
    const baselineAt = Object.fromEntries(baselines.map((b) => [b.connections, b]));
    const scenarios = judge(
      measured.map(({ options: _options, ...m }) => m),
      baselineAt,
    ).map((m) => {
      const baseline = baselineAt[m.connections];
      const cpuRatio =
        baseline.runtimeCpuMs && m.runtimeCpuMs ? baseline.runtimeCpuMs / m.runtimeCpuMs : null;
      return { ...m, cpuRatio };
    });

    const rows = [
      ...baselines.map((b) => [
        '',
        b.name,
        b.connections,
        fixed(b.reqPerSec, 0),
        fixed(b.p50, 1),
        fixed(b.p99, 1),
        '1.00',
        '',
        fixed(b.runtimeCpuMs, 2),
        b.runtimeCpuMs ? '1.00' : '-',
      ]),
      ...scenarios.map((s) => [
        s.module,
        s.name,
        s.connections,
        fixed(s.reqPerSec, 0),
        fixed(s.p50, 1),
        fixed(s.p99, 1),
        fixed(s.ratio, 2),
        targetText(s),
        fixed(s.runtimeCpuMs, 2),
        fixed(s.cpuRatio, 2),
      ]),
    ];
    console.log();
    console.log(
      measuredAt === 'runtime'
        ? "measured at the workerd runtime's own socket (BENCH_AT=runtime: no dev proxy)"
        : 'measured through wrangler dev (its dev proxy, then the workerd runtime); BENCH_AT=runtime skips the proxy',
    );
    console.log(
      table(
        ['module', 'scenario', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'target', 'cpu ms', 'cpu ratio'],
        rows,
        new Set([2, 3, 4, 5, 6, 8, 9]),
      ),
    );
    if (baselines.some((b) => b.runtimeCpuMs)) {
      console.log(
        'cpu ms: CPU time of the workerd runtime process per request (it runs every worker and actor on one ' +
          "thread); cpu ratio: the baseline's cpu ms over the scenario's, which machine load moves less than req/s",
      );
    }
    for (const b of baselines) {
      const pct = (n) => `${fixed(n, 0)} req/s`;
      const line = `baseline at ${b.connections} conn: ${pct(b.before.reqPerSec)} before, ${pct(b.after.reqPerSec)} after`;
      console.log(
        Math.abs(b.drift) > 0.15 ? `${line}: drifted ${fixed(b.drift * 100, 0)}% (noisy machine?)` : line,
      );
    }
    const loadAtEnd = loadavg()[0];
    console.log(
      `machine: ${cpus().length} CPUs, 1-minute load average ${fixed(loadAtStart, 1)} at start, ${fixed(loadAtEnd, 1)} at end` +
        (loadAtStart > cpus().length / 2 ? ' (busy before the run began: ratios are noisy)' : ''),
    );
    if (extras.length) {
      console.log();
      console.log(
        table(
          ['module', 'measurement', 'value', 'unit', 'note'],
          extras.map((e) => [
            e.module,
            e.name,
            typeof e.value === 'number' ? fixed(e.value, 1) : e.value,
            e.unit,
            e.note ?? '',
          ]),
          new Set([2]),
        ),
      );
    }

    const failures = [
      ...baselines.flatMap((b) => [
        { name: `${b.name} before`, connections: b.connections, ...b.before },
        { name: `${b.name} after`, connections: b.connections, ...b.after },
      ]),
      ...scenarios,
    ].filter((m) => problemsOf(m) > 0);
    console.log();
    for (const f of failures) {
      console.log(
        `FAILED: ${f.name} (${f.connections} conn): ${f.non2xx} non-2xx answers, ${f.errors} errors ` +
          `(${f.timeouts} timeouts) of ${f.requests}; status codes ${JSON.stringify(f.statusCodes)}`,
      );
    }

    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    const file = join(ROOT, 'bench-results', 'latest.json');
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      commit: git('rev-parse', 'HEAD'),
      dirty: git('status', '--porcelain') !== '',
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      loadAverage1m: { start: loadAtStart, end: loadAtEnd },
      filter: filter || null,
      durationOverrideSec: durationOverride ?? null,
      measuredAt,
      modules: selected.map((m) => m.title),
      baselines,
      scenarios,
      extras,
      failures: failures.length,
    };
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`results: ${file}`);
    if (failures.length) {
      console.log(`${failures.length} measurement(s) had non-2xx answers or errors`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (interrupting) return 130;
    if (server) note(`server output (last lines):\n${server.output().slice(-4000)}`);
    throw err;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    note(String(err?.stack ?? err));
    process.exit(1);
  },
);
