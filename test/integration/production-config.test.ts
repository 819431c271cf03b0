import { createExecutionContext, env, SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../workers/index';

async function fetchAs(bindings: Record<string, unknown>, path = '/healthz') {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://keel.test${path}`),
    { ...env, ...bindings } as typeof env,
    ctx,
  );
  return { status: res.status, body: (await res.json()) as any };
}

describe('a production deployment without its secrets', () => {
  it('refuses every request with 503, naming each secret or setting it lacks', async () => {
    const res = await fetchAs({
      ENVIRONMENT: 'production',
      AUTH_SECRET: undefined,
      SERVICE_TOKEN: '',
      BASE_DOMAIN: undefined,
    });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      code: 'NOT_CONFIGURED',
      details: { missing: ['AUTH_SECRET', 'SERVICE_TOKEN', 'BASE_DOMAIN'] },
    });
    expect(res.body.error.message).toContain('wrangler secret put');
    const login = await fetchAs(
      { ENVIRONMENT: 'production', SUPERADMIN_PASSWORD: undefined },
      '/api/admin/login',
    );
    expect(login.body.error.details.missing).toEqual(['SUPERADMIN_PASSWORD']);
  });

  it('serves once everything is set, and development never asks', async () => {
    expect((await fetchAs({ ENVIRONMENT: 'production' })).status).toBe(200);
    expect((await fetchAs({ ENVIRONMENT: 'development', AUTH_SECRET: undefined })).status).toBe(200);
    expect((await SELF.fetch('https://keel.test/healthz')).status).toBe(200);
  });

  it('runs no scheduled task, and says why in the log', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ctx = createExecutionContext();
    const calls: unknown[] = [];
    worker.scheduled(
      { cron: '* * * * *', scheduledTime: Date.now(), noRetry() {} } as ScheduledController,
      { ...env, ENVIRONMENT: 'production', AUTH_SECRET: undefined } as typeof env,
      { ...ctx, waitUntil: (p: Promise<unknown>) => calls.push(p) } as ExecutionContext,
    );
    expect(calls).toEqual([]);
    expect(JSON.parse(String(logged.mock.calls[0]?.[0]))).toMatchObject({
      event: 'scheduled.not_configured',
      missing: ['AUTH_SECRET'],
    });
    logged.mockRestore();
  });
});
