import type { MessageHandler } from '../durable-objects/actor';
import { OUTBOX_BACKSTOP_MS } from '../durable-objects/legal/legal-actor';
import { TenantActor } from '../durable-objects/tenant/tenant';
import { seedCrm } from './crm-seed';
import type { BenchSeedBody } from './schema';

const BENCH_NOTED = 'bench.noted';

/**
 * The tenant actor as the benchmark runs it: the production actor plus what only the bench needs —
 * the floors it measures every route against, and bulk seeding. Deployed only by `wrangler.bench.toml`.
 */
export class BenchTenantActor extends TenantActor {
  /** Sends as the marketplace's actors do, whose accept the outbox floor stands under: delivered after the answer, the alarm as a backstop 10 s later. */
  protected override outboxBackstopMs = OUTBOX_BACKSTOP_MS;

  /** Answers at once: a round trip to the actor that does nothing else, the floor under every actor read. */
  ping(): true {
    return true;
  }

  /**
   * One durable write and nothing else (a key of the actor's own key-value table, in one transaction),
   * answered once committed: the floor under every route that writes.
   */
  benchWrite(): true {
    this.tx(() => this.ctx.storage.kv.put('bench:write', Date.now()));
    return true;
  }

  /**
   * One committed write, answered once committed, then one committed write in each of `others` (other
   * actors of this class) after the answer: the floor under a change that must reach other actors, such
   * as a marketplace accept (the lawyer's actor answers; the dispatcher's and the client's follow).
   */
  benchWriteThenTell(others: string[]): true {
    this.benchWrite();
    const namespace = this.env.TENANT as unknown as DurableObjectNamespace<BenchTenantActor>;
    this.ctx.waitUntil(
      Promise.all(others.map((name) => namespace.get(namespace.idFromName(name)).benchWrite())),
    );
    return true;
  }

  /**
   * The same through the actor base's outbox, as every change that must reach other actors goes: one
   * committed write that queues a message to each of `others` in its transaction, answered once
   * committed; after the answer the messages are delivered, each receiver records its key and writes once,
   * and the sender marks them delivered. The floor under an accept that keeps "nothing accepted is lost".
   */
  benchWriteThenSend(others: string[]): true {
    this.tx(() => {
      this.ctx.storage.kv.put('bench:write', Date.now());
      for (const name of others)
        this.send({ to: { binding: 'TENANT', name }, type: BENCH_NOTED, payload: null });
    });
    this.ctx.waitUntil(this.flushOutbox());
    return true;
  }

  protected override messages(): Record<string, MessageHandler> {
    return { ...super.messages(), [BENCH_NOTED]: () => this.ctx.storage.kv.put('bench:noted', Date.now()) };
  }

  benchSeedCrm(input: BenchSeedBody) {
    return seedCrm(this.crm, input);
  }
}
