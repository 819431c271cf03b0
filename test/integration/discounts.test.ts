import { describe, expect, it } from 'vitest';
import { addMonths, monthOf, monthStart } from '../../lib/zoned';
import { adminToken, call, newCompany, platformAdmin, unique } from '../helpers';
import { runTask } from '../platform-helpers';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';
const thisMonth = () => monthOf(Date.now(), TZ);
/** 12:00 UTC on the 1st of the month `n` months from now: when the monthly sweep runs. */
const sweepAt = (n: number) => monthStart(addMonths(thisMonth(), n), TZ) + DAY / 2 + 8 * 3_600_000;

interface Line {
  code: string;
  rule?: string;
  label: string;
  amountFen: number;
}
interface InvoiceView {
  id: string;
  period: string;
  status: string;
  baseFen: number;
  discountPercent: number;
  discountFen: number;
  totalFen: number;
  lines: Line[];
}

async function invoicesOf(admin: string, companyId: string): Promise<InvoiceView[]> {
  const res = await call('GET', `/api/admin/invoices?companyId=${companyId}&pageSize=200`, { token: admin });
  expect(res.status).toBe(200);
  return res.body.items;
}

async function invoiceFor(admin: string, companyId: string, period: string) {
  const found = (await invoicesOf(admin, companyId)).find((i) => i.period === period);
  if (!found) throw new Error(`no invoice for ${period}`);
  return found;
}

const rules = async (admin: string) =>
  (await call('GET', '/api/admin/discount-rules', { token: admin })).body.items as {
    code: string;
    active: boolean;
    percent: number;
    grantedTo: number;
  }[];

const setRule = (admin: string, code: string, body: Record<string, unknown>) =>
  call('PUT', `/api/admin/discount-rules/${code}`, { token: admin, body });

describe('discount rules as data (SPEC A14)', () => {
  it('ships the seed’s rules and lets a super admin change them, refusing fields a rule does not have', async () => {
    const admin = await adminToken();
    const shipped = await rules(admin);
    expect(shipped.map((r) => r.code)).toEqual(
      expect.arrayContaining(['first-year', 'annual-billing', 'education', 'referral']),
    );
    expect(shipped.find((r) => r.code === 'education')).toMatchObject({ percent: 50, active: true });

    const months = await setRule(admin, 'referral', { percent: 30 });
    expect(months.status).toBe(400);
    expect(months.body.error).toMatchObject({
      code: 'DISCOUNT_FIELD_NOT_APPLICABLE',
      details: { fields: [{ path: 'body.percent' }] },
    });
    expect((await setRule(admin, 'education', { cycle: 'yearly' })).body.error.details.fields[0].path).toBe(
      'body.cycle',
    );
    expect((await setRule(admin, 'education', { months: 2 })).status).toBe(400);
    expect((await setRule(admin, 'education', { percent: 101 })).status).toBe(400);
    expect((await setRule(admin, 'education', {})).status).toBe(400);
    expect((await setRule(admin, 'no-such-rule', { active: false })).status).toBe(404);

    const code = unique('partner').toLowerCase();
    const created = await call('POST', '/api/admin/discount-rules', {
      token: admin,
      body: { code, name: 'Partner', percent: 30, condition: 'granted' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, kind: 'percent', percent: 30, stacks: false, active: true });
    const again = await call('POST', '/api/admin/discount-rules', {
      token: admin,
      body: { code, name: 'Partner', percent: 30, condition: 'granted' },
    });
    expect(again.status).toBe(409);
    const noCycle = await call('POST', '/api/admin/discount-rules', {
      token: admin,
      body: { code: unique('c').toLowerCase(), name: 'C', percent: 5, condition: 'billing_cycle' },
    });
    expect(noCycle.status).toBe(400);
    expect(noCycle.body.error.details.fields[0]).toMatchObject({
      path: 'body.cycle',
      rule: 'cycle_condition',
    });

    // Finance reads the rules but only a super admin changes them.
    const finance = await platformAdmin(admin, 'finance');
    expect((await call('GET', '/api/admin/discount-rules', { token: finance.token })).status).toBe(200);
    const refused = await setRule(finance.token, 'education', { percent: 40 });
    expect(refused.status).toBe(403);
    const renamed = await setRule(admin, code, { name: 'Partner programme', stacks: true });
    expect(renamed.body).toMatchObject({ name: 'Partner programme', stacks: true });
  });

  it('gives a company granted the education rule half off, naming the rule, and only one non-stacking percentage', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin, { plan: 'basic', discountPercent: 10 });
    const sales = await platformAdmin(admin, 'sales');
    const granted = await call('POST', `/api/admin/companies/${company.id}/discounts`, {
      token: sales.token,
      body: { rule: 'education' },
    });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ negotiatedPercent: 10, granted: [{ rule: 'education' }] });
    expect((await rules(admin)).find((r) => r.code === 'education')!.grantedTo).toBeGreaterThanOrEqual(1);

    await runTask('invoice-generation', sweepAt(1));
    const next = await invoiceFor(admin, company.id, addMonths(thisMonth(), 1));
    expect(next.lines).toEqual([
      expect.objectContaining({ code: 'base', amountFen: 60_000 }),
      expect.objectContaining({ code: 'discount', rule: 'education', amountFen: -30_000 }),
    ]);
    expect(next.lines[1]!.label).toContain('50%');
    expect(next).toMatchObject({ discountPercent: 50, discountFen: 30_000, totalFen: 30_000 });

    // Taken back: the negotiated 10 % is the one percentage left.
    const revoked = await call('DELETE', `/api/admin/companies/${company.id}/discounts/education`, {
      token: sales.token,
    });
    expect(revoked.body.granted).toEqual([]);
    expect(
      (await call('DELETE', `/api/admin/companies/${company.id}/discounts/education`, { token: admin }))
        .status,
    ).toBe(404);
    await runTask('invoice-generation', sweepAt(2));
    const after = await invoiceFor(admin, company.id, addMonths(thisMonth(), 2));
    expect(after.lines.filter((l) => l.code === 'discount')).toEqual([
      expect.objectContaining({ rule: 'negotiated', amountFen: -6_000 }),
    ]);
  });

  it('refuses to grant a rule that applies by its own condition, or one that does not exist', async () => {
    const admin = await adminToken();
    const company = await newCompany(admin, { plan: 'basic' });
    const byCondition = await call('POST', `/api/admin/companies/${company.id}/discounts`, {
      token: admin,
      body: { rule: 'first-year' },
    });
    expect(byCondition.status).toBe(409);
    expect(byCondition.body.error.code).toBe('DISCOUNT_RULE_NOT_GRANTABLE');
    const missing = await call('POST', `/api/admin/companies/${company.id}/discounts`, {
      token: admin,
      body: { rule: 'nope' },
    });
    expect(missing.status).toBe(404);
    const finance = await platformAdmin(admin, 'finance');
    expect(
      (
        await call('POST', `/api/admin/companies/${company.id}/discounts`, {
          token: finance.token,
          body: { rule: 'education' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('GET', `/api/admin/companies/${company.id}/discounts`, { token: admin })).body.granted,
    ).toEqual([]);
    expect((await call('GET', '/api/admin/companies/cmp_nope/discounts', { token: admin })).status).toBe(404);
  });

  it('applies the first-year rule once a super admin turns it on, and stacks a rule that says so', async () => {
    const admin = await adminToken();
    const yearly = await newCompany(admin, { plan: 'basic', billingCycle: 'yearly' });
    const monthly = await newCompany(admin, { plan: 'basic' });
    expect((await setRule(admin, 'first-year', { active: true })).body.active).toBe(true);
    expect((await setRule(admin, 'annual-billing', { active: true, percent: 10 })).body.active).toBe(true);
    try {
      await runTask('invoice-generation', sweepAt(1));
      const m = await invoiceFor(admin, monthly.id, addMonths(thisMonth(), 1));
      expect(m.lines.filter((l) => l.code === 'discount').map((l) => [l.rule, l.amountFen])).toEqual([
        ['first-year', -12_000],
      ]);
      // The yearly company's next invoice is next year's: first-year still applies, and annual billing on top.
      await runTask('invoice-generation', sweepAt(12 - Number(thisMonth().slice(5)) + 1));
      const nextYear = String(Number(thisMonth().slice(0, 4)) + 1);
      const y = await invoiceFor(admin, yearly.id, nextYear);
      expect(y.lines.filter((l) => l.code === 'discount').map((l) => [l.rule, l.amountFen])).toEqual([
        ['first-year', -120_000],
        ['annual-billing', -48_000],
      ]);
      expect(y.totalFen).toBe(600_000 - 120_000 - 48_000);
    } finally {
      await setRule(admin, 'first-year', { active: false });
      await setRule(admin, 'annual-billing', { active: false, percent: 17 });
    }
  });

  it('gives a referred company and its referrer a free month each, once, when the referred one is first invoiced', async () => {
    const admin = await adminToken();
    const referrer = await newCompany(admin, { plan: 'basic' });
    const referred = await newCompany(admin, { plan: 'professional', referredBy: referrer.code });
    const waitingOf = async (id: string) =>
      (await call('GET', `/api/admin/companies/${id}/discounts`, { token: admin })).body.waiting as {
        kind: string;
        rule: string;
        amountFen: number;
        months: number;
      }[];
    expect(await waitingOf(referrer.id)).toEqual([]);

    await runTask('invoice-generation', Date.now());
    // The referred company's first invoice (this month, from the day it began) takes its month at once.
    const first = await invoiceFor(admin, referred.id, thisMonth());
    const credit = first.lines.find((l) => l.code === 'credit')!;
    expect(credit).toMatchObject({ rule: 'referral' });
    expect(-credit.amountFen).toBe(Math.min(first.baseFen, 280_000));
    expect(first.totalFen).toBe(0);
    expect(first.status).toBe('paid');
    // What the short first month had no room for waits for the next invoice, in fen.
    const rest = 280_000 - first.baseFen;
    expect(await waitingOf(referred.id)).toEqual(
      rest > 0
        ? [expect.objectContaining({ kind: 'credit', rule: 'referral', amountFen: rest, months: 0 })]
        : [],
    );
    // The referrer's month waits for its next invoice, whichever came first this run.
    const referrerFirst = await invoiceFor(admin, referrer.id, thisMonth());
    const tookAlready = referrerFirst.lines.some((l) => l.code === 'credit');
    if (!tookAlready) {
      expect(await waitingOf(referrer.id)).toEqual([
        expect.objectContaining({ kind: 'credit', rule: 'referral', months: 1 }),
      ]);
    }

    await runTask('invoice-generation', sweepAt(1));
    const second = await invoiceFor(admin, referred.id, addMonths(thisMonth(), 1));
    expect(second.lines.filter((l) => l.code === 'credit').map((l) => -l.amountFen)).toEqual(
      rest > 0 ? [rest] : [],
    );
    expect(second.totalFen).toBe(280_000 - rest);
    const referrerCredits = [
      ...referrerFirst.lines,
      ...(await invoiceFor(admin, referrer.id, addMonths(thisMonth(), 1))).lines,
    ].filter((l) => l.code === 'credit');
    expect(referrerCredits).toHaveLength(1);
    expect(referrerCredits[0]!.label).toContain(referred.code);

    // Once: later invoices of either carry no more referral months.
    await runTask('invoice-generation', sweepAt(2));
    for (const id of [referrer.id, referred.id]) {
      const third = await invoiceFor(admin, id, addMonths(thisMonth(), 2));
      expect(third.lines.some((l) => l.code === 'credit')).toBe(false);
      expect(await waitingOf(id)).toEqual([]);
    }
  });
});
