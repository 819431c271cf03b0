import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { unwrap } from '../lib/errors';
import { serviceToken } from '../workers/middleware/auth';
import { notFound, onError, validationFailed } from '../workers/middleware/errors';
import { errors, json, jsonBody } from '../workers/routes/support';
import type { AppEnv } from '../workers/types';
import { BenchSeedBody } from './schema';
import type { BenchTenantActor } from './tenant-actor';

const TenantQuery = z.object({ tenant: z.string().min(1).max(64) });
const refusals = { 400: errors[400], 401: errors[401], 404: errors[404] };

const actorPing = createRoute({
  method: 'get',
  path: '/api/internal/bench/actor-ping',
  summary: "One round trip to a tenant's actor that does nothing else",
  request: { query: TenantQuery },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...refusals },
});

const actorWrite = createRoute({
  method: 'post',
  path: '/api/internal/bench/actor-write',
  summary: "One committed write in a tenant's actor that does nothing else",
  request: { query: TenantQuery },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...refusals },
});

const actorWriteThenTell = createRoute({
  method: 'post',
  path: '/api/internal/bench/actor-write-then-tell',
  summary: "One committed write in a tenant's actor, then one in each of two others after the answer",
  request: { query: TenantQuery },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...refusals },
});

const actorWriteThenSend = createRoute({
  method: 'post',
  path: '/api/internal/bench/actor-write-then-send',
  summary:
    "One committed write in a tenant's actor whose outbox tells two others, delivered after the answer",
  request: { query: TenantQuery },
  responses: { 200: json(z.object({ ok: z.literal(true) })), ...refusals },
});

const crmSeed = createRoute({
  method: 'post',
  path: '/api/internal/bench/crm-seed',
  summary: 'Seed a tenant with customers and contracts, some with drifted statuses',
  request: { body: jsonBody(BenchSeedBody) },
  responses: {
    200: json(
      z.object({ tenant: z.string(), customers: z.number(), contracts: z.number(), drifted: z.number() }),
    ),
    ...refusals,
  },
});

function benchTenant(env: AppEnv['Bindings'], code: string) {
  const namespace = env.TENANT as unknown as DurableObjectNamespace<BenchTenantActor>;
  return namespace.get(namespace.idFromName(code));
}

/** The bench-only routes, behind the service token like every /api/internal path. */
export const benchApp = new OpenAPIHono<AppEnv>({
  defaultHook: (result, c) => {
    if (!result.success) return validationFailed(c, result.error, result.target);
  },
});
benchApp.use('*', serviceToken);
benchApp
  .openapi(actorPing, async (c) =>
    c.json({ ok: await benchTenant(c.env, c.req.valid('query').tenant).ping() }, 200),
  )
  .openapi(actorWrite, async (c) =>
    c.json({ ok: await benchTenant(c.env, c.req.valid('query').tenant).benchWrite() }, 200),
  )
  .openapi(actorWriteThenTell, async (c) => {
    const { tenant } = c.req.valid('query');
    const others = [`${tenant}-second`, `${tenant}-third`];
    return c.json({ ok: await benchTenant(c.env, tenant).benchWriteThenTell(others) }, 200);
  })
  .openapi(actorWriteThenSend, async (c) => {
    const { tenant } = c.req.valid('query');
    const others = [`${tenant}-second`, `${tenant}-third`];
    return c.json({ ok: await benchTenant(c.env, tenant).benchWriteThenSend(others) }, 200);
  })
  .openapi(crmSeed, async (c) => {
    const body = c.req.valid('json');
    return c.json(unwrap(await benchTenant(c.env, body.tenant).benchSeedCrm(body)), 200);
  });
benchApp.onError(onError);
benchApp.notFound(notFound);
