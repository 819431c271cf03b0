import { SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { can, type Permission } from '../../lib/admin-permissions';
import type { AdminRole } from '../../lib/tokens';
import { createApp } from '../../workers/app';
import { permissionFor } from '../../workers/middleware/admin-access';
import { addMember, adminToken, BASE, call, companyWithMember, platformAdmin, unique } from '../helpers';

afterEach(() => vi.restoreAllMocks());

describe('platform admin roles (SPEC A6)', () => {
  it('checks a permission on every admin route, for every role', async () => {
    const admin = await adminToken();
    const tokens = {
      super_admin: admin,
      sales: (await platformAdmin(admin, 'sales')).token,
      finance: (await platformAdmin(admin, 'finance')).token,
      support: (await platformAdmin(admin, 'support')).token,
    };
    const routes = createApp()
      .openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : []))
      .filter((r) => r.path.startsWith('/api/admin/') && r.path !== '/api/admin/login');
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const method = route.method.toUpperCase();
      const path = route.path.replace(/\{[^}]+\}/g, 'nonexistent');
      const needed = permissionFor(method, path);
      expect(needed, `${method} ${route.path} has no permission rule`).not.toBeUndefined();
      for (const [role, token] of Object.entries(tokens) as [AdminRole, string][]) {
        const res = await SELF.fetch(`${BASE}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : '{}',
        });
        const body = (await res.json()) as { error?: { code: string } };
        const allowed = role === 'super_admin' || needed === null || can(role, needed as Permission);
        const denied = res.status === 403 && body.error?.code === 'PERMISSION_DENIED';
        expect(denied, `${role} ${method} ${route.path} → ${res.status} ${JSON.stringify(body)}`).toBe(
          !allowed,
        );
      }
    }
  });

  it('takes what an admin may do from the current role alone, not from the role the token was signed with', async () => {
    const admin = await adminToken();
    const promoted = await platformAdmin(admin, 'sales');
    const requeue = () => call('POST', '/api/admin/billing/requeue-dead-letters', { token: promoted.token });
    const before = await requeue();
    expect(before.status).toBe(403);
    expect(before.body.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { role: 'sales' } });
    // Promoted to finance: the token still says sales, and the promotion counts at once.
    await call('PUT', `/api/admin/admins/${promoted.id}`, { token: admin, body: { role: 'finance' } });
    expect((await requeue()).status).toBe(200);
    // A user's token is no admin's, whatever it claims.
    const { company } = await companyWithMember(admin);
    const { token: userBearer } = await addMember(admin, company.id, 'admin');
    const asUser = await call('GET', '/api/admin/companies', { token: userBearer });
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.code).toBe('ADMIN_REQUIRED');
  });

  it('answers who is signed in with the permissions of the current role', async () => {
    const admin = await adminToken();
    const finance = await platformAdmin(admin, 'finance');
    const me = await call('GET', '/api/admin/me', { token: finance.token });
    expect(me.body).toMatchObject({ id: finance.id, role: 'finance' });
    expect(me.body.permissions).toContain('invoices.write');
    expect(me.body.permissions).not.toContain('plans.write');
  });

  it('applies a role change or a disable at once, whatever the token says', async () => {
    const admin = await adminToken();
    const sales = await platformAdmin(admin, 'sales');
    expect(
      (
        await call('POST', '/api/admin/companies', {
          token: sales.token,
          body: { code: unique('s'), name: 'S' },
        })
      ).status,
    ).toBe(201);
    await call('PUT', `/api/admin/admins/${sales.id}`, { token: admin, body: { role: 'support' } });
    const now = await call('POST', '/api/admin/companies', {
      token: sales.token,
      body: { code: unique('s'), name: 'S' },
    });
    expect(now.status).toBe(403);
    expect(now.body.error.details.role).toBe('support');
    await call('PUT', `/api/admin/admins/${sales.id}`, { token: admin, body: { status: 'disabled' } });
    const off = await call('GET', '/api/admin/companies', { token: sales.token });
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe('ADMIN_DISABLED');
    const relogin = await call('POST', '/api/admin/login', {
      body: { username: sales.username, password: 'role password 1' },
    });
    expect(relogin.status).toBe(401);
    const me = (await call('GET', '/api/admin/me', { token: admin })).body.id;
    const self = await call('PUT', `/api/admin/admins/${me}`, { token: admin, body: { role: 'sales' } });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('ENV_SUPER_ADMIN');
    const list = await call('GET', '/api/admin/admins', { token: admin });
    expect(list.body.items.find((a: { id: string }) => a.id === sales.id)).toMatchObject({
      role: 'support',
      status: 'disabled',
    });
    expect(list.body.items.find((a: { id: string }) => a.id === me)).toMatchObject({
      lastLoginAt: expect.any(String),
    });
  });
});

describe('platform administrators', () => {
  it('keeps usernames unique and lets no administrator demote or disable themself', async () => {
    const admin = await adminToken();
    const first = await platformAdmin(admin, 'super_admin');
    const taken = await call('POST', '/api/admin/admins', {
      token: admin,
      body: { username: first.username, password: 'another password 1', role: 'sales' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({
      code: 'USERNAME_TAKEN',
      details: { fields: [expect.objectContaining({ path: 'body.username' })] },
    });

    for (const patch of [{ role: 'sales' }, { status: 'disabled' }]) {
      const res = await call('PUT', `/api/admin/admins/${first.id}`, { token: first.token, body: patch });
      expect(res.status, JSON.stringify(patch)).toBe(409);
      expect(res.body.error.code).toBe('CANNOT_CHANGE_SELF');
    }
    // A change of their own that takes no power away is theirs to make; another super admin may demote them.
    const renamed = await call('PUT', `/api/admin/admins/${first.id}`, {
      token: first.token,
      body: { name: 'Still super' },
    });
    expect(renamed.status).toBe(200);
    const second = await platformAdmin(admin, 'super_admin');
    const demoted = await call('PUT', `/api/admin/admins/${first.id}`, {
      token: second.token,
      body: { role: 'support' },
    });
    expect(demoted.status).toBe(200);
    expect(demoted.body).toMatchObject({ id: first.id, role: 'support', name: 'Still super' });

    const missing = await call('PUT', '/api/admin/admins/adm_nosuchadmin0000000000000', {
      token: admin,
      body: { role: 'sales' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ADMIN_NOT_FOUND');
  });
});
