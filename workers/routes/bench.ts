import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { tenantActor } from '../../lib/actors';
import type { AppEnv } from '../types';
import { errors, json, requireBenchMode } from './support';

// Bench only: off unless BENCH_SEEDING=on, and behind the service token like all /api/internal.

const actorPing = createRoute({
  method: 'get',
  path: '/api/internal/bench/actor-ping',
  hide: true,
  tags: ['internal'],
  summary: "Bench only (BENCH_SEEDING=on): one round trip to a tenant's actor that does nothing else",
  request: { query: z.object({ tenant: z.string().min(1).max(64) }) },
  responses: {
    200: json(z.object({ ok: z.literal(true) })),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

const actorWrite = createRoute({
  ...actorPing,
  method: 'post',
  path: '/api/internal/bench/actor-write',
  summary: "Bench only (BENCH_SEEDING=on): one committed write in a tenant's actor that does nothing else",
});

export const benchRoutes = new OpenAPIHono<AppEnv>()
  .openapi(actorPing, async (c) => {
    requireBenchMode(c.env);
    return c.json({ ok: await tenantActor(c.env, c.req.valid('query').tenant).ping() }, 200);
  })
  .openapi(actorWrite, async (c) => {
    requireBenchMode(c.env);
    return c.json({ ok: await tenantActor(c.env, c.req.valid('query').tenant).benchWrite() }, 200);
  });
