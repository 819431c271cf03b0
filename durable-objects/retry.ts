// Retried delivery, shared by every queue an actor keeps: backoff between tries and dead-lettering after
// the last one (the outbox, the Directory's mail, a device node's usage reports), and the drain loop that
// tries each due entry once (the outbox and the mail; usage reports go out in batches of their own).

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

/** A queue's limits: the backoff between tries and the try after which an entry is dead-lettered. */
export interface RetryPolicy extends BackoffPolicy {
  maxAttempts: number;
}

/** An entry's state after a failed try: retried later with backoff, or dead-lettered when that was the last try. */
export function afterFailedAttempt(
  attemptsBefore: number,
  policy: RetryPolicy,
  now: number,
  random = Math.random(),
): { status: 'pending' | 'dead'; attempts: number; nextAttemptAt: number } {
  const attempts = attemptsBefore + 1;
  if (attempts >= policy.maxAttempts) return { status: 'dead', attempts, nextAttemptAt: now };
  return { status: 'pending', attempts, nextAttemptAt: now + backoffDelay(attempts, policy, random) };
}

/** What `drainDue` needs from a queue; each method writes the queue's own table. */
export interface DueQueue<Entry extends { id: string; attempts: number }> {
  /** Up to `limit` entries due now, oldest first. */
  due(limit: number): Entry[];
  /** One try; a throw is a failed attempt. */
  attempt(entry: Entry): Promise<void>;
  delivered(entry: Entry, attempts: number): void;
  failed(entry: Entry, next: ReturnType<typeof afterFailedAttempt>, error: string): void;
}

/** Tries every entry due now once, oldest first; a failed one waits for its retry time (the caller's alarm). */
export async function drainDue<Entry extends { id: string; attempts: number }>(
  queue: DueQueue<Entry>,
  policy: RetryPolicy,
  now: () => number,
  batchSize = 50,
): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const batch = queue.due(batchSize).filter((entry) => !tried.has(entry.id));
    if (batch.length === 0) return;
    for (const entry of batch) {
      tried.add(entry.id);
      try {
        await queue.attempt(entry);
        queue.delivered(entry, entry.attempts + 1);
      } catch (err) {
        const error = String(err instanceof Error ? err.message : err).slice(0, 500);
        queue.failed(entry, afterFailedAttempt(entry.attempts, policy, now()), error);
      }
    }
  }
}

/** Runs a task unless one is already running, in which case the caller shares that run. */
export class SingleFlight {
  #running: Promise<void> | undefined;

  run(task: () => Promise<void>): Promise<void> {
    this.#running ??= task().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }
}
