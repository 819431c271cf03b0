import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_MARKERS, bundleProblems } from '../../tools/check-bundle.mjs';
import { deployArguments } from '../../tools/deploy.mjs';
import { ROOT } from '../../tools/server.mjs';

// The house rules a reader can check by reading files: sizes, which way imports run, and what the
// production build may contain. (Run in node: workerd cannot list the repository.)

const MAX_LINES = 500;

function trackedSources(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(listed.status, listed.stderr).toBe(0);
  return listed.stdout.split('\0').filter((f) => /\.(ts|tsx|mjs)$/.test(f));
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Every module a file imports at run time (type-only imports left out), as written. */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gms)) {
    if (!m[2]) out.push(m[3]!);
  }
  return out;
}

/** Every module a file imports, type-only ones included. */
function allImports(source: string): string[] {
  return [...source.matchAll(/^(?:import|export)\s+[^'";]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('source rules', () => {
  it('keeps every hand-written source file at 500 lines or fewer', () => {
    const tooLong = trackedSources()
      .map((file) => ({ file, lines: read(file).split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES);
    expect(tooLong).toEqual([]);
  });

  it('carries no section markers: a file of one concern needs no signposts inside it', () => {
    const marked = trackedSources().flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (/(\/\/|\/\*|\{\/\*)\s*(-{4,}|={4,})/.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(marked).toEqual([]);
  });

  it('runs imports one way: schema and lib below the actors, the actors below the worker, routes apart', () => {
    const problems: string[] = [];
    for (const file of trackedSources()) {
      const source = read(file);
      const imports = allImports(source);
      const flag = (bad: (spec: string) => boolean, specs = imports) => {
        for (const spec of specs) if (bad(spec)) problems.push(`${file} imports ${spec}`);
      };
      if (file.startsWith('schema/')) flag((spec) => /durable-objects|workers\//.test(spec));
      // lib may name the actors' types (Env does), never run their code.
      if (file.startsWith('lib/'))
        flag((spec) => /durable-objects|workers\//.test(spec), runtimeImports(source));
      if (file.startsWith('durable-objects/')) flag((spec) => /workers\//.test(spec));
      if (/^workers\/(tasks|middleware|devices|ops)\//.test(file)) flag((spec) => spec.includes('/routes/'));
      if (file.startsWith('workers/routes/')) flag((spec) => /^\.\/(?!support$)/.test(spec));
      if (/^(workers|durable-objects|lib|schema)\//.test(file)) flag((spec) => /(^|\/)bench\//.test(spec));
    }
    expect(problems).toEqual([]);
  });

  it('builds the production worker without any bench-only code, which the bench build has', () => {
    const bundle = (args: string[]) => {
      const outdir = mkdtempSync(join(tmpdir(), 'keel-bundle-'));
      try {
        const built = spawnSync('npx', [...args, '--dry-run', '--outdir', outdir], {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
        });
        expect(built.status, built.stderr).toBe(0);
        return readdirSync(outdir)
          .filter((f) => f.endsWith('.js'))
          .map((f) => readFileSync(join(outdir, f), 'utf8'))
          .join('\n');
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    };
    // As `npm run deploy` builds it, and as `npm run check:bundle` judges it.
    const production = bundle(deployArguments('keel.example.com'));
    expect(bundleProblems(production).found).toEqual([]);
    // The markers are real: the benchmark's worker carries every one.
    const bench = bundle(['wrangler', 'deploy', '--config', 'wrangler.bench.toml']);
    expect(BENCH_MARKERS.filter((m: string) => !bench.includes(m))).toEqual([]);
  });
});
