import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { tenantActor } from '../../lib/actors';
import { type Outcome, unwrap } from '../../lib/errors';
import { ErrorSchema, IdParam, PageQuery } from '../../schema/dto/common';
import {
  AllocateAnswer,
  AllocateBody,
  AllocationList,
  AllocationListQuery,
  Balance,
  ExtendAnswer,
  ExtendBody,
  Rates,
  ReleaseAnswer,
  ReleaseBody,
  TopUpAnswer,
  TopUpBody,
  UsageList,
  UsageListQuery,
  UserQuery,
  WalletList,
  WalletSettings,
} from '../../schema/dto/devices';
import { callerOf } from '../caller';
import { nodeIndex, nodeIndexAgeMs } from '../devices/nodes';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, tenantParameters } from './support';

/** A refusal for lack of devices re-reads the node index when the cached copy is older than this. */
const STALE_INDEX_MS = 1_000;

const errorAnswer = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

const scheduler = ['devices'];
const billing = ['billing'];
const common = { 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] };

const allocate = createRoute({
  method: 'post',
  path: '/api/scheduler/devices/allocate',
  tags: scheduler,
  summary: 'Allocate a device to the caller for N minutes (quota and balance are checked first)',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(AllocateBody) },
  responses: {
    201: json(AllocateAnswer, 'Allocated; `device.allocated` recorded on the node'),
    ...common,
    402: errorAnswer('No balance (INSUFFICIENT_BALANCE)'),
    409: errorAnswer('No device free that meets the request (NO_DEVICE_AVAILABLE)'),
    503: errorAnswer(
      'Billing could not confirm the balance (BILLING_UNAVAILABLE) or the node did not answer',
    ),
  },
});

const release = createRoute({
  method: 'post',
  path: '/api/scheduler/devices/release',
  tags: scheduler,
  summary: 'Release an allocation (by id, or by the device it holds); never waits for billing; idempotent',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(ReleaseBody) },
  responses: { 200: json(ReleaseAnswer), ...common, 409: errors[409] },
});

const extend = createRoute({
  method: 'post',
  path: '/api/scheduler/allocations/{id}/extend',
  tags: scheduler,
  summary:
    'Extend an active allocation (续期) by N minutes: the hold grows by their price at the rates of now, or 402 says what is missing',
  security: bearer,
  parameters: tenantParameters,
  request: { params: IdParam, body: jsonBody(ExtendBody) },
  responses: {
    200: json(ExtendAnswer),
    ...common,
    402: errorAnswer(
      'The available balance does not cover the extension (INSUFFICIENT_BALANCE, with neededFen and shortFen)',
    ),
    409: errorAnswer('The allocation has ended (ALLOCATION_ENDED)'),
  },
});

const getWalletSettings = createRoute({
  method: 'get',
  path: '/api/billing/wallet-settings',
  tags: billing,
  summary: 'Below what available balance users are mailed (once per crossing)',
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(WalletSettings), ...common },
});

const putWalletSettings = createRoute({
  method: 'put',
  path: '/api/billing/wallet-settings',
  tags: billing,
  summary: 'Set the low-balance threshold (tenant admin); null turns the notice off',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(WalletSettings) },
  responses: { 200: json(WalletSettings), ...common },
});

const allocations = createRoute({
  method: 'get',
  path: '/api/scheduler/allocations',
  tags: scheduler,
  summary: "The company's allocations (members see their own)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: AllocationListQuery },
  responses: { 200: json(AllocationList), ...common },
});

const balance = createRoute({
  method: 'get',
  path: '/api/billing/balance',
  tags: billing,
  summary: "The caller's prepaid balance (tenant admins may name a user)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: UserQuery },
  responses: { 200: json(Balance), ...common },
});

const usage = createRoute({
  method: 'get',
  path: '/api/billing/usage',
  tags: billing,
  summary: 'Usage records with their charges (members see their own)',
  security: bearer,
  parameters: tenantParameters,
  request: { query: UsageListQuery },
  responses: { 200: json(UsageList), ...common },
});

const topUp = createRoute({
  method: 'post',
  path: '/api/billing/top-up',
  tags: billing,
  summary: "Top up a member's prepaid balance (tenant admin or platform admin)",
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(TopUpBody) },
  responses: { 200: json(TopUpAnswer), ...common, 409: errors[409] },
});

const wallets = createRoute({
  method: 'get',
  path: '/api/billing/wallets',
  tags: billing,
  summary: "Every member's balance, top-ups and charges (tenant admin)",
  security: bearer,
  parameters: tenantParameters,
  request: { query: PageQuery },
  responses: { 200: json(WalletList), ...common },
});

const getRates = createRoute({
  method: 'get',
  path: '/api/billing/rates',
  tags: billing,
  summary: "The company's prices per core-hour and per GB-hour of memory and storage",
  security: bearer,
  parameters: tenantParameters,
  responses: { 200: json(Rates), ...common },
});

const putRates = createRoute({
  method: 'put',
  path: '/api/billing/rates',
  tags: billing,
  summary: 'Change the prices (tenant admin); usage already charged keeps its price',
  security: bearer,
  parameters: tenantParameters,
  request: { body: jsonBody(Rates) },
  responses: { 200: json(Rates), ...common },
});

export const deviceRoutes = new OpenAPIHono<AppEnv>()
  .openapi(allocate, async (c) => {
    const body = c.req.valid('json');
    const stub = tenantActor(c.env, c.get('tenantCode'));
    let outcome = (await stub.allocateDevice(
      callerOf(c),
      body,
      await nodeIndex(c.env),
    )) as Outcome<AllocateAnswer>;
    if (!outcome.ok && outcome.error.code === 'NO_DEVICE_AVAILABLE' && nodeIndexAgeMs() > STALE_INDEX_MS) {
      const fresh = await nodeIndex(c.env, { maxAgeMs: 0 });
      outcome = (await stub.allocateDevice(callerOf(c), body, fresh)) as Outcome<AllocateAnswer>;
    }
    return c.json(unwrap(outcome), 201);
  })
  .openapi(release, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.releaseDevice(callerOf(c), c.req.valid('json'))), 200);
  })
  .openapi(extend, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    const { id } = c.req.valid('param');
    return c.json(unwrap(await stub.extendAllocation(callerOf(c), id, c.req.valid('json').minutes)), 200);
  })
  .openapi(getWalletSettings, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.walletSettings(callerOf(c))), 200);
  })
  .openapi(putWalletSettings, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.setWalletSettings(callerOf(c), c.req.valid('json'))), 200);
  })
  .openapi(allocations, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.listDeviceAllocations(callerOf(c), c.req.valid('query'))), 200);
  })
  .openapi(balance, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.billingBalance(callerOf(c), c.req.valid('query').userId)), 200);
  })
  .openapi(usage, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.billingUsage(callerOf(c), c.req.valid('query'))), 200);
  })
  .openapi(topUp, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.billingTopUp(callerOf(c), c.req.valid('json'))), 200);
  })
  .openapi(wallets, async (c) => {
    const { page, pageSize } = c.req.valid('query');
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.billingWallets(callerOf(c), page, pageSize)), 200);
  })
  .openapi(getRates, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.billingRates(callerOf(c))), 200);
  })
  .openapi(putRates, async (c) => {
    const stub = tenantActor(c.env, c.get('tenantCode'));
    return c.json(unwrap(await stub.setBillingRates(callerOf(c), c.req.valid('json'))), 200);
  });
