import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { PLATFORM_STATS_ACTOR } from '../../durable-objects/legal/client/collection-stats';
import { addMonths, monthOf, monthStart } from '../../lib/zoned';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import { batchCases, batches, caseAllowanceUse, collectionStats } from '../../schema/legal-client';
import { exportActor } from '../backup-helpers';
import { dispatchAll, legalCompany, setPackage, uploadDebts } from '../enterprise-helpers';
import { adminToken, call, unique } from '../helpers';
import { clientStub, marketplaceUser } from '../legal-helpers';
import { debtCsv } from '../xlsx';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const SHANGHAI = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('enterprise clients (D11): the company uses the marketplace from its tenant', () => {
  it('is closed with 403 MODULE_NOT_IN_PLAN when the plan lacks `legal`', async () => {
    const company = await legalCompany(admin, ['crm']);
    const answers = [
      await uploadDebts(company.token, company.code, debtCsv(2)),
      await call('GET', `/t/${company.code}/api/legal/batches`, { token: company.token }),
      await call('GET', `/t/${company.code}/api/legal/batches/batch_x`, { token: company.token }),
      await call('GET', `/t/${company.code}/api/legal/enterprise`, { token: company.token }),
      await call('GET', `/t/${company.code}/api/legal/analytics`, { token: company.token }),
      await setPackage(admin, company.id, 'basic_enterprise'),
    ];
    for (const answer of answers)
      expect(`${answer.status} ${answer.body.error?.code}`).toBe('403 MODULE_NOT_IN_PLAN');
  });

  it("takes uploads from the package's monthly allowance, refuses past it with 402 and the counts, and renews it monthly", async () => {
    const company = await legalCompany(admin);
    const none = await uploadDebts(company.token, company.code, debtCsv(3));
    expect(none.status).toBe(402);
    expect(none.body.error).toMatchObject({
      code: 'NO_ENTERPRISE_PACKAGE',
      details: { package: null, allowance: 0, used: 0, requested: 3 },
    });

    const set = await setPackage(admin, company.id, 'basic_enterprise');
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      tenantId: company.id,
      package: { code: 'basic_enterprise', monthlyCaseAllowance: 500, monthlyFeeFen: 999_900 },
      allowance: { allowance: 500, used: 0, remaining: 500 },
    });

    const first = await uploadDebts(company.token, company.code, debtCsv(3));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const month = monthOf(Date.now(), SHANGHAI);
    expect(first.body).toMatchObject({
      totalCases: 3,
      creditsUsed: 0,
      allowance: { package: 'basic_enterprise', month, allowance: 500, used: 3, remaining: 497 },
    });
    expect(first.body.credits).toBeUndefined();
    const account = await call('GET', `/t/${company.code}/api/legal/enterprise`, { token: company.token });
    expect(account.body).toMatchObject({
      code: company.code,
      timeZone: SHANGHAI,
      package: { code: 'basic_enterprise' },
      allowance: { month, used: 3, remaining: 497 },
    });

    const over = await uploadDebts(company.token, company.code, debtCsv(498));
    expect(over.status).toBe(402);
    expect(over.body.error).toMatchObject({
      code: 'CASE_ALLOWANCE_EXCEEDED',
      details: {
        package: 'basic_enterprise',
        month,
        allowance: 500,
        used: 3,
        remaining: 497,
        requested: 498,
      },
    });
    const stored = await runInDurableObject(company.stub, (actor: LegalClientActor) => ({
      batches: actor.db.select().from(batches).all().length,
      cases: actor.db.select().from(batchCases).all().length,
      used: actor.db.select().from(caseAllowanceUse).all(),
    }));
    expect(stored).toEqual({ batches: 1, cases: 3, used: [{ month, used: 3 }] });

    // The rest of the month's allowance exactly is accepted.
    expect((await uploadDebts(company.token, company.code, debtCsv(497))).status).toBe(201);
    expect((await uploadDebts(company.token, company.code, debtCsv(1))).status).toBe(402);

    // The next business month (Asia/Shanghai) starts with the whole allowance again.
    const next = monthStart(addMonths(month, 1), SHANGHAI) + HOUR;
    await runInDurableObject(company.stub, (actor: LegalClientActor) => {
      actor.timeShiftMs = next - Date.now();
    });
    const renewed = await uploadDebts(company.token, company.code, debtCsv(2));
    expect(renewed.status).toBe(201);
    expect(renewed.body.allowance).toMatchObject({ month: addMonths(month, 1), used: 2, remaining: 498 });
  });

  it("lists the company's batches with progress under its tenant, apart from any person's and any other company's", async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'professional_enterprise');
    const res = await uploadDebts(
      company.token,
      company.code,
      debtCsv(4, (i) => i === 1),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      totalCases: 3,
      rowErrors: [{ line: 3 }, { line: 3 }, { line: 3 }, { line: 3 }],
    });
    const id = res.body.batchId;

    // A backup finds the company's actor by the company's id.
    const exported = await exportActor(admin, 'legal-enterprise', company.id);
    expect(exported.tables.find((t) => t.name === 'batch_cases')!.rows).toHaveLength(3);

    const progress = await call('GET', `/t/${company.code}/api/legal/batches/${id}`, {
      token: company.token,
    });
    expect(progress.status).toBe(200);
    expect(progress.body.progress).toEqual({ queued: 3, dispatched: 0, accepted: 0, failed: 0 });
    await dispatchAll(company.stub);
    const after = await call('GET', `/t/${company.code}/api/legal/batches/${id}`, { token: company.token });
    expect(after.body.progress).toEqual({ queued: 0, dispatched: 3, accepted: 0, failed: 0 });
    const list = await call('GET', `/t/${company.code}/api/legal/batches`, { token: company.token });
    expect(list.body).toMatchObject({ total: 1, items: [{ id, totalCases: 3, rowErrorCount: 4 }] });

    const other = await legalCompany(admin);
    const foreign = await call('GET', `/t/${other.code}/api/legal/batches/${id}`, { token: other.token });
    expect(foreign.status).toBe(404);
    expect((await call('GET', `/t/${other.code}/api/legal/batches`, { token: other.token })).body.total).toBe(
      0,
    );
    // A member of the other company cannot name this one.
    const intruder = await call('GET', `/t/${company.code}/api/legal/batches`, { token: other.token });
    expect(intruder.body.error.code).toBe('NOT_A_MEMBER');
    // A person's own batches (no company named) are not the company's.
    const person = await marketplaceUser(admin);
    expect((await call('GET', '/api/legal/batches', { token: person.token })).body.total).toBe(0);
  });

  it('refuses a package that is not one of the three, naming the field', async () => {
    const company = await legalCompany(admin);
    const res = await setPackage(admin, company.id, 'gold');
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('body.package');
  });
});

/** The lawyer's messages to the client actor, as the lawyer's actor sends them through its outbox. */
async function lawyerSays(stub: DurableObjectStub<LegalClientActor>, type: string, payload: object) {
  const ack = await stub.receive({ key: unique('msg'), type, payload, from: 'test' });
  expect(ack.ok).toBe(true);
}

describe('enterprise analytics (D11): a read of kept statistics', () => {
  it("answers each rate as the hand computation of the company's cases, beside the platform's", async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'basic_enterprise');
    // Amounts owed: 1 000.50, 1 001.50, 1 002.50, 1 003.50 (debtCsv's rows).
    const res = await uploadDebts(company.token, company.code, debtCsv(4));
    expect(res.status).toBe(201);
    await dispatchAll(company.stub);
    const cases = await runInDurableObject(company.stub, (actor: LegalClientActor) =>
      actor.db
        .select()
        .from(batchCases)
        .all()
        .sort((a, b) => a.line - b.line),
    );
    const handedAt = cases[0]!.handedAt!;
    const lawyer = (id: string, hours: number) => ({
      caseId: id,
      lawyerId: `lawyer-${company.code}-${hours}`,
      lawyerName: 'Wang',
      lawFirm: 'Firm',
      assignedAt: handedAt + hours * HOUR,
    });
    // Three of four taken (after 1 h, 2 h and 6 h; two by the same lawyer), two completed: one recovered.
    await lawyerSays(company.stub, LEGAL_MESSAGES.assigned, lawyer(cases[0]!.id, 1));
    await lawyerSays(company.stub, LEGAL_MESSAGES.assigned, lawyer(cases[1]!.id, 2));
    await lawyerSays(company.stub, LEGAL_MESSAGES.assigned, {
      ...lawyer(cases[2]!.id, 6),
      lawyerId: `lawyer-${company.code}-1`,
    });
    await lawyerSays(company.stub, LEGAL_MESSAGES.completed, {
      ...lawyer(cases[0]!.id, 1),
      outcome: 'success',
      completedAt: handedAt + 9 * HOUR,
    });
    await lawyerSays(company.stub, LEGAL_MESSAGES.completed, {
      ...lawyer(cases[1]!.id, 2),
      outcome: 'fail',
      completedAt: handedAt + 9 * HOUR,
    });
    // A repeated completion changes nothing.
    await lawyerSays(company.stub, LEGAL_MESSAGES.completed, {
      ...lawyer(cases[0]!.id, 1),
      outcome: 'success',
      completedAt: handedAt + 9 * HOUR,
    });
    // The lawyers' records: two debtors answered; 600.00 of the first case came back 2 days after hand-over.
    const record = (caseId: string, kind: 'contact' | 'payment', at: number, more: object) =>
      lawyerSays(company.stub, LEGAL_MESSAGES.recovery, {
        caseId,
        lawyerId: 'lawyer',
        record: { id: unique('rec'), kind, at, responded: null, amountFen: null, ...more },
      });
    await record(cases[0]!.id, 'contact', handedAt + 2 * HOUR, { responded: true });
    await record(cases[1]!.id, 'contact', handedAt + 3 * HOUR, { responded: false });
    await record(cases[2]!.id, 'contact', handedAt + 7 * HOUR, { responded: true });
    await record(cases[0]!.id, 'payment', handedAt + 48 * HOUR, { amountFen: 60_000 });

    const report = await call('GET', `/t/${company.code}/api/legal/analytics?months=3`, {
      token: company.token,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const owed = 100_050 + 100_150 + 100_250 + 100_350;
    expect(report.body.company).toEqual({
      casesProcessed: 4,
      casesTaken: 3,
      casesWithResponse: 2,
      casesWithPayment: 1,
      amountOwedFen: owed,
      amountRecoveredFen: 60_000,
      averageResponseHours: 3, // (1 + 2 + 6) / 3
      averageRecoveryDays: 2,
      casesPerLawyerMonth: 1.5, // 3 cases taken by 2 lawyers this month
      responseRate: 0.5, // 2 debtors of 4 answered
      recoveryRate: Math.round((60_000 / owed) * 10_000) / 10_000,
      completedRecoveryRate: 0.5, // 1 of 2 completed
      slaBreaches: 0,
    });
    const month = monthOf(Date.now(), SHANGHAI);
    expect(report.body).toMatchObject({
      months: 3,
      from: addMonths(month, -2),
      to: month,
      satisfaction: null,
    });
    expect(report.body.trend.map((t: any) => t.month)).toEqual([
      addMonths(month, -2),
      addMonths(month, -1),
      month,
    ]);
    expect(report.body.trend[2].company).toEqual(report.body.company);
    expect(report.body.trend[0].company.casesProcessed).toBe(0);
    expect(report.body.disclaimer).toContain('不构成成功率承诺');
    expect(report.body.recommendations.length).toBeGreaterThan(0);

    // The platform's sums hold this company's figures and every other client's; its average is their ratio.
    const platform = clientStub(PLATFORM_STATS_ACTOR);
    const sums = await runInDurableObject(platform, (actor: LegalClientActor) =>
      actor.db
        .select()
        .from(collectionStats)
        .all()
        .find((row) => row.month === month),
    );
    expect(sums!.cases).toBeGreaterThanOrEqual(4);
    expect(sums!.recoveredFen).toBeGreaterThanOrEqual(60_000);
    expect(report.body.platformAverage.responseRate).toBe(
      Math.round((sums!.debtorResponded / sums!.cases) * 10_000) / 10_000,
    );
    expect(report.body.platformAverage.recoveryRate).toBe(
      Math.round((sums!.recoveredFen / sums!.owedFen) * 10_000) / 10_000,
    );

    // A company never sees another's analytics: the other company's report is its own (empty).
    const other = await legalCompany(admin);
    const theirs = await call('GET', `/t/${other.code}/api/legal/analytics`, { token: other.token });
    expect(theirs.body.company.casesProcessed).toBe(0);
    const intruder = await call('GET', `/t/${company.code}/api/legal/analytics`, { token: other.token });
    expect(intruder.status).toBe(403);
  });

  it('refuses a period outside 1–36 months, naming the field', async () => {
    const company = await legalCompany(admin);
    const res = await call('GET', `/t/${company.code}/api/legal/analytics?months=40`, {
      token: company.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('query.months');
  });
});
