import { describe, expect, it } from 'vitest';
import { codeStemOf } from '../../lib/company-code-suggestion';
import { adminToken, call, newCompany, platformAdmin, unique } from '../helpers';

const DAY = 86_400_000;

describe('creating a company: trial length and a suggested code (SPEC A14)', () => {
  it('gives a trial company the trial length the administrator chose, also when onboarding restarts it', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin, { trialDays: 30 });
    const detail = (await call('GET', `/api/admin/companies/${company.id}`, { token: admin })).body;
    expect(detail).toMatchObject({ subscriptionStatus: 'trial', trialDays: 30 });
    const days = (Date.parse(detail.trialEndsAt) - Date.parse(detail.createdAt)) / DAY;
    expect(days).toBe(30);

    // Onboarding starts the trial over when the company can first be used: with the same length.
    const link = await call('POST', `/api/admin/companies/${company.id}/generate-onboarding`, {
      token: admin,
    });
    const token = link.body.token;
    const username = unique('t');
    const onboard = (step: string, body: unknown) => call('POST', `/api/onboarding/${step}`, { body });
    await onboard('create-admin', {
      token,
      username,
      email: `${username}@t.example`,
      password: 'owner password 1',
      name: 'T',
    });
    await onboard('complete', { token });
    const after = (await call('GET', `/api/admin/companies/${company.id}`, { token: admin })).body;
    expect(Date.parse(after.trialEndsAt) - Date.now()).toBeGreaterThan(29.9 * DAY);
    expect(Date.parse(after.trialEndsAt) - Date.now()).toBeLessThanOrEqual(30 * DAY);

    // Without a choice, the plan's 14 days.
    const plain = await newCompany(admin);
    const plainDetail = (await call('GET', `/api/admin/companies/${plain.id}`, { token: admin })).body;
    expect(plainDetail.trialDays).toBeNull();
    expect((Date.parse(plainDetail.trialEndsAt) - Date.parse(plainDetail.createdAt)) / DAY).toBe(14);
  });

  it('refuses a trial length out of bounds, or on a paid plan, naming the field and creating nothing', async () => {
    const admin = await adminToken();
    for (const trialDays of [0, 91, 1.5]) {
      const code = unique('tr');
      const res = await call('POST', '/api/admin/companies', {
        token: admin,
        body: { code, name: 'T', trialDays },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].path).toBe('body.trialDays');
    }
    const code = unique('paid');
    const paid = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code, name: 'Paid', plan: 'basic', trialDays: 10 },
    });
    expect(paid.status).toBe(400);
    expect(paid.body.error).toMatchObject({
      code: 'TRIAL_NOT_IN_PLAN',
      details: { fields: [{ path: 'body.trialDays' }] },
    });
    const list = await call('GET', `/api/admin/companies?q=${code}`, { token: admin });
    expect(list.body.total).toBe(0);
  });

  it('suggests a free code from the name, in pinyin for a Chinese name, with a suffix once it is taken', async () => {
    const admin = await adminToken();
    const name = `${unique('Z')} 新能源有限公司`;
    const stem = codeStemOf(name);
    expect(stem).toMatch(/-xinnengyuan$/);
    const first = await call('GET', `/api/admin/company-code-suggestion?name=${encodeURIComponent(name)}`, {
      token: admin,
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ code: stem, name });

    // Created without a code: the company gets the suggestion.
    const created = await call('POST', '/api/admin/companies', { token: admin, body: { name } });
    expect(created.status).toBe(201);
    expect(created.body.code).toBe(stem);

    // Now the stem is taken: the next suggestion and the next company get a suffix of their own.
    const again = await call('GET', `/api/admin/company-code-suggestion?name=${encodeURIComponent(name)}`, {
      token: admin,
    });
    expect(again.body.code).toMatch(new RegExp(`^${stem}-[a-z2-7]{4}$`));
    const second = await call('POST', '/api/admin/companies', { token: admin, body: { name } });
    expect(second.body.code).toMatch(new RegExp(`^${stem}-[a-z2-7]{4}$`));

    // A deleted company keeps its code reserved.
    await call('DELETE', `/api/admin/companies/${created.body.id}`, { token: admin });
    const afterDelete = await call(
      'GET',
      `/api/admin/company-code-suggestion?name=${encodeURIComponent(name)}`,
      { token: admin },
    );
    expect(afterDelete.body.code).not.toBe(stem);
  });

  it('refuses an empty name, and answers any signed-in admin role, no one else', async () => {
    const admin = await adminToken();
    const empty = await call('GET', '/api/admin/company-code-suggestion?name=', { token: admin });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0].path).toBe('query.name');
    const finance = await platformAdmin(admin, 'finance');
    const asked = await call('GET', '/api/admin/company-code-suggestion?name=Acme', { token: finance.token });
    expect(asked.status).toBe(200);
    expect((await call('GET', '/api/admin/company-code-suggestion?name=Acme')).status).toBe(401);
  });

  it('records who referred a company, and refuses a referrer that does not exist', async () => {
    const admin = await adminToken();
    const referrer = await newCompany(admin, { plan: 'basic' });
    const referred = await newCompany(admin, { referredBy: referrer.code });
    const detail = (await call('GET', `/api/admin/companies/${referred.id}`, { token: admin })).body;
    expect(detail.referredByCompanyId).toBe(referrer.id);
    const unknown = await call('POST', '/api/admin/companies', {
      token: admin,
      body: { code: unique('r'), name: 'R', referredBy: unique('nosuch') },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'REFERRER_NOT_FOUND',
      details: { fields: [{ path: 'body.referredBy' }] },
    });
  });
});
