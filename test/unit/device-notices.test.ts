import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXPIRY_NOTICE_MS,
  expiryNoticeAt,
  lowBalanceChange,
} from '../../durable-objects/tenant/billing/notices';

describe('device notices', () => {
  it('come ten minutes before the end, never for an allocation with ten minutes or less left', () => {
    expect(expiryNoticeAt(60 * 60_000, 0)).toBe(50 * 60_000);
    expect(expiryNoticeAt(EXPIRY_NOTICE_MS, 0)).toBeNull();
    expect(expiryNoticeAt(5 * 60_000, 0)).toBeNull();
  });

  it('tell of a low balance once per crossing of the threshold', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: null }),
        fc.array(fc.integer({ min: -500, max: 2_000 }), { maxLength: 40 }),
        (threshold, balances) => {
          let noticed = false;
          let notices = 0;
          let crossings = 0;
          let below = false;
          for (const available of balances) {
            const nowBelow = threshold !== null && available < threshold;
            if (nowBelow && !below) crossings++;
            below = nowBelow;
            const change = lowBalanceChange(available, threshold, noticed);
            if (change === 'notice') notices++;
            if (change !== 'none') noticed = change === 'notice';
            expect(noticed).toBe(nowBelow);
          }
          expect(notices).toBe(crossings);
        },
      ),
    );
    expect(lowBalanceChange(50, null, true)).toBe('clear');
  });
});
