// Generates each actor's SQL migrations with drizzle-kit from its schema module.
// Never edit a generated migration after it has landed: add a new one instead.
import { spawnSync } from 'node:child_process';

const actors = ['directory', 'tenant', 'device-node', 'lawyer', 'rate-limiter'];
const only = process.argv[2];
for (const actor of actors.filter((a) => !only || a === only)) {
  const args = [
    'drizzle-kit',
    'generate',
    '--dialect=sqlite',
    '--driver=durable-sqlite',
    `--schema=./schema/${actor}.ts`,
    `--out=./schema/migrations/${actor}`,
  ];
  if (process.argv[3]) args.push(`--name=${process.argv[3]}`);
  const result = spawnSync('npx', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
