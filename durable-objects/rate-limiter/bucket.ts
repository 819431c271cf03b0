/**
 * Whether one more request of a client fits its rate limit (SPEC G6), pure: the generic cell rate
 * algorithm, a token bucket kept as one number. A policy allows `limit` requests per `windowMs`, all at
 * once or spread out: each request moves the client's theoretical arrival time (`tat`) one interval of
 * `windowMs / limit` later, and a request is refused while that time is more than a window ahead of now.
 * The refusal says exactly when the next request will fit. Integer milliseconds throughout.
 */
export interface RatePolicy {
  limit: number;
  windowMs: number;
}

export type Admission =
  | { allowed: true; tat: number; retryAfterMs: 0 }
  | { allowed: false; tat: number; retryAfterMs: number };

/** The time one request takes out of the window. */
export function intervalOf(policy: RatePolicy): number {
  return Math.max(1, Math.floor(policy.windowMs / policy.limit));
}

/** Admits or refuses one request at `now`; `tat` is the client's state (null: never seen, or forgotten). */
export function admit(tat: number | null, now: number, policy: RatePolicy): Admission {
  const interval = intervalOf(policy);
  const start = Math.max(tat ?? now, now);
  const next = start + interval;
  const allowedAt = next - interval * policy.limit;
  if (allowedAt > now) return { allowed: false, tat: start, retryAfterMs: allowedAt - now };
  return { allowed: true, tat: next, retryAfterMs: 0 };
}
