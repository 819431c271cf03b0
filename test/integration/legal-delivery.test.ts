import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Receipt, Reply } from '../../durable-objects/actor';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import type { DispatchActor } from '../../durable-objects/legal/dispatch/dispatch-actor';
import { OUTBOX_BACKSTOP_MS } from '../../durable-objects/legal/legal-actor';
import type { Outcome } from '../../lib/errors';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import { adminToken, call, unique } from '../helpers';
import {
  certifiedLawyer,
  clientStub,
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
    const delivered = await runInDurableObject(
      lawyerStub(lawyer.userId),
      async (actor: LawyerActor, state) => {
        const rows = actor.outboxEntries('delivered');
        state.storage.sql.exec(
          `UPDATE _outbox SET status = 'pending', next_attempt_at = 0 WHERE status = 'delivered'`,
        );
        // A delivery that went unrecorded leaves its backstop on the alarm.
        await state.storage.setAlarm(Date.now());
        return rows.length;
      },
    );
    expect(delivered).toBeGreaterThanOrEqual(2);
    expect(await runDurableObjectAlarm(lawyerStub(lawyer.userId))).toBe(true);
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

describe("news for a message's sender rides back in the answer", () => {
  it('tells the client where its case stands in the answer to its publication, and again when it is delivered again', async () => {
    const caseId = await paidTask(client.token, { practiceArea: 'ip' });
    const placed = await task(caseId);
    expect(['offered', 'pooled']).toContain(placed.dispatchState);

    // The dispatcher queued no message of its own for that news: it went back with the answer.
    const told = await runInDurableObject(dispatchStub('ip'), (actor: DispatchActor) =>
      [...actor.outboxEntries('pending'), ...actor.outboxEntries('delivered', 10_000)].filter(
        (m) => m.type === LEGAL_MESSAGES.dispatch && (m.payload as { caseId: string }).caseId === caseId,
      ),
    );
    expect(told).toEqual([]);

    // The answer lost: the client forgets it ever heard, and its publication is due again. The dispatcher
    // applies the publication once and answers the redelivery with where the case stands now.
    const clientActor = clientStub(client.userId);
    await runInDurableObject(clientActor, async (actor: LegalClientActor, state) => {
      state.storage.sql.exec(
        'UPDATE client_cases SET dispatch_state = NULL, dispatch_seq = 0 WHERE id = ?',
        caseId,
      );
      state.storage.sql.exec(
        `UPDATE _outbox SET status = 'pending', next_attempt_at = 0 WHERE idempotency_key = ?`,
        `publish:${caseId}`,
      );
      // A lost answer is a failed attempt, whose retry is on the alarm.
      await state.storage.setAlarm(Date.now());
      actor.timeShiftMs = OUTBOX_BACKSTOP_MS;
    });
    expect(await runDurableObjectAlarm(clientActor)).toBe(true);
    expect(await task(caseId)).toMatchObject({ dispatchState: placed.dispatchState });
    expect(await dispatchStub('ip').stats()).toMatchObject({
      offered: expect.any(Number),
      pooled: expect.any(Number),
    });
    const published = await runInDurableObject(dispatchStub('ip'), (_actor, state) =>
      state.storage.sql.exec('SELECT count(*) AS n FROM dispatch_cases WHERE case_id = ?', caseId).one(),
    );
    expect(published).toEqual({ n: 1 });

    // Another actor delivering the same publication hears nothing of this client's case.
    const envelope = await runInDurableObject(clientActor, (actor: LegalClientActor) => {
      const row = actor
        .outboxEntries('delivered', 10_000)
        .find((m) => m.idempotencyKey === `publish:${caseId}`)!;
      return { key: row.idempotencyKey, type: row.type, payload: row.payload };
    });
    const deliver = async (from: string) =>
      (
        (await dispatchStub('ip').receiveMany([
          { ...envelope, from, takesReplies: true },
        ])) as Outcome<Receipt>[]
      )[0];
    const own = await deliver(clientActor.id.toString());
    expect(own).toMatchObject({
      ok: true,
      value: { duplicate: true, replies: [{ type: LEGAL_MESSAGES.dispatch }] },
    });
    const foreign = await deliver(clientStub('someone-else').id.toString());
    expect(foreign).toEqual({ ok: true, value: { duplicate: true } });

    // A reply the client cannot apply makes the delivery a failed attempt, to be delivered (and answered) again.
    const dispatcherId = dispatchStub('ip').id.toString();
    await runInDurableObject(dispatchStub('ip'), (actor: DispatchActor) => {
      (actor as unknown as { replayFor: () => Reply[] }).replayFor = () => [
        { key: unique('reply'), type: 'no-such-news', payload: 'null', from: dispatcherId },
      ];
    });
    await runInDurableObject(clientActor, async (actor: LegalClientActor, state) => {
      state.storage.sql.exec(
        `UPDATE _outbox SET status = 'pending', attempts = 0, next_attempt_at = 0 WHERE idempotency_key = ?`,
        `publish:${caseId}`,
      );
      await actor.flushOutbox();
    });
    const { retried, alarm } = await runInDurableObject(
      clientActor,
      async (actor: LegalClientActor, state) => ({
        retried: actor.outboxEntries('pending').find((m) => m.idempotencyKey === `publish:${caseId}`),
        // The alarm runs on the real clock; the actor's clock is shifted.
        alarm: ((await state.storage.getAlarm()) ?? 0) + actor.timeShiftMs,
      }),
    );
    expect(retried).toMatchObject({ attempts: 1, lastError: expect.stringContaining('no-such-news') });
    // Its retry time is on the alarm.
    expect(alarm).toBe(retried!.nextAttemptAt);
  });
});
