import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  isTaskCancelledError,
  type RetryPolicy,
  retry,
  type TimeoutPolicy,
  TimeoutStrategy,
  timeout,
} from 'cockatiel';
import type { BillingConfig } from '../../lib/billing-config';
import type { UsageWire } from './usage-record';

/** Billing answered and refused (4xx): the service is up, so this neither trips the breaker nor retries at once. */
export class ReportRejected extends Error {
  override name = 'ReportRejected';
}

/** Billing could not be reached or failed (network, 5xx, malformed answer). */
export class BillingUnavailable extends Error {
  override name = 'BillingUnavailable';
}

/** What billing said about one record of a delivery. */
export interface ItemOutcome {
  allocationId: string;
  ok: boolean;
  duplicate?: boolean;
  chargeFen?: number;
  error?: string;
}

/** Delivers records and answers one outcome per record; throws when the call as a whole failed. */
export type Transport = (records: UsageWire[], signal: AbortSignal) => Promise<ItemOutcome[]>;

export type DeliveryResult =
  | { kind: 'answered'; items: ItemOutcome[] }
  | { kind: 'failed'; error: string }
  | { kind: 'circuit-open'; retryAt: number };

export interface TryObservation {
  seconds: number;
  /** Null on success; otherwise `timeout`, `unavailable` or `rejected`. */
  error: 'timeout' | 'unavailable' | 'rejected' | null;
}

export type ReporterConfig = Pick<
  BillingConfig,
  'timeoutMs' | 'tries' | 'retryDelayMs' | 'breakerThreshold' | 'breakerOpenMs'
>;

export interface ReporterHooks {
  observe?: (observation: TryObservation) => void;
  onStateChange?: (state: CircuitState, snapshot: unknown) => void;
  now?: () => number;
}

export const CIRCUIT_NAMES: Record<CircuitState, 'closed' | 'open' | 'half-open' | 'isolated'> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * One node's way to billing: every try has a timeout, a delivery makes up to `tries` tries with exponential
 * backoff, and a circuit breaker (N consecutive failures → open for a while → one half-open probe) stops the
 * node from hammering a billing service that is down. An open circuit is reported as such, so the caller can
 * put records back without spending one of their attempts.
 */
export class BillingReporter {
  readonly breaker: CircuitBreakerPolicy;
  private readonly retries: RetryPolicy;
  private readonly deadline: TimeoutPolicy;
  private openedAt = 0;
  private readonly now: () => number;

  constructor(
    private readonly config: ReporterConfig,
    private readonly hooks: ReporterHooks = {},
    initialState?: unknown,
  ) {
    this.now = hooks.now ?? Date.now;
    this.breaker = circuitBreaker(
      handleWhen((err) => !(err instanceof ReportRejected)),
      {
        halfOpenAfter: config.breakerOpenMs,
        breaker: new ConsecutiveBreaker(config.breakerThreshold),
        initialState: initialState ?? undefined,
      },
    );
    // cockatiel's `handleAll` would retry BrokenCircuitError too, turning an open circuit into more waiting.
    this.retries = retry(
      handleWhen((err) => !(err instanceof BrokenCircuitError) && !(err instanceof ReportRejected)),
      {
        maxAttempts: Math.max(0, config.tries - 1),
        backoff: new ExponentialBackoff({
          initialDelay: config.retryDelayMs,
          maxDelay: Math.max(1, config.retryDelayMs * 8),
        }),
      },
    );
    this.deadline = timeout(config.timeoutMs, TimeoutStrategy.Aggressive);
    this.breaker.onBreak(() => {
      this.openedAt = this.now();
    });
    this.breaker.onStateChange((state) => hooks.onStateChange?.(state, this.breaker.toJSON()));
    if (this.breaker.state === CircuitState.Open) this.openedAt = this.now();
  }

  get state(): CircuitState {
    return this.breaker.state;
  }

  async deliver(records: UsageWire[], transport: Transport): Promise<DeliveryResult> {
    try {
      const items = await this.retries.execute(() =>
        this.breaker.execute(() => this.timedTry(records, transport)),
      );
      return { kind: 'answered', items };
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        // Open: wait for the half-open time. Half-open: a probe is under way, look again shortly.
        const retryAt =
          this.breaker.state === CircuitState.Open
            ? Math.max(this.openedAt + this.config.breakerOpenMs, this.now() + 1)
            : this.now() + Math.max(100, this.config.retryDelayMs);
        return { kind: 'circuit-open', retryAt };
      }
      return { kind: 'failed', error: describe(err) };
    }
  }

  private async timedTry(records: UsageWire[], transport: Transport): Promise<ItemOutcome[]> {
    const started = performance.now();
    try {
      const items = await this.deadline.execute(({ signal }) => transport(records, signal));
      this.hooks.observe?.({ seconds: (performance.now() - started) / 1000, error: null });
      return items;
    } catch (err) {
      const kind = isTaskCancelledError(err)
        ? 'timeout'
        : err instanceof ReportRejected
          ? 'rejected'
          : 'unavailable';
      this.hooks.observe?.({ seconds: (performance.now() - started) / 1000, error: kind });
      throw err;
    }
  }
}

function describe(err: unknown): string {
  if (isTaskCancelledError(err)) return 'billing did not answer in time';
  return String(err instanceof Error ? err.message : err).slice(0, 500);
}

/** Reads the batch endpoint's answer: one result per record, or — from a service that only counts — all or none. */
export function outcomesFromBatchAnswer(records: UsageWire[], body: unknown): ItemOutcome[] {
  const answer = body as { success?: unknown; failed?: unknown; errors?: unknown; results?: unknown };
  if (Array.isArray(answer?.results) && answer.results.length === records.length) {
    return records.map((record, i) => {
      const r = (answer.results as Record<string, unknown>[])[i] ?? {};
      return r.ok === true
        ? {
            allocationId: record.allocationId,
            ok: true,
            duplicate: r.duplicate === true,
            chargeFen: typeof r.chargeFen === 'number' ? r.chargeFen : undefined,
          }
        : { allocationId: record.allocationId, ok: false, error: String(r.error ?? 'refused by billing') };
    });
  }
  if (typeof answer?.failed === 'number' && typeof answer.success === 'number') {
    const errors = Array.isArray(answer.errors) ? answer.errors.map(String).join('; ') : '';
    // Without per-record results a partial failure is a failure of all: resending is harmless (idempotent).
    return records.map((record) =>
      answer.failed === 0
        ? { allocationId: record.allocationId, ok: true }
        : { allocationId: record.allocationId, ok: false, error: errors || 'billing reported failures' },
    );
  }
  throw new BillingUnavailable('billing answered something that is not a batch result');
}

/** The HTTP way: POST the batch to `{serviceUrl}/api/internal/metering/device-usage/batch` with the service token. */
export function httpTransport(
  serviceUrl: string,
  serviceToken: string | null,
  fetchImpl: typeof fetch = fetch,
): Transport {
  return async (records, signal) => {
    let res: Response;
    try {
      res = await fetchImpl(`${serviceUrl}/api/internal/metering/device-usage/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-service-token': serviceToken ?? '' },
        body: JSON.stringify({ items: records }),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new BillingUnavailable(
        `billing unreachable: ${String(err instanceof Error ? err.message : err)}`,
      );
    }
    const text = await res.text();
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      throw new BillingUnavailable(`billing answered ${res.status}: ${text.slice(0, 200)}`);
    }
    if (!res.ok) throw new ReportRejected(`billing refused with ${res.status}: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BillingUnavailable('billing answered something that is not JSON');
    }
    return outcomesFromBatchAnswer(records, body);
  };
}
