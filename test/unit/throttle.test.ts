import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, LOGIN_THROTTLE, lockedFor } from '../../durable-objects/directory/throttle';

describe('login throttle', () => {
  it('locks after the fifth failure within the window, not before', () => {
    let state = undefined as ReturnType<typeof afterFailure> | undefined;
    const t0 = 1_000_000;
    for (let i = 1; i < LOGIN_THROTTLE.maxFailures; i++) {
      state = afterFailure(state, t0 + i);
      expect(lockedFor(state, t0 + i)).toBe(0);
    }
    state = afterFailure(state, t0 + 10);
    expect(lockedFor(state, t0 + 10)).toBe(LOGIN_THROTTLE.lockMs);
    expect(lockedFor(state, t0 + 10 + LOGIN_THROTTLE.lockMs)).toBe(0);
  });

  it('starts a fresh window once the old one has passed', () => {
    const t0 = 5_000_000;
    let state = afterFailure(undefined, t0);
    for (let i = 0; i < 3; i++) state = afterFailure(state, t0 + i);
    const later = afterFailure(state, t0 + LOGIN_THROTTLE.windowMs + 1);
    expect(later.failures).toBe(1);
    expect(later.lockedUntil).toBeNull();
  });

  it('doubles each further lock up to the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 40 }), (failures) => {
        const t0 = 10_000_000;
        let state = undefined as ReturnType<typeof afterFailure> | undefined;
        for (let i = 0; i < failures; i++) state = afterFailure(state, t0);
        const expected = Math.min(
          LOGIN_THROTTLE.maxLockMs,
          LOGIN_THROTTLE.lockMs * 2 ** (failures - LOGIN_THROTTLE.maxFailures),
        );
        expect(lockedFor(state, t0)).toBe(expected);
      }),
    );
  });
});
