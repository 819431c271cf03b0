import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/app';
import { call, tenantStub, unique } from '../helpers';

const SERVICE = { 'x-service-token': 'test-service-token' };

describe('bench-only routes', () => {
  it('keep the actor ping and write shut and out of the API document unless BENCH_SEEDING is on', async () => {
    const tenant = unique('t');
    const ping = await call('GET', `/api/internal/bench/actor-ping?tenant=${tenant}`, { headers: SERVICE });
    expect(ping.status).toBe(404);
    const write = await call('POST', `/api/internal/bench/actor-write?tenant=${tenant}`, {
      headers: SERVICE,
    });
    expect(write.status).toBe(404);
    await runInDurableObject(tenantStub(tenant), (_actor, state) => {
      expect(state.storage.kv.get('bench:write')).toBeUndefined();
    });
    const spec = await call('GET', '/openapi.json');
    expect(Object.keys(spec.body.paths)).not.toContain('/api/internal/bench/actor-ping');
    expect(Object.keys(spec.body.paths)).not.toContain('/api/internal/bench/actor-write');
  });

  it('answer a round trip to the tenant actor when on, still behind the service token', async () => {
    const app = createApp();
    const benchEnv = { ...env, BENCH_SEEDING: 'on' };
    const ask = async (path: string, headers: Record<string, string>, method = 'GET') => {
      const ctx = createExecutionContext();
      const res = await app.request(path, { method, headers }, benchEnv, ctx);
      await waitOnExecutionContext(ctx);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const tenant = unique('t');
    expect(await ask(`/api/internal/bench/actor-ping?tenant=${tenant}`, SERVICE)).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await ask(`/api/internal/bench/actor-ping?tenant=${tenant}`, {})).status).toBe(401);
    const missing = await ask('/api/internal/bench/actor-ping', SERVICE);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('tenant');
  });

  it('commit one write in the tenant actor when on, still behind the service token', async () => {
    const app = createApp();
    const benchEnv = { ...env, BENCH_SEEDING: 'on' };
    const write = async (headers: Record<string, string>) => {
      const ctx = createExecutionContext();
      const res = await app.request(
        `/api/internal/bench/actor-write?tenant=${tenant}`,
        { method: 'POST', headers },
        benchEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return { status: res.status, body: await res.json() };
    };
    const tenant = unique('t');
    const storedAt = () =>
      runInDurableObject(tenantStub(tenant), (_actor, state) => state.storage.kv.get<number>('bench:write'));
    expect((await write({})).status).toBe(401);
    expect(await storedAt()).toBeUndefined();
    const before = Date.now();
    expect(await write(SERVICE)).toEqual({ status: 200, body: { ok: true } });
    expect(await storedAt()).toBeGreaterThanOrEqual(before);
  });
});
