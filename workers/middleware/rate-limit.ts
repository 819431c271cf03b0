import { createMiddleware } from 'hono/factory';
import type { RatePolicy } from '../../durable-objects/rate-limiter/bucket';
import type { Env } from '../../lib/env';
import { log } from '../../lib/log';
import { clientIp } from '../client-ip';
import type { AppEnv } from '../types';
import { errorResponse } from './errors';

/**
 * Per-client rate limits on the endpoints anyone can reach (SPEC G6), beyond the monthly API quota of a
 * company. One line puts a route under a policy:
 *
 *   app.use('/api/legal/auth/register', rateLimit('registration'));
 *
 * A client is its address (`clientIp`: `CF-Connecting-IP`, which Cloudflare sets and no client can forge;
 * an IPv6 client is its /64); a request without one did not come through the edge and is not limited. A
 * refusal is 429 `RATE_LIMITED` with `Retry-After` and `details.retryAfterSeconds`.
 */
export const RATE_POLICIES = {
  /** Password sign-ins of any kind; the per-account throttle slows guessing at one account besides. */
  'sign-in': { limit: 20, windowMs: 60_000 },
  /** New accounts. */
  registration: { limit: 10, windowMs: 60 * 60_000 },
  /** Every other unauthenticated endpoint: onboarding steps, OAuth start and callback, payment callbacks. */
  public: { limit: 60, windowMs: 60_000 },
} as const satisfies Record<string, RatePolicy>;
export type RatePolicyName = keyof typeof RATE_POLICIES;

/** Shards of the limiter: every policy of one client lands in the same one. */
export const RATE_LIMITER_SHARDS = 32;

/** The key a client is limited by: its IPv4 address, or the /64 network of its IPv6 address. */
export function clientKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** FNV-1a: a fast, stable spread of client keys over the shards. */
export function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % RATE_LIMITER_SHARDS;
}

export function rateLimiterFor(env: Env, key: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`shard-${shardOf(key)}`));
}

/**
 * Admits the request under `policy` or answers 429. When the limiter cannot be asked the request goes
 * through (logged): the account throttle still guards passwords, and a sign-in page that fails because a
 * counter is unreachable would be the worse outage.
 */
export function rateLimit(policy: RatePolicyName) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.env.RATE_LIMITS === 'off') return next();
    const ip = clientIp(c);
    if (!ip) return next();
    const key = clientKey(ip);
    let verdict: { allowed: boolean; retryAfterMs: number };
    try {
      verdict = await rateLimiterFor(c.env, key).take(policy, key, RATE_POLICIES[policy]);
    } catch (err) {
      log.error('rate_limit.unavailable', { policy, err: String(err) });
      return next();
    }
    if (verdict.allowed) return next();
    const retryAfterSeconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    c.header('Retry-After', String(retryAfterSeconds));
    return errorResponse(
      c,
      429,
      'RATE_LIMITED',
      `too many requests from this address; try again in ${retryAfterSeconds} s`,
      { retryAfterSeconds, policy },
    );
  });
}
