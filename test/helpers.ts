import { SELF } from 'cloudflare:test';

export const BASE = 'https://keel.test';

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
  return { status: res.status, body: json, headers: res.headers };
}

export async function adminToken(): Promise<string> {
  const res = await call('POST', '/api/admin/login', {
    body: { username: 'admin', password: 'test-superadmin-password' },
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

let seq = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A company with one member; answers everything a test needs to act in it. */
export async function companyWithMember(admin: string, role: 'admin' | 'member' = 'member') {
  const code = unique('co');
  const company = await call('POST', '/api/admin/companies', {
    token: admin,
    body: { code, name: `Company ${code}` },
  });
  if (company.status !== 201) throw new Error(JSON.stringify(company.body));
  const username = unique('u');
  const password = 'correct horse battery';
  const user = await call('POST', '/api/admin/users', {
    token: admin,
    body: { username, email: `${username}@example.com`, password, name: username },
  });
  if (user.status !== 201) throw new Error(JSON.stringify(user.body));
  const grant = await call('POST', `/api/admin/users/${user.body.id}/companies`, {
    token: admin,
    body: { companyId: company.body.id, role },
  });
  if (grant.status !== 200) throw new Error(JSON.stringify(grant.body));
  const login = await call('POST', '/api/auth/login', { body: { username, password } });
  if (login.status !== 200) throw new Error(JSON.stringify(login.body));
  return {
    code,
    company: company.body,
    user: user.body,
    username,
    password,
    token: login.body.token as string,
  };
}
