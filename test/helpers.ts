import { env, runInDurableObject, SELF } from 'cloudflare:test';
import type { AdminRole } from '../lib/tokens';
import { testClockShift } from './clock';
import { checkContract } from './contract';

export const BASE = 'https://keel.test';

export const tenantStub = (code: string) => env.TENANT.get(env.TENANT.idFromName(code));

export async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; tenant?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.tenant) headers['x-tenant-code'] = options.tenant;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  checkContract(method, path, res.status, res.headers.get('content-type'), json);
  return { status: res.status, body: json, headers: res.headers, text };
}

export async function adminToken(): Promise<string> {
  const res = await call('POST', '/api/admin/login', {
    body: { username: 'admin', password: 'test-superadmin-password' },
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A platform administrator with `role`, created by `admin` and signed in. */
export async function platformAdmin(admin: string, role: AdminRole) {
  const username = unique(role.replace('_', ''));
  const password = 'role password 1';
  const created = await call('POST', '/api/admin/admins', {
    token: admin,
    body: { username, password, role, name: `The ${role}` },
  });
  if (created.status !== 201) throw new Error(`admin not created: ${JSON.stringify(created.body)}`);
  const login = await call('POST', '/api/admin/login', { body: { username, password } });
  return { id: created.body.id as string, username, token: login.body.token as string };
}

let seq = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`;

export const PASSWORD = 'correct horse battery';

export async function newCompany(admin: string, body: Record<string, unknown> = {}) {
  const code = (body.code as string | undefined) ?? unique('co');
  const res = await call('POST', '/api/admin/companies', {
    token: admin,
    body: { code, name: `Company ${code}`, ...body },
  });
  if (res.status !== 201) throw new Error(`company: ${JSON.stringify(res.body)}`);
  // Inside a sweep of "now" (clock.ts) the company lives at the sweep's instant from the start.
  if (testClockShift() !== 0) {
    const shift = testClockShift();
    await runInDurableObject(tenantStub(code), (actor: { timeShiftMs: number }) => {
      actor.timeShiftMs = shift;
    });
  }
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

/** A new user made a member of an existing company, logged in. */
export async function addMember(admin: string, companyId: string, role: 'admin' | 'member' = 'member') {
  const user = await newUser(admin);
  await grant(admin, user.id, companyId, { role });
  const token = await userToken(user.username);
  return { user, userId: user.id, username: user.username, password: user.password, token };
}

/** A company with one member; answers everything a test needs to act in it. */
export async function companyWithMember(admin: string, role: 'admin' | 'member' = 'member') {
  const company = await newCompany(admin);
  const { user, username, password, token } = await addMember(admin, company.id, role);
  return { code: company.code, company, user, username, password, token };
}
