import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Actor, JobHandler, OutboxRow } from '../../durable-objects/actor';
import type { MemberMessage, TenantProfileMessage } from '../../durable-objects/directory/directory';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { tenantStub, unique } from '../helpers';

/** The protected parts of the base, reached the way a test may: through the live instance. */
type Internals = Actor<Record<string, unknown>> & {
  schedule(kind: string, key: string, dueAt: number, payload?: unknown): void;
  scheduleNoLaterThan(kind: string, key: string, dueAt: number): void;
  send(message: {
    to: { binding: 'TENANT'; name: string };
    type: string;
    payload: unknown;
    key?: string;
  }): void;
  jobs(): Record<string, JobHandler>;
  outboxPolicy: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
};

const directoryStub = () => env.DIRECTORY.get(env.DIRECTORY.idFromName(`scratch-${unique('d')}`));

function profile(code: string): TenantProfileMessage {
  return {
    tenantId: `cmp_${code}`,
    code,
    name: code,
    plan: 'trial',
    subscriptionStatus: 'trial',
    timezone: 'Asia/Shanghai',
    deletedAt: null,
    version: 1,
  };
}

const member = (userId: string, version = 1): MemberMessage => ({
  userId,
  username: userId,
  role: 'member',
  status: 'active',
  isPrimary: true,
  version,
});

describe('alarm multiplexer', () => {
  it('runs due jobs in order from the one alarm, keeps later ones, and re-arms for them', async () => {
    const stub = tenantStub(unique('jobs'));
    const ran: string[] = [];
    await runInDurableObject(stub, (instance: TenantActor) => {
      const actor = instance as unknown as Internals;
      actor.jobs = () => ({ tick: (key) => void ran.push(key) });
      const now = actor.now();
      actor.schedule('tick', 'b', now - 10);
      actor.schedule('tick', 'a', now - 20);
      actor.schedule('tick', 'later', now + 3_600_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(ran).toEqual(['a', 'b']);
    // Only the later job is left; the alarm is armed for it.
    const alarm = await runInDurableObject(stub, (_instance: TenantActor, state) => {
      const rows = state.storage.sql.exec('SELECT key FROM _jobs').toArray();
      return { rows, at: state.storage.getAlarm() };
    });
    expect(alarm.rows).toEqual([{ key: 'later' }]);
    expect(await alarm.at).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('retries a failing job with backoff and keeps a job its handler moved', async () => {
    const stub = tenantStub(unique('jobs'));
    let calls = 0;
    await runInDurableObject(stub, (instance: TenantActor) => {
      const actor = instance as unknown as Internals;
      actor.jobs = () => ({
        flaky: () => {
          calls += 1;
          throw new Error('not yet');
        },
        moving: (key) => actor.schedule('moving', key, actor.now() + 60_000),
      });
      actor.schedule('flaky', 'x', actor.now() - 1);
      actor.schedule('moving', 'y', actor.now() - 1);
    });
    await runDurableObjectAlarm(stub);
    expect(calls).toBe(1);
    const rows = await runInDurableObject(stub, (_i: TenantActor, state) =>
      state.storage.sql.exec('SELECT kind, attempts, due_at FROM _jobs ORDER BY kind').toArray(),
    );
    expect(rows.map((r) => [r.kind, r.attempts])).toEqual([
      ['flaky', 1],
      ['moving', 0],
    ]);
    expect(Number(rows[0]!.due_at)).toBeGreaterThan(Date.now());
  });

  it('scheduleNoLaterThan keeps a job queued earlier and brings a later one forward', async () => {
    const stub = tenantStub(unique('jobs'));
    const due = await runInDurableObject(stub, (instance: TenantActor, state) => {
      const actor = instance as unknown as Internals;
      const now = actor.now();
      actor.scheduleNoLaterThan('debounce', '', now + 5_000);
      actor.scheduleNoLaterThan('debounce', '', now + 9_000);
      actor.schedule('deadline', '', now + 60_000);
      actor.scheduleNoLaterThan('deadline', '', now + 30_000);
      actor.scheduleNoLaterThan('fresh', '', now + 1_000);
      const rows = state.storage.sql.exec('SELECT kind, due_at FROM _jobs ORDER BY kind').toArray();
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.due_at) - now]));
    });
    expect(due).toEqual({ deadline: 30_000, debounce: 5_000, fresh: 1_000 });
  });
});

describe('outbox', () => {
  it('retries a failed delivery and delivers it exactly once', async () => {
    const code = unique('late');
    const dir = directoryStub();
    // The tenant does not know its profile yet, so it refuses the membership: delivery fails.
    await runInDurableObject(dir, async (instance) => {
      const actor = instance as unknown as Internals;
      actor.send({
        to: { binding: 'TENANT', name: code },
        type: 'member.upsert',
        payload: member('usr_1'),
        key: 'k1',
      });
      await actor.flushOutbox();
    });
    const pending = await runInDurableObject(dir, (instance) => instance.outboxEntries('pending'));
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 1, status: 'pending' });
    expect(pending[0]!.lastError).toMatch(/does not know/);

    await tenantStub(code).receive({
      key: 'p1',
      type: 'tenant.profile',
      payload: profile(code),
      from: 'test',
    });
    // Let the retry time come: shift the sender's clock past the backoff, then fire its alarm.
    await runInDurableObject(dir, (instance) => {
      instance.timeShiftMs = 3_600_000;
    });
    expect(await runDurableObjectAlarm(dir)).toBe(true);

    const delivered = await runInDurableObject(dir, (instance) => instance.outboxEntries('delivered'));
    expect(delivered.map((r: OutboxRow) => [r.idempotencyKey, r.attempts])).toEqual([['k1', 2]]);
    const members = await runInDurableObject(tenantStub(code), (_i: TenantActor, state) =>
      state.storage.sql.exec('SELECT user_id FROM members').toArray(),
    );
    expect(members).toEqual([{ user_id: 'usr_1' }]);
    // A redelivery of the same key changes nothing.
    const again = await tenantStub(code).receive({
      key: 'k1',
      type: 'member.upsert',
      payload: member('usr_1', 9),
      from: 'x',
    });
    expect(again).toEqual({ ok: true, value: { duplicate: true } });

    // A message this version has no handler for is refused as such and not marked seen, so the sender
    // keeps it and a version that knows it can still apply it.
    const unknown = await tenantStub(code).receive({
      key: 'k2',
      type: 'member.rename',
      payload: {},
      from: 'x',
    });
    expect(unknown).toMatchObject({ ok: false, error: { status: 422, code: 'UNKNOWN_MESSAGE' } });
    const later = await tenantStub(code).receive({
      key: 'k2',
      type: 'member.upsert',
      payload: member('usr_3'),
      from: 'x',
    });
    expect(later).toEqual({ ok: true, value: { duplicate: false } });
  });

  it("arms the alarm as a send's backstop, which finds nothing once the message is delivered", async () => {
    const code = unique('backstop');
    await tenantStub(code).receive({ key: 'p', type: 'tenant.profile', payload: profile(code), from: 't' });
    const dir = directoryStub();
    const later = await runInDurableObject(dir, async (instance, state) => {
      const actor = instance as unknown as Internals;
      const later = actor.now() + 3_600_000;
      actor.schedule('tick', 'later', later);
      actor.send({ to: { binding: 'TENANT', name: code }, type: 'member.upsert', payload: member('usr_b') });
      // In case the actor stops before it delivers, the alarm stands for the message, not the later job.
      expect(await state.storage.getAlarm()).toBeLessThanOrEqual(Date.now());
      await actor.flushOutbox();
      return later;
    });
    const afterDelivery = await runInDurableObject(dir, (instance, state) => ({
      pending: instance.outboxEntries('pending'),
      // The backstop is the alarm alone: no job row to write now or to remove later.
      jobs: state.storage.sql.exec('SELECT kind FROM _jobs').toArray(),
    }));
    expect(afterDelivery).toEqual({ pending: [], jobs: [{ kind: 'tick' }] });
    expect(await runDurableObjectAlarm(dir)).toBe(true);
    // It found nothing to deliver, and waits for the job now.
    const rearmed = await runInDurableObject(dir, (_instance, state) => state.storage.getAlarm());
    expect(rearmed).toBe(later);
  });

  it('dead-letters after the last attempt and delivers again once re-queued', async () => {
    const code = unique('dead');
    const dir = directoryStub();
    await runInDurableObject(dir, async (instance) => {
      const actor = instance as unknown as Internals;
      actor.outboxPolicy = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 };
      actor.send({ to: { binding: 'TENANT', name: code }, type: 'member.upsert', payload: member('usr_2') });
      await actor.flushOutbox();
      actor.timeShiftMs = 1_000;
      await actor.flushOutbox();
    });
    const dead = await runInDurableObject(dir, (instance) => instance.outboxEntries('dead'));
    expect(dead).toHaveLength(1);
    expect(dead[0]!.attempts).toBe(2);

    await tenantStub(code).receive({
      key: 'p2',
      type: 'tenant.profile',
      payload: profile(code),
      from: 'test',
    });
    const requeued = await dir.requeueOutbox(dead[0]!.id);
    expect(requeued).toEqual({ ok: true, value: { id: dead[0]!.id } });
    const delivered = await runInDurableObject(dir, (instance) => instance.outboxEntries('delivered'));
    expect(delivered.map((r: OutboxRow) => r.id)).toEqual([dead[0]!.id]);
    expect(await dir.requeueOutbox('msg_unknown')).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('loses nothing when the actor is evicted with messages pending', async () => {
    const code = unique('evict');
    const dir = directoryStub();
    await runInDurableObject(dir, async (instance) => {
      const actor = instance as unknown as Internals;
      actor.send({
        to: { binding: 'TENANT', name: code },
        type: 'member.upsert',
        payload: member('usr_3'),
        key: 'k3',
      });
      await actor.flushOutbox();
    });
    await evictDurableObject(dir);
    await tenantStub(code).receive({
      key: 'p3',
      type: 'tenant.profile',
      payload: profile(code),
      from: 'test',
    });
    // A fresh instance: its clock shift is gone, so move its retry time to now instead.
    await runInDurableObject(dir, (_instance, state) => {
      state.storage.sql.exec('UPDATE _outbox SET next_attempt_at = 0');
    });
    expect(await runDurableObjectAlarm(dir)).toBe(true);
    const delivered = await runInDurableObject(dir, (instance) => instance.outboxEntries('delivered'));
    expect(delivered.map((r: OutboxRow) => r.idempotencyKey)).toEqual(['k3']);
    expect(
      await runInDurableObject(tenantStub(code), (instance: TenantActor) => instance.isActiveMember('usr_3')),
    ).toBe(true);
  });

  it('applies member updates in version order even when they arrive out of order', async () => {
    const code = unique('order');
    const stub = tenantStub(code);
    await stub.receive({ key: 'p', type: 'tenant.profile', payload: profile(code), from: 't' });
    await stub.receive({
      key: 'v2',
      type: 'member.upsert',
      payload: { ...member('u'), status: 'disabled', version: 2 },
      from: 't',
    });
    await stub.receive({ key: 'v1', type: 'member.upsert', payload: member('u', 1), from: 't' });
    expect(await runInDurableObject(stub, (instance: TenantActor) => instance.isActiveMember('u'))).toBe(
      false,
    );
  });

  it('forgets delivered messages and seen keys after 90 days, and keeps newer ones', async () => {
    const code = unique('prune');
    const stub = tenantStub(code);
    await runInDurableObject(stub, (_instance: TenantActor, state) => {
      const old = Date.now() - 91 * 86_400_000;
      const recent = Date.now() - 89 * 86_400_000;
      for (const [key, at] of [
        ['old-key', old],
        ['recent-key', recent],
      ] as const) {
        state.storage.sql.exec(
          "INSERT INTO _inbox (idempotency_key, type, received_at) VALUES (?, 'x', ?)",
          key,
          at,
        );
        state.storage.sql.exec(
          "INSERT INTO _outbox (id, idempotency_key, channel, target, type, payload, status, attempts, next_attempt_at, created_at) VALUES (?, ?, 'actor', 'DIRECTORY:global', 'x', 'null', 'delivered', 1, ?, ?)",
          `msg_${key}`,
          key,
          at,
          at,
        );
      }
    });
    await stub.receive({ key: 'p-prune', type: 'tenant.profile', payload: profile(code), from: 'test' });
    const left = await runInDurableObject(stub, (_i: TenantActor, state) => ({
      inbox: state.storage.sql.exec('SELECT idempotency_key AS k FROM _inbox ORDER BY k').toArray(),
      outbox: state.storage.sql.exec('SELECT idempotency_key AS k FROM _outbox ORDER BY k').toArray(),
    }));
    expect(left.inbox.map((r) => r.k)).toEqual(['p-prune', 'recent-key']);
    expect(left.outbox.map((r) => r.k)).toEqual(['recent-key']);
  });
});
