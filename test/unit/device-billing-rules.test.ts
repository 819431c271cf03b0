import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationSeconds, endOf } from '../../durable-objects/device-node/usage-record';
import {
  admission,
  balanceVerdict,
  chargeFen,
  DEFAULT_RATES,
} from '../../durable-objects/tenant/billing/charge';
import { BILLING_DEFAULTS, billingConfig } from '../../lib/billing-config';

const usage = fc.record({
  durationSeconds: fc.integer({ min: 0, max: 10 * 366 * 86_400 }),
  cpuCores: fc.integer({ min: 0, max: 1024 }),
  memoryMB: fc.integer({ min: 0, max: 16 * 1024 * 1024 }),
  storageMB: fc.integer({ min: 0, max: 1024 * 1024 * 1024 }),
});
const rates = fc.record({
  coreHourMilliFen: fc.integer({ min: 0, max: 10_000_000 }),
  memoryGbHourMilliFen: fc.integer({ min: 0, max: 10_000_000 }),
  storageGbHourMilliFen: fc.integer({ min: 0, max: 10_000_000 }),
});

describe('chargeFen', () => {
  it('prices an hour of a 2-core 4 GB 64 GB device at the default rates', () => {
    // 2 × 10 fen + 4 × 5 fen + 64 × 0.05 fen = 43.2 fen
    expect(
      chargeFen({ durationSeconds: 3600, cpuCores: 2, memoryMB: 4096, storageMB: 65536 }, DEFAULT_RATES),
    ).toBe(43);
  });

  it('rounds half up', () => {
    const r = { coreHourMilliFen: 1000, memoryGbHourMilliFen: 0, storageGbHourMilliFen: 0 };
    expect(chargeFen({ durationSeconds: 1800, cpuCores: 1, memoryMB: 0, storageMB: 0 }, r)).toBe(1); // 0.5 fen
    expect(chargeFen({ durationSeconds: 1799, cpuCores: 1, memoryMB: 0, storageMB: 0 }, r)).toBe(0);
  });

  it('is the exact price rounded to the nearest fen, an integer, never negative', () => {
    fc.assert(
      fc.property(usage, rates, (u, r) => {
        const fen = chargeFen(u, r);
        expect(Number.isSafeInteger(fen)).toBe(true);
        expect(fen).toBeGreaterThanOrEqual(0);
        // exact: fen*D - N is within half a fen either side
        const numerator =
          BigInt(u.durationSeconds) *
          (BigInt(u.cpuCores) * BigInt(r.coreHourMilliFen) * 1024n +
            BigInt(u.memoryMB) * BigInt(r.memoryGbHourMilliFen) +
            BigInt(u.storageMB) * BigInt(r.storageGbHourMilliFen));
        const denominator = 1000n * 3600n * 1024n;
        const error = BigInt(fen) * denominator * 2n - numerator * 2n;
        expect(error >= -denominator && error < denominator).toBe(true);
      }),
    );
  });

  it('never charges less for longer use', () => {
    fc.assert(
      fc.property(usage, rates, fc.integer({ min: 0, max: 86_400 }), (u, r, more) => {
        expect(chargeFen({ ...u, durationSeconds: u.durationSeconds + more }, r)).toBeGreaterThanOrEqual(
          chargeFen(u, r),
        );
      }),
    );
  });

  it('charges nothing for nothing', () => {
    fc.assert(
      fc.property(usage, rates, (u, r) => {
        expect(chargeFen({ ...u, durationSeconds: 0 }, r)).toBe(0);
      }),
    );
  });
});

describe('balance rules', () => {
  it('a positive balance may start; none or a debt may not', () => {
    expect(balanceVerdict(1)).toEqual({ hasBalance: true });
    expect(balanceVerdict(0)).toEqual({ hasBalance: false, reason: 'INSUFFICIENT_BALANCE' });
    expect(balanceVerdict(-5)).toEqual({ hasBalance: false, reason: 'INSUFFICIENT_BALANCE' });
    expect(balanceVerdict(null)).toEqual({ hasBalance: false, reason: 'NO_WALLET' });
  });

  it('BILLING_ALLOW_ON_ERROR decides only when billing cannot answer', () => {
    const down = { answered: false as const, error: 'timeout' };
    expect(admission(down, true)).toBe('allow');
    expect(admission(down, false)).toBe('billing-unavailable');
    for (const allow of [true, false]) {
      expect(admission({ answered: true, hasBalance: true, balanceFen: 5 }, allow)).toBe('allow');
      expect(admission({ answered: true, hasBalance: false, balanceFen: 0 }, allow)).toBe('no-balance');
    }
  });
});

describe('usage times', () => {
  it('counts whole seconds', () => {
    expect(durationSeconds(0, 1999)).toBe(1);
    expect(durationSeconds(0, 2000)).toBe(2);
    expect(durationSeconds(5000, 1000)).toBe(0);
  });

  it('a release after the expiry ends at the expiry, as expired', () => {
    const a = { allocatedAt: 1_000, expiresAt: 61_000 };
    expect(endOf(a, 30_000)).toEqual({ status: 'released', releasedAt: 30_000 });
    expect(endOf(a, 61_000)).toEqual({ status: 'expired', releasedAt: 61_000 });
    expect(endOf(a, 400_000)).toEqual({ status: 'expired', releasedAt: 61_000 });
  });
});

describe('billingConfig', () => {
  it('uses the numbers of requirement E5 by default', () => {
    const c = billingConfig({});
    expect(c).toMatchObject({
      serviceUrl: null,
      allowOnError: false,
      timeoutMs: 8000,
      tries: 3,
      breakerThreshold: 5,
      breakerOpenMs: 30_000,
    });
    expect(c.outbox.maxAttempts).toBe(BILLING_DEFAULTS.outboxMaxAttempts);
  });

  it('takes vars, and ignores nonsense', () => {
    const c = billingConfig({
      BILLING_SERVICE_URL: 'http://127.0.0.1:9/ ',
      BILLING_ALLOW_ON_ERROR: 'TRUE',
      BILLING_TIMEOUT_MS: '300',
      BILLING_TRIES: 'three',
      BILLING_OUTBOX_MAX_ATTEMPTS: '-1',
    });
    expect(c.serviceUrl).toBe('http://127.0.0.1:9');
    expect(c.allowOnError).toBe(true);
    expect(c.timeoutMs).toBe(300);
    expect(c.tries).toBe(3);
    expect(c.outbox.maxAttempts).toBe(BILLING_DEFAULTS.outboxMaxAttempts);
  });
});
