import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../durable-objects/rate-limiter/rate-limiter';
import type { Env } from '../../lib/env';
import {
  clientKey,
  RATE_POLICIES,
  type RatePolicyName,
  rateLimit,
  rateLimiterFor,
  shardOf,
} from '../../workers/middleware/rate-limit';
import type { AppEnv } from '../../workers/types';
import { BASE, call, unique } from '../helpers';

let nextHost = 1;
/** A client address of its own for each test, so no test shares a bucket with another. */
const freshIp = () => `198.51.100.${nextHost++}`;

const signIn = (ip?: string) =>
  call('POST', '/api/auth/login', {
    body: { username: unique('nobody'), password: 'not it' },
    headers: ip ? { 'cf-connecting-ip': ip } : {},
  });

async function shiftLimiterClock(ip: string, ms: number) {
  await runInDurableObject(rateLimiterFor(env, clientKey(ip)), (instance: RateLimiter) => {
    instance.timeShiftMs = ms;
  });
}

/**
 * Sends until refused. Real time passes between the requests and the bucket refills by one every
 * interval, so a slow machine may see a few more admitted than the burst: never more than that.
 */
async function exhaust(
  send: () => Promise<{ status: number; body: any; headers: Headers }>,
  name: RatePolicyName,
) {
  const { limit, windowMs } = RATE_POLICIES[name];
  const interval = windowMs / limit;
  const started = Date.now();
  let admitted = 0;
  for (;;) {
    const res = await send();
    if (res.status === 429) {
      const elapsed = Date.now() - started;
      expect(admitted).toBeGreaterThanOrEqual(limit);
      expect(admitted).toBeLessThanOrEqual(limit + Math.floor(elapsed / interval));
      expect(res.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { policy: name } });
      const seconds = res.body.error.details.retryAfterSeconds;
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(Math.ceil(interval / 1000));
      expect(res.headers.get('retry-after')).toBe(String(seconds));
      return { admitted, retryAfterSeconds: seconds as number };
    }
    admitted++;
    if (admitted > limit * 2) throw new Error(`${name}: never refused`);
  }
}

describe('per-client rate limits (SPEC G6)', () => {
  it('answers 429 with Retry-After once an address has used up its sign-ins, and lets it in again once it says', async () => {
    const ip = freshIp();
    const { retryAfterSeconds } = await exhaust(() => signIn(ip), 'sign-in');
    // The admin sign-in shares the address's sign-in budget.
    const admin = await call('POST', '/api/admin/login', {
      body: { username: 'admin', password: 'test-superadmin-password' },
      headers: { 'cf-connecting-ip': ip },
    });
    expect(admin.status).toBe(429);

    // Another address is not held back by this one.
    expect((await signIn(freshIp())).status).toBe(401);

    // When Retry-After says, one more fits, and then the address waits again.
    await shiftLimiterClock(ip, retryAfterSeconds * 1000);
    expect((await signIn(ip)).status).toBe(401);
    expect((await signIn(ip)).status).toBe(429);
    await shiftLimiterClock(ip, 0);
  });

  it('limits the public endpoints per address: onboarding steps and OAuth', async () => {
    const ip = freshIp();
    const headers = { 'cf-connecting-ip': ip };
    await exhaust(
      () => call('POST', '/api/onboarding/verify-token', { body: { token: 'x'.repeat(52) }, headers }),
      'public',
    );
    const oauth = await call('GET', '/api/auth/oauth/dingtalk/start?format=json', { headers });
    expect(oauth.status).toBe(429);
    expect(oauth.body.error.details.policy).toBe('public');
    // Sign-in has a budget of its own.
    expect((await signIn(ip)).status).toBe(401);
  });

  it('counts an IPv6 client by its /64 network', async () => {
    expect(clientKey('2001:DB8:0:42:1:2:3:4')).toBe('2001:db8:0:42::/64');
    expect(clientKey('2001:db8:0:42::7')).toBe('2001:db8:0:42::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    const net = `2001:db8:${nextHost++}:1`;
    let n = 0;
    await exhaust(() => signIn(n++ % 2 ? `${net}::${n}` : `${net}:ffff:1:2:${n.toString(16)}`), 'sign-in');
  });

  it('spreads clients over the shards and keeps one client in one', () => {
    const shards = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`10.0.${i >> 8}.${i & 255}`)));
    expect(shards.size).toBeGreaterThan(24);
    expect(shardOf('10.1.2.3')).toBe(shardOf('10.1.2.3'));
  });

  it('leaves alone a request that did not come through the edge, and X-Forwarded-For decides nothing', async () => {
    for (let i = 0; i < RATE_POLICIES['sign-in'].limit + 5; i++) {
      const res = await call('POST', '/api/auth/login', {
        body: { username: unique('nobody'), password: 'not it' },
        headers: { 'x-forwarded-for': '192.0.2.1' },
      });
      expect(res.status).toBe(401);
    }
  });

  it('can be switched off, and lets requests through when the limiter cannot answer', async () => {
    const app = new Hono<AppEnv>().use('/x', rateLimit('sign-in')).post('/x', (c) => c.text('in'));
    const ask = (bindings: Partial<Env>, ip: string) =>
      app.request(
        `${BASE}/x`,
        { method: 'POST', headers: { 'cf-connecting-ip': ip } },
        { ...env, ...bindings },
      );
    const ip = freshIp();
    for (let i = 0; i < RATE_POLICIES['sign-in'].limit; i++) expect((await ask({}, ip)).status).toBe(200);
    expect((await ask({}, ip)).status).toBe(429);
    expect((await ask({ RATE_LIMITS: 'off' }, ip)).status).toBe(200);
    const broken = {
      idFromName: () => ({}),
      get: () => ({
        take: () => Promise.reject(new Error('limiter down')),
      }),
    } as unknown as Env['RATE_LIMITER'];
    expect((await ask({ RATE_LIMITER: broken }, ip)).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/healthz`)).status).toBe(200);
  });

  it('forgets a client once its bucket has filled up again', async () => {
    const ip = freshIp();
    expect((await signIn(ip)).status).toBe(401);
    const limiter = rateLimiterFor(env, clientKey(ip));
    const stored = () =>
      runInDurableObject(
        limiter,
        (_i, state) =>
          state.storage.sql
            .exec<{ n: number }>('SELECT COUNT(*) AS n FROM rate_buckets WHERE key = ?', `sign-in:${ip}`)
            .one().n,
      );
    expect(await stored()).toBe(1);
    await runInDurableObject(limiter, (instance: RateLimiter) => {
      instance.timeShiftMs = 2 * 3_600_000;
    });
    await runDurableObjectAlarm(limiter);
    expect(await stored()).toBe(0);
    await runInDurableObject(limiter, (instance: RateLimiter) => {
      instance.timeShiftMs = 0;
    });
  });
});
