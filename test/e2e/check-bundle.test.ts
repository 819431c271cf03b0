import { describe, expect, it } from 'vitest';
import { BENCH_MARKERS, bundleProblems } from '../../tools/check-bundle.mjs';
import { deployArguments } from '../../tools/deploy.mjs';

describe('the production bundle check', () => {
  it('passes a small bundle without bench code', () => {
    expect(bundleProblems('export default { fetch() { return new Response("ok"); } };').problems).toEqual([]);
  });

  it('fails a bundle over its gzipped budget', () => {
    const random = Array.from({ length: 4_000 }, (_, i) => Math.sin(i).toString(36)).join('');
    const { problems, gzipped } = bundleProblems(random, { budget: 1_024 });
    expect(gzipped).toBeGreaterThan(1_024);
    expect(problems).toEqual([expect.stringContaining('over the budget of 1 KiB')]);
  });

  it('fails on every bench marker unless tolerated, and names it', () => {
    for (const marker of BENCH_MARKERS) {
      const code = `const route = "${marker}";`;
      expect(bundleProblems(code).problems).toEqual([`bench-only code in the bundle: "${marker}"`]);
      expect(bundleProblems(code, { tolerated: [marker] }).problems).toEqual([]);
    }
  });
});

describe('npm run deploy', () => {
  it('deploys the production environment with the domain and routes for it and its subdomains', () => {
    expect(deployArguments('keel.example.com', ['--dry-run'])).toEqual([
      'wrangler',
      'deploy',
      '--env',
      'production',
      '--var',
      'BASE_DOMAIN:keel.example.com',
      '--route',
      'keel.example.com/*',
      '--route',
      '*.keel.example.com/*',
      '--dry-run',
    ]);
  });

  it('refuses a missing or malformed domain', () => {
    for (const domain of [
      undefined,
      '',
      'localhost',
      'https://keel.example.com',
      '*.example.com',
      'Keel.Example.COM',
    ])
      expect(() => deployArguments(domain as string)).toThrow(/--domain/);
  });
});
