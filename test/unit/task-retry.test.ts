import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attemptOutcome } from '../../durable-objects/directory/task-retry';

describe('task retry rule (SPEC F3)', () => {
  const now = 1_000_000;

  it('retries the first failed attempt of a cron run after the delay', () => {
    expect(attemptOutcome({ trigger: 'cron', attempt: 1 }, 'failed', 300_000, now)).toEqual({
      status: 'retried',
      retryAt: now + 300_000,
    });
  });

  it('counts the retry failing, a manual run failing, or a task without retries as failed', () => {
    expect(attemptOutcome({ trigger: 'cron', attempt: 2 }, 'failed', 300_000, now).status).toBe('failed');
    expect(attemptOutcome({ trigger: 'manual', attempt: 1 }, 'failed', 300_000, now).status).toBe('failed');
    expect(attemptOutcome({ trigger: 'cron', attempt: 1 }, 'failed', 0, now).status).toBe('failed');
  });

  it('never retries a success, and never more than once', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cron' as const, 'manual' as const),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('succeeded' as const, 'failed' as const),
        fc.integer({ min: 0, max: 3_600_000 }),
        (trigger, attempt, end, delay) => {
          const outcome = attemptOutcome({ trigger, attempt }, end, delay, now);
          const retried = outcome.status === 'retried';
          expect(retried).toBe(end === 'failed' && trigger === 'cron' && attempt === 1 && delay > 0);
          expect(outcome.retryAt).toBe(retried ? now + delay : null);
          if (end === 'succeeded') expect(outcome.status).toBe('succeeded');
        },
      ),
    );
  });
});
