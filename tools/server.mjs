// Starts the real worker under `wrangler dev` on 127.0.0.1 and stops it again.
// Shared by the dev runner, the benchmark and the browser tests.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * @param {{ port?: number, persistTo?: string, vars?: Record<string,string>, logLevel?: string,
 *           envFile?: string, config?: string, stdio?: 'inherit' | 'pipe', readyTimeoutMs?: number,
 *           onSpawn?: (child: import('node:child_process').ChildProcess) => void }} options
 *   `stdio: 'inherit'` shares stdout/stderr (stdin is never given: wrangler runs in its own process
 *   group and must not read the terminal). `onSpawn` sees the child before it is ready, so a caller
 *   can stop it (with `stopProcess`) when interrupted during start-up. `config` names another wrangler
 *   configuration (the benchmark's `wrangler.bench.toml`).
 */
export async function startServer(options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      // Ports are found free and bound by wrangler a moment later; another process can take one in
      // between (parallel test files start servers at once). A fresh set of ports is the remedy.
      if (!(err instanceof PortTaken) || attempt >= 3) throw err;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(options) {
  const port = options.port ?? (await freePort());
  const inspectorPort = await freePort();
  const args = [
    'wrangler',
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
    '--log-level',
    options.logLevel ?? 'error',
  ];
  if (options.config) args.push('--config', options.config);
  if (options.persistTo) args.push('--persist-to', options.persistTo);
  if (options.envFile) args.push('--env-file', options.envFile);
  for (const [key, value] of Object.entries(options.vars ?? {})) args.push('--var', `${key}:${value}`);

  const child = spawn('npx', args, {
    cwd: ROOT,
    stdio: options.stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CI: process.env.CI ?? '',
      // No Request.cf download from workers.cloudflare.com (nothing reads request.cf; offline it only
      // prints a stack trace): miniflare's placeholder is used. Set the variable to 'true' to fetch it.
      CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false',
      // wrangler's local trace explorer streams every invocation of the worker and of each actor into
      // a trace store of its own (a production deploy has no such thing); that costs more CPU than
      // /healthz itself and grows the local state without end. Our logs and /metrics stay on. Set the
      // variable to 'true' to record traces for the explorer.
      X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? 'false',
    },
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output = (output + d).slice(-20_000);
  });
  child.stderr?.on('data', (d) => {
    output = (output + d).slice(-20_000);
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  options.onSpawn?.(child);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exited) {
      const message = `wrangler dev exited before it was ready:\n${output}`;
      throw output.includes('Address already in use') ? new PortTaken(message) : new Error(message);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      stopProcess(child);
      throw new Error(`wrangler dev was not ready within the timeout:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    inspectorPort,
    child,
    output: () => output,
    stop: () => stopProcess(child),
  };
}

/**
 * Ends wrangler and the workerd it started (one process group), waiting for them to go. Whatever is
 * left in the group once its leader is gone (e.g. a workerd orphaned by a crashed wrangler) is killed.
 */
export function stopProcess(child) {
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      signalGroup('SIGKILL');
      return resolveStop();
    }
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    timer.unref();
    child.once('exit', () => {
      clearTimeout(timer);
      signalGroup('SIGKILL');
      resolveStop();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  });
}
