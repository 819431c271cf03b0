// Retried delivery, shared by every queue an actor keeps (the outbox, the Directory's mail, a device
// node's usage reports): backoff between tries, dead-lettering after the last one, and the drain loop
// that tries each due entry once, one at a time or in batches.

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

/** What became of one entry of a batch: delivered (with what the receiver said of it) or refused. */
export type EntryResult<Receipt> = { ok: true; receipt: Receipt } | { ok: false; error: string };

/**
 * A batch's answer: one result per entry, in the batch's order, or `postponeUntil` when the receiver
 * cannot be tried now (an open circuit breaker): every entry waits until then without spending an attempt.
 */
export type BatchAnswer<Receipt> = EntryResult<Receipt>[] | { postponeUntil: number };

/** What `drainDue` needs from a queue; each method writes the queue's own table. */
export interface DueQueue<Entry extends { id: string; attempts: number }, Receipt = void> {
  /** Up to `limit` entries due now, oldest first. */
  due(limit: number): Entry[];
  /** One try of one entry; a throw is a failed attempt. */
  attempt?(entry: Entry): Promise<Receipt>;
  /** One try of a whole batch (one call carries many entries); a throw fails every entry of it. */
  attemptBatch?(batch: Entry[]): Promise<BatchAnswer<Receipt>>;
  delivered(entry: Entry, attempts: number, receipt: Receipt): void;
  failed(entry: Entry, next: ReturnType<typeof afterFailedAttempt>, error: string): void;
  /** The batch waits until `until` (see BatchAnswer); required with `attemptBatch`. */
  postponed?(batch: Entry[], until: number): void;
  /** Runs the bookkeeping of one batch (delivered, failed, postponed) in one storage transaction. */
  transaction?(fn: () => void): void;
  /**
   * After a batch of `taken` (of at most `limit`) was tried: whether `due` may find more. Without it the
   * drain always asks once more, and stops when nothing new is due.
   */
  moreMayBeDue?(taken: number, limit: number): boolean;
}

const messageOf = (err: unknown) => String(err instanceof Error ? err.message : err).slice(0, 500);

/**
 * Tries every entry due now once, oldest first, a batch at a time; a failed one waits for its retry
 * time (the caller's alarm). A postponed batch ends the drain: nothing else would get through either.
 */
export async function drainDue<Entry extends { id: string; attempts: number }, Receipt = void>(
  queue: DueQueue<Entry, Receipt>,
  policy: RetryPolicy,
  now: () => number,
  batchSize = 50,
): Promise<void> {
  const tried = new Set<string>();
  const inTransaction = queue.transaction ?? ((fn: () => void) => fn());
  const record = (entry: Entry, result: EntryResult<Receipt>) => {
    if (result.ok) queue.delivered(entry, entry.attempts + 1, result.receipt);
    else queue.failed(entry, afterFailedAttempt(entry.attempts, policy, now()), result.error.slice(0, 500));
  };
  for (;;) {
    const due = queue.due(batchSize);
    const batch = due.filter((entry) => !tried.has(entry.id));
    if (batch.length === 0) return;
    for (const entry of batch) tried.add(entry.id);
    const askAgain = () => queue.moreMayBeDue?.(due.length, batchSize) ?? true;
    if (queue.attemptBatch) {
      let answer: BatchAnswer<Receipt>;
      try {
        answer = await queue.attemptBatch(batch);
      } catch (err) {
        const error = messageOf(err);
        answer = batch.map(() => ({ ok: false, error }));
      }
      if (!Array.isArray(answer)) {
        const until = answer.postponeUntil;
        inTransaction(() => queue.postponed?.(batch, until));
        return;
      }
      const results = answer;
      inTransaction(() => {
        for (const [i, entry] of batch.entries())
          record(entry, results[i] ?? { ok: false, error: 'no result' });
      });
      if (!askAgain()) return;
      continue;
    }
    for (const entry of batch) {
      let result: EntryResult<Receipt>;
      try {
        result = { ok: true, receipt: await queue.attempt!(entry) };
      } catch (err) {
        result = { ok: false, error: messageOf(err) };
      }
      inTransaction(() => record(entry, result));
    }
    if (!askAgain()) return;
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
