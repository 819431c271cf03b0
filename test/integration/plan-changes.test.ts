import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { mulDivRound } from '../../lib/money';
import { addMonths, dateOf, monthOf, monthStart } from '../../lib/zoned';
import { addMember, adminToken, call, newCompany, unique } from '../helpers';
import { companyWithAdmin, directoryStub, mailTo, runTask, shiftDirectoryClock } from '../platform-helpers';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
const thisMonth = () => monthOf(Date.now(), TZ);
const sweepAt = (n: number) => monthStart(addMonths(thisMonth(), n), TZ) + DAY / 2 + 8 * 3_600_000;
const localDays = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY;

interface Line {
  code: string;
  label: string;
  amountFen: number;
}

function subscription(token: string, code: string) {
  return {
    get: () => call('GET', '/api/tenant/subscription', { token, tenant: code }),
    preview: (query: string) =>
      call('GET', `/api/tenant/subscription/preview?${query}`, { token, tenant: code }),
    change: (body: Record<string, unknown>) =>
      call('POST', '/api/tenant/subscription/change', { token, tenant: code, body }),
    cancel: () => call('DELETE', '/api/tenant/subscription/pending-change', { token, tenant: code }),
    tenant: () => call('GET', '/api/tenant', { token, tenant: code }),
  };
}

async function invoiceFor(admin: string, companyId: string, period: string) {
  const res = await call('GET', `/api/admin/invoices?companyId=${companyId}&period=${period}`, {
    token: admin,
  });
  expect(res.body.items, `invoice ${period}`).toHaveLength(1);
  return res.body.items[0] as {
    baseFen: number;
    totalFen: number;
    plan: string;
    billingCycle: string;
    lines: Line[];
  };
}

/** A plan smaller than any shipped one (reached with two users and two customers), sold monthly and yearly. */
async function tinyPlan(admin: string) {
  const code = unique('tiny').toLowerCase();
  const res = await call('POST', '/api/admin/plans', {
    token: admin,
    body: {
      code,
      name: 'Tiny',
      quotas: { users: 1, customers: 1, storageMB: 100 * 1024, apiCallsPerMonth: 0 },
      modules: ['crm'],
      priceMonthlyFen: 10_000,
      priceQuarterlyFen: 0,
      priceYearlyFen: 100_000,
      allowOverage: false,
    },
  });
  expect(res.status).toBe(201);
  return code;
}

describe('plan changes by the company administrator (SPEC A12)', () => {
  it('upgrades at once and charges the difference for the days left on the next invoice', async () => {
    const admin = await adminToken();
    const contact = `${unique('up')}@acme.example`;
    const { company, token } = await companyWithAdmin(admin, { plan: 'basic', contactEmail: contact });
    await runTask('invoice-generation', Date.now());
    const api = subscription(token, company.code);

    const today = dateOf(Date.now(), TZ);
    const start = `${thisMonth()}-01`;
    const end = `${addMonths(thisMonth(), 1)}-01`;
    const periodDays = localDays(start, end);
    const days = localDays(today, end);
    const expected = 220_000 - mulDivRound(220_000, periodDays - days, periodDays);

    const preview = await api.preview('plan=professional');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      kind: 'upgrade',
      timing: 'now',
      from: { plan: 'basic', billingCycle: 'monthly' },
      to: { plan: 'professional', billingCycle: 'monthly' },
      proration: { amountFen: expected, days, periodDays },
      blockedBy: [],
      allowed: true,
    });
    expect(expected).toBeGreaterThan(0);

    const changed = await api.change({ plan: 'professional' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      kind: 'upgrade',
      status: 'applied',
      proration: { amountFen: expected },
    });
    // The company's own actor enforces the new plan at once.
    const tenant = await api.tenant();
    expect(tenant.body).toMatchObject({ plan: 'professional', quotas: { users: 50 } });
    expect((await mailTo(admin, contact)).map((m) => m.kind)).toContain('plan.changed');

    await runTask('invoice-generation', sweepAt(1));
    const next = await invoiceFor(admin, company.id, addMonths(thisMonth(), 1));
    expect(next.plan).toBe('professional');
    expect(next.lines.map((l) => [l.code, l.amountFen])).toEqual([
      ['base', 280_000],
      ['plan_change', expected],
    ]);
    expect(next.lines[1]!.label).toContain('basic → professional');
    expect(next.totalFen).toBe(280_000 + expected);
    // Charged once: the invoice after it has no such line.
    await runTask('invoice-generation', sweepAt(2));
    expect((await invoiceFor(admin, company.id, addMonths(thisMonth(), 2))).lines.map((l) => l.code)).toEqual(
      ['base'],
    );
  });

  it('refuses a downgrade while usage exceeds the smaller plan, naming each quota, and changes nothing', async () => {
    const admin = await adminToken();
    const tiny = await tinyPlan(admin);
    const { company, token } = await companyWithAdmin(admin, { plan: 'professional' });
    await addMember(admin, company.id);
    for (const name of ['One Ltd', 'Two Ltd'])
      expect(
        (await call('POST', '/api/customers', { token, tenant: company.code, body: { name } })).status,
      ).toBe(201);
    const api = subscription(token, company.code);

    const preview = await api.preview(`plan=${tiny}`);
    expect(preview.body).toMatchObject({
      kind: 'downgrade',
      timing: 'now',
      allowed: false,
      blockedBy: [
        { quota: 'users', used: 2, limit: 1 },
        { quota: 'customers', used: 2, limit: 1 },
      ],
    });
    const refused = await api.change({ plan: tiny });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PLAN_QUOTA_EXCEEDED');
    expect(refused.body.error.message).toContain('users 2 of 1');
    expect(refused.body.error.details.quotas).toEqual(preview.body.blockedBy);
    expect((await api.get()).body).toMatchObject({
      plan: 'professional',
      pendingChange: null,
      recentChanges: [],
    });
  });

  it('schedules a downgrade for the end of a prepaid period, lets it be cancelled, and applies it on time', async () => {
    const admin = await adminToken();
    const contact = `${unique('down')}@acme.example`;
    const { company, token } = await companyWithAdmin(admin, { plan: 'professional', contactEmail: contact });
    await runTask('invoice-generation', Date.now());
    const api = subscription(token, company.code);
    const periodEnd = monthStart(addMonths(thisMonth(), 1), TZ);

    const scheduled = await api.change({ plan: 'basic' });
    expect(scheduled.body).toMatchObject({
      kind: 'downgrade',
      status: 'scheduled',
      effectiveAt: new Date(periodEnd).toISOString(),
      proration: null,
    });
    expect((await api.get()).body).toMatchObject({
      plan: 'professional',
      pendingChange: { id: scheduled.body.id },
      currentPeriod: { period: thisMonth(), end: new Date(periodEnd).toISOString() },
    });
    expect((await api.tenant()).body.plan).toBe('professional');

    const cancelled = await api.cancel();
    expect(cancelled.body).toMatchObject({ id: scheduled.body.id, status: 'cancelled' });
    expect((await api.get()).body.pendingChange).toBeNull();
    expect((await api.cancel()).status).toBe(404);
    expect((await mailTo(admin, contact)).map((m) => m.kind)).toEqual(
      expect.arrayContaining(['plan.change_scheduled', 'plan.change_cancelled']),
    );

    const again = await api.change({ plan: 'basic' });
    try {
      // A minute before the period ends nothing happens; at its end the alarm applies the change.
      await shiftDirectoryClock(periodEnd - Date.now() - 60_000);
      await runDurableObjectAlarm(directoryStub());
      expect((await api.get()).body.plan).toBe('professional');
      await shiftDirectoryClock(periodEnd - Date.now() + 1_000);
      await runDurableObjectAlarm(directoryStub());
    } finally {
      await shiftDirectoryClock(0);
    }
    const after = (await api.get()).body;
    expect(after).toMatchObject({ plan: 'basic', pendingChange: null });
    expect(after.recentChanges[0]).toMatchObject({ id: again.body.id, status: 'applied' });
    expect((await api.tenant()).body.plan).toBe('basic');
    await runTask('invoice-generation', sweepAt(1));
    expect((await invoiceFor(admin, company.id, addMonths(thisMonth(), 1))).baseFen).toBe(60_000);
  });

  it('changes the billing cycle at the end of the period, and bills the new cycle from then', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin, { plan: 'basic' });
    await runTask('invoice-generation', Date.now());
    const api = subscription(token, company.code);
    const preview = await api.preview('billingCycle=yearly');
    expect(preview.body).toMatchObject({ kind: 'cycle', timing: 'period_end' });
    expect((await api.change({ billingCycle: 'yearly' })).body.status).toBe('scheduled');

    // The monthly sweep applies what is due before it bills.
    await runTask('invoice-generation', sweepAt(1));
    expect((await api.get()).body).toMatchObject({
      plan: 'basic',
      billingCycle: 'yearly',
      pendingChange: null,
    });
    const nextMonth = addMonths(thisMonth(), 1);
    const year = nextMonth.slice(0, 4);
    const yearly = await invoiceFor(admin, company.id, year);
    const daysLeft = localDays(`${nextMonth}-01`, `${Number(year) + 1}-01-01`);
    const yearDays = localDays(`${year}-01-01`, `${Number(year) + 1}-01-01`);
    // January starts a whole year; any other month bills the rest of the year from the change.
    expect(yearly.baseFen).toBe(daysLeft === yearDays ? 600_000 : mulDivRound(600_000, daysLeft, yearDays));
    // Nothing billed twice: the month already paid, then the year from the month after.
    const all = await call('GET', `/api/admin/invoices?companyId=${company.id}`, { token: admin });
    expect(all.body.items.map((i: { period: string }) => i.period).sort()).toEqual(
      [thisMonth(), year].sort(),
    );
  });

  it('lets a trial company buy a plan at once, on the cycle it chooses, with nothing to prorate', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin);
    const api = subscription(token, company.code);
    const trial = await api.change({ plan: 'trial', billingCycle: 'yearly' });
    expect(trial.status).toBe(400);
    expect(trial.body.error).toMatchObject({
      code: 'TRIAL_NOT_SELF_SERVICE',
      details: { fields: [{ path: 'body.plan' }] },
    });
    const bought = await api.change({ plan: 'basic', billingCycle: 'yearly' });
    expect(bought.body).toMatchObject({ kind: 'upgrade', status: 'applied', proration: null });
    const detail = (await call('GET', `/api/admin/companies/${company.id}`, { token: admin })).body;
    expect(detail).toMatchObject({ plan: 'basic', billingCycle: 'yearly', subscriptionStatus: 'active' });
    expect(detail.serviceStartAt).not.toBeNull();
    expect((await api.tenant()).body).toMatchObject({ plan: 'basic', subscriptionStatus: 'active' });
  });

  it('replaces a waiting downgrade with an upgrade, and drops a waiting change the platform overtook', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin, { plan: 'professional' });
    await runTask('invoice-generation', Date.now());
    const api = subscription(token, company.code);
    const down = await api.change({ plan: 'basic' });
    const up = await api.change({ plan: 'enterprise' });
    expect(up.body.status).toBe('applied');
    const recent = (await api.get()).body.recentChanges;
    expect(recent.find((c: { id: string }) => c.id === down.body.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'replaced by a newer change',
    });

    const waiting = await api.change({ plan: 'professional' });
    expect(waiting.body.status).toBe('scheduled');
    await call('PUT', `/api/admin/companies/${company.id}`, { token: admin, body: { plan: 'basic' } });
    const applied = await directoryStub().applyDuePlanChanges(sweepAt(1));
    expect(applied).toEqual({ ok: true, value: { applied: [] } });
    const after = (await api.get()).body;
    expect(after.plan).toBe('basic');
    expect(after.recentChanges.find((c: { id: string }) => c.id === waiting.body.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: expect.stringContaining('superseded'),
    });
  });

  it('is for the company administrator: refuses members, other companies, no change, unknown plans and a suspended company', async () => {
    const admin = await adminToken();
    const { company, token } = await companyWithAdmin(admin, { plan: 'basic' });
    const member = await addMember(admin, company.id);
    const asMember = subscription(member.token, company.code);
    expect((await asMember.change({ plan: 'professional' })).body.error.code).toBe('TENANT_ADMIN_REQUIRED');
    expect((await asMember.get()).status).toBe(403);
    const other = await companyWithAdmin(admin, { plan: 'basic' });
    const stranger = await subscription(other.token, company.code).change({ plan: 'professional' });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('NOT_A_MEMBER');

    const api = subscription(token, company.code);
    expect((await api.change({ plan: 'basic' })).body.error.code).toBe('PLAN_UNCHANGED');
    expect((await api.change({})).status).toBe(400);
    const unknown = await api.change({ plan: 'no-such-plan' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].path).toBe('body.plan');
    expect((await api.change({ plan: 'Bad Code' })).status).toBe(400);
    const unsold = await api.change({ plan: await tinyPlan(admin), billingCycle: 'quarterly' });
    expect(unsold.body.error).toMatchObject({
      code: 'CYCLE_NOT_OFFERED',
      details: { fields: [{ path: 'body.billingCycle' }] },
    });
    expect((await api.preview('billingCycle=weekly')).status).toBe(400);

    // A platform admin may act for the company.
    const byAdmin = await subscription(admin, company.code).preview('plan=enterprise');
    expect(byAdmin.body.kind).toBe('upgrade');

    await call('PUT', `/api/admin/companies/${company.id}`, {
      token: admin,
      body: { subscriptionStatus: 'suspended' },
    });
    const suspended = await api.change({ plan: 'professional' });
    expect(suspended.status).toBe(402);
    expect(suspended.body.error.code).toBe('TENANT_SUSPENDED');
    expect((await newCompany(admin)).plan).toBe('trial');
  });
});
