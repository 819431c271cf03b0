import { describe, expect, it } from 'vitest';
import { adminToken, call, companyWithMember, unique } from '../helpers';

describe('platform admin login', () => {
  it('answers a signed token and the admin for the super admin of the environment', async () => {
    const res = await call('POST', '/api/admin/login', {
      body: { username: 'admin', password: 'test-superadmin-password' },
    });
    expect(res.status).toBe(200);
    expect(res.body.admin).toMatchObject({ username: 'admin', role: 'super_admin' });
    expect(res.body.token.split('.')).toHaveLength(2);
    const list = await call('GET', '/api/admin/companies', { token: res.body.token });
    expect(list.status).toBe(200);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const res = await call('POST', '/api/admin/login', {
      body: { username: 'admin', password: 'nope-nope' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    const unknown = await call('POST', '/api/admin/login', {
      body: { username: 'ghost', password: 'nope-nope' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(res.body.error.message);
  });

  it('names the missing fields', async () => {
    const res = await call('POST', '/api/admin/login', { body: { username: '' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });

  it('answers malformed JSON with a 400 envelope', async () => {
    const res = await call('POST', '/api/admin/login', {
      headers: { 'content-type': 'application/json' },
      body: undefined,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBeTruthy();
  });

  it('locks an account name after repeated failures, even for the right password', async () => {
    const admin = await adminToken();
    const { username, password } = await companyWithMember(admin);
    for (let i = 0; i < 4; i++) {
      const res = await call('POST', '/api/auth/login', { body: { username, password: 'wrong-password' } });
      expect(res.status).toBe(401);
    }
    const fifth = await call('POST', '/api/auth/login', { body: { username, password: 'wrong-password' } });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    const right = await call('POST', '/api/auth/login', { body: { username, password } });
    expect(right.status).toBe(429);
  });

  it('refuses admin routes to users and to nobody', async () => {
    const admin = await adminToken();
    const { token } = await companyWithMember(admin);
    expect((await call('GET', '/api/admin/companies')).status).toBe(401);
    expect((await call('GET', '/api/admin/companies', { token: 'forged.token' })).status).toBe(401);
    const asUser = await call('GET', '/api/admin/companies', { token });
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.code).toBe('ADMIN_REQUIRED');
  });
});

describe('user login', () => {
  it('logs in by username or email and answers the active companies, primary first', async () => {
    const admin = await adminToken();
    const first = await companyWithMember(admin);
    const second = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: unique('co'), name: 'Second' },
    });
    await call('POST', `/api/admin/users/${first.user.id}/companies`, {
      token: admin,
      body: { companyId: second.body.id, isPrimary: true },
    });
    const byEmail = await call('POST', '/api/auth/login', {
      body: { email: `${first.username}@example.com`, password: first.password },
    });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.companies.map((c: { id: string }) => c.id)).toEqual([
      second.body.id,
      first.company.id,
    ]);
    expect(byEmail.body.companies[0].isPrimary).toBe(true);
    expect(JSON.stringify(byEmail.body)).not.toContain(first.password);
    expect(JSON.stringify(byEmail.body)).not.toContain('pbkdf2');
  });

  it('refuses an account with no active company, with a clear code', async () => {
    const admin = await adminToken();
    const username = unique('lonely');
    await call('POST', '/api/admin/users', {
      token: admin,
      body: { username, email: `${username}@example.com`, password: 'long enough pw', name: 'Lonely' },
    });
    const res = await call('POST', '/api/auth/login', { body: { username, password: 'long enough pw' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NO_ACTIVE_COMPANY');
  });

  it('switches the current company only to one the user belongs to', async () => {
    const admin = await adminToken();
    const a = await companyWithMember(admin);
    const b = await companyWithMember(admin);
    const denied = await call('POST', '/api/users/switch-company', {
      token: a.token,
      body: { companyId: b.company.id },
    });
    expect(denied.status).toBe(403);
    await call('POST', `/api/admin/users/${a.user.id}/companies`, {
      token: admin,
      body: { companyId: b.company.id },
    });
    const ok = await call('POST', '/api/users/switch-company', {
      token: a.token,
      body: { companyId: b.company.id },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.currentCompany.id).toBe(b.company.id);
    const mine = await call('GET', '/api/users/companies', { token: a.token });
    expect(mine.body.currentCompanyId).toBe(b.company.id);
    expect(mine.body.items).toHaveLength(2);
  });
});

describe('service token', () => {
  it('guards /api/internal/* and compares the token exactly', async () => {
    expect((await call('GET', '/api/internal/balance/user/x')).status).toBe(401);
    const wrong = await call('GET', '/api/internal/balance/user/x', {
      headers: { 'x-service-token': 'test-service-tokeN' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_SERVICE_TOKEN');
    const right = await call('GET', '/api/internal/balance/user/x', {
      headers: { 'x-service-token': 'test-service-token' },
    });
    expect(right.status).not.toBe(401);
  });
});
