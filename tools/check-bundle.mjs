// CI: builds the production worker as `npm run deploy` would (`wrangler deploy --dry-run --env production`)
// and fails when the bundle is over its size budget gzipped, or carries code that only the benchmark needs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { deployArguments } from './deploy.mjs';
import { ROOT } from './server.mjs';

/** The gzipped size the production bundle must stay under (Cloudflare allows 3 MiB free, 10 MiB paid). */
export const BUNDLE_BUDGET_BYTES = 1024 * 1024;

/**
 * Strings that only bench-only code contains (bench routes, bench actor methods and seeding). Keep this
 * list in step with the names the bench code uses.
 */
export const BENCH_MARKERS = [
  '/api/internal/bench/',
  'benchWrite',
  'benchSeed',
  'bench:write',
  'system:bench',
];

/**
 * Bench markers the production bundle may still carry, each reported rather than failed: none since the
 * bench code moved to its own worker (bench/, wrangler.bench.toml), so any that returns fails CI.
 */
export const BENCH_MARKERS_STILL_IN_PRODUCTION = [];

/**
 * What is wrong with a bundle: its size over the budget, bench markers in it.
 * @param {string} code
 * @param {{ budget?: number, markers?: string[], tolerated?: string[] }} [options]
 */
export function bundleProblems(
  code,
  { budget = BUNDLE_BUDGET_BYTES, markers = BENCH_MARKERS, tolerated = [] } = {},
) {
  const gzipped = gzipSync(code).length;
  const found = markers.filter((m) => code.includes(m));
  const problems = [];
  if (gzipped > budget)
    problems.push(`the bundle is ${kib(gzipped)} gzipped, over the budget of ${kib(budget)}`);
  for (const marker of found.filter((m) => !tolerated.includes(m)))
    problems.push(`bench-only code in the bundle: "${marker}"`);
  return { gzipped, found, problems };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outdir = mkdtempSync(join(tmpdir(), 'keel-bundle-'));
  try {
    const build = spawnSync('npx', deployArguments('keel.example.com', ['--dry-run', '--outdir', outdir]), {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (build.status !== 0) {
      console.error(build.stdout, build.stderr);
      console.error('check-bundle: `wrangler deploy --dry-run --env production` failed');
      process.exit(1);
    }
    const entry = readdirSync(outdir).find((f) => f.endsWith('.js'));
    const code = readFileSync(join(outdir, entry), 'utf8');
    const { gzipped, found, problems } = bundleProblems(code, {
      tolerated: BENCH_MARKERS_STILL_IN_PRODUCTION,
    });
    console.log(
      `check-bundle: ${entry} ${kib(code.length)}, ${kib(gzipped)} gzipped (budget ${kib(BUNDLE_BUDGET_BYTES)})`,
    );
    for (const marker of found.filter((m) => BENCH_MARKERS_STILL_IN_PRODUCTION.includes(m))) {
      console.log(`check-bundle: still carries bench-only code "${marker}" (tolerated until it moves out)`);
    }
    for (const problem of problems) console.error(`check-bundle: ${problem}`);
    process.exit(problems.length ? 1 : 0);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
