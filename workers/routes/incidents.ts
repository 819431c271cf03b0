import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { directory } from '../../lib/actors';
import { IncidentList, IncidentQuery } from '../../schema/dto/operations';
import type { AppEnv } from '../types';
import { bearer, errors, json } from './support';

const list = createRoute({
  method: 'get',
  path: '/api/admin/incidents',
  tags: ['console'],
  summary:
    'Operational alerts: billing failures and errors, failed tasks, CRM drift, stalled cron, a growing outbox — each from when its condition began to hold to when it stopped',
  security: bearer,
  request: { query: IncidentQuery },
  responses: { 200: json(IncidentList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

export const incidentRoutes = new OpenAPIHono<AppEnv>().openapi(list, async (c) =>
  c.json(await directory(c.env).listIncidents(c.req.valid('query')), 200),
);
