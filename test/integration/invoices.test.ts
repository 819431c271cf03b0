import { describe, expect } from 'vitest';
import { addMonths, dateOf, monthOf, monthStart } from '../../lib/zoned';
import { sweepNow, testNow } from '../clock';
import { adminToken, call, grant, newCompany, newUser, platformAdmin, unique, userToken } from '../helpers';
import { companyWithAdmin, directoryStub, mailTo, runTask, shiftDirectoryClock } from '../platform-helpers';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
const thisMonth = () => monthOf(testNow(), TZ);
/** 12:00 UTC on the 1st of the month `n` months from now: when the monthly sweep runs. */
const sweepAt = (n: number) => monthStart(addMonths(thisMonth(), n), TZ) + DAY / 2 + 8 * 3_600_000;

interface InvoiceView {
  id: string;
  number: string;
  companyId: string;
  period: string;
  status: string;
  totalFen: number;
  baseFen: number;
  dueAt: string;
  dueDate: string;
  invoiceDate: string;
  lines: { code: string; quantity: number; amountFen: number }[];
  [k: string]: unknown;
}

async function invoicesOf(admin: string, companyId: string): Promise<InvoiceView[]> {
  const res = await call('GET', `/api/admin/invoices?companyId=${companyId}&pageSize=200`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('invoice generation (SPEC A9)', () => {
  sweepNow(
    'bills an active company once for its current period, prorated from its start, and mails it',
    async () => {
      const admin = await adminToken();
      const { company, token } = await companyWithAdmin(admin, {
        plan: 'basic',
        contactEmail: `${unique('fin')}@acme.example`,
      });
      const trial = await newCompany(admin);
      const first = await runTask('invoice-generation', testNow());
      expect(first.failed).toEqual([]);
      const [invoice, ...more] = await invoicesOf(admin, company.id);
      expect(more).toEqual([]);
      expect(await invoicesOf(admin, trial.id)).toEqual([]);
      expect(invoice).toMatchObject({
        period: thisMonth(),
        status: 'pending',
        plan: 'basic',
        billingCycle: 'monthly',
      });
      expect(invoice!.number).toMatch(/^INV-\d{6}-\d{6}$/);
      expect(invoice!.id).toMatch(/^inv_[a-z2-7]{26}$/);
      // Service began today, inside the period: the base fee covers the days left.
      expect(invoice!.baseFen).toBeGreaterThan(0);
      expect(invoice!.baseFen).toBeLessThanOrEqual(60_000);
      expect(invoice!.lines[0]!.code).toBe('base');
      expect(invoice!.dueDate).toBe(dateOf(Date.parse(invoice!.invoiceDate) + 15 * DAY, TZ));

      // A second run, by hand or by cron, bills nobody twice.
      await runTask('invoice-generation', testNow() + 60_000);
      expect(await invoicesOf(admin, company.id)).toHaveLength(1);

      const mails = await mailTo(
        admin,
        (await call('GET', `/api/admin/companies/${company.id}`, { token: admin })).body.contactEmail,
      );
      expect(mails.map((m) => m.kind)).toEqual(['invoice.issued']);
      expect(mails[0]!.text).toContain(invoice!.number);
      // The company's admin sees it in the workspace, served by the company's own actor.
      const own = await call('GET', '/api/tenant/invoices', { token, tenant: company.code });
      expect(own.body.items).toEqual([
        expect.objectContaining({ id: invoice!.id, number: invoice!.number, totalFen: invoice!.totalFen }),
      ]);
    },
  );

  sweepNow(
    'bills the next full period with overage lines for users, API calls of the month before, and the discount',
    async () => {
      const admin = await adminToken();
      const code = unique('meter').toLowerCase();
      await call('POST', '/api/admin/plans', {
        token: admin,
        body: {
          code,
          name: 'Metered',
          quotas: { users: 1, customers: 100, storageMB: 1024, apiCallsPerMonth: 2 },
          modules: ['crm'],
          priceMonthlyFen: 50_000,
          priceYearlyFen: 500_000,
          extraUserFen: 8_000,
          apiCallFen: 1,
          allowOverage: true,
        },
      });
      const { company, token } = await companyWithAdmin(admin, { plan: code, discountPercent: 10 });
      await grant(admin, (await newUser(admin)).id, company.id);
      const key = (
        await call('POST', '/api/tenant/api-keys', { token, tenant: company.code, body: { name: 'k' } })
      ).body.key;
      for (let i = 0; i < 5; i++)
        await call('GET', '/api/tenant/settings', { token: key, tenant: company.code });

      await runTask('invoice-generation', sweepAt(1));
      const next = (await invoicesOf(admin, company.id)).find((i) => i.period === addMonths(thisMonth(), 1))!;
      expect(next).toMatchObject({
        baseFen: 50_000,
        extraUsers: 1,
        extraUsersFen: 8_000,
        apiOverageCalls: 3,
        apiOverageFen: 3,
        discountPercent: 10,
        discountFen: 5_000,
        totalFen: 50_000 + 8_000 + 3 - 5_000,
      });
      expect(next.lines.map((l) => l.code)).toEqual(['base', 'extra_users', 'api_overage', 'discount']);
      expect(next.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(next.totalFen);
    },
  );

  sweepNow('bills quarterly and yearly companies once per quarter and year', async () => {
    const admin = await adminToken();
    const quarterly = await newCompany(admin, { plan: 'basic', billingCycle: 'quarterly' });
    const yearly = await newCompany(admin, { plan: 'professional', billingCycle: 'yearly' });
    for (const n of [1, 2, 3, 4]) await runTask('invoice-generation', sweepAt(n));
    const quarterOf = (m: string) => `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5)) - 1) / 3) + 1}`;
    const months = [1, 2, 3, 4].map((n) => addMonths(thisMonth(), n));
    const q = await invoicesOf(admin, quarterly.id);
    expect(new Set(q.map((i) => i.period))).toEqual(new Set(months.map(quarterOf)));
    expect(q).toHaveLength(new Set(months.map(quarterOf)).size);
    // The quarter service began in is prorated; every later one is the full quarterly price.
    for (const i of q) {
      if (i.period === quarterOf(thisMonth())) expect(i.baseFen).toBeLessThan(180_000);
      else expect(i.baseFen).toBe(180_000);
    }
    const y = await invoicesOf(admin, yearly.id);
    expect(new Set(y.map((i) => i.period))).toEqual(new Set(months.map((m) => m.slice(0, 4))));
    for (const i of y) {
      if (i.period === thisMonth().slice(0, 4)) expect(i.baseFen).toBeLessThan(2_800_000);
      else expect(i.baseFen).toBe(2_800_000);
    }
    // The list filters by period, together with the company.
    const one = q[q.length - 1]!;
    const byPeriod = await call(
      'GET',
      `/api/admin/invoices?companyId=${quarterly.id}&period=${one.period}&pageSize=200`,
      { token: admin },
    );
    expect(byPeriod.body.items.map((i: InvoiceView) => i.id)).toEqual([one.id]);
    const otherCompany = await call(
      'GET',
      `/api/admin/invoices?companyId=${yearly.id}&period=${one.period}&pageSize=200`,
      { token: admin },
    );
    expect(otherCompany.body.items).toEqual([]);
  });

  sweepNow('keeps one invoice per company and period even when two runs race', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin, { plan: 'basic' });
    const period = addMonths(thisMonth(), 6);
    const usage = { activeUsers: 0, storageBytes: 0, apiCallsByMonth: {} };
    const dir = directoryStub();
    const results = await Promise.all([
      dir.issueInvoice(company.id, period, usage),
      dir.issueInvoice(company.id, period, usage),
    ]);
    expect(results.map((r) => r.ok && r.value.issued).sort()).toEqual([false, true]);
    expect((await invoicesOf(admin, company.id)).filter((i) => i.period === period)).toHaveLength(1);
  });
});

describe('overdue invoices and suspension (欠费停机)', () => {
  sweepNow(
    'marks unpaid invoices overdue, suspends past the grace period, refuses writes but not reads, and restores on payment',
    async () => {
      const admin = await adminToken();
      const { company, token, user } = await companyWithAdmin(admin, { plan: 'basic' });
      await runTask('invoice-generation', testNow());
      const [invoice] = await invoicesOf(admin, company.id);
      const dueAt = Date.parse(invoice!.dueAt);

      const day1 = await runTask('invoice-overdue', dueAt + DAY);
      expect(day1.overdue).toContain(invoice!.number);
      expect(day1.suspended).not.toContain(company.code);
      expect((await call('GET', `/api/admin/invoices/${invoice!.id}`, { token: admin })).body.status).toBe(
        'overdue',
      );
      expect(
        (
          await call('PATCH', '/api/tenant/settings', {
            token,
            tenant: company.code,
            body: { crmAutoStatusSync: false },
          })
        ).status,
      ).toBe(200);

      const day8 = await runTask('invoice-overdue', dueAt + 8 * DAY);
      expect(day8.suspended).toContain(company.code);
      const write = await call('PATCH', '/api/tenant/settings', {
        token,
        tenant: company.code,
        body: { crmAutoStatusSync: true },
      });
      expect(write.status).toBe(402);
      expect(write.body.error.code).toBe('TENANT_SUSPENDED');
      const read = await call('GET', '/api/tenant', { token, tenant: company.code });
      expect(read.body).toMatchObject({ subscriptionStatus: 'suspended', writable: false });
      expect(
        (await call('GET', '/api/tenant/settings', { token, tenant: company.code })).body.crmAutoStatusSync,
      ).toBe(false);
      // Platform admins may still fix things for the company.
      expect(
        (
          await call('PATCH', '/api/tenant/settings', {
            token: admin,
            tenant: company.code,
            body: { crmAutoStatusSync: true },
          })
        ).status,
      ).toBe(200);
      // Running the sweep again suspends nobody twice and mails nothing twice.
      await runTask('invoice-overdue', dueAt + 9 * DAY);
      const mails = await mailTo(admin, user.email);
      expect(
        mails.map((m) => m.kind).filter((k) => k.startsWith('invoice') || k.startsWith('tenant')),
      ).toEqual(['tenant.suspended', 'invoice.overdue', 'invoice.issued']);
      const alerts = await call('GET', `/api/admin/alerts?companyId=${company.id}`, { token: admin });
      expect(alerts.body.items.map((a: { kind: string }) => a.kind)).toEqual(['suspended']);

      const finance = (await platformAdmin(admin, 'finance')).token;
      const sales = (await platformAdmin(admin, 'sales')).token;
      const denied = await call('POST', `/api/admin/invoices/${invoice!.id}/mark-paid`, {
        token: sales,
        body: { paymentMethod: 'bank_transfer' },
      });
      expect(denied.status).toBe(403);
      const bad = await call('POST', `/api/admin/invoices/${invoice!.id}/mark-paid`, {
        token: finance,
        body: { paymentMethod: 'gold' },
      });
      expect(bad.body.error.details.fields[0].path).toBe('body.paymentMethod');
      const paid = await call('POST', `/api/admin/invoices/${invoice!.id}/mark-paid`, {
        token: finance,
        body: { paymentMethod: 'bank_transfer', paymentReference: 'BOC-2026-0042' },
      });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({
        status: 'paid',
        paymentMethod: 'bank_transfer',
        paymentReference: 'BOC-2026-0042',
      });
      expect(paid.body.paidAt).not.toBeNull();
      const restored = await call('GET', '/api/tenant', { token, tenant: company.code });
      expect(restored.body).toMatchObject({ subscriptionStatus: 'active', writable: true });
      expect(
        (
          await call('PATCH', '/api/tenant/settings', {
            token,
            tenant: company.code,
            body: { crmAutoStatusSync: false },
          })
        ).status,
      ).toBe(200);
      const again = await call('POST', `/api/admin/invoices/${invoice!.id}/mark-paid`, {
        token: finance,
        body: { paymentMethod: 'cash' },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INVOICE_ALREADY_PAID');
      expect((await mailTo(admin, user.email)).slice(0, 2).map((m) => m.kind)).toEqual([
        'tenant.restored',
        'invoice.paid',
      ]);
      const own = await call('GET', '/api/tenant/invoices', { token, tenant: company.code });
      expect(own.body.items[0]).toMatchObject({ id: invoice!.id, status: 'paid' });
      const log = await call('GET', `/api/admin/logs?companyId=${company.id}&action=invoice.mark_paid`, {
        token: admin,
      });
      expect(log.body.items).toEqual([
        expect.objectContaining({ adminUsername: expect.stringContaining('finance') }),
      ]);
    },
  );

  sweepNow(
    "keeps a deleted company's unpaid invoice on the books as overdue without mailing the company",
    async () => {
      const admin = await adminToken();
      const { company, user } = await companyWithAdmin(admin, { plan: 'basic' });
      await runTask('invoice-generation', testNow());
      const [invoice] = await invoicesOf(admin, company.id);
      expect((await call('DELETE', `/api/admin/companies/${company.id}`, { token: admin })).status).toBe(200);
      const swept = await runTask('invoice-overdue', Date.parse(invoice!.dueAt) + 30 * DAY);
      expect(swept.overdue).toContain(invoice!.number);
      expect(swept.suspended).not.toContain(company.code);
      expect((await call('GET', `/api/admin/invoices/${invoice!.id}`, { token: admin })).body.status).toBe(
        'overdue',
      );
      const kinds = (await mailTo(admin, user.email)).map((m) => m.kind);
      expect(kinds).toContain('invoice.issued');
      expect(kinds).not.toContain('invoice.overdue');
    },
  );

  sweepNow('cancels an unpaid invoice (lifting a suspension it caused) but never a paid one', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin, { plan: 'basic' });
    await runTask('invoice-generation', testNow());
    const [invoice] = await invoicesOf(admin, company.id);
    await runTask('invoice-overdue', Date.parse(invoice!.dueAt) + 30 * DAY);
    expect((await call('GET', '/api/tenant', { token, tenant: company.code })).body.subscriptionStatus).toBe(
      'suspended',
    );
    const cancelled = await call('POST', `/api/admin/invoices/${invoice!.id}/cancel`, {
      token: admin,
      body: { reason: 'billed by mistake' },
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', notes: 'billed by mistake' });
    expect((await call('GET', '/api/tenant', { token, tenant: company.code })).body.subscriptionStatus).toBe(
      'active',
    );
    expect(
      (
        await call('POST', `/api/admin/invoices/${invoice!.id}/mark-paid`, {
          token: admin,
          body: { paymentMethod: 'cash' },
        })
      ).status,
    ).toBe(409);

    const other = await newCompany(admin, { plan: 'basic' });
    await runTask('invoice-generation', testNow());
    const [paid] = await invoicesOf(admin, other.id);
    await call('POST', `/api/admin/invoices/${paid!.id}/mark-paid`, {
      token: admin,
      body: { paymentMethod: 'alipay' },
    });
    const refused = await call('POST', `/api/admin/invoices/${paid!.id}/cancel`, { token: admin, body: {} });
    expect(refused.status).toBe(409);
    expect((await call('GET', '/api/admin/invoices/inv_nope', { token: admin })).status).toBe(404);
  });

  sweepNow(
    'keeps a company suspended while another invoice is still overdue, and cancels an invoice once',
    async () => {
      const admin = await adminToken();
      const { company, token, user } = await companyWithAdmin(admin, { plan: 'basic' });
      const usage = { activeUsers: 0, storageBytes: 0, apiCallsByMonth: {} };
      for (const ahead of [7, 8]) {
        const issued = await directoryStub().issueInvoice(company.id, addMonths(thisMonth(), ahead), usage);
        expect(issued.ok && issued.value.issued).toBe(true);
      }
      const [later, earlier] = await invoicesOf(admin, company.id);
      const sweptAt = Date.parse(earlier!.dueAt) + 30 * DAY;
      await runTask('invoice-overdue', sweptAt);
      const status = async () =>
        (await call('GET', '/api/tenant', { token, tenant: company.code })).body.subscriptionStatus;
      expect(await status()).toBe('suspended');
      // The payments come in after that sweep, a month past the due dates.
      await shiftDirectoryClock(sweptAt - Date.now());
      try {
        const paid = await call('POST', `/api/admin/invoices/${earlier!.id}/mark-paid`, {
          token: admin,
          body: { paymentMethod: 'cash' },
        });
        expect(paid.body.status).toBe('paid');
        expect(await status()).toBe('suspended');

        const cancel = () =>
          call('POST', `/api/admin/invoices/${later!.id}/cancel`, {
            token: admin,
            body: { reason: 'waived' },
          });
        expect((await cancel()).body).toMatchObject({ status: 'cancelled', notes: 'waived' });
        expect(await status()).toBe('active');
        const again = await cancel();
        expect(again.status).toBe(200);
        expect(again.body.status).toBe('cancelled');
        const kinds = (await mailTo(admin, user.email)).map((m) => m.kind);
        expect(kinds.filter((k) => k === 'invoice.cancelled')).toHaveLength(1);
        expect(kinds.filter((k) => k === 'tenant.restored')).toHaveLength(1);
      } finally {
        await shiftDirectoryClock(0);
      }
    },
  );

  sweepNow(
    'expires an ended trial: reads work, writes are refused until the company subscribes',
    async () => {
      const admin = await adminToken();
      const { company, token } = await companyWithAdmin(admin);
      const trialEndsAt = Date.parse(
        (await call('GET', `/api/admin/companies/${company.id}`, { token: admin })).body.trialEndsAt,
      );
      const swept = await runTask('invoice-overdue', trialEndsAt + 60_000);
      expect(swept.expired).toContain(company.code);
      const write = await call('PATCH', '/api/tenant/settings', {
        token,
        tenant: company.code,
        body: { crmAutoStatusSync: false },
      });
      expect(write.body.error.code).toBe('SUBSCRIPTION_EXPIRED');
      expect((await call('GET', '/api/tenant', { token, tenant: company.code })).status).toBe(200);
      const upgraded = await call('PUT', `/api/admin/companies/${company.id}`, {
        token: admin,
        body: { plan: 'basic' },
      });
      expect(upgraded.body).toMatchObject({ subscriptionStatus: 'active', plan: 'basic' });
      expect(
        (
          await call('PATCH', '/api/tenant/settings', {
            token,
            tenant: company.code,
            body: { crmAutoStatusSync: false },
          })
        ).status,
      ).toBe(200);
    },
  );

  sweepNow('lists invoices by status and number, and lets finance but not support see them', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin, { plan: 'enterprise' });
    await runTask('invoice-generation', testNow());
    const [invoice] = await invoicesOf(admin, company.id);
    const byNumber = await call('GET', `/api/admin/invoices?q=${invoice!.number}`, { token: admin });
    expect(byNumber.body.items.map((i: { id: string }) => i.id)).toEqual([invoice!.id]);
    const pending = await call('GET', `/api/admin/invoices?status=pending&companyId=${company.id}`, {
      token: admin,
    });
    expect(pending.body.total).toBe(1);
    expect(
      (await call('GET', `/api/admin/invoices?status=paid&companyId=${company.id}`, { token: admin })).body
        .total,
    ).toBe(0);
    expect(
      (await call('GET', '/api/admin/invoices', { token: (await platformAdmin(admin, 'finance')).token }))
        .status,
    ).toBe(200);
    expect(
      (await call('GET', '/api/admin/invoices', { token: (await platformAdmin(admin, 'support')).token }))
        .status,
    ).toBe(403);
    const member = await newUser(admin);
    await grant(admin, member.id, company.id);
    const memberView = await call('GET', '/api/tenant/invoices', {
      token: await userToken(member.username),
      tenant: company.code,
    });
    expect(memberView.body.error.code).toBe('TENANT_ADMIN_REQUIRED');
  });
});
