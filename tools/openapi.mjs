// Writes the OpenAPI document the app serves at /openapi.json to a file, without starting a server:
// the app is bundled for node (the actor base class stubbed, no actor runs) and asked in process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const out = process.argv[2] ?? 'openapi.json';
const dir = mkdtempSync(join(tmpdir(), 'keel-openapi-'));
try {
  const bundle = join(dir, 'app.mjs');
  await build({
    stdin: {
      contents: "export { createApp } from './workers/app'; export { setLogLevel } from './lib/log';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'error',
    loader: { '.sql': 'text' },
    plugins: [
      {
        name: 'workers-runtime-stub',
        setup(b) {
          b.onResolve({ filter: /^cloudflare:workers$/ }, () => ({
            path: 'stub',
            namespace: 'workers-runtime',
          }));
          b.onLoad({ filter: /.*/, namespace: 'workers-runtime' }, () => ({
            contents: 'export class DurableObject {}',
            loader: 'js',
          }));
        },
      },
    ],
  });
  const { createApp, setLogLevel } = await import(pathToFileURL(bundle).href);
  setLogLevel('error');
  // The development environment: the document is the same in every one, and it needs no secret.
  const res = await createApp().request('/openapi.json', {}, { ENVIRONMENT: 'development' });
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(await res.json(), null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
