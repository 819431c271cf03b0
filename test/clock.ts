import { env, runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { it } from 'vitest';
import { monthStart } from '../lib/zoned';

/**
 * "Now" for tests that reckon in business months. A time-dependent test must not depend on the day it
 * runs, so `sweepNow` runs it at instants where calendar arithmetic goes wrong (the last and first hours
 * of a month in either zone, year ends, 29 February) and `testNow` is the instant of the current run.
 * During a run the Directory's clock reads that instant, and so does the actor of each company created in
 * it (see `newCompany`); the worker keeps the real clock (tokens are checked against it).
 */
let shiftMs = 0;

export const testNow = () => Date.now() + shiftMs;
/** How far the current run's "now" is from the real clock; 0 outside a sweep. */
export const testClockShift = () => shiftMs;

export const ZONES = ['Asia/Shanghai', 'America/New_York'] as const;

const HOUR = 3_600_000;
const zone = fc.constantFrom(...ZONES);
const year = fc.integer({ min: 2027, max: 2034 });
const pad = (n: number) => String(n).padStart(2, '0');

/** Instants near the edges, in the future so tokens and schedules stay in order. */
export const edgeInstants: fc.Arbitrary<number> = fc.oneof(
  // The start of any month in either zone, 36 hours either side.
  fc
    .record({ zone, year, month: fc.integer({ min: 1, max: 12 }), offset: fc.integer({ min: -36, max: 36 }) })
    .map(({ zone, year, month, offset }) => monthStart(`${year}-${pad(month)}`, zone) + offset * HOUR),
  // A year's end in either zone, the last and first six hours.
  fc
    .record({ zone, year, minutes: fc.integer({ min: -360, max: 360 }) })
    .map(({ zone, year, minutes }) => monthStart(`${year}-01`, zone) + minutes * 60_000),
  // 29 February of a leap year and the days either side, at any minute (UTC: both zones' dates).
  fc
    .record({ year: fc.constantFrom(2028, 2032), minutes: fc.integer({ min: -24 * 60, max: 48 * 60 }) })
    .map(({ year, minutes }) => Date.UTC(year, 1, 29) + minutes * 60_000),
);

/**
 * The cases every sweep includes whatever fast-check draws: the first Shanghai hours of a month (New York
 * is still in the month before), the last New York hours of one (Shanghai is already in the next), and
 * 29 February.
 */
const ALWAYS = [
  monthStart('2027-02', 'Asia/Shanghai') + 3 * HOUR,
  monthStart('2028-03', 'America/New_York') - HOUR,
  Date.UTC(2028, 1, 29, 12),
];

async function shiftDirectory(ms: number) {
  await runInDurableObject(
    env.DIRECTORY.get(env.DIRECTORY.idFromName('global')),
    (actor: { timeShiftMs: number }) => {
      actor.timeShiftMs = ms;
    },
  );
}

/** `it`, run once per instant of the sweep with `testNow()` at that instant. */
export function sweepNow(name: string, body: (now: number) => Promise<void>, runs = 2, timeoutMs = 120_000) {
  it(
    name,
    async () => {
      await fc.assert(
        fc.asyncProperty(edgeInstants, async (now) => {
          shiftMs = now - Date.now();
          await shiftDirectory(shiftMs);
          try {
            await body(now);
          } finally {
            shiftMs = 0;
            await shiftDirectory(0);
          }
        }),
        // Each run is a whole integration test: no shrinking, the failing instant is reported as drawn.
        { numRuns: runs, examples: ALWAYS.map((now) => [now]), endOnFailure: true },
      );
    },
    timeoutMs,
  );
}
