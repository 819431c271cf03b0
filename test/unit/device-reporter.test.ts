import { describe, expect, it } from 'vitest';
import {
  BillingReporter,
  BillingUnavailable,
  httpTransport,
  outcomesFromBatchAnswer,
  ReportRejected,
  type Transport,
  type TryObservation,
} from '../../durable-objects/device-node/reporter';
import type { UsageWire } from '../../durable-objects/device-node/usage-record';

const config = { timeoutMs: 40, tries: 3, retryDelayMs: 1, breakerThreshold: 5, breakerOpenMs: 60 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function record(allocationId: string): UsageWire {
  return {
    deviceId: 'd',
    userId: 'u',
    tenantId: 't',
    tenantCode: 'acme',
    nodeId: 'n',
    allocationId,
    durationSeconds: 60,
    cpuCores: 2,
    memoryMB: 4096,
    storageMB: 0,
    allocatedAt: new Date(0).toISOString(),
    releasedAt: new Date(60_000).toISOString(),
  };
}

/** A transport that fails `failures` times (throwing `error`), then answers ok for every record. */
function flaky(failures: number, error: () => Error = () => new BillingUnavailable('down')) {
  const state = { calls: 0 };
  const transport: Transport = async (records) => {
    state.calls++;
    if (state.calls <= failures) throw error();
    return records.map((r) => ({ allocationId: r.allocationId, ok: true, chargeFen: 1 }));
  };
  return { transport, state };
}

describe('BillingReporter', () => {
  it('retries a failing call and succeeds within its tries', async () => {
    const { transport, state } = flaky(2);
    const seen: TryObservation[] = [];
    const reporter = new BillingReporter(config, { observe: (o) => seen.push(o) });
    const result = await reporter.deliver([record('a')], transport);
    expect(result).toEqual({ kind: 'answered', items: [{ allocationId: 'a', ok: true, chargeFen: 1 }] });
    expect(state.calls).toBe(3);
    expect(seen.map((s) => s.error)).toEqual(['unavailable', 'unavailable', null]);
  });

  it('gives up after its tries and says why', async () => {
    const { transport, state } = flaky(99);
    const result = await new BillingReporter(config).deliver([record('a')], transport);
    expect(result).toEqual({ kind: 'failed', error: 'down' });
    expect(state.calls).toBe(3);
  });

  it('times out a call that hangs', async () => {
    const seen: TryObservation[] = [];
    const hang: Transport = () => new Promise(() => {});
    const result = await new BillingReporter(
      { ...config, tries: 1 },
      { observe: (o) => seen.push(o) },
    ).deliver([record('a')], hang);
    expect(result.kind).toBe('failed');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.error).toBe('timeout');
  });

  it('does not retry a refusal, and a refusal does not trip the breaker', async () => {
    const { transport, state } = flaky(99, () => new ReportRejected('400'));
    const reporter = new BillingReporter(config);
    for (let i = 0; i < 6; i++)
      expect((await reporter.deliver([record('a')], transport)).kind).toBe('failed');
    expect(state.calls).toBe(6);
    expect(reporter.state).toBe(0);
  });

  it('opens after 5 consecutive failures, fails fast while open (no retries of BrokenCircuitError), then probes', async () => {
    const { transport, state } = flaky(5);
    const states: number[] = [];
    const reporter = new BillingReporter({ ...config, tries: 1 }, { onStateChange: (s) => states.push(s) });
    for (let i = 0; i < 5; i++)
      expect((await reporter.deliver([record('a')], transport)).kind).toBe('failed');
    expect(reporter.state).toBe(1);
    const open = await reporter.deliver([record('a')], transport);
    expect(open.kind).toBe('circuit-open');
    expect(state.calls).toBe(5);

    const retried = new BillingReporter({ ...config, tries: 3 });
    const always = flaky(99);
    for (let i = 0; i < 2; i++) await retried.deliver([record('a')], always.transport);
    // 2 deliveries × 3 tries would be 6 calls; the breaker opened at the 5th and the 6th was not attempted.
    expect(always.state.calls).toBe(5);
    expect(retried.state).toBe(1);

    await sleep(config.breakerOpenMs + 20);
    const probe = await reporter.deliver([record('a')], transport);
    expect(probe.kind).toBe('answered');
    expect(reporter.state).toBe(0);
    expect(states).toEqual([1, 2, 0]);
  });

  it('says when to come back while the circuit is open', async () => {
    let now = 1_000;
    const { transport } = flaky(99);
    const reporter = new BillingReporter({ ...config, tries: 1 }, { now: () => now });
    for (let i = 0; i < 5; i++) await reporter.deliver([record('a')], transport);
    now = 1_010;
    const result = await reporter.deliver([record('a')], transport);
    expect(result).toEqual({ kind: 'circuit-open', retryAt: 1_000 + config.breakerOpenMs });
  });

  it('restores an open circuit from its saved state', async () => {
    const { transport } = flaky(99);
    const first = new BillingReporter({ ...config, tries: 1 });
    for (let i = 0; i < 5; i++) await first.deliver([record('a')], transport);
    const again = new BillingReporter({ ...config, tries: 1 }, {}, first.breaker.toJSON());
    expect(again.state).toBe(1);
  });
});

describe('the batch answer', () => {
  const records = [record('a'), record('b')];

  it('reads per-record results', () => {
    const items = outcomesFromBatchAnswer(records, {
      success: 1,
      failed: 1,
      errors: ['b: nope'],
      results: [
        { allocationId: 'a', ok: true, duplicate: true, chargeFen: 5 },
        { allocationId: 'b', ok: false, error: 'nope' },
      ],
    });
    expect(items).toEqual([
      { allocationId: 'a', ok: true, duplicate: true, chargeFen: 5 },
      { allocationId: 'b', ok: false, error: 'nope' },
    ]);
  });

  it('treats a counted partial failure as a failure of all (resending is harmless)', () => {
    expect(outcomesFromBatchAnswer(records, { success: 2, failed: 0, errors: [] }).every((i) => i.ok)).toBe(
      true,
    );
    expect(
      outcomesFromBatchAnswer(records, { success: 1, failed: 1, errors: ['x'] }).every((i) => !i.ok),
    ).toBe(true);
  });

  it('refuses to guess from an answer that is not a batch result', () => {
    expect(() => outcomesFromBatchAnswer(records, { ok: true })).toThrow(BillingUnavailable);
  });
});

describe('httpTransport', () => {
  const answer = (status: number, body: unknown) => async () =>
    new Response(JSON.stringify(body), { status });
  const signal = new AbortController().signal;

  it('posts the batch with the service token', async () => {
    let seen: Request | undefined;
    const fetchImpl = (async (input: RequestInfo, init?: RequestInit) => {
      seen = new Request(input, init);
      return new Response(JSON.stringify({ success: 1, failed: 0, errors: [] }));
    }) as typeof fetch;
    await httpTransport('http://billing.test', 'tok', fetchImpl)([record('a')], signal);
    expect(seen!.url).toBe('http://billing.test/api/internal/metering/device-usage/batch');
    expect(seen!.headers.get('x-service-token')).toBe('tok');
    expect(((await seen!.json()) as { items: UsageWire[] }).items[0]!.allocationId).toBe('a');
  });

  it('5xx and 429 are unavailability, other 4xx a refusal', async () => {
    await expect(
      httpTransport('http://b', 't', answer(503, {}) as typeof fetch)([record('a')], signal),
    ).rejects.toBeInstanceOf(BillingUnavailable);
    await expect(
      httpTransport('http://b', 't', answer(429, {}) as typeof fetch)([record('a')], signal),
    ).rejects.toBeInstanceOf(BillingUnavailable);
    await expect(
      httpTransport('http://b', 't', answer(401, {}) as typeof fetch)([record('a')], signal),
    ).rejects.toBeInstanceOf(ReportRejected);
  });
});
