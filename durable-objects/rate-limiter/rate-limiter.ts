import { eq, lte } from 'drizzle-orm';
import type { Env } from '../../lib/env';
import migrations from '../../schema/migrations/rate-limiter/migrations.js';
import * as schema from '../../schema/rate-limiter';
import { Actor, type JobHandler } from '../actor';
import { type Admission, admit, type RatePolicy } from './bucket';

const { rateBuckets } = schema;
const PRUNE_JOB = 'prune';
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * One shard of the per-client rate limits (SPEC G6): the worker picks the shard from the client's key,
 * so every policy of one client is decided here, one request at a time. A client whose bucket has filled
 * up again is forgotten by an hourly prune.
 */
export class RateLimiter extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }

  protected override jobs(): Record<string, JobHandler> {
    return { [PRUNE_JOB]: () => this.prune() };
  }

  /** Takes one request of `client` under `policy` (named `name`), or says how long until one fits. */
  take(name: string, client: string, policy: RatePolicy): Omit<Admission, 'tat'> {
    const key = `${name}:${client}`;
    const now = this.now();
    return this.tx(() => {
      const tat = this.db
        .select({ tat: rateBuckets.tat })
        .from(rateBuckets)
        .where(eq(rateBuckets.key, key))
        .get();
      const admission = admit(tat?.tat ?? null, now, policy);
      if (admission.allowed) {
        this.db
          .insert(rateBuckets)
          .values({ key, tat: admission.tat })
          .onConflictDoUpdate({ target: rateBuckets.key, set: { tat: admission.tat } })
          .run();
        if (!tat) this.scheduleNoLaterThan(PRUNE_JOB, '', now + PRUNE_EVERY_MS);
      }
      return { allowed: admission.allowed, retryAfterMs: admission.retryAfterMs } as Omit<Admission, 'tat'>;
    });
  }

  /** A client whose arrival time has passed has a full bucket again: forgetting it changes nothing. */
  private prune(): void {
    const now = this.now();
    this.tx(() => {
      this.db.delete(rateBuckets).where(lte(rateBuckets.tat, now)).run();
      const left = this.db.select({ key: rateBuckets.key }).from(rateBuckets).limit(1).get();
      // Rescheduling from inside the job keeps the new time (the base deletes only the job that ran).
      if (left) this.schedule(PRUNE_JOB, '', now + PRUNE_EVERY_MS);
    });
  }
}
