// `npm run deploy -- --domain <domain>`: deploys the production environment of wrangler.toml with
// BASE_DOMAIN set and routes for the apex and every company's subdomain (`*.<domain>/*`).
// Extra arguments go to `wrangler deploy` (e.g. --dry-run --outdir dist). See docs/deploy.md.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './server.mjs';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The arguments of `wrangler deploy` for `domain`, followed by `extra`. */
export function deployArguments(domain, extra = []) {
  if (!DOMAIN.test(domain ?? '')) {
    throw new Error(
      `give the platform's domain: --domain example.com (or KEEL_BASE_DOMAIN), not ${JSON.stringify(domain ?? '')}`,
    );
  }
  return [
    'wrangler',
    'deploy',
    '--env',
    'production',
    '--var',
    `BASE_DOMAIN:${domain}`,
    '--route',
    `${domain}/*`,
    '--route',
    `*.${domain}/*`,
    ...extra,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`Usage: npm run deploy -- --domain <domain> [wrangler deploy options]

  --domain <domain>   The platform's domain (env KEEL_BASE_DOMAIN): Keel answers on it and on *.<domain>
  other options       Passed to \`wrangler deploy\`, e.g. --dry-run --outdir dist`);
    process.exit(0);
  }
  const at = args.indexOf('--domain');
  const domain = at >= 0 ? args[at + 1] : process.env.KEEL_BASE_DOMAIN;
  const extra = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  let command;
  try {
    command = deployArguments(domain, extra);
  } catch (err) {
    console.error(`error: ${err.message}`);
    process.exit(2);
  }
  const run = spawnSync('npx', command, { cwd: ROOT, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
