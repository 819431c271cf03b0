import { describe, expect, it } from 'vitest';
import { judge, targetText } from '../../tools/bench-kit.mjs';

// How `npm run bench` judges a scenario: all targets are relative to measurements of the same run.

const baselineAt = { 1: { reqPerSec: 1000, p99: 2 }, 50: { reqPerSec: 4000, p99: 20 } };
const floor = { name: 'one committed write (reference, 1 conn)', connections: 1, reqPerSec: 500, p99: 4 };

describe('bench verdicts', () => {
  it('hold a p99 to a multiple of another measurement of the same run, and throughput to the baseline', () => {
    const [, create, list, busy] = judge(
      [
        floor,
        {
          name: 'create (1 conn)',
          connections: 1,
          reqPerSec: 300,
          p99: 6,
          p99Within: { times: 1.5, of: floor.name },
        },
        {
          name: 'list (1 conn)',
          connections: 1,
          reqPerSec: 800,
          p99: 3.1,
          p99Within: { times: 1.5, of: 'baseline' },
        },
        { name: 'create (50 conn)', connections: 50, reqPerSec: 1900, p99: 90, target: 0.5 },
      ],
      baselineAt,
    );
    expect(create).toMatchObject({ p99Verdict: 'PASS', p99Limit: 6, verdict: null });
    expect(list).toMatchObject({ p99Verdict: 'MISS', p99Limit: 3, ratio: 0.8 });
    expect(busy).toMatchObject({ verdict: 'MISS', ratio: 0.475, p99Verdict: null });
    expect(targetText(create)).toBe(`p99 ≤ 1.5× ${floor.name} (6.0 ms) PASS`);
    expect(targetText(list)).toBe('p99 ≤ 1.5× /healthz (3.0 ms) MISS');
    expect(targetText(busy)).toBe('0.50 MISS');
  });

  it('refuses a p99 target that names no measurement', () => {
    expect(() =>
      judge(
        [{ name: 'x', connections: 1, reqPerSec: 1, p99: 1, p99Within: { times: 2, of: 'nothing' } }],
        baselineAt,
      ),
    ).toThrow(/no measurement named nothing/);
  });
});
