import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deviceNode, directory } from '../../lib/actors';
import { AppError, type Outcome, unwrap } from '../../lib/errors';
import { PageQuery, text } from '../../schema/dto/common';
import type {
  NodeDetail as NodeDetailType,
  NodeView as NodeViewType,
  UsageReportView as UsageReportViewType,
} from '../../schema/dto/devices';
import {
  DeviceId,
  DeviceRegisterBody,
  DeviceStatusBody,
  DeviceView,
  NodeDetail,
  NodeId,
  NodeList,
  NodeRegisterBody,
  NodeView,
  RequeueAnswer,
  UsageReportList,
  UsageReportQuery,
} from '../../schema/dto/devices';
import { allNodeIds, invalidateNodeIndex } from '../devices/nodes';
import { logAdminAction } from '../middleware/admin-access';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody } from './support';

const nodes = ['device nodes'];
const ops = ['billing operations'];
const NodeParam = z.object({ nodeId: NodeId });

const register = createRoute({
  method: 'post',
  path: '/api/admin/nodes',
  tags: nodes,
  summary: 'Register a device node (again: changes its region)',
  security: bearer,
  request: { body: jsonBody(NodeRegisterBody) },
  responses: {
    200: json(NodeView, 'Already registered'),
    201: json(NodeView, 'Registered'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
  },
});

const list = createRoute({
  method: 'get',
  path: '/api/admin/nodes',
  tags: nodes,
  summary: 'Nodes with device, allocation and usage-outbox counts (live from each node)',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(NodeList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const detail = createRoute({
  method: 'get',
  path: '/api/admin/nodes/{nodeId}',
  tags: nodes,
  summary: 'One node with its devices and recent events',
  security: bearer,
  request: { params: NodeParam },
  responses: { 200: json(NodeDetail), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const addDevices = createRoute({
  method: 'post',
  path: '/api/admin/nodes/{nodeId}/devices',
  tags: nodes,
  summary: 'Register a device on a node (or `count` identical ones)',
  security: bearer,
  request: { params: NodeParam, body: jsonBody(DeviceRegisterBody) },
  responses: {
    201: json(z.object({ items: z.array(DeviceView) }).openapi('DevicesAdded'), 'Registered'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

const setStatus = createRoute({
  method: 'patch',
  path: '/api/admin/nodes/{nodeId}/devices/{deviceId}',
  tags: nodes,
  summary: 'Take a free device into maintenance or back',
  security: bearer,
  request: { params: NodeParam.extend({ deviceId: DeviceId }), body: jsonBody(DeviceStatusBody) },
  responses: {
    200: json(DeviceView),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

const outbox = createRoute({
  method: 'get',
  path: '/api/admin/billing/outbox',
  tags: ops,
  summary: 'Usage reports waiting for delivery to billing, oldest first, across nodes',
  security: bearer,
  request: { query: UsageReportQuery },
  responses: { 200: json(UsageReportList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const deadLetters = createRoute({
  method: 'get',
  path: '/api/admin/billing/dead-letters',
  tags: ops,
  summary: 'Usage reports that failed their last attempt, oldest first, across nodes',
  security: bearer,
  request: { query: UsageReportQuery },
  responses: { 200: json(UsageReportList), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const requeue = createRoute({
  method: 'post',
  path: '/api/admin/billing/dead-letters/{id}/requeue',
  tags: ops,
  summary: 'Give a dead-lettered usage report a fresh set of attempts and deliver it now',
  security: bearer,
  request: {
    params: z.object({ id: text().min(1).max(64) }),
    query: z.object({
      nodeId: NodeId.optional().openapi({
        description: 'the node holding it; found by asking every node otherwise',
      }),
    }),
  },
  responses: { 200: json(RequeueAnswer), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const requeueAll = createRoute({
  method: 'post',
  path: '/api/admin/billing/requeue-dead-letters',
  tags: ops,
  summary: 'Requeue every dead-lettered usage report (of one node, or of all)',
  security: bearer,
  request: { query: z.object({ nodeId: NodeId.optional() }) },
  responses: {
    200: json(z.object({ requeued: z.number().int(), nodes: z.number().int() }).openapi('RequeueAllAnswer')),
    401: errors[401],
    403: errors[403],
  },
});

/** Merges each node's oldest reports into one page, oldest first. */
async function reportsPage(
  env: AppEnv['Bindings'],
  status: 'pending' | 'dead',
  query: { page: number; pageSize: number; nodeId?: string },
) {
  const ids = query.nodeId ? [query.nodeId] : await allNodeIds(env);
  const need = query.page * query.pageSize;
  const pages = await Promise.all(ids.map((id) => deviceNode(env, id).usageReportsPage(status, need)));
  const all = pages.flatMap((p) => p.items as UsageReportViewType[]);
  all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  return {
    items: all.slice((query.page - 1) * query.pageSize, need),
    total: pages.reduce((sum, p) => sum + p.total, 0),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export const deviceAdminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(register, async (c) => {
    const body = c.req.valid('json');
    const answer = unwrap(await deviceNode(c.env, body.nodeId).register(body));
    invalidateNodeIndex();
    return answer.created ? c.json(answer.node, 201) : c.json(answer.node, 200);
  })
  .openapi(list, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const ids = await directory(c.env).listNodeIds(page, pageSize);
    const items = await Promise.all(
      ids.items.map(async (id) => unwrap((await deviceNode(c.env, id).summary()) as Outcome<NodeViewType>)),
    );
    return c.json({ items, total: ids.total, page, pageSize }, 200);
  })
  .openapi(detail, async (c) => {
    const outcome = (await deviceNode(
      c.env,
      c.req.valid('param').nodeId,
    ).detail()) as Outcome<NodeDetailType>;
    return c.json(unwrap(outcome), 200);
  })
  .openapi(addDevices, async (c) => {
    const items = unwrap(
      await deviceNode(c.env, c.req.valid('param').nodeId).addDevices(c.req.valid('json')),
    );
    invalidateNodeIndex();
    return c.json({ items }, 201);
  })
  .openapi(setStatus, async (c) => {
    const { nodeId, deviceId } = c.req.valid('param');
    const device = unwrap(
      await deviceNode(c.env, nodeId).setDeviceStatus(deviceId, c.req.valid('json').status),
    );
    invalidateNodeIndex();
    return c.json(device, 200);
  })
  .openapi(outbox, async (c) => c.json(await reportsPage(c.env, 'pending', c.req.valid('query')), 200))
  .openapi(deadLetters, async (c) => c.json(await reportsPage(c.env, 'dead', c.req.valid('query')), 200))
  .openapi(requeue, async (c) => {
    const { id } = c.req.valid('param');
    const { nodeId } = c.req.valid('query');
    for (const candidate of nodeId ? [nodeId] : await allNodeIds(c.env)) {
      const outcome = (await deviceNode(c.env, candidate).requeueUsageReport(
        id,
      )) as Outcome<UsageReportViewType>;
      if (outcome.ok) {
        const answer = { id, nodeId: candidate, status: outcome.value.status };
        await logAdminAction(c, null, 'billing.dead_letter.requeue', {
          ...answer,
          allocationId: outcome.value.allocationId,
          tenantCode: outcome.value.tenantCode,
        });
        return c.json(answer, 200);
      }
      if (outcome.error.code !== 'DEAD_LETTER_NOT_FOUND' && outcome.error.code !== 'NODE_NOT_FOUND')
        unwrap(outcome);
    }
    throw new AppError(404, 'DEAD_LETTER_NOT_FOUND', 'no dead letter with that id');
  })
  .openapi(requeueAll, async (c) => {
    const { nodeId } = c.req.valid('query');
    const ids = nodeId ? [nodeId] : await allNodeIds(c.env);
    const answers = await Promise.all(ids.map((id) => deviceNode(c.env, id).requeueAllDead()));
    const answer = { requeued: answers.reduce((n, a) => n + a.requeued, 0), nodes: ids.length };
    await logAdminAction(c, null, 'billing.dead_letters.requeue_all', {
      ...answer,
      byNode: answers.filter((a) => a.requeued > 0),
    });
    return c.json(answer, 200);
  });
