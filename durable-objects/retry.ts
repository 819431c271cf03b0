/** How long to wait before retry number `attempt` (1-based): exponential, capped, with jitter in [50 %, 100 %]. */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export function backoffDelay(attempt: number, policy: BackoffPolicy, random = Math.random()): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.5 + random * 0.5));
}
