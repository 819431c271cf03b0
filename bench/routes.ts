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

/** A floor route: one tenant's actor named by `?tenant=`, answered `{ ok: true }`. */
const floorRoute = (method: 'get' | 'post', name: string, summary: string) =>
  createRoute({
    method,
    path: `/api/internal/bench/${name}`,
    summary,
    request: { query: TenantQuery },
    responses: { 200: json(z.object({ ok: z.literal(true) })), ...refusals },
  });

const actorPing = floorRoute(
  'get',
  'actor-ping',
  "One round trip to a tenant's actor that does nothing else",
);
const actorWrite = floorRoute(
  'post',
  'actor-write',
  "One committed write in a tenant's actor that does nothing else",
);
const actorWriteThenTell = floorRoute(
  'post',
  'actor-write-then-tell',
  "One committed write in a tenant's actor, then one in each of two others after the answer",
);
const actorWriteThenSend = floorRoute(
  'post',
  'actor-write-then-send',
  "One committed write in a tenant's actor whose outbox tells two others, delivered after the answer",
);

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

/** The two other actors a fan-out floor tells, named after the first. */
const othersOf = (tenant: string) => [`${tenant}-second`, `${tenant}-third`];

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
    return c.json({ ok: await benchTenant(c.env, tenant).benchWriteThenTell(othersOf(tenant)) }, 200);
  })
  .openapi(actorWriteThenSend, async (c) => {
    const { tenant } = c.req.valid('query');
    return c.json({ ok: await benchTenant(c.env, tenant).benchWriteThenSend(othersOf(tenant)) }, 200);
  })
  .openapi(crmSeed, async (c) => {
    const body = c.req.valid('json');
    return c.json(unwrap(await benchTenant(c.env, body.tenant).benchSeedCrm(body)), 200);
  });
benchApp.onError(onError);
benchApp.notFound(notFound);
