import { describe, expect, it } from 'vitest';
import { adminToken, call, login, newCompany, newUser, unique } from '../helpers';
import { mailTo, shiftDirectoryClock } from '../platform-helpers';

async function link(admin: string, companyId: string) {
  const res = await call('POST', `/api/admin/companies/${companyId}/generate-onboarding`, { token: admin });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { token: string; url: string; expiresAt: string };
}

const onboard = (step: string, body: unknown) => call('POST', `/api/onboarding/${step}`, { body });

describe('onboarding (SPEC A8)', () => {
  it('walks the four steps: verify, create the admin, basic data, complete — and the company is ready', async () => {
    const admin = await adminToken();
    const contact = `${unique('ops')}@acme.example`;
    const company = await newCompany(admin, { plan: 'basic', contactEmail: contact });
    const { token, url, expiresAt } = await link(admin, company.id);
    expect(token).toMatch(/^[a-z2-7]{52}$/);
    expect(url).toBe(`https://keel.test/onboarding?token=${token}`);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    expect((await mailTo(admin, contact))[0]).toMatchObject({ kind: 'onboarding.link' });
    expect((await mailTo(admin, contact))[0]!.text).toContain(url);

    const state = await onboard('verify-token', { token });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      company: { id: company.id, code: company.code },
      nextStep: 'create-admin',
      admin: null,
    });

    const taken = await newUser(admin);
    expect((await onboard('check-username', { token, username: taken.username })).body).toMatchObject({
      available: false,
      reason: 'taken',
    });
    expect((await onboard('check-username', { token, username: 'a b' })).body.available).toBe(false);
    const username = unique('owner');
    expect((await onboard('check-username', { token, username })).body).toEqual({
      username,
      available: true,
      reason: null,
    });

    const created = await onboard('create-admin', {
      token,
      username,
      email: `${username}@acme.example`,
      password: 'owner password 1',
      name: '老板',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, companyId: company.id, nextStep: 'init-basic-data' });
    const twice = await onboard('create-admin', {
      token,
      username: unique('x'),
      email: `${unique('x')}@a.example`,
      password: 'owner password 1',
      name: 'x',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ADMIN_ALREADY_CREATED');
    expect((await onboard('verify-token', { token })).body.nextStep).toBe('init-basic-data');

    const basic = await onboard('init-basic-data', {
      token,
      departments: ['销售部', '财务部', '销售部'],
      roles: ['经理'],
    });
    expect(basic.body).toEqual({ departments: ['销售部', '财务部'], roles: ['经理'], nextStep: 'complete' });

    const done = await onboard('complete', { token });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      companyId: company.id,
      onboardingStatus: 'completed',
      subscriptionStatus: 'active',
      adminUsername: username,
    });
    const detail = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    expect(detail.body).toMatchObject({ onboardingStatus: 'completed', adminUserId: created.body.userId });

    // The admin signs in to the company as its administrator, with the basic data in place.
    const session = await login(username, 'owner password 1');
    expect(session.body.companies).toEqual([
      expect.objectContaining({ id: company.id, role: 'admin', isPrimary: true }),
    ]);
    const data = await call('GET', '/api/tenant/basic-data', {
      token: session.body.token,
      tenant: company.code,
    });
    expect(data.body).toEqual({ departments: ['销售部', '财务部'], roles: ['经理'] });

    // Single use: the link is spent.
    const used = await onboard('verify-token', { token });
    expect(used.status).toBe(410);
    expect(used.body.error.code).toBe('ONBOARDING_TOKEN_USED');
    expect((await onboard('complete', { token })).status).toBe(410);
    expect(
      (await call('POST', `/api/admin/companies/${company.id}/generate-onboarding`, { token: admin })).body
        .error.code,
    ).toBe('ONBOARDING_COMPLETED');
  });

  it('starts a trial company’s 14 days at completion and keeps it a trial', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const { token } = await link(admin, company.id);
    const username = unique('t');
    await onboard('create-admin', {
      token,
      username,
      email: `${username}@t.example`,
      password: 'owner password 1',
      name: 'T',
    });
    const done = await onboard('complete', { token });
    expect(done.body.subscriptionStatus).toBe('trial');
    const detail = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    expect(Date.parse(detail.body.trialEndsAt) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
  });

  it('refuses steps out of order, unknown and replaced links, and expired ones', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const first = await link(admin, company.id);
    expect((await onboard('init-basic-data', { token: first.token, roles: ['x'] })).body.error.code).toBe(
      'ONBOARDING_STEP_ORDER',
    );
    expect((await onboard('complete', { token: first.token })).body.error.code).toBe('ONBOARDING_STEP_ORDER');
    const second = await link(admin, company.id);
    const replaced = await onboard('verify-token', { token: first.token });
    expect(replaced.status).toBe(410);
    expect(replaced.body.error.code).toBe('ONBOARDING_TOKEN_REPLACED');
    const unknown = await onboard('verify-token', { token: 'a'.repeat(52) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ONBOARDING_TOKEN_INVALID');
    const short = await onboard('verify-token', { token: 'abc' });
    expect(short.body.error.details.fields[0].path).toBe('body.token');

    await shiftDirectoryClock(73 * 3_600_000);
    try {
      const expired = await onboard('verify-token', { token: second.token });
      expect(expired.status).toBe(410);
      expect(expired.body.error.code).toBe('ONBOARDING_TOKEN_EXPIRED');
      const username = unique('late');
      const late = await onboard('create-admin', {
        token: second.token,
        username,
        email: `${username}@x.example`,
        password: 'owner password 1',
        name: 'L',
      });
      expect(late.status).toBe(410);
      expect((await call('GET', `/api/admin/users?q=${username}`, { token: admin })).body.total).toBe(0);
    } finally {
      await shiftDirectoryClock(0);
    }
  });

  it('names bad fields and creates nothing; a taken username or email is refused', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const { token } = await link(admin, company.id);
    const bad = await onboard('create-admin', {
      token,
      username: 'x',
      email: 'nope',
      password: 'short',
      name: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['body.username', 'body.email', 'body.password', 'body.name']),
    );
    const existing = await newUser(admin);
    const clash = await onboard('create-admin', {
      token,
      username: existing.username,
      email: `${unique('n')}@x.example`,
      password: 'owner password 1',
      name: 'N',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('USERNAME_TAKEN');
    expect((await onboard('verify-token', { token })).body.nextStep).toBe('create-admin');
  });

  it('is only for admins who may write companies, and is logged', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const username = unique('sup');
    await call('POST', '/api/admin/admins', {
      token: admin,
      body: { username, password: 'role password 1', role: 'support' },
    });
    const support = (
      await call('POST', '/api/admin/login', { body: { username, password: 'role password 1' } })
    ).body.token;
    expect(
      (await call('POST', `/api/admin/companies/${company.id}/generate-onboarding`, { token: support }))
        .status,
    ).toBe(403);
    await link(admin, company.id);
    const log = await call('GET', `/api/admin/logs?companyId=${company.id}&action=company.onboarding_link`, {
      token: admin,
    });
    expect(log.body.total).toBe(1);
  });
});
