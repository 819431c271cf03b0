import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firingConditions,
  increase,
  OPS_THRESHOLDS,
  type OpsSample,
  type OpsState,
  outboxGrowing,
} from '../../durable-objects/directory/alerting-rules';

const MIN = 60_000;
const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (m: number) => T0 + m * MIN;

/** One sample a minute from minute 0, each field given per minute by a function. */
function samples(
  minutes: number,
  f: Partial<
    Record<'billingSuccess' | 'billingFailure' | 'billingErrors' | 'outboxPending', (m: number) => number>
  >,
): OpsSample[] {
  return Array.from({ length: minutes + 1 }, (_, m) => ({
    at: at(m),
    billingSuccess: f.billingSuccess?.(m) ?? 0,
    billingFailure: f.billingFailure?.(m) ?? 0,
    billingErrors: f.billingErrors?.(m) ?? 0,
    outboxPending: f.outboxPending?.(m) ?? 0,
  }));
}

const state = (over: Partial<OpsState>): OpsState => ({
  now: at(60),
  samples: [],
  lastTickAt: at(60),
  failingTasks: [],
  crmDriftLastRun: null,
  ...over,
});
const alerts = (s: OpsState) => firingConditions(s).map((f) => f.key);

describe('counter increases over a window', () => {
  it('adds up what a counter grew since the last sample at or before the window start', () => {
    const s = samples(20, { billingErrors: (m) => m * 2 });
    expect(increase(s, 'billingErrors', at(20), 5 * MIN)).toBe(10);
    expect(increase(s, 'billingErrors', at(20), 20 * MIN)).toBe(40);
    // With less history than the window, what it grew since the first sample; nothing without samples.
    expect(increase(s, 'billingErrors', at(20), 90 * MIN)).toBe(40);
    expect(increase(s, 'billingErrors', at(-1), 5 * MIN)).toBeNull();
    // Samples after `now` do not count.
    expect(increase(s, 'billingErrors', at(10), 5 * MIN)).toBe(10);
  });

  it('counts a drop as a restart from zero, as Prometheus does', () => {
    const s = samples(4, { billingErrors: (m) => [5, 8, 2, 3, 9][m]! });
    expect(increase(s, 'billingErrors', at(4), 4 * MIN)).toBe(3 + 2 + 1 + 6);
  });

  it('is never negative, and equals the plain difference for a counter that only grows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 2, maxLength: 40 }),
        fc.boolean(),
        (steps, monotone) => {
          const values = monotone
            ? steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0))
            : steps;
          const s = values.map((x, m) => ({ ...samples(0, {})[0]!, at: at(m), billingFailure: x }));
          const grown = increase(s, 'billingFailure', at(values.length - 1), (values.length - 1) * MIN)!;
          expect(grown).toBeGreaterThanOrEqual(0);
          if (monotone) expect(grown).toBe(values.at(-1)! - values[0]!);
        },
      ),
    );
  });
});

describe('the operational alerts (SPEC B8, G6)', () => {
  it('fires on a billing failure share above 10 % over 5 minutes, not at 10 % or without attempts', () => {
    const failing = samples(60, { billingSuccess: (m) => m * 9, billingFailure: (m) => m * 2 });
    expect(alerts(state({ samples: failing }))).toEqual(['billing-failure-rate']);
    const tenPercent = samples(60, { billingSuccess: (m) => m * 9, billingFailure: (m) => m });
    expect(alerts(state({ samples: tenPercent }))).toEqual([]);
    expect(alerts(state({ samples: samples(60, {}) }))).toEqual([]);
    expect(alerts(state({ samples: failing.slice(-1) }))).toEqual([]);
  });

  it('fires on more than 10 billing errors within an hour', () => {
    expect(alerts(state({ samples: samples(60, { billingErrors: (m) => Math.floor(m / 6) }) }))).toEqual([]);
    const s = state({ samples: samples(60, { billingErrors: (m) => Math.floor(m / 5) }) });
    expect(firingConditions(s)).toEqual([
      expect.objectContaining({ key: 'billing-errors', alert: 'BillingErrorsHigh', detail: { errors: 12 } }),
    ]);
  });

  it('fires once per failing task', () => {
    const s = state({ failingTasks: ['invoice-generation', 'billing-retry'] });
    expect(alerts(s)).toEqual(['task-failed:billing-retry', 'task-failed:invoice-generation']);
    expect(firingConditions(s)[0]!.zh).toContain('billing-retry');
  });

  it('fires on CRM drift above the threshold in one run', () => {
    expect(alerts(state({ crmDriftLastRun: OPS_THRESHOLDS.crmDrift }))).toEqual([]);
    expect(alerts(state({ crmDriftLastRun: OPS_THRESHOLDS.crmDrift + 1 }))).toEqual(['crm-drift']);
  });

  it('fires when no cron tick came for 5 minutes, and not before any tick', () => {
    expect(alerts(state({ lastTickAt: at(55) }))).toEqual([]);
    expect(alerts(state({ lastTickAt: at(55) - 1 }))).toEqual(['cron-stalled']);
    expect(alerts(state({ lastTickAt: null }))).toEqual([]);
  });

  it('fires when the outbox grew for 15 minutes without emptying', () => {
    const growing = samples(60, { outboxPending: (m) => m });
    expect(outboxGrowing(growing, at(60), OPS_THRESHOLDS.outboxGrowthMs)).toBe(true);
    expect(alerts(state({ samples: growing }))).toEqual(['outbox-growing']);
    const emptied = samples(60, { outboxPending: (m) => (m === 50 ? 0 : m) });
    expect(outboxGrowing(emptied, at(60), OPS_THRESHOLDS.outboxGrowthMs)).toBe(false);
    const flat = samples(60, { outboxPending: () => 4 });
    expect(outboxGrowing(flat, at(60), OPS_THRESHOLDS.outboxGrowthMs)).toBe(false);
    expect(outboxGrowing(growing.slice(-10), at(60), OPS_THRESHOLDS.outboxGrowthMs)).toBe(false);
  });
});
