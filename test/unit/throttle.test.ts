import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountSubject,
  afterFailure,
  LOGIN_THROTTLE,
  lockedFor,
  THROTTLE_SCOPES,
  type ThrottleState,
  throttleSubjects,
} from '../../durable-objects/directory/throttle';

const policies = fc.constantFrom(...THROTTLE_SCOPES).map((scope) => LOGIN_THROTTLE[scope]);

describe('login throttle', () => {
  it('locks at the policy’s last allowed failure within the window, not before', () => {
    fc.assert(
      fc.property(policies, (policy) => {
        let state: ThrottleState | undefined;
        const t0 = 1_000_000;
        for (let i = 1; i < policy.maxFailures; i++) {
          state = afterFailure(state, t0 + i, policy);
          expect(lockedFor(state, t0 + i)).toBe(0);
        }
        state = afterFailure(state, t0 + policy.maxFailures, policy);
        const now = t0 + policy.maxFailures;
        expect(lockedFor(state, now)).toBe(policy.lockMs);
        expect(lockedFor(state, now + policy.lockMs)).toBe(0);
      }),
    );
  });

  it('starts a fresh window once the old one has passed', () => {
    const policy = LOGIN_THROTTLE.accountFromIp;
    const t0 = 5_000_000;
    let state = afterFailure(undefined, t0, policy);
    for (let i = 0; i < 3; i++) state = afterFailure(state, t0 + i, policy);
    const later = afterFailure(state, t0 + policy.windowMs + 1, policy);
    expect(later.failures).toBe(1);
    expect(later.lockedUntil).toBeNull();
  });

  it('doubles each further lock up to the cap', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 40 }), (policy, extra) => {
        const t0 = 10_000_000;
        let state: ThrottleState | undefined;
        const failures = policy.maxFailures + extra;
        for (let i = 0; i < failures; i++) state = afterFailure(state, t0, policy);
        expect(lockedFor(state, t0)).toBe(Math.min(policy.maxLockMs, policy.lockMs * 2 ** extra));
      }),
    );
  });

  it('lets a stranger lock one account only from their own address; the account lock is slower', () => {
    const { accountFromIp, account, ip } = LOGIN_THROTTLE;
    expect(account.maxFailures).toBeGreaterThanOrEqual(10 * accountFromIp.maxFailures);
    expect(ip.maxFailures).toBeGreaterThan(accountFromIp.maxFailures);
    expect(account.lockMs).toBeGreaterThan(accountFromIp.lockMs);
  });
});

describe('throttle subjects', () => {
  it('counts an account by its id, whichever name was typed, and an unknown name by the name', () => {
    expect(accountSubject('user', 'usr_1', 'Alice')).toBe('user:usr_1');
    expect(accountSubject('user', 'usr_1', 'alice@example.com')).toBe('user:usr_1');
    expect(accountSubject('user', null, 'Ghost')).toBe('user:name:ghost');
    expect(accountSubject('admin', null, 'ghost')).not.toBe(accountSubject('user', null, 'ghost'));
  });

  it('keys the address scopes by the address, and a request without one as one address', () => {
    expect(throttleSubjects('user:usr_1', '198.51.100.1')).toEqual({
      accountFromIp: 'user:usr_1@198.51.100.1',
      ip: 'ip:198.51.100.1',
      account: 'user:usr_1',
    });
    expect(throttleSubjects('user:usr_1', null).ip).toBe('ip:unknown');
  });
});
