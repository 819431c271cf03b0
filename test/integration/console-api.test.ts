import { runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Directory } from '../../durable-objects/directory/directory';
import { monthOf } from '../../lib/zoned';
import { sweepNow, testNow } from '../clock';
import { adminToken, BASE, call, grant, newCompany, newUser, tenantStub, unique } from '../helpers';
import {
  companyWithAdmin,
  directoryStub,
  mailTo,
  runTask,
  shiftDirectoryClock,
  shiftTenantClock,
} from '../platform-helpers';

afterEach(() => vi.restoreAllMocks());

describe('the public contract (platform paths)', () => {
  it('documents every public platform path in the OpenAPI document', async () => {
    const res = await SELF.fetch(`${BASE}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const expected: [string, string][] = [
      ['post', '/api/admin/companies/{id}/generate-onboarding'],
      ['get', '/api/admin/plans'],
      ['post', '/api/admin/plans'],
      ['get', '/api/admin/plans/{code}'],
      ['put', '/api/admin/plans/{code}'],
      ['get', '/api/admin/invoices'],
      ['get', '/api/admin/invoices/{id}'],
      ['post', '/api/admin/invoices/{id}/mark-paid'],
      ['post', '/api/admin/invoices/{id}/cancel'],
      ['get', '/api/admin/dashboard'],
      ['get', '/api/admin/logs'],
      ['get', '/api/admin/system-config'],
      ['post', '/api/onboarding/verify-token'],
      ['post', '/api/onboarding/check-username'],
      ['post', '/api/onboarding/create-admin'],
      ['post', '/api/onboarding/init-basic-data'],
      ['post', '/api/onboarding/complete'],
      ['get', '/api/auth/oauth/{provider}/start'],
      ['get', '/api/auth/oauth/{provider}/callback'],
    ];
    for (const [method, path] of expected)
      expect(doc.paths[path], `${method} ${path}`).toHaveProperty(method);
  });
});

describe('admin lists filter what they are asked to', () => {
  it('mails by company and kind, users by status', async () => {
    const admin = await adminToken();
    const { company, user } = await companyWithAdmin(admin, { plan: 'basic' });
    for (const subscriptionStatus of ['active', 'suspended', 'active']) {
      await call('PUT', `/api/admin/companies/${company.id}`, { token: admin, body: { subscriptionStatus } });
    }
    const ofCompany = await call('GET', `/api/admin/mail?companyId=${company.id}&pageSize=200`, {
      token: admin,
    });
    expect(ofCompany.body.total).toBeGreaterThanOrEqual(2);
    expect(new Set(ofCompany.body.items.map((m: { companyId: string }) => m.companyId))).toEqual(
      new Set([company.id]),
    );
    const restored = await call('GET', `/api/admin/mail?companyId=${company.id}&kind=tenant.restored`, {
      token: admin,
    });
    expect(restored.body.items).toEqual([
      expect.objectContaining({ kind: 'tenant.restored', companyId: company.id, to: user.email }),
    ]);

    const prefix = unique('filt');
    const on = await newUser(admin, `${prefix}on`);
    const off = await newUser(admin, `${prefix}off`);
    // An account is disabled when it leaves its last company.
    await grant(admin, off.id, company.id);
    const left = await call('DELETE', `/api/admin/users/${off.id}/companies/${company.id}`, { token: admin });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    const ids = async (status: string) =>
      (await call('GET', `/api/admin/users?q=${prefix}&status=${status}`, { token: admin })).body.items.map(
        (u: { id: string }) => u.id,
      );
    expect(await ids('disabled')).toEqual([off.id]);
    expect(await ids('active')).toEqual([on.id]);
  });
});

describe('system config', () => {
  it('answers defaults, keeps changes, names bad fields', async () => {
    const admin = await adminToken();
    const res = await call('GET', '/api/admin/system-config', { token: admin });
    expect(res.body).toMatchObject({
      invoiceDueDays: 15,
      alertThresholdPercent: 80,
      platformTimezone: 'Asia/Shanghai',
    });
    const put = await call('PUT', '/api/admin/system-config', {
      token: admin,
      body: { invoiceDueDays: 30, platformName: 'Keel 云' },
    });
    expect(put.body).toMatchObject({
      invoiceDueDays: 30,
      platformName: 'Keel 云',
      alertThresholdPercent: 80,
    });
    const bad = await call('PUT', '/api/admin/system-config', {
      token: admin,
      body: { invoiceDueDays: -1, platformTimezone: 'Mars/Base' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['body.invoiceDueDays', 'body.platformTimezone']),
    );
    expect((await call('GET', '/api/admin/system-config', { token: admin })).body.invoiceDueDays).toBe(30);
    await call('PUT', '/api/admin/system-config', {
      token: admin,
      body: { invoiceDueDays: 15, platformName: 'Keel' },
    });
  });
});

describe('companies in the console (SPEC A7)', () => {
  sweepNow(
    'searches, filters by status, plan, industry, region and expiry, and sorts by expiry and usage',
    async () => {
      const admin = await adminToken();
      const tag = unique('flt');
      const soon = new Date(testNow() + 3 * 86_400_000).toISOString();
      const later = new Date(testNow() + 300 * 86_400_000).toISOString();
      const a = await newCompany(admin, {
        code: `${tag}-a`,
        name: `${tag} Alpha`,
        plan: 'basic',
        industry: 'energy',
        region: '华东',
        serviceEndAt: later,
      });
      const b = await newCompany(admin, {
        code: `${tag}-b`,
        name: `${tag} Beta`,
        plan: 'basic',
        industry: 'retail',
        region: '华南',
        serviceEndAt: soon,
      });
      const c = await newCompany(admin, {
        code: `${tag}-c`,
        name: `${tag} Gamma`,
        industry: 'energy',
        region: '华东',
      });
      for (let i = 0; i < 2; i++) await grant(admin, (await newUser(admin)).id, c.id);
      await runTask('usage-alerts', testNow());
      const q = (query: string) =>
        call('GET', `/api/admin/companies?q=${tag}&${query}`, { token: admin }).then((r) =>
          r.body.items.map((x: { id: string }) => x.id),
        );
      expect(await q('industry=energy&sort=created')).toEqual([a.id, c.id]);
      expect(await q('region=%E5%8D%8E%E5%8D%97')).toEqual([b.id]);
      expect(await q('plan=basic&sort=name')).toEqual([a.id, b.id]);
      expect(await q('status=trial')).toEqual([c.id]);
      expect(await q('expiringWithinDays=7')).toEqual([b.id]);
      expect(await q('sort=expiry')).toEqual([b.id, c.id, a.id]);
      expect((await q('sort=usage'))[0]).toBe(c.id);
      const gamma = await call('GET', `/api/admin/companies?q=${encodeURIComponent(`${tag} Gamma`)}`, {
        token: admin,
      });
      expect(gamma.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      // A literal % or _ in the search matches only itself.
      expect((await call('GET', '/api/admin/companies?q=%25', { token: admin })).body.total).toBe(0);
    },
  );
});

describe('dashboard (SPEC A7)', () => {
  /** Runs invoicing now and pays the company's new invoice; answers it. */
  async function paidInvoice(admin: string, companyId: string) {
    await runTask('invoice-generation', testNow());
    const invoice = (await call('GET', `/api/admin/invoices?companyId=${companyId}`, { token: admin })).body
      .items[0];
    await call('POST', `/api/admin/invoices/${invoice.id}/mark-paid`, {
      token: admin,
      body: { paymentMethod: 'wechat_pay' },
    });
    return invoice;
  }

  sweepNow(
    'shows real numbers: tenants, new this month, revenue, distribution, users, storage, API calls per month',
    async () => {
      const admin = await adminToken();
      const before = (await call('GET', '/api/admin/dashboard', { token: admin })).body;
      const month = monthOf(testNow(), 'Asia/Shanghai');
      expect(before.month).toBe(month);
      const paying = await companyWithAdmin(admin, {
        plan: 'professional',
        industry: 'manufacturing',
        region: '华北',
      });
      await newCompany(admin, { industry: 'manufacturing' });
      const invoice = await paidInvoice(admin, paying.company.id);
      const key = (
        await call('POST', '/api/tenant/api-keys', {
          token: paying.token,
          tenant: paying.company.code,
          body: { name: 'k' },
        })
      ).body.key;
      for (let i = 0; i < 3; i++)
        await call('GET', '/api/tenant', { token: key, tenant: paying.company.code });
      await runTask('usage-alerts', testNow());

      const after = (await call('GET', '/api/admin/dashboard', { token: admin })).body;
      expect(after.tenants.total - before.tenants.total).toBe(2);
      expect(after.tenants.newThisMonth - before.tenants.newThisMonth).toBe(2);
      expect(after.tenants.active - before.tenants.active).toBe(1);
      expect(after.revenue.thisMonthFen - before.revenue.thisMonthFen).toBe(invoice.totalFen);
      expect(after.revenueByMonth).toHaveLength(12);
      expect(after.revenueByMonth.at(-1)).toMatchObject({ month });
      expect(after.revenueByMonth.at(-1).paidFen - before.revenueByMonth.at(-1).paidFen).toBe(
        invoice.totalFen,
      );
      const manufacturing = (d: typeof after) =>
        d.byIndustry.find((x: { key: string }) => x.key === 'manufacturing')?.count ?? 0;
      expect(manufacturing(after) - manufacturing(before)).toBe(2);
      expect(
        after.byPlan.find((x: { key: string }) => x.key === 'professional').count,
      ).toBeGreaterThanOrEqual(1);
      expect(after.byRegion.map((x: { key: string }) => x.key)).toContain('华北');
      expect(after.users.total - before.users.total).toBe(1);
      expect(after.storage.totalMB).toBeGreaterThan(0);
      const calls = (d: typeof after) => d.apiCallsByMonth.at(-1).apiCalls;
      expect(calls(after) - calls(before)).toBe(3);
      expect(after.apiCallsByMonth.at(-1).requests).toBeGreaterThan(3);
    },
  );

  sweepNow('asked about a past month, counts only what happened in that month', async () => {
    const admin = await adminToken();
    const paying = await companyWithAdmin(admin, { plan: 'professional' });
    const invoice = await paidInvoice(admin, paying.company.id);
    const now = await directoryStub().dashboard(testNow());
    expect(now.tenants.newThisMonth).toBeGreaterThanOrEqual(1);
    expect(now.revenue.thisMonthFen).toBeGreaterThanOrEqual(invoice.totalFen);

    const past = await directoryStub().dashboard(Date.UTC(2001, 0, 15));
    expect(past.month).toBe('2001-01');
    expect(past.tenants.newThisMonth).toBe(0);
    expect(past.revenue.thisMonthFen).toBe(0);
    expect(past.revenue.billedThisMonthFen).toBe(0);
  });

  sweepNow('learns a tenant’s usage from the tenant itself a few minutes after activity', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin);
    for (let i = 0; i < 4; i++) await call('GET', '/api/tenant', { token, tenant: company.code });
    await shiftTenantClock(company.code, testNow() - Date.now() + 6 * 60_000);
    await runDurableObjectAlarm(tenantStub(company.code));
    const detail = await call('GET', `/api/admin/companies/${company.id}`, { token: admin });
    expect(detail.body.usage).toMatchObject({ users: 1, month: monthOf(testNow(), 'Asia/Shanghai') });
    expect(detail.body.usage.reportedAt).not.toBeNull();
  });
});

describe('mail outbox (SPEC G5)', () => {
  it('lists mails queued in the same millisecond newest first too, in the order they were queued', async () => {
    const admin = await adminToken();
    const to = `${unique('same-ms')}@example.com`;
    const kinds = Array.from({ length: 8 }, (_, i) => `test.order-${i}`);
    await runInDurableObject(directoryStub(), (instance: Directory) => {
      const actor = instance as unknown as {
        now: () => number;
        mailQueue: { queueMail(to: string, content: { subject: string; text: string; kind: string }): void };
      };
      const frozen = actor.now();
      const now = actor.now;
      actor.now = () => frozen;
      try {
        for (const kind of kinds) actor.mailQueue.queueMail(to, { subject: kind, text: kind, kind });
      } finally {
        actor.now = now;
      }
    });
    const res = await call('GET', `/api/admin/mail?to=${encodeURIComponent(to)}&pageSize=50`, {
      token: admin,
    });
    expect(res.body.items.map((m: { kind: string }) => m.kind)).toEqual([...kinds].reverse());
  });

  it('keeps mail in the local outbox without a provider, listed for the console', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin);
    const user = await newUser(admin);
    await grant(admin, user.id, company.id);
    const res = await call('GET', `/api/admin/mail?to=${user.email}`, { token: admin });
    expect(res.body.items[0]).toMatchObject({
      status: 'sent',
      provider: 'local',
      kind: 'membership.granted',
      userId: user.id,
      companyId: company.id,
    });
    expect((await call('GET', '/api/admin/mail?status=dead', { token: admin })).body.total).toBe(0);
  });

  it('sends through the HTTP provider when configured, and loses nothing when it fails', async () => {
    const admin = await adminToken();
    await runInDurableObject(directoryStub(), (instance: Directory) => {
      const self = instance as unknown as { env: Record<string, unknown> };
      self.env = {
        ...self.env,
        MAIL_HTTP_URL: 'https://mail.example/v1/send',
        MAIL_HTTP_TOKEN: 'mail-token',
      };
    });
    const sent: { url: string; method: string; headers: Headers; body: string }[] = [];
    let up = false;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      if (!req.url.startsWith('https://mail.example/')) throw new Error(`unexpected fetch ${req.url}`);
      sent.push({ url: req.url, method: req.method, headers: req.headers, body: await req.text() });
      return up ? new Response('{"accepted":true}', { status: 202 }) : new Response('busy', { status: 503 });
    });
    try {
      const company = await newCompany(admin);
      const user = await newUser(admin);
      await grant(admin, user.id, company.id);
      let [mail] = await mailTo(admin, user.email);
      expect(mail).toMatchObject({ status: 'queued', attempts: 1, provider: 'http' });
      expect(
        (await call('GET', `/api/admin/mail?to=${user.email}`, { token: admin })).body.items[0].lastError,
      ).toContain('503');

      up = true;
      await shiftDirectoryClock(2 * 3_600_000);
      await runDurableObjectAlarm(directoryStub());
      [mail] = await mailTo(admin, user.email);
      expect(mail).toMatchObject({ status: 'sent', attempts: 2, provider: 'http' });
      const last = sent.at(-1)!;
      expect(last.method).toBe('POST');
      expect(last.headers.get('authorization')).toBe('Bearer mail-token');
      expect(last.headers.get('idempotency-key')).toBe(mail!.id);
      expect(JSON.parse(last.body)).toEqual({
        id: mail!.id,
        to: user.email,
        subject: mail!.subject,
        text: mail!.text,
      });

      // Past the last attempt a mail is dead-lettered, still listed, and can be sent again by hand.
      up = false;
      const other = await newUser(admin);
      await grant(admin, other.id, company.id);
      for (let i = 0; i < 10; i++) {
        await shiftDirectoryClock((3 + i * 2) * 3_600_000);
        await runDurableObjectAlarm(directoryStub());
      }
      let [dead] = await mailTo(admin, other.email);
      expect(dead).toMatchObject({ status: 'dead', attempts: 8 });
      up = true;
      const retried = await call('POST', `/api/admin/mail/${dead!.id}/retry`, { token: admin });
      expect(retried.status).toBe(200);
      [dead] = await mailTo(admin, other.email);
      expect(dead).toMatchObject({ status: 'sent' });
      expect((await call('POST', `/api/admin/mail/${dead!.id}/retry`, { token: admin })).status).toBe(409);
    } finally {
      await shiftDirectoryClock(0);
      await runInDurableObject(directoryStub(), (instance: Directory) => {
        const self = instance as unknown as { env: Record<string, unknown> };
        const { MAIL_HTTP_URL: _u, MAIL_HTTP_TOKEN: _t, ...rest } = self.env;
        self.env = rest;
      });
    }
  });
});
