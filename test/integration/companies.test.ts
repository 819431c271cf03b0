import { describe, expect, it } from 'vitest';
import { adminToken, call, unique } from '../helpers';
import { companyWithAdmin, mailTo } from '../platform-helpers';

describe('companies', () => {
  it('creates a trial company with 14 days of trial and an unguessable id', async () => {
    const admin = await adminToken();
    const code = unique('acme');
    const res = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code, name: 'Acme 有限公司', industry: 'energy', contactEmail: 'ops@acme.example' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code,
      subscriptionStatus: 'trial',
      plan: 'trial',
      timezone: 'Asia/Shanghai',
    });
    expect(res.body.id).toMatch(/^cmp_[a-z2-7]{26}$/);
    const trialDays = (Date.parse(res.body.trialEndsAt) - Date.parse(res.body.createdAt)) / 86_400_000;
    expect(trialDays).toBe(14);
    const got = await call('GET', `/api/admin/companies/${res.body.id}`, { token: admin });
    expect(got.body).toEqual(res.body);
  });

  it('refuses a taken code and names every bad field without creating anything', async () => {
    const admin = await adminToken();
    const code = unique('dup');
    expect(
      (await call('POST', '/api/admin/companies', { token: admin, body: { code, name: 'One' } })).status,
    ).toBe(201);
    const again = await call('POST', '/api/admin/companies', { token: admin, body: { code, name: 'Two' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CODE_TAKEN');
    expect(again.body.error.details.fields).toEqual([
      { path: 'body.code', message: expect.stringContaining(code), rule: 'CODE_TAKEN' },
    ]);
    const bad = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: 'Bad Code!', name: '', contactEmail: 'not-an-email', plan: 'gold', surprise: 1 },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.code', 'body.name', 'body.contactEmail', 'body.plan']),
    );
    // Each names what it expected, for the console to say in its language.
    const ruleOf = (path: string) => {
      const { message, ...rule } = bad.body.error.details.fields.find(
        (f: { path: string }) => f.path === path,
      );
      return rule;
    };
    expect(ruleOf('body.code')).toEqual({
      path: 'body.code',
      rule: 'invalid_format',
      format: 'company_code',
    });
    expect(ruleOf('body.contactEmail')).toMatchObject({ rule: 'invalid_format', format: 'email' });
    expect(ruleOf('body.plan')).toEqual({ path: 'body.plan', rule: 'plan' }); // well-formed, but unknown
    expect(ruleOf('body.name')).toMatchObject({ rule: 'too_small', origin: 'string', minimum: 1 });
    const list = await call('GET', `/api/admin/companies?q=${encodeURIComponent('Bad Code')}`, {
      token: admin,
    });
    expect(list.body.total).toBe(0);
  });

  it('lists with search, filters, sort and pagination', async () => {
    const admin = await adminToken();
    const tag = unique('srch');
    for (const [i, plan] of ['trial', 'basic', 'trial'].entries()) {
      await call('POST', '/api/admin/companies', {
        token: admin,
        body: { code: `${tag}-${i}`, name: `${tag} ${i}`, plan },
      });
    }
    const all = await call('GET', `/api/admin/companies?q=${tag}&sort=created&pageSize=2`, { token: admin });
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((c: { code: string }) => c.code)).toEqual([`${tag}-0`, `${tag}-1`]);
    const page2 = await call('GET', `/api/admin/companies?q=${tag}&sort=created&pageSize=2&page=2`, {
      token: admin,
    });
    expect(page2.body.items.map((c: { code: string }) => c.code)).toEqual([`${tag}-2`]);
    const basic = await call('GET', `/api/admin/companies?q=${tag}&plan=basic`, { token: admin });
    expect(basic.body.items).toHaveLength(1);
    expect(basic.body.items[0].subscriptionStatus).toBe('active');
    const tooBig = await call('GET', '/api/admin/companies?pageSize=500', { token: admin });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details.fields[0].path).toBe('query.pageSize');
  });

  it('takes % and _ in a search literally', async () => {
    const admin = await adminToken();
    const tag = unique('lit');
    await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: `${tag}-a`, name: `${tag} 100% green` },
    });
    await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: `${tag}-b`, name: `${tag} 100 green` },
    });
    const percent = await call('GET', `/api/admin/companies?q=${encodeURIComponent('100% g')}`, {
      token: admin,
    });
    expect(percent.body.items.map((c: { code: string }) => c.code)).toEqual([`${tag}-a`]);
    const underscore = await call('GET', `/api/admin/companies?q=${encodeURIComponent(`${tag}_`)}`, {
      token: admin,
    });
    expect(underscore.body.total).toBe(0);
  });

  it('updates, soft-deletes and hides deleted companies from the default list', async () => {
    const admin = await adminToken();
    const code = unique('upd');
    const created = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code, name: 'Before' },
    });
    const updated = await call('PUT', `/api/admin/companies/${created.body.id}`, {
      token: admin,
      body: { name: 'After', plan: 'professional' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'After', plan: 'professional', code });
    const empty = await call('PUT', `/api/admin/companies/${created.body.id}`, { token: admin, body: {} });
    expect(empty.status).toBe(400);
    const deleted = await call('DELETE', `/api/admin/companies/${created.body.id}`, { token: admin });
    expect(deleted.body.deletedAt).not.toBeNull();
    const listed = await call('GET', `/api/admin/companies?q=${code}`, { token: admin });
    expect(listed.body.total).toBe(0);
    const withDeleted = await call('GET', `/api/admin/companies?q=${code}&includeDeleted=true`, {
      token: admin,
    });
    expect(withDeleted.body.total).toBe(1);
    const change = await call('PUT', `/api/admin/companies/${created.body.id}`, {
      token: admin,
      body: { name: 'Again' },
    });
    expect(change.status).toBe(409);
    const missing = await call('GET', '/api/admin/companies/cmp_nonexistent', { token: admin });
    expect(missing.status).toBe(404);
    // Deleting again is answered with the company as it was deleted, and no onboarding link is made for it.
    const twice = await call('DELETE', `/api/admin/companies/${created.body.id}`, { token: admin });
    expect(twice.status).toBe(200);
    expect(twice.body.deletedAt).toBe(deleted.body.deletedAt);
    const link = await call('POST', `/api/admin/companies/${created.body.id}/generate-onboarding`, {
      token: admin,
    });
    expect(link.status).toBe(409);
    expect(link.body.error.code).toBe('COMPANY_DELETED');
  });

  it('tells the company when an administrator lifts its suspension, and only then', async () => {
    const admin = await adminToken();
    const { company, user } = await companyWithAdmin(admin, { plan: 'basic' });
    const restoredMails = async () =>
      (await mailTo(admin, user.email)).filter((m) => m.kind === 'tenant.restored').length;
    const setStatus = async (subscriptionStatus: string) => {
      const res = await call('PUT', `/api/admin/companies/${company.id}`, {
        token: admin,
        body: { subscriptionStatus },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.subscriptionStatus).toBe(subscriptionStatus);
    };
    await setStatus('active');
    expect(await restoredMails()).toBe(0);
    await setStatus('suspended');
    await setStatus('active');
    expect(await restoredMails()).toBe(1);
    await setStatus('active');
    expect(await restoredMails()).toBe(1);
  });
});

describe('users', () => {
  it('keeps usernames and emails unique regardless of case', async () => {
    const admin = await adminToken();
    const username = unique('Case');
    const body = { username, email: `${username}@Example.com`, password: 'long enough pw', name: 'Case' };
    const first = await call('POST', '/api/admin/users', { token: admin, body });
    expect(first.status).toBe(201);
    expect(first.body.username).toBe(username.toLowerCase());
    expect(JSON.stringify(first.body)).not.toContain('long enough pw');
    const sameName = await call('POST', '/api/admin/users', {
      token: admin,
      body: { ...body, username: username.toUpperCase(), email: 'other@example.com' },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.code).toBe('USERNAME_TAKEN');
    const sameEmail = await call('POST', '/api/admin/users', {
      token: admin,
      body: { ...body, username: unique('other'), email: body.email.toUpperCase() },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('refuses a short password, naming the field', async () => {
    const admin = await adminToken();
    const res = await call('POST', '/api/admin/users', {
      token: admin,
      body: { username: unique('pw'), email: `${unique('pw')}@example.com`, password: 'short', name: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(['body.password']);
  });

  it('moves the primary company on when a member leaves it, and disables the account when none is left', async () => {
    const admin = await adminToken();
    const username = unique('mover');
    const user = await call('POST', '/api/admin/users', {
      token: admin,
      body: { username, email: `${username}@example.com`, password: 'long enough pw', name: 'Mover' },
    });
    const a = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: unique('pa'), name: 'A' },
    });
    const b = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: unique('pb'), name: 'B' },
    });
    await call('POST', `/api/admin/users/${user.body.id}/companies`, {
      token: admin,
      body: { companyId: a.body.id },
    });
    const both = await call('POST', `/api/admin/users/${user.body.id}/companies`, {
      token: admin,
      body: { companyId: b.body.id },
    });
    expect(both.body.primaryCompanyId).toBe(a.body.id);

    const left = await call('DELETE', `/api/admin/users/${user.body.id}/companies/${a.body.id}`, {
      token: admin,
    });
    expect(left.body.primaryCompanyId).toBe(b.body.id);
    expect(left.body.status).toBe('active');
    expect(left.body.companies.find((c: { companyId: string }) => c.companyId === b.body.id).isPrimary).toBe(
      true,
    );

    const none = await call('DELETE', `/api/admin/users/${user.body.id}/companies/${b.body.id}`, {
      token: admin,
    });
    expect(none.body.status).toBe('disabled');
    expect(none.body.primaryCompanyId).toBeNull();
    const login = await call('POST', '/api/auth/login', { body: { username, password: 'long enough pw' } });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_DISABLED');

    const rehired = await call('POST', `/api/admin/users/${user.body.id}/companies`, {
      token: admin,
      body: { companyId: a.body.id, isPrimary: true },
    });
    expect(rehired.body.status).toBe('active');
    expect(rehired.body.primaryCompanyId).toBe(a.body.id);
    expect(
      (await call('POST', '/api/auth/login', { body: { username, password: 'long enough pw' } })).status,
    ).toBe(200);
  });
});
