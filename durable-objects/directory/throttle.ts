/**
 * Login throttling, pure, so it is tested alone. Failures are counted on three subjects at once (see
 * `LOGIN_THROTTLE`); an attempt is refused while any of its subjects is locked. Within one subject,
 * `maxFailures` failures within `windowMs` lock it for `lockMs`, and each further failure doubles the
 * lock up to `maxLockMs`.
 */
export interface ThrottleState {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  maxLockMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const LOGIN_THROTTLE = {
  /** One account from one client address: what a single stranger can guess, and all it can lock. */
  accountFromIp: { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: MINUTE, maxLockMs: HOUR },
  /** One client address, whatever names it types: spraying one password over many accounts. */
  ip: { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, maxLockMs: HOUR },
  /**
   * One account from anywhere. Each address is locked after a few failures of its own, so only a crowd
   * of addresses gets this far; then the account is locked everywhere, the owner's address included.
   */
  account: { maxFailures: 100, windowMs: HOUR, lockMs: 15 * MINUTE, maxLockMs: HOUR },
} satisfies Record<string, ThrottlePolicy>;

export type ThrottleScope = keyof typeof LOGIN_THROTTLE;
export const THROTTLE_SCOPES = Object.keys(LOGIN_THROTTLE) as ThrottleScope[];

/**
 * The account a login name counts for: the account's id when the name belongs to one (so a username
 * and an email of one person count together), else the name itself, throttled the same way so the
 * answers do not tell which names exist.
 */
export function accountSubject(kind: 'admin' | 'user', accountId: string | null, name: string): string {
  return accountId ? `${kind}:${accountId}` : `${kind}:name:${name.toLowerCase()}`;
}

/** The subject of each scope for one attempt; a request without a known address counts as one address. */
export function throttleSubjects(account: string, ip: string | null): Record<ThrottleScope, string> {
  const address = ip ?? 'unknown';
  return { accountFromIp: `${account}@${address}`, ip: `ip:${address}`, account };
}

export function lockedFor(state: ThrottleState | undefined, now: number): number {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

export function afterFailure(
  state: ThrottleState | undefined,
  now: number,
  policy: ThrottlePolicy,
): ThrottleState {
  const fresh = !state || now - state.windowStartedAt > policy.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  if (failures < policy.maxFailures) return { failures, windowStartedAt, lockedUntil: null };
  const locksSoFar = failures - policy.maxFailures;
  const lockMs = Math.min(policy.maxLockMs, policy.lockMs * 2 ** locksSoFar);
  return { failures, windowStartedAt, lockedUntil: now + lockMs };
}
