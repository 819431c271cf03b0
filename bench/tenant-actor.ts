import { TenantActor } from '../durable-objects/tenant/tenant';
import { seedCrm } from './crm-seed';
import type { BenchSeedBody } from './schema';

/**
 * The tenant actor as the benchmark runs it: the production actor plus what only the bench needs —
 * the floors it measures every route against, and bulk seeding. Deployed only by `wrangler.bench.toml`.
 */
export class BenchTenantActor extends TenantActor {
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

  benchSeedCrm(input: BenchSeedBody) {
    return seedCrm(this.crm, input);
  }
}
