import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailedAttempt,
  type BatchAnswer,
  backoffDelay,
  drainDue,
  SingleFlight,
} from '../../durable-objects/retry';

describe('backoff', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };

  it('doubles per attempt before jitter', () => {
    expect(backoffDelay(1, policy, 1)).toBe(1000);
    expect(backoffDelay(2, policy, 1)).toBe(2000);
    expect(backoffDelay(4, policy, 1)).toBe(8000);
  });

  it('stays within half and all of the capped exponential delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random) => {
          const delay = backoffDelay(attempt, policy, random);
          const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(capped / 2));
          expect(delay).toBeLessThanOrEqual(capped);
        },
      ),
    );
  });

  it('a failed attempt waits with growing, capped backoff and dead-letters at the last attempt', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 4000 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (before, random) => {
          const next = afterFailedAttempt(before, policy, 100, random);
          expect(next.attempts).toBe(before + 1);
          if (before + 1 >= policy.maxAttempts) {
            expect(next.status).toBe('dead');
            return;
          }
          expect(next.status).toBe('pending');
          const delay = next.nextAttemptAt - 100;
          const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** before);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(full / 2));
          expect(delay).toBeLessThanOrEqual(full);
        },
      ),
    );
  });
});

describe('drainDue', () => {
  interface Entry {
    id: string;
    attempts: number;
    dueAt: number;
    status: 'pending' | 'delivered' | 'dead';
    fails: boolean;
  }
  const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 4000 };
  const NOW = 1_000_000;

  it('tries every due entry once, oldest first, and records each outcome; entries not yet due wait', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            attempts: fc.integer({ min: 0, max: 6 }),
            dueIn: fc.integer({ min: -5000, max: 5000 }),
            status: fc.constantFrom('pending', 'pending', 'delivered', 'dead'),
            fails: fc.boolean(),
          }),
          { maxLength: 80 },
        ),
        fc.integer({ min: 1, max: 12 }),
        async (seeds, batchSize) => {
          const entries: Entry[] = seeds.map((s, i) => ({
            id: `e${i}`,
            attempts: s.attempts,
            dueAt: NOW + s.dueIn,
            status: s.status as Entry['status'],
            fails: s.fails,
          }));
          const before = entries.map((e) => ({ ...e }));
          const tried: string[] = [];
          await drainDue<Entry>(
            {
              due: (limit) =>
                entries
                  .filter((e) => e.status === 'pending' && e.dueAt <= NOW)
                  .sort((a, b) => a.dueAt - b.dueAt)
                  .slice(0, limit),
              attempt: async (e) => {
                tried.push(e.id);
                if (e.fails) throw new Error(`no answer for ${e.id}`);
              },
              delivered: (e, attempts) => Object.assign(e, { status: 'delivered', attempts }),
              failed: (e, next, error) => {
                expect(error).toBe(`no answer for ${e.id}`);
                Object.assign(e, { status: next.status, attempts: next.attempts, dueAt: next.nextAttemptAt });
              },
            },
            policy,
            () => NOW,
            batchSize,
          );
          const wasDue = before.filter((e) => e.status === 'pending' && e.dueAt <= NOW);
          expect(tried).toEqual(wasDue.sort((a, b) => a.dueAt - b.dueAt).map((e) => e.id));
          for (const [i, after] of entries.entries()) {
            const was = before[i]!;
            if (!wasDue.some((e) => e.id === was.id)) {
              expect(after).toEqual(was);
            } else if (!was.fails) {
              expect(after).toMatchObject({ status: 'delivered', attempts: was.attempts + 1 });
            } else if (was.attempts + 1 >= policy.maxAttempts) {
              expect(after).toMatchObject({ status: 'dead', attempts: was.attempts + 1 });
            } else {
              expect(after).toMatchObject({ status: 'pending', attempts: was.attempts + 1 });
              expect(after.dueAt).toBeGreaterThan(NOW);
            }
          }
        },
      ),
    );
  });
});

describe('drainDue asks again only when more may be due', () => {
  const entry = (id: string) => ({ id, attempts: 0 });

  it('stops after a short batch when moreMayBeDue says nothing new came, and asks again when it did', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        async (queued, batchSize, arrivesDuringFirst) => {
          const pending = Array.from({ length: queued }, (_, i) => entry(`e${i}`));
          let queries = 0;
          let arrived = false;
          const delivered: string[] = [];
          await drainDue(
            {
              due: (limit) => {
                queries++;
                return pending.slice(0, limit);
              },
              attempt: async (e) => {
                if (arrivesDuringFirst && !arrived) {
                  arrived = true;
                  pending.push(entry('late'));
                }
                delivered.push(e.id);
              },
              delivered: (e) => pending.splice(pending.indexOf(e), 1),
              failed: () => {
                throw new Error('nothing fails here');
              },
              moreMayBeDue: (taken, limit) => taken >= limit || (arrived && !delivered.includes('late')),
            },
            { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
            () => 0,
            batchSize,
          );
          // Nothing is left behind, and no batch ends in a query that could only find nothing.
          expect(pending).toEqual([]);
          const expected = queued === 0 ? [] : [...Array.from({ length: queued }, (_, i) => `e${i}`)];
          if (queued > 0 && arrivesDuringFirst) expected.push('late');
          expect([...delivered].sort()).toEqual(expected.sort());
          const fullBatches = Math.floor(delivered.length / batchSize);
          expect(queries).toBeLessThanOrEqual(Math.max(1, fullBatches + 1 + (arrivesDuringFirst ? 1 : 0)));
        },
      ),
    );
  });
});

describe('drainDue errors', () => {
  it('records what a failed delivery threw, Error or not, cut to 500 characters', async () => {
    const thrown: unknown[] = ['gateway said no', new Error('x'.repeat(600)), { toString: () => 'odd' }];
    const recorded: string[] = [];
    await drainDue<{ id: string; attempts: number; value: unknown }>(
      {
        due: () => thrown.map((value, i) => ({ id: `e${i}`, attempts: 0, value })),
        attempt: async (e) => {
          throw e.value;
        },
        delivered: () => expect.unreachable('nothing was delivered'),
        failed: (_e, next, error) => {
          expect(next.status).toBe('pending');
          recorded.push(error);
        },
      },
      { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
      () => 0,
      10,
    );
    expect(recorded).toEqual(['gateway said no', 'x'.repeat(500), 'odd']);
  });
});

describe('drainDue in batches', () => {
  interface Entry {
    id: string;
    attempts: number;
    status: 'pending' | 'delivered' | 'dead';
    receipt?: string;
    nextAttemptAt?: number;
  }
  const policy = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 };
  const queueOf = (entries: Entry[], batchOf: (batch: Entry[]) => Promise<BatchAnswer<string>>) => {
    const transactions: string[][] = [];
    let open: string[] | null = null;
    return {
      transactions,
      queue: {
        due: (limit: number) => entries.filter((e) => e.status === 'pending').slice(0, limit),
        attemptBatch: batchOf,
        delivered: (e: Entry, attempts: number, receipt: string) => {
          open?.push(`delivered ${e.id}`);
          Object.assign(e, { status: 'delivered', attempts, receipt });
        },
        failed: (
          e: Entry,
          next: { status: 'pending' | 'dead'; attempts: number; nextAttemptAt: number },
          error: string,
        ) => {
          open?.push(`failed ${e.id}: ${error}`);
          Object.assign(e, {
            status: next.status,
            attempts: next.attempts,
            nextAttemptAt: next.nextAttemptAt,
          });
        },
        postponed: (batch: Entry[], until: number) => {
          open?.push(`postponed ${batch.map((e) => e.id).join(',')}`);
          for (const e of batch) e.nextAttemptAt = until;
        },
        transaction: (fn: () => void) => {
          open = [];
          fn();
          transactions.push(open);
          open = null;
        },
      },
    };
  };

  it('sends each batch once, records every result of a batch in one transaction, and a missing result fails', async () => {
    const entries: Entry[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, attempts: 0, status: 'pending' }));
    const sent: string[][] = [];
    const { queue, transactions } = queueOf(entries, async (batch) => {
      sent.push(batch.map((e) => e.id));
      // Billing answers the first two of each batch; `c` is refused; the last of a batch of three has no result.
      return batch
        .slice(0, 2)
        .map((e) =>
          e.id === 'c'
            ? { ok: false as const, error: 'refused' }
            : { ok: true as const, receipt: `r-${e.id}` },
        );
    });
    await drainDue<Entry, string>(queue, policy, () => 0, 3);
    expect(sent).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(transactions).toEqual([
      ['delivered a', 'delivered b', 'failed c: no result'],
      ['delivered d', 'delivered e'],
    ]);
    expect(entries.map((e) => [e.id, e.status, e.receipt ?? null])).toEqual([
      ['a', 'delivered', 'r-a'],
      ['b', 'delivered', 'r-b'],
      ['c', 'pending', null],
      ['d', 'delivered', 'r-d'],
      ['e', 'delivered', 'r-e'],
    ]);
  });

  it('fails every entry of a batch whose call threw, spending one attempt each', async () => {
    const entries: Entry[] = [
      { id: 'a', attempts: 0, status: 'pending' },
      { id: 'b', attempts: 1, status: 'pending' },
    ];
    const { queue, transactions } = queueOf(entries, async () => {
      throw new Error('billing unreachable');
    });
    await drainDue<Entry, string>(queue, policy, () => 0, 10);
    expect(transactions).toEqual([['failed a: billing unreachable', 'failed b: billing unreachable']]);
    expect(entries.map((e) => [e.status, e.attempts])).toEqual([
      ['pending', 1],
      ['dead', 2],
    ]);
  });

  it('postpones a batch the receiver cannot take now without spending attempts, and stops draining', async () => {
    const entries: Entry[] = ['a', 'b', 'c'].map((id) => ({ id, attempts: 1, status: 'pending' }));
    let calls = 0;
    const { queue, transactions } = queueOf(entries, async () => {
      calls++;
      return { postponeUntil: 5_000 };
    });
    await drainDue<Entry, string>(queue, policy, () => 0, 2);
    expect(calls).toBe(1);
    expect(transactions).toEqual([['postponed a,b']]);
    expect(entries.map((e) => [e.status, e.attempts, e.nextAttemptAt ?? null])).toEqual([
      ['pending', 1, 5_000],
      ['pending', 1, 5_000],
      ['pending', 1, null],
    ]);
  });

  it('without transaction or postponed hooks, still records results and stops on a postponement', async () => {
    const entries: Entry[] = [{ id: 'a', attempts: 0, status: 'pending' }];
    let answer: BatchAnswer<string> = { postponeUntil: 1 };
    const queue = {
      due: () => entries.filter((e) => e.status === 'pending'),
      attemptBatch: async () => answer,
      delivered: (e: Entry) => Object.assign(e, { status: 'delivered' }),
      failed: () => expect.unreachable('nothing failed'),
    };
    await drainDue<Entry, string>(queue, policy, () => 0);
    expect(entries[0]!.status).toBe('pending');
    answer = [{ ok: true, receipt: 'r' }];
    await drainDue<Entry, string>(queue, policy, () => 0);
    expect(entries[0]!.status).toBe('delivered');
  });
});

describe('SingleFlight', () => {
  it('lets callers share a running task, and starts a new one after it ends', async () => {
    const flight = new SingleFlight();
    let started = 0;
    let finish = () => {};
    const task = () => {
      started++;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    };
    const first = flight.run(task);
    const second = flight.run(task);
    expect(second).toBe(first);
    expect(started).toBe(1);
    finish();
    await first;
    await flight.run(async () => {
      started++;
    });
    expect(started).toBe(2);
  });
});
