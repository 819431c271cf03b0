import { env, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import type { Directory } from '../durable-objects/directory/directory';
import type { TenantActor } from '../durable-objects/tenant/tenant';
import { findTask } from '../workers/tasks/registry';
import { call, unique } from './helpers';

/** Shared steps of the platform tests. */

export const PASSWORD = 'correct horse battery';

export const directoryStub = () => env.DIRECTORY.get(env.DIRECTORY.idFromName('global'));
export const tenantStub = (code: string) => env.TENANT.get(env.TENANT.idFromName(code));

export async function newCompany(admin: string, body: Record<string, unknown> = {}) {
  const code = (body.code as string | undefined) ?? unique('co');
  const res = await call('POST', '/api/admin/companies', {
    token: admin,
    body: { code, name: `Company ${code}`, ...body },
  });
  if (res.status !== 201) throw new Error(`company: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string; name: string; subscriptionStatus: string; plan: string };
}

export async function newUser(admin: string, prefix = 'u') {
  const username = unique(prefix);
  const res = await call('POST', '/api/admin/users', {
    token: admin,
    body: { username, email: `${username}@example.com`, password: PASSWORD, name: `Name ${username}` },
  });
  if (res.status !== 201) throw new Error(`user: ${JSON.stringify(res.body)}`);
  return { ...(res.body as { id: string; username: string; email: string }), password: PASSWORD };
}

export async function grant(
  admin: string,
  userId: string,
  companyId: string,
  extra: { role?: 'admin' | 'member'; isPrimary?: boolean } = {},
) {
  const res = await call('POST', `/api/admin/users/${userId}/companies`, {
    token: admin,
    body: { companyId, ...extra },
  });
  if (res.status !== 200) throw new Error(`grant: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(username: string, password = PASSWORD) {
  return call('POST', '/api/auth/login', { body: { username, password } });
}

export async function userToken(username: string, password = PASSWORD): Promise<string> {
  const res = await login(username, password);
  if (res.status !== 200) throw new Error(`login: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

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

/** The mails sent to `address`, newest first. */
export async function mailTo(admin: string, address: string): Promise<MailItem[]> {
  const res = await call('GET', `/api/admin/mail?to=${encodeURIComponent(address)}&pageSize=200`, {
    token: admin,
  });
  expect(res.status).toBe(200);
  return res.body.items;
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
