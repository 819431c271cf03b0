import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, intervalOf, type RatePolicy } from '../../durable-objects/rate-limiter/bucket';

const policy: RatePolicy = { limit: 20, windowMs: 60_000 };

describe('rate limit bucket (SPEC G6)', () => {
  it('admits a burst of `limit` from a new client, then one per interval', () => {
    let tat: number | null = null;
    const now = 1_000_000;
    for (let i = 0; i < policy.limit; i++) {
      const a = admit(tat, now, policy);
      expect(a.allowed).toBe(true);
      tat = a.tat;
    }
    const refused = admit(tat, now, policy);
    expect(refused).toEqual({ allowed: false, tat, retryAfterMs: intervalOf(policy) });
    expect(admit(tat, now + intervalOf(policy) - 1, policy).allowed).toBe(false);
    expect(admit(tat, now + intervalOf(policy), policy).allowed).toBe(true);
  });

  it('never takes less than a millisecond per request', () => {
    expect(intervalOf({ limit: 1000, windowMs: 10 })).toBe(1);
  });

  const arrivals = fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 });
  const policies = fc.record({
    limit: fc.integer({ min: 1, max: 30 }),
    windowMs: fc.integer({ min: 10, max: 120_000 }),
  });

  it('admits no more than the burst plus one per interval over any run of requests', () => {
    fc.assert(
      fc.property(policies, arrivals, (p, gaps) => {
        let tat: number | null = null;
        let now = 0;
        let admitted = 0;
        for (const gap of gaps) {
          now += gap;
          const a = admit(tat, now, p);
          if (a.allowed) admitted++;
          tat = a.tat;
        }
        expect(admitted).toBeLessThanOrEqual(p.limit + Math.floor(now / intervalOf(p)));
      }),
    );
  });

  it('says exactly when the next request fits, and a refusal costs the client nothing', () => {
    fc.assert(
      fc.property(policies, arrivals, (p, gaps) => {
        let tat: number | null = null;
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          const a = admit(tat, now, p);
          if (!a.allowed) {
            expect(a.retryAfterMs).toBeGreaterThan(0);
            expect(admit(a.tat, now + a.retryAfterMs - 1, p).allowed).toBe(false);
            expect(admit(a.tat, now + a.retryAfterMs, p).allowed).toBe(true);
            expect(admit(a.tat, now, p)).toEqual(a);
          }
          tat = a.tat;
        }
      }),
    );
  });
});
