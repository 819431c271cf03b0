import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { OUTBOX_BACKSTOP_MS } from '../../durable-objects/legal/legal-actor';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import { adminToken, call } from '../helpers';
import {
  certifiedLawyer,
  dispatchStub,
  lawyerCases,
  lawyerStub,
  marketplaceUser,
  paidTask,
  settle,
} from '../legal-helpers';

let admin: string;
let client: Awaited<ReturnType<typeof marketplaceUser>>;
beforeAll(async () => {
  admin = await adminToken();
  client = await marketplaceUser(admin);
});

const task = async (id: string) => {
  await settle();
  return (await call('GET', `/api/legal/tasks/${id}`, { token: client.token })).body;
};

describe('an accept answers once it is committed; its messages follow (D8)', () => {
  it('is answered before the dispatcher and the client hear of it, and after a restart they hear it exactly once', async () => {
    const lawyer = await certifiedLawyer(admin, { practiceAreas: ['debt'] });
    const caseId = await paidTask(client.token, { practiceArea: 'debt' });
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([caseId]);

    // The answer comes back while both messages still wait in the lawyer's outbox; the actor then
    // stops (as on a deploy or an eviction) before it has recorded any delivery.
    let answered: Awaited<ReturnType<LawyerActor['acceptCase']>> | undefined;
    let waiting: string[] = [];
    const stopped = runInDurableObject(lawyerStub(lawyer.userId), async (actor: LawyerActor, state) => {
      answered = await actor.acceptCase({ kind: 'user', id: lawyer.userId }, caseId);
      waiting = actor.outboxEntries('pending').map((m) => m.type);
      // The answer leaves an actor once its write is durable: that much happened before the stop.
      await state.storage.sync();
      state.abort('restarted before delivering');
    });
    await expect(stopped).rejects.toThrow();
    expect(answered).toMatchObject({ ok: true, value: { case: { caseId, status: 'assigned' } } });
    expect(waiting.sort()).toEqual([LEGAL_MESSAGES.assigned, LEGAL_MESSAGES.accepted]);

    // The restarted actor's alarm delivers what it had not recorded as delivered, a little later.
    await runInDurableObject(lawyerStub(lawyer.userId), (actor: LawyerActor) => {
      expect(actor.outboxEntries('pending')).toHaveLength(2);
      actor.timeShiftMs = OUTBOX_BACKSTOP_MS;
    });
    expect(await runDurableObjectAlarm(lawyerStub(lawyer.userId))).toBe(true);
    expect(await task(caseId)).toMatchObject({ status: 'assigned', lawyer: { name: 'Zhang Wei' } });
    expect(await dispatchStub('debt').stats()).toMatchObject({ assigned: 1, offered: 0 });

    // Delivered again (the sender stopped after the receivers applied them, before it recorded that):
    // the receivers apply each message once.
    const delivered = await runInDurableObject(lawyerStub(lawyer.userId), (actor: LawyerActor, state) => {
      const rows = actor.outboxEntries('delivered');
      state.storage.sql.exec(
        `UPDATE _outbox SET status = 'pending', next_attempt_at = 0 WHERE status = 'delivered'`,
      );
      return rows.length;
    });
    expect(delivered).toBeGreaterThanOrEqual(2);
    await runDurableObjectAlarm(lawyerStub(lawyer.userId));
    await settle();
    expect(await task(caseId)).toMatchObject({ status: 'assigned' });
    expect(await dispatchStub('debt').stats()).toMatchObject({ assigned: 1, offered: 0, pooled: 0 });
    expect(
      await runInDurableObject(dispatchStub('debt'), (_actor, state) =>
        [...state.storage.sql.exec(`SELECT count(*) AS n FROM case_tries WHERE outcome = 'accepted'`)].at(0),
      ),
    ).toEqual({ n: 1 });
    const again = await lawyerCases(lawyer.token, 'assigned');
    expect(again.map((c) => c.caseId)).toEqual([caseId]);
  });
});
