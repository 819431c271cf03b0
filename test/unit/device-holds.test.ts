import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargeFen, DEFAULT_RATES, type Rates } from '../../durable-objects/tenant/billing/charge';
import {
  availableFen,
  chargeUnheld,
  holdFen,
  neededFen,
  placeHold,
  releaseHold,
  settleHold,
  type WalletState,
} from '../../durable-objects/tenant/billing/holds';

const DEVICE = { cpuCores: 2, memoryMB: 4096, storageMB: 65536 };

describe('holds', () => {
  it('hold the booked duration at the given rates', () => {
    // An hour of the default device is 43 fen (see chargeFen); a booking of 60 minutes holds exactly that.
    expect(holdFen(60, DEVICE, DEFAULT_RATES)).toBe(43);
    expect(holdFen(60, DEVICE, DEFAULT_RATES)).toBe(
      chargeFen({ durationSeconds: 3600, ...DEVICE }, DEFAULT_RATES),
    );
  });

  it('refuse what the available balance cannot cover, saying what is needed and missing', () => {
    const wallet = { balanceFen: 100, heldFen: 70 };
    expect(placeHold(wallet, 30)).toEqual({ ok: true, wallet: { balanceFen: 100, heldFen: 100 } });
    expect(placeHold(wallet, 31)).toEqual({ ok: false, neededFen: 31, availableFen: 30, shortFen: 1 });
    // Even a free booking needs a fen available.
    expect(neededFen(0)).toBe(1);
    expect(placeHold({ balanceFen: 0, heldFen: 0 }, 0)).toEqual({
      ok: false,
      neededFen: 1,
      availableFen: 0,
      shortFen: 1,
    });
  });

  it('charge at most the hold at the end, letting the whole hold go', () => {
    const wallet = { balanceFen: 100, heldFen: 60 };
    expect(settleHold(wallet, 60, 25)).toEqual({ wallet: { balanceFen: 75, heldFen: 0 }, chargedFen: 25 });
    expect(settleHold(wallet, 60, 90)).toEqual({ wallet: { balanceFen: 40, heldFen: 0 }, chargedFen: 60 });
    expect(releaseHold(wallet, 60)).toEqual({ balanceFen: 100, heldFen: 0 });
    expect(chargeUnheld(wallet, 7)).toEqual({ wallet: { balanceFen: 93, heldFen: 60 }, chargedFen: 7 });
  });

  type Step =
    | { kind: 'top-up'; user: number; amount: number }
    | { kind: 'allocate'; user: number; minutes: number; cores: number }
    | { kind: 'release'; pick: number; seconds: number }
    | { kind: 'expire'; pick: number }
    | { kind: 'void'; pick: number }
    | { kind: 'extend'; pick: number; minutes: number }
    | { kind: 'rates'; rates: Rates };

  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('top-up' as const),
      user: fc.nat(2),
      amount: fc.integer({ min: 1, max: 5_000 }),
    }),
    fc.record({
      kind: fc.constant('allocate' as const),
      user: fc.nat(2),
      minutes: fc.integer({ min: 1, max: 43_200 }),
      cores: fc.integer({ min: 1, max: 64 }),
    }),
    fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), seconds: fc.nat(3 * 86_400) }),
    fc.record({ kind: fc.constant('expire' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('extend' as const),
      pick: fc.nat(),
      minutes: fc.integer({ min: 1, max: 43_200 }),
    }),
    fc.record({
      kind: fc.constant('rates' as const),
      rates: fc.record({
        coreHourMilliFen: fc.integer({ min: 0, max: 200_000 }),
        memoryGbHourMilliFen: fc.integer({ min: 0, max: 50_000 }),
        storageGbHourMilliFen: fc.integer({ min: 0, max: 1_000 }),
      }),
    }),
  );

  it('keep every balance at or above zero and equal to top-ups less charges, whatever happens in what order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const wallets: WalletState[] = [0, 1, 2].map(() => ({ balanceFen: 0, heldFen: 0 }));
        const toppedUp = [0, 0, 0];
        const charged = [0, 0, 0];
        let rates: Rates = DEFAULT_RATES;
        const running: {
          user: number;
          hold: number;
          minutes: number;
          cores: number;
          rates: Rates;
          extended: boolean;
        }[] = [];
        const end = (pick: number, seconds: number | null) => {
          const [a] = running.splice(pick % running.length, 1);
          if (!a) return;
          if (seconds === null) {
            wallets[a.user] = releaseHold(wallets[a.user]!, a.hold);
            return;
          }
          // The node caps a release at the booked end: never more seconds than were held.
          const used = Math.min(seconds, a.minutes * 60);
          const usage = chargeFen(
            { durationSeconds: used, cpuCores: a.cores, memoryMB: 0, storageMB: 0 },
            a.rates,
          );
          const settled = settleHold(wallets[a.user]!, a.hold, usage);
          // The use is priced at the booking's rates; an extension held at lower rates caps it.
          expect(settled.chargedFen).toBe(Math.min(usage, a.hold));
          if (!a.extended) expect(settled.chargedFen).toBe(usage);
          wallets[a.user] = settled.wallet;
          charged[a.user]! += settled.chargedFen;
        };
        for (const s of steps) {
          if (s.kind === 'top-up') {
            wallets[s.user] = { ...wallets[s.user]!, balanceFen: wallets[s.user]!.balanceFen + s.amount };
            toppedUp[s.user]! += s.amount;
          } else if (s.kind === 'allocate') {
            const hold = holdFen(s.minutes, { cpuCores: s.cores, memoryMB: 0, storageMB: 0 }, rates);
            const verdict = placeHold(wallets[s.user]!, hold);
            if (verdict.ok) {
              wallets[s.user] = verdict.wallet;
              running.push({
                user: s.user,
                hold,
                minutes: s.minutes,
                cores: s.cores,
                rates,
                extended: false,
              });
            } else {
              expect(verdict.shortFen).toBe(verdict.neededFen - availableFen(wallets[s.user]!));
              expect(verdict.shortFen).toBeGreaterThan(0);
            }
          } else if (s.kind === 'release') end(s.pick, s.seconds);
          else if (s.kind === 'expire') {
            const a = running[s.pick % Math.max(1, running.length)];
            if (a) end(s.pick, a.minutes * 60);
          } else if (s.kind === 'void') end(s.pick, null);
          else if (s.kind === 'extend') {
            // 续期: the added minutes are held at the rates of now, or refused when the balance is short.
            const a = running[s.pick % Math.max(1, running.length)];
            if (a) {
              const extra = holdFen(s.minutes, { cpuCores: a.cores, memoryMB: 0, storageMB: 0 }, rates);
              const verdict = placeHold(wallets[a.user]!, extra);
              if (verdict.ok) {
                wallets[a.user] = verdict.wallet;
                a.hold += extra;
                a.minutes += s.minutes;
                a.extended = true;
              } else expect(verdict.shortFen).toBe(verdict.neededFen - availableFen(wallets[a.user]!));
            }
          } else rates = s.rates;
          for (const [u, w] of wallets.entries()) {
            expect(w.balanceFen).toBeGreaterThanOrEqual(0);
            expect(availableFen(w)).toBeGreaterThanOrEqual(0);
            expect(w.balanceFen).toBe(toppedUp[u]! - charged[u]!);
            expect(w.heldFen).toBe(running.filter((a) => a.user === u).reduce((n, a) => n + a.hold, 0));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
