import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ItemOutcome } from '../../durable-objects/device-node/reporter';
import { directory, tenantActor } from '../../lib/actors';
import type { Env } from '../../lib/env';
import { AppError, type Outcome, unwrap } from '../../lib/errors';
import { text } from '../../schema/dto/common';
import {
  DeviceUsageBody,
  InternalBalanceAnswer,
  MeterAnswer,
  MeterBatchAnswer,
  MeterBatchBody,
  type MeterItemResult,
  type UsageInput,
} from '../../schema/dto/devices';
import { fieldErrors } from '../middleware/errors';
import type { AppEnv } from '../types';
import { errors, json, jsonBody } from './support';

const tags = ['internal billing'];
const serviceToken = [{ serviceToken: [] }];
const TenantCodeHeader = z.object({
  'x-tenant-code': z.string().optional().openapi({ description: 'the company, when the body names none' }),
});

const meter = createRoute({
  method: 'post',
  path: '/api/internal/metering/device-usage',
  tags,
  summary: 'Charge one usage record to the user’s prepaid balance; the same allocationId twice charges once',
  security: serviceToken,
  request: { headers: TenantCodeHeader, body: jsonBody(DeviceUsageBody) },
  responses: {
    200: json(MeterAnswer),
    400: errors[400],
    401: errors[401],
    404: errors[404],
    409: errors[409],
  },
});

const meterBatch = createRoute({
  method: 'post',
  path: '/api/internal/metering/device-usage/batch',
  tags,
  summary: 'Charge many usage records; each succeeds or fails on its own',
  security: serviceToken,
  request: { headers: TenantCodeHeader, body: jsonBody(MeterBatchBody) },
  responses: { 200: json(MeterBatchAnswer), 400: errors[400], 401: errors[401] },
});

const balance = createRoute({
  method: 'get',
  path: '/api/internal/balance/user/{userId}',
  tags,
  summary: 'Whether a user may start using devices (requirement E4)',
  security: serviceToken,
  request: {
    headers: TenantCodeHeader,
    params: z.object({ userId: text().min(1).max(64) }),
    query: z.object({
      tenantCode: text().min(1).max(64).optional().openapi({ description: 'or X-Tenant-Code' }),
    }),
  },
  responses: { 200: json(InternalBalanceAnswer), 400: errors[400], 401: errors[401], 404: errors[404] },
});

const tenantRequired = () =>
  new AppError(400, 'TENANT_REQUIRED', 'name the company: tenantCode, tenantId or the X-Tenant-Code header', {
    fields: [{ path: 'body.tenantCode', message: 'required' }],
  });

/** Tenant ids resolved through the Directory, remembered by this isolate (they never change). */
const codesById = new Map<string, string>();

async function tenantCodeFor(env: Env, record: { tenantCode?: string; tenantId?: string }, header?: string) {
  if (record.tenantCode) return record.tenantCode.toLowerCase();
  if (header) return header.trim().toLowerCase();
  if (!record.tenantId) return null;
  const known = codesById.get(record.tenantId);
  if (known) return known;
  const code = await directory(env).tenantCodeById(record.tenantId);
  // Only hits are remembered: a company created a moment later must be found.
  if (code) codesById.set(record.tenantId, code);
  return code;
}

const toMs = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

function usageInput(body: DeviceUsageBody): UsageInput {
  const allocatedAt = toMs(body.allocatedAt);
  const releasedAt = toMs(body.releasedAt);
  if (releasedAt < allocatedAt) {
    throw new AppError(400, 'VALIDATION_FAILED', 'releasedAt is before allocatedAt', {
      fields: [{ path: 'body.releasedAt', message: 'before allocatedAt' }],
    });
  }
  return {
    allocationId: body.allocationId,
    deviceId: body.deviceId,
    nodeId: body.nodeId ?? null,
    userId: body.userId,
    durationSeconds: body.durationSeconds,
    cpuCores: body.cpuCores,
    memoryMB: body.memoryMB,
    storageMB: body.storageMB,
    allocatedAt,
    releasedAt,
  };
}

export const meteringRoutes = new OpenAPIHono<AppEnv>()
  .openapi(meter, async (c) => {
    const body = c.req.valid('json');
    const code = await tenantCodeFor(c.env, body, c.req.valid('header')['x-tenant-code']);
    if (!code) throw tenantRequired();
    return c.json(unwrap(await tenantActor(c.env, code).meterDeviceUsage(usageInput(body))), 200);
  })
  .openapi(meterBatch, async (c) => {
    const header = c.req.valid('header')['x-tenant-code'];
    const { items } = c.req.valid('json');
    const results: MeterItemResult[] = new Array(items.length);
    const byTenant = new Map<string, { index: number; input: UsageInput }[]>();
    for (const [index, item] of items.entries()) {
      const parsed = DeviceUsageBody.safeParse(item);
      const allocationId =
        typeof (item as { allocationId?: unknown })?.allocationId === 'string'
          ? (item as { allocationId: string }).allocationId
          : null;
      if (!parsed.success) {
        const why = fieldErrors(parsed.error)
          .map((f) => `${f.path || 'item'}: ${f.message}`)
          .join('; ');
        results[index] = { allocationId, ok: false, error: `VALIDATION_FAILED: ${why}` };
        continue;
      }
      try {
        const code = await tenantCodeFor(c.env, parsed.data, header);
        if (!code) throw tenantRequired();
        byTenant.set(code, [...(byTenant.get(code) ?? []), { index, input: usageInput(parsed.data) }]);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results[index] = { allocationId, ok: false, error: `${err.code}: ${err.message}` };
      }
    }
    await Promise.all(
      [...byTenant].map(async ([code, group]) => {
        const outcome = (await tenantActor(c.env, code).meterDeviceUsageBatch(
          group.map((g) => g.input),
        )) as Outcome<ItemOutcome[]>;
        group.forEach((g, i) => {
          results[g.index] = outcome.ok
            ? outcome.value[i]!
            : {
                allocationId: g.input.allocationId,
                ok: false,
                error: `${outcome.error.code}: ${outcome.error.message}`,
              };
        });
      }),
    );
    const failed = results.filter((r) => !r.ok);
    return c.json(
      {
        success: results.length - failed.length,
        failed: failed.length,
        errors: failed.map((r) => `${r.allocationId ?? 'item'}: ${r.error}`),
        results,
      },
      200,
    );
  })
  .openapi(balance, async (c) => {
    const { userId } = c.req.valid('param');
    const code = c.req.valid('query').tenantCode ?? c.req.valid('header')['x-tenant-code'];
    if (!code) {
      throw new AppError(
        400,
        'TENANT_REQUIRED',
        'name the company: ?tenantCode or the X-Tenant-Code header',
        {
          fields: [{ path: 'query.tenantCode', message: 'required' }],
        },
      );
    }
    return c.json(unwrap(await tenantActor(c.env, code.toLowerCase()).internalBalance(userId)), 200);
  });
