import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PROMTOOL = '/usr/bin/promtool';
const RULES = join(import.meta.dirname, '../../ops/prometheus');

/** promtool is Debian's `prometheus` package: skipped locally without it, never in CI (.ci/run installs it). */
describe.skipIf(!existsSync(PROMTOOL) && !process.env.CI)(
  'the alerting rules shipped in ops/prometheus',
  () => {
    const promtool = (...args: string[]) => {
      expect(existsSync(PROMTOOL), 'promtool missing: apt-get install -y prometheus').toBe(true);
      return spawnSync(PROMTOOL, args, { cwd: RULES, encoding: 'utf8' });
    };

    it('pass promtool check rules', () => {
      const run = promtool('check', 'rules', 'alerts.yml');
      expect(run.stdout + run.stderr).toContain('SUCCESS: 6 rules found');
      expect(run.status, run.stderr).toBe(0);
    });

    it('pass their unit tests: each alert fires on its condition and stays quiet short of it', () => {
      const run = promtool('test', 'rules', 'alerts.test.yml');
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('SUCCESS');
    });
  },
);
