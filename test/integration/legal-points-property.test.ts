import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { levelFor } from '../../durable-objects/lawyer/levels';
import { declineChange, pointsFor } from '../../durable-objects/lawyer/points';
import type { LawyerRecord } from '../../durable-objects/lawyer/record';
import type { LawyerWorkspace } from '../../durable-objects/lawyer/workspace';
import { MEMBERSHIP_PLANS, POINT_ACTIONS } from '../../schema/dto/legal-catalog';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import { unique } from '../helpers';
import { lawyerStub } from '../legal-helpers';

const step = fc.oneof(
  fc.record({
    kind: fc.constant('rule' as const),
    action: fc.constantFrom(...POINT_ACTIONS),
    plan: fc.constantFrom(...MEMBERSHIP_PLANS),
    units: fc.integer({ min: 1, max: 400 }),
    completes: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('decline' as const),
    plan: fc.constantFrom(...MEMBERSHIP_PLANS),
    amountFen: fc.integer({ min: 0, max: 100_000_00 }),
    earlier: fc.integer({ min: 0, max: 6 }),
  }),
);

describe('the points ledger in a real lawyer actor (D6)', () => {
  it('always sums to the balance, one entry per change, the level following points and cases up and down', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const id = unique('usr_prop');
        const stub = lawyerStub(id);
        await stub.receive({
          key: unique('cert'),
          type: LEGAL_MESSAGES.certification,
          from: 'test',
          payload: {
            version: 1,
            userId: id,
            workspaceId: unique('ws_'),
            name: 'Prop',
            email: `${id}@example.com`,
            certification: {
              id: unique('cert_'),
              status: 'approved',
              lawyerName: 'Prop',
              licenseNumber: unique('L'),
              lawFirm: 'Firm',
              practiceAreas: ['debt'],
              submittedAt: Date.now(),
              decidedAt: Date.now(),
              reason: null,
            },
          },
        });
        await runInDurableObject(stub, (actor: LawyerActor) => {
          const record = (actor as unknown as { record: LawyerRecord }).record;
          let entries = 0;
          for (const s of steps) {
            const change =
              s.kind === 'rule'
                ? pointsFor(s.action, s.plan, s.units)
                : declineChange(s.plan, s.amountFen, 1, s.earlier);
            const entry = record.award(change, null, s.kind === 'rule' ? s.completes : 0);
            entries++;
            const row = record.get()!;
            expect(entry.balanceAfter).toBe(row.points);
            expect(record.ledgerSum()).toBe(row.points);
            expect(row.level).toBe(levelFor(row.points, row.casesCompleted).level);
          }
          const check = actor.pointsCheck();
          expect(check.balance).toBe(check.ledgerSum);
          const workspace = (actor as unknown as { workspace: LawyerWorkspace }).workspace;
          expect(workspace.points({ kind: 'user', id }, 1, 200)).toMatchObject({
            ok: true,
            value: { total: entries },
          });
        });
      }),
      { numRuns: 30 },
    );
  });
});
