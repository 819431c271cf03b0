import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { isoInstantSql } from '../../lib/sql';
import { tenantStub, unique } from '../helpers';

describe('isoInstantSql', () => {
  it("writes every instant exactly as Date#toISOString does, in the actor's own SQLite", async () => {
    const samples = fc.sample(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), 2_000);
    // The edges where rounding a fraction of a second would show.
    samples.push(0, 999, 1_000, 1_700_000_000_999, Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    const written = await runInDurableObject(tenantStub(unique('sql')), (_actor: TenantActor, state) =>
      samples.map(
        (ms) => state.storage.sql.exec<{ iso: string }>(`SELECT ${isoInstantSql('?1')} AS iso`, ms).one().iso,
      ),
    );
    expect(written).toEqual(samples.map((ms) => new Date(ms).toISOString()));
  });
});
