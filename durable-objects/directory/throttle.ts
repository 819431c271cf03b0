/**
 * Login throttling: after `maxFailures` failed attempts within `windowMs`, the account name
 * is locked for `lockMs`; each further lock doubles, up to `maxLockMs`. Pure, so it is tested alone.
 */
export interface ThrottleState {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

export const LOGIN_THROTTLE = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 60_000,
  maxLockMs: 60 * 60_000,
};

export function lockedFor(state: ThrottleState | undefined, now: number): number {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

export function afterFailure(
  state: ThrottleState | undefined,
  now: number,
  policy = LOGIN_THROTTLE,
): ThrottleState {
  const fresh = !state || now - state.windowStartedAt > policy.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  if (failures < policy.maxFailures) return { failures, windowStartedAt, lockedUntil: null };
  const locksSoFar = failures - policy.maxFailures;
  const lockMs = Math.min(policy.maxLockMs, policy.lockMs * 2 ** locksSoFar);
  return { failures, windowStartedAt, lockedUntil: now + lockMs };
}
