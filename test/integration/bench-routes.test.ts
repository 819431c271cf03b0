import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/app';
import { call, unique } from '../helpers';

const SERVICE = { 'x-service-token': 'test-service-token' };

describe('bench-only routes', () => {
  it('keep the actor ping shut and out of the API document unless BENCH_SEEDING is on', async () => {
    const res = await call('GET', `/api/internal/bench/actor-ping?tenant=${unique('t')}`, {
      headers: SERVICE,
    });
    expect(res.status).toBe(404);
    const spec = await call('GET', '/openapi.json');
    expect(Object.keys(spec.body.paths)).not.toContain('/api/internal/bench/actor-ping');
  });

  it('answer a round trip to the tenant actor when on, still behind the service token', async () => {
    const app = createApp();
    const benchEnv = { ...env, BENCH_SEEDING: 'on' };
    const ask = async (path: string, headers: Record<string, string>) => {
      const ctx = createExecutionContext();
      const res = await app.request(path, { headers }, benchEnv, ctx);
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
});
