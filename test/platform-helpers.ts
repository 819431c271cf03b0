import {
  createExecutionContext,
  createScheduledController,
  env,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { expect } from 'vitest';
import type { Directory } from '../durable-objects/directory/directory';
import type { TenantActor } from '../durable-objects/tenant/tenant';
import worker from '../workers/index';
import { findTask } from '../workers/tasks/registry';
import { call, grant, newCompany, newUser, tenantStub, unique, userToken } from './helpers';

/** Shared steps of the platform tests. */

export const directoryStub = () => env.DIRECTORY.get(env.DIRECTORY.idFromName('global'));

/** A company with an admin member signed in. */
export async function companyWithAdmin(admin: string, body: Record<string, unknown> = {}) {
  const company = await newCompany(admin, body);
  const user = await newUser(admin, 'boss');
  await grant(admin, user.id, company.id, { role: 'admin' });
  return { company, user, token: await userToken(user.username) };
}

export interface MailItem {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  status: string;
  provider: string | null;
  attempts: number;
  companyId: string | null;
}

/** A support admin with an address, who is mailed what the platform's administrators hear of. */
export async function onCall(admin: string) {
  const email = `${unique('ops')}@keel.example`;
  const res = await call('POST', '/api/admin/admins', {
    token: admin,
    body: { username: unique('oncall'), password: 'on call password 1', role: 'support', email },
  });
  expect(res.status).toBe(201);
  return email;
}

/** The mails sent to `address`, newest first. */
export async function mailTo(admin: string, address: string): Promise<MailItem[]> {
  const res = await call('GET', `/api/admin/mail?to=${encodeURIComponent(address)}&pageSize=200`, {
    token: admin,
  });
  expect(res.status).toBe(200);
  return res.body.items;
}

/** Fires the worker's cron trigger at `at` and waits for the tasks it starts. */
export async function fireCron(at: number) {
  const ctx = createExecutionContext();
  worker.scheduled(createScheduledController({ scheduledTime: at, cron: '* * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** Runs a registered task as the cron would at `now`, bypassing the schedule. */
export async function runTask(name: string, now: number) {
  const task = findTask(name);
  if (!task) throw new Error(`no task ${name}`);
  return (await task.handler({ env, runId: `test-${unique('run')}`, now })) as Record<string, unknown>;
}

/** Moves an actor's clock; alarms and `now()` follow it. */
export async function shiftDirectoryClock(ms: number) {
  await runInDurableObject(directoryStub(), (instance: Directory) => {
    instance.timeShiftMs = ms;
  });
}

export async function shiftTenantClock(code: string, ms: number) {
  await runInDurableObject(tenantStub(code), (instance: TenantActor) => {
    instance.timeShiftMs = ms;
  });
}

/** A plan of the catalog made for one test (a CRM-only paid plan unless `overrides` says otherwise). */
export async function newPlan(admin: string, overrides: Record<string, unknown> = {}) {
  const code = unique('plan').toLowerCase();
  const res = await call('POST', '/api/admin/plans', {
    token: admin,
    body: {
      code,
      name: `Plan ${code}`,
      quotas: { users: 3, customers: 10, storageMB: 1024, apiCallsPerMonth: 2 },
      modules: ['crm'],
      priceMonthlyFen: 10_000,
      priceYearlyFen: 100_000,
      ...overrides,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { code: string };
}
