import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import backfill from '../../schema/migrations/tenant/0003_members-joined-iso-backfill.sql';
import { tenantStub, unique } from '../helpers';

describe('tenant migrations', () => {
  it('backfill every member joined before joined_at_iso existed exactly as Date#toISOString writes it', async () => {
    const instants = fc.sample(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), 500);
    // The edges where rounding a fraction of a second would show.
    instants.push(0, 999, 1_000, 1_700_000_000_999, Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    const written = await runInDurableObject(tenantStub(unique('mig')), (_actor: TenantActor, state) => {
      const sql = state.storage.sql;
      const rollback = new Error('rollback');
      let rows: { joined_at: number; joined_at_iso: string }[] = [];
      try {
        state.storage.transactionSync(() => {
          for (const [i, ms] of instants.entries()) {
            sql.exec(
              `INSERT INTO members (user_id, username, role, status, is_primary, version, joined_at, updated_at)
               VALUES (?, ?, 'member', 'active', 0, 1, ?, ?)`,
              `usr_${i}`,
              `u${i}`,
              ms,
              ms,
            );
          }
          sql.exec(
            'INSERT INTO members (user_id, username, role, status, is_primary, version, joined_at, joined_at_iso, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            'usr_kept',
            'kept',
            'member',
            'active',
            0,
            1,
            0,
            'already written',
            0,
          );
          for (const statement of backfill.split(';').filter((s) => s.replace(/--.*$/gm, '').trim()))
            sql.exec(statement);
          rows = sql
            .exec<{ joined_at: number; joined_at_iso: string }>(
              "SELECT joined_at, joined_at_iso FROM members WHERE user_id LIKE 'usr_%' ORDER BY rowid",
            )
            .toArray();
          throw rollback;
        });
      } catch (err) {
        if (err !== rollback) throw err;
      }
      return rows;
    });
    expect(written.slice(0, instants.length)).toEqual(
      instants.map((ms) => ({ joined_at: ms, joined_at_iso: new Date(ms).toISOString() })),
    );
    expect(written.at(-1)).toEqual({ joined_at: 0, joined_at_iso: 'already written' });
  });
});
