import type { Env } from './env';

/**
 * How device nodes deliver usage to billing (SPEC E5). Every number can be set through a var so tests and
 * benchmarks can run the same machinery in seconds instead of minutes.
 */
export interface BillingConfig {
  /** Unset: nodes charge the built-in billing (the tenant's wallets) directly by RPC. */
  serviceUrl: string | null;
  serviceToken: string | null;
  allowOnError: boolean;
  timeoutMs: number;
  /** Tries per delivery (the first plus retries), with exponential backoff from `retryDelayMs`. */
  tries: number;
  retryDelayMs: number;
  breakerThreshold: number;
  breakerOpenMs: number;
  outbox: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  batchSize: number;
  nodeIndexTtlMs: number;
}

export const BILLING_DEFAULTS = {
  timeoutMs: 8_000,
  tries: 3,
  retryDelayMs: 500,
  breakerThreshold: 5,
  breakerOpenMs: 30_000,
  outboxMaxAttempts: 20,
  outboxBaseDelayMs: 10_000,
  outboxMaxDelayMs: 15 * 60_000,
  batchSize: 50,
  nodeIndexTtlMs: 2_000,
} as const;

function int(value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

export function billingConfig(env: Partial<Env>): BillingConfig {
  const d = BILLING_DEFAULTS;
  const url = env.BILLING_SERVICE_URL?.trim();
  return {
    serviceUrl: url ? url.replace(/\/+$/, '') : null,
    serviceToken: env.SERVICE_TOKEN ?? null,
    allowOnError: env.BILLING_ALLOW_ON_ERROR?.trim().toLowerCase() === 'true',
    timeoutMs: int(env.BILLING_TIMEOUT_MS, d.timeoutMs, 1, 120_000),
    tries: int(env.BILLING_TRIES, d.tries, 1, 10),
    retryDelayMs: int(env.BILLING_RETRY_DELAY_MS, d.retryDelayMs, 0, 60_000),
    breakerThreshold: int(env.BILLING_BREAKER_THRESHOLD, d.breakerThreshold, 1, 1000),
    breakerOpenMs: int(env.BILLING_BREAKER_OPEN_MS, d.breakerOpenMs, 1, 3_600_000),
    outbox: {
      maxAttempts: int(env.BILLING_OUTBOX_MAX_ATTEMPTS, d.outboxMaxAttempts, 1, 1000),
      baseDelayMs: int(env.BILLING_OUTBOX_BASE_DELAY_MS, d.outboxBaseDelayMs, 1, 86_400_000),
      maxDelayMs: int(env.BILLING_OUTBOX_MAX_DELAY_MS, d.outboxMaxDelayMs, 1, 86_400_000),
    },
    batchSize: int(env.BILLING_BATCH_SIZE, d.batchSize, 1, 500),
    nodeIndexTtlMs: int(env.NODE_INDEX_TTL_MS, d.nodeIndexTtlMs, 0, 600_000),
  };
}
