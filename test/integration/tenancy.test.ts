import { runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { AppError } from '../../lib/errors';
import { adminToken, call, companyWithMember, grant, newCompany, newUser, tenantStub } from '../helpers';

describe('tenant resolution and access', () => {
  it('reaches the same tenant by header, path prefix and subdomain', async () => {
    const admin = await adminToken();
    const { code, token } = await companyWithMember(admin);
    const byHeader = await call('GET', '/api/tenant', { token, tenant: code });
    const byPath = await call('GET', `/t/${code}/api/tenant`, { token });
    const bySubdomain = await SELF.fetch(`https://${code}.keel.localhost/api/tenant`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byHeader.status).toBe(200);
    expect(byPath.status).toBe(200);
    expect(bySubdomain.status).toBe(200);
    expect(byPath.body.id).toBe(byHeader.body.id);
    expect(((await bySubdomain.json()) as { id: string }).id).toBe(byHeader.body.id);
    expect(byHeader.body).toMatchObject({
      code,
      plan: 'trial',
      subscriptionStatus: 'trial',
      membership: { role: 'member' },
    });
    expect(byHeader.body.usage.users).toBe(1);
    expect(byHeader.body.quotas.users).toBe(5);
  });

  it('answers 401 without a token, 404 for an unknown tenant, 403 for a non-member, 400 with no tenant', async () => {
    const admin = await adminToken();
    const a = await companyWithMember(admin);
    const b = await companyWithMember(admin);
    expect((await call('GET', '/api/tenant', { tenant: a.code })).status).toBe(401);
    const unknown = await call('GET', '/api/tenant', { token: a.token, tenant: 'no-such-company' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TENANT_NOT_FOUND');
    const foreign = await call('GET', '/api/tenant', { token: a.token, tenant: b.code });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('NOT_A_MEMBER');
    const none = await call('GET', '/api/tenant', { token: a.token });
    expect(none.status).toBe(400);
    expect(none.body.error.details.fields[0].path).toBe('X-Tenant-Code');
  });

  it('leaks nothing of another tenant through any tenant endpoint', async () => {
    const admin = await adminToken();
    const a = await companyWithMember(admin, 'admin');
    const b = await companyWithMember(admin, 'admin');
    const probes: [string, string, unknown?][] = [
      ['GET', '/api/tenant'],
      ['GET', '/api/tenant/settings'],
      ['PATCH', '/api/tenant/settings', { crmAutoStatusSync: false }],
      ['GET', '/api/tenant/members'],
    ];
    for (const [method, path, body] of probes) {
      for (const route of [path, `/t/${b.code}${path}`]) {
        const res = await call(method, route, { token: a.token, tenant: b.code, body });
        expect(res.status, `${method} ${route}`).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain(b.company.id);
        expect(JSON.stringify(res.body)).not.toContain(b.username);
      }
    }
    const settings = await call('GET', '/api/tenant/settings', { token: b.token, tenant: b.code });
    expect(settings.body.crmAutoStatusSync).toBe(true);
  });

  it('lets tenant admins change settings and refuses plain members, naming bad fields', async () => {
    const admin = await adminToken();
    const boss = await companyWithMember(admin, 'admin');
    const member = await companyWithMember(admin, 'member');
    const patch = await call('PATCH', '/api/tenant/settings', {
      token: boss.token,
      tenant: boss.code,
      body: { timezone: 'Europe/Berlin', crmAutoStatusSync: false },
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toEqual({ timezone: 'Europe/Berlin', crmAutoStatusSync: false });
    const bad = await call('PATCH', '/api/tenant/settings', {
      token: boss.token,
      tenant: boss.code,
      body: { timezone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.timezone');
    const after = await call('GET', '/api/tenant/settings', { token: boss.token, tenant: boss.code });
    expect(after.body.timezone).toBe('Europe/Berlin');
    const refused = await call('PATCH', '/api/tenant/settings', {
      token: member.token,
      tenant: member.code,
      body: { crmAutoStatusSync: false },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('TENANT_ADMIN_REQUIRED');
  });

  it('refuses a member at once when the membership is disabled, and everyone when the company is deleted', async () => {
    const admin = await adminToken();
    const a = await companyWithMember(admin);
    expect((await call('GET', '/api/tenant', { token: a.token, tenant: a.code })).status).toBe(200);
    const revoke = await call('DELETE', `/api/admin/users/${a.user.id}/companies/${a.company.id}`, {
      token: admin,
    });
    expect(revoke.status).toBe(200);
    expect(revoke.body.status).toBe('disabled');
    expect((await call('GET', '/api/tenant', { token: a.token, tenant: a.code })).status).toBe(403);

    const b = await companyWithMember(admin);
    expect((await call('DELETE', `/api/admin/companies/${b.company.id}`, { token: admin })).status).toBe(200);
    expect((await call('GET', '/api/tenant', { token: b.token, tenant: b.code })).status).toBe(404);
    expect((await call('GET', '/api/tenant', { token: admin, tenant: b.code })).status).toBe(404);
  });

  it('lets a platform admin read any tenant', async () => {
    const admin = await adminToken();
    const a = await companyWithMember(admin);
    const res = await call('GET', '/api/tenant', { token: admin, tenant: a.code });
    expect(res.status).toBe(200);
    expect(res.body.membership).toEqual({ role: null, platformAdmin: true });
    const members = await call('GET', '/api/tenant/members', { token: admin, tenant: a.code });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([a.user.id]);
    const joinedAt: string = members.body.items[0].joinedAt;
    expect(new Date(joinedAt).toISOString()).toBe(joinedAt);
    expect(Math.abs(Date.parse(joinedAt) - Date.now())).toBeLessThan(3_600_000);
    expect(members.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
  });

  it('answers a member page read before a change with the change once it is made', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const first = await newUser(admin);
    await grant(admin, first.id, company.id);
    const list = async (query = '') =>
      (await call('GET', `/api/tenant/members${query}`, { token: admin, tenant: company.code })).body;
    const roles = (page: { items: { userId: string; role: string; status: string }[] }) =>
      page.items.map((m) => `${m.userId}:${m.role}:${m.status}`);

    expect(roles(await list())).toEqual([`${first.id}:member:active`]);
    expect((await list('?status=active')).total).toBe(1);

    const second = await newUser(admin);
    await grant(admin, second.id, company.id, { role: 'admin' });
    expect(roles(await list())).toEqual([`${first.id}:member:active`, `${second.id}:admin:active`]);

    await call('DELETE', `/api/admin/users/${first.id}/companies/${company.id}`, { token: admin });
    expect(roles(await list())).toEqual([`${first.id}:member:disabled`, `${second.id}:admin:active`]);
    expect((await list('?status=active')).total).toBe(1);
    expect((await list('?status=disabled')).items.map((m: { userId: string }) => m.userId)).toEqual([
      first.id,
    ]);
  });

  it('pages the member list in join order, counts the whole list, and filters it by status', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const users = [];
    for (let i = 0; i < 5; i++) {
      const user = await newUser(admin);
      await grant(admin, user.id, company.id);
      users.push(user);
    }
    await call('DELETE', `/api/admin/users/${users[1]!.id}/companies/${company.id}`, { token: admin });
    const list = (query: string) =>
      call('GET', `/api/tenant/members${query}`, { token: admin, tenant: company.code });

    const pages = [
      await list('?pageSize=2'),
      await list('?page=2&pageSize=2'),
      await list('?page=3&pageSize=2'),
    ];
    const ids = (res: { body: { items: { userId: string }[] } }) => res.body.items.map((m) => m.userId);
    const whole = await list('?pageSize=10');
    expect(whole.text).toMatch(/"total":5,"page":1,"pageSize":10}$/);
    expect([...ids(whole)].sort()).toEqual(users.map((u) => u.id).sort());
    expect(pages.map(ids)).toEqual([ids(whole).slice(0, 2), ids(whole).slice(2, 4), ids(whole).slice(4)]);
    expect(pages.map((p) => [p.body.total, p.body.page, p.body.pageSize])).toEqual([
      [5, 1, 2],
      [5, 2, 2],
      [5, 3, 2],
    ]);
    const joinedAt = whole.body.items.map((m: { joinedAt: string }) => Date.parse(m.joinedAt));
    expect(joinedAt).toEqual([...joinedAt].sort((x, y) => x - y));
    const first = users.find((u) => u.id === ids(whole)[0])!;
    expect(pages[0]!.body.items[0]).toEqual({
      userId: first.id,
      username: first.username,
      role: 'member',
      status: first.id === users[1]!.id ? 'disabled' : 'active',
      joinedAt: expect.any(String),
    });

    const disabled = await list('?status=disabled');
    expect(disabled.body).toMatchObject({ total: 1, items: [{ userId: users[1]!.id, status: 'disabled' }] });
    const active = await list('?status=active&pageSize=10');
    expect(active.body.total).toBe(4);
    expect(active.body.items.map((m: { status: string }) => m.status)).toEqual(Array(4).fill('active'));
    const beyond = await list('?page=9&pageSize=2');
    expect(beyond.body).toMatchObject({ items: [], total: 5, page: 9 });
  });
});

describe('the tenant profile cache', () => {
  it('forgets a settings change whose transaction rolled back, and keeps a committed one', async () => {
    const admin = await adminToken();
    const { code, token } = await companyWithMember(admin, 'admin');
    const settings = async () => (await call('GET', '/api/tenant/settings', { token, tenant: code })).body;
    const before = await settings();
    // A later step of the settings transaction fails, first as a refusal, then as a crash.
    const failures = [new AppError(409, 'LATER_STEP_REFUSED', 'refused'), new Error('crashed')];
    const outcomes = await runInDurableObject(tenantStub(code), async (instance: TenantActor) => {
      const crm = (instance as unknown as { crm: { onSettingsChanged: () => void } }).crm;
      const hook = crm.onSettingsChanged;
      const seen = [];
      for (const failure of failures) {
        crm.onSettingsChanged = () => {
          throw failure;
        };
        seen.push(
          await instance.updateSettings({ kind: 'admin', id: 'test' }, { timezone: 'Asia/Tokyo' }).then(
            (outcome) => (outcome.ok ? 'committed' : outcome.error.code),
            (err: Error) => err.message,
          ),
        );
        seen.push(
          (instance.getSettings({ kind: 'admin', id: 'test' }) as { value?: { timezone: string } }).value
            ?.timezone,
        );
      }
      crm.onSettingsChanged = hook;
      return seen;
    });
    expect(outcomes).toEqual(['LATER_STEP_REFUSED', before.timezone, 'crashed', before.timezone]);
    expect(await settings()).toEqual(before);
    const patch = await call('PATCH', '/api/tenant/settings', {
      token,
      tenant: code,
      body: { timezone: 'Asia/Tokyo' },
    });
    expect(patch.status).toBe(200);
    expect(await settings()).toEqual({ ...before, timezone: 'Asia/Tokyo' });
  });
});
