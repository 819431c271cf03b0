import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { RawTable, sqlOf } from '../../durable-objects/raw-rows';
import { lawyerCases, lawyerState } from '../../schema/lawyer';
import { lawyerStub } from '../legal-helpers';

const state = {
  id: 1,
  userId: 'user-raw',
  workspaceId: 'ws-raw',
  name: 'Raw',
  email: 'raw@example.com',
  demo: true,
  accountVersion: 1,
  status: 'active' as const,
  certificationId: 'cert-raw',
  lawyerName: 'Raw Lawyer',
  licenseNumber: 'RAW-1',
  lawFirm: 'Raw Firm',
  practiceAreas: ['debt' as const, 'labor' as const],
  submittedAt: 1,
  approvedAt: null,
  plan: 'free' as const,
  points: 7,
  casesCompleted: 0,
  level: 1,
  aiCreditsMonth: '2026-12',
  aiCreditsUsed: 0,
  dayKey: '2026-12-07',
  acceptedToday: 0,
  monthKey: '2026-12',
  amountThisMonthFen: 0,
  snapshotVersion: 0,
  updatedAt: 1,
};

describe('RawTable (raw SQL on the hot paths, with drizzle column mapping)', () => {
  it('reads and writes rows exactly as drizzle does: JSON, booleans, nulls and property names', async () => {
    await runInDurableObject(lawyerStub('raw-rows-test'), (actor: LawyerActor) => {
      const db = actor.db;
      const sql = sqlOf(db);
      const raw = new RawTable(lawyerState);
      db.insert(lawyerState).values(state).run();
      const read = () => raw.first(sql.exec(`SELECT ${raw.columns} FROM lawyer_state`));
      expect(read()).toEqual(db.select().from(lawyerState).get());
      expect(read()?.practiceAreas).toEqual(['debt', 'labor']);
      expect(read()?.demo).toBe(true);

      const set = raw.assignments({
        demo: false,
        practiceAreas: ['ip'],
        suspendedUntil: null,
        points: undefined,
      });
      expect(set.sql).toBe('"demo" = ?, "practice_areas" = ?, "suspended_until" = ?');
      const updated = raw.first(
        sql.exec(`UPDATE lawyer_state SET ${set.sql} WHERE id = 1 RETURNING ${raw.columns}`, ...set.values),
      );
      expect(updated).toEqual(db.select().from(lawyerState).get());
      expect(updated).toMatchObject({ demo: false, practiceAreas: ['ip'], points: 7, suspendedUntil: null });

      expect(raw.first(sql.exec(`SELECT ${raw.columns} FROM lawyer_state WHERE id = 2`))).toBeUndefined();
      expect(() => new RawTable(lawyerCases).assignments({ nothing: 1 } as never)).toThrow(
        'no column nothing',
      );
    });
  });
});
