import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../durable-objects/retry';

describe('backoff', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };

  it('doubles per attempt before jitter', () => {
    expect(backoffDelay(1, policy, 1)).toBe(1000);
    expect(backoffDelay(2, policy, 1)).toBe(2000);
    expect(backoffDelay(4, policy, 1)).toBe(8000);
  });

  it('stays within half and all of the capped exponential delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random) => {
          const delay = backoffDelay(attempt, policy, random);
          const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(capped / 2));
          expect(delay).toBeLessThanOrEqual(capped);
        },
      ),
    );
  });
});
