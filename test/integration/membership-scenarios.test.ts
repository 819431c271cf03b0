import { describe, expect, it } from 'vitest';
import { adminToken, call, grant, login, newCompany, newUser, PASSWORD, unique, userToken } from '../helpers';
import { mailTo } from '../platform-helpers';

/** The membership scenarios of SPEC A4, each end to end through the API, with the mails they send. */
describe('membership scenarios (SPEC A4)', () => {
  it('1: a user in one company logs in straight into it and is told by mail', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const zhang = await newUser(admin, 'zhang');
    await grant(admin, zhang.id, a.id);
    const res = await login(zhang.username);
    expect(res.status).toBe(200);
    expect(res.body.companies).toEqual([
      { id: a.id, code: a.code, name: a.name, role: 'member', isPrimary: true },
    ]);
    expect(res.body.currentCompany.id).toBe(a.id);
    const mails = await mailTo(admin, zhang.email);
    expect(mails.map((m) => m.kind)).toEqual(['membership.granted']);
    expect(mails[0]!.text).toContain(a.name);
    expect(mails[0]!.text).toContain('主公司');
    expect(mails[0]).toMatchObject({ status: 'sent', provider: 'local' });
  });

  it('2: a user in several companies sees the active ones, primary first, and works in each', async () => {
    const admin = await adminToken();
    const [a, b, c] = [await newCompany(admin), await newCompany(admin), await newCompany(admin)];
    const li = await newUser(admin, 'li');
    await grant(admin, li.id, a.id);
    await grant(admin, li.id, b.id);
    await grant(admin, li.id, c.id);
    await call('DELETE', `/api/admin/users/${li.id}/companies/${c.id}`, { token: admin });
    const res = await login(li.username);
    expect(res.body.companies.map((x: { id: string }) => x.id)).toEqual([a.id, b.id]);
    expect(res.body.companies.map((x: { isPrimary: boolean }) => x.isPrimary)).toEqual([true, false]);
    const token = res.body.token;
    expect((await call('GET', '/api/tenant', { token, tenant: a.code })).status).toBe(200);
    expect((await call('GET', '/api/tenant', { token, tenant: b.code })).status).toBe(200);
    expect((await call('GET', '/api/tenant', { token, tenant: c.code })).body.error.code).toBe(
      'NOT_A_MEMBER',
    );
  });

  it('3: a renamed user keeps id, companies and data references; the old name stops working', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const wang = await newUser(admin, 'wang');
    await grant(admin, wang.id, a.id);
    const renamed = unique('wangxiao');
    const res = await call('PUT', `/api/admin/users/${wang.id}`, {
      token: admin,
      body: { username: renamed },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: wang.id, username: renamed, primaryCompanyId: a.id });
    expect((await login(wang.username)).status).toBe(401);
    const again = await login(renamed);
    expect(again.status).toBe(200);
    expect(again.body.user.id).toBe(wang.id);
    const members = await call('GET', '/api/tenant/members', { token: again.body.token, tenant: a.code });
    expect(members.body.items).toEqual([expect.objectContaining({ userId: wang.id, username: renamed })]);
    const clash = await newUser(admin, 'other');
    const taken = await call('PUT', `/api/admin/users/${clash.id}`, {
      token: admin,
      body: { username: renamed },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('USERNAME_TAKEN');
    const wangsEmail = (await call('GET', `/api/admin/users/${wang.id}`, { token: admin })).body.email;
    const sameEmail = await call('PUT', `/api/admin/users/${clash.id}`, {
      token: admin,
      body: { email: wangsEmail.toUpperCase() },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error).toMatchObject({
      code: 'EMAIL_TAKEN',
      details: { fields: [expect.objectContaining({ path: 'body.email' })] },
    });
    expect((await call('GET', `/api/admin/users/${clash.id}`, { token: admin })).body.email).toBe(
      clash.email,
    );
  });

  it('4: disabled in one company, the user still works in the others but is refused in that one', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const b = await newCompany(admin);
    const zhao = await newUser(admin, 'zhao');
    await grant(admin, zhao.id, a.id, { isPrimary: true });
    await grant(admin, zhao.id, b.id);
    const token = await userToken(zhao.username);
    // Working there first: the company's actor has seen the membership active before it is disabled.
    expect((await call('GET', '/api/tenant', { token, tenant: b.code })).status).toBe(200);
    const res = await call('DELETE', `/api/admin/users/${zhao.id}/companies/${b.id}`, { token: admin });
    expect(res.body.primaryCompanyId).toBe(a.id);
    expect(res.body.companies.find((m: { companyId: string }) => m.companyId === b.id)).toMatchObject({
      status: 'disabled',
      disabledAt: expect.any(String),
    });
    expect((await call('GET', '/api/tenant', { token, tenant: b.code })).status).toBe(403);
    const switchBack = await call('POST', '/api/users/switch-company', { token, body: { companyId: b.id } });
    expect(switchBack.status).toBe(403);
    expect((await call('GET', '/api/tenant', { token, tenant: a.code })).status).toBe(200);
    const mails = await mailTo(admin, zhao.email);
    expect(mails[0]!.kind).toBe('membership.disabled');
    expect(mails[0]!.text).toContain(b.name);
  });

  it('5: leaving the primary company moves the primary to the other active one, persisted, with a mail', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin, { name: 'A 公司' });
    const b = await newCompany(admin, { name: 'B 公司' });
    const zhao = await newUser(admin, 'zhao');
    await grant(admin, zhao.id, a.id);
    await grant(admin, zhao.id, b.id);
    const left = await call('DELETE', `/api/admin/users/${zhao.id}/companies/${a.id}`, { token: admin });
    expect(left.body).toMatchObject({ status: 'active', primaryCompanyId: b.id });
    const detail = await call('GET', `/api/admin/users/${zhao.id}`, { token: admin });
    expect(detail.body.companies.find((m: { companyId: string }) => m.companyId === b.id).isPrimary).toBe(
      true,
    );
    const next = await login(zhao.username);
    expect(next.body.currentCompany.id).toBe(b.id);
    expect(next.body.companies.map((c: { id: string }) => c.id)).toEqual([b.id]);
    const [mail] = await mailTo(admin, zhao.email);
    expect(mail!.kind).toBe('membership.primary_switched');
    expect(mail!.subject).toContain('主公司权限变更通知');
    expect(mail!.text).toContain('您在「A 公司」的权限已停用，主公司已自动切换为「B 公司」');
  });

  it('6: leaving every company disables the account with a clear refusal; the records stay', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const sun = await newUser(admin, 'sun');
    await grant(admin, sun.id, a.id);
    const token = await userToken(sun.username);
    const res = await call('DELETE', `/api/admin/users/${sun.id}/companies/${a.id}`, { token: admin });
    expect(res.body).toMatchObject({ status: 'disabled', primaryCompanyId: null });
    expect(res.body.companies).toEqual([
      expect.objectContaining({ companyId: a.id, status: 'disabled', isPrimary: false }),
    ]);
    const refused = await login(sun.username);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    expect(refused.body.error.message).toMatch(/disabled.*administrator/);
    // An old token is refused by the company itself.
    expect((await call('GET', '/api/tenant', { token, tenant: a.code })).status).toBe(403);
    expect(
      (await call('POST', '/api/users/switch-company', { token, body: { companyId: a.id } })).body.error.code,
    ).toBe('ACCOUNT_DISABLED');
    const [mail] = await mailTo(admin, sun.email);
    expect(mail!.kind).toBe('account.disabled');
    expect(mail!.text).toContain('账号已冻结');
  });

  it('7: re-hiring into a new company or back into an old one re-activates the account and may set the primary', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const c = await newCompany(admin);
    const sun = await newUser(admin, 'sun');
    await grant(admin, sun.id, a.id);
    await call('DELETE', `/api/admin/users/${sun.id}/companies/${a.id}`, { token: admin });
    // New company C: active again, C primary.
    const hired = await grant(admin, sun.id, c.id);
    expect(hired).toMatchObject({ status: 'active', primaryCompanyId: c.id });
    const first = await login(sun.username);
    expect(first.status).toBe(200);
    expect(first.body.companies.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // Back to old company A, made primary.
    const back = await grant(admin, sun.id, a.id, { isPrimary: true });
    expect(back.primaryCompanyId).toBe(a.id);
    expect(back.companies.find((m: { companyId: string }) => m.companyId === a.id)).toMatchObject({
      status: 'active',
      disabledAt: null,
      isPrimary: true,
    });
    const second = await login(sun.username);
    expect(second.body.companies.map((x: { id: string }) => x.id)).toEqual([a.id, c.id]);
    const mails = await mailTo(admin, sun.email);
    expect(mails.map((m) => m.kind)).toEqual([
      'membership.granted',
      'membership.granted',
      'account.disabled',
      'membership.granted',
    ]);
    expect(mails[0]!.text).toContain('重新启用');
    expect(mails[1]!.text).toContain('重新启用');
    const log = await call('GET', '/api/admin/logs?action=membership.', { token: admin });
    expect(
      log.body.items
        .filter((e: { detail: { userId: string } }) => e.detail.userId === sun.id)
        .map((e: { action: string }) => e.action),
    ).toEqual(['membership.reactivate', 'membership.reactivate', 'membership.disable', 'membership.grant']);
  });

  it('switches the current company by API and lands there at the next login', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const b = await newCompany(admin);
    const user = await newUser(admin);
    await grant(admin, user.id, a.id);
    await grant(admin, user.id, b.id);
    const token = await userToken(user.username);
    const res = await call('POST', '/api/users/switch-company', { token, body: { companyId: b.id } });
    expect(res.body.currentCompany).toMatchObject({ id: b.id, isPrimary: false });
    const again = await login(user.username);
    expect(again.body.currentCompany.id).toBe(b.id);
    expect(again.body.companies[0].id).toBe(a.id);
  });

  it('repairs a primary company that was deleted at the next login, persists it and tells the user', async () => {
    const admin = await adminToken();
    const a = await newCompany(admin);
    const b = await newCompany(admin);
    const user = await newUser(admin);
    await grant(admin, user.id, a.id);
    await grant(admin, user.id, b.id);
    await call('DELETE', `/api/admin/companies/${a.id}`, { token: admin });
    const res = await login(user.username);
    expect(res.body.companies.map((c: { id: string; isPrimary: boolean }) => [c.id, c.isPrimary])).toEqual([
      [b.id, true],
    ]);
    const detail = await call('GET', `/api/admin/users/${user.id}`, { token: admin });
    expect(detail.body.primaryCompanyId).toBe(b.id);
    expect((await mailTo(admin, user.email))[0]!.kind).toBe('membership.primary_repaired');
  });

  it('refuses a user with a wrong password without revealing the account state', async () => {
    const admin = await adminToken();
    const user = await newUser(admin);
    const res = await login(user.username, `${PASSWORD}x`);
    expect(res.status).toBe(401);
  });
});
