import { runDurableObjectAlarm } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { dispatchAll, legalCompany, offeredToLawyer, setPackage, uploadDebts } from '../enterprise-helpers';
import { adminToken, call, grant, newUser, userToken } from '../helpers';
import { providerConfirms, settle, shiftClientClock, submitLawyer, verifiedPerson } from '../legal-helpers';
import { mailTo, onCall } from '../platform-helpers';
import { debtCsv } from '../xlsx';

let admin: string;
let staff: string;
beforeAll(async () => {
  admin = await adminToken();
  staff = await onCall(admin);
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const buy = (token: string, code: string, body: object) =>
  call('POST', `/t/${code}/api/legal/enterprise/package`, { token, body });
const account = (token: string, code: string) => call('GET', `/t/${code}/api/legal/enterprise`, { token });
const notices = () => call('GET', '/api/admin/legal/notices', { token: admin });
const mailsOfKind = async (kind: string) => (await mailTo(admin, staff)).filter((m) => m.kind === kind);

describe('enterprise packages bought (issue 21)', () => {
  it('a company admin buys through a payment order; once paid the allowance, AI credits and SLA apply for 30 days', async () => {
    const company = await legalCompany(admin);
    const member = await newUser(admin, 'clerk');
    await grant(admin, member.id, company.id, { role: 'member' });
    const memberToken = await userToken(member.username);

    expect((await buy(memberToken, company.code, { package: 'professional_enterprise' })).status).toBe(403);
    const bad = await buy(company.token, company.code, { package: 'gold' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.package');
    const outsider = await legalCompany(admin);
    expect((await buy(outsider.token, company.code, { package: 'basic_enterprise' })).status).toBe(403);

    const order = await buy(company.token, company.code, { package: 'professional_enterprise' });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body).toMatchObject({
      purpose: 'legal_enterprise_package',
      amountFen: 29_999_00,
      status: 'pending',
    });
    expect(order.body.id).toMatch(/^pay_c[0-9a-f]{64}[a-z2-7]{26}$/);
    // Not paid yet: no package, so an upload is refused with the counts.
    const early = await uploadDebts(company.token, company.code, debtCsv(1));
    expect(early.status).toBe(402);
    expect(early.body.error).toMatchObject({
      code: 'NO_ENTERPRISE_PACKAGE',
      details: { allowance: 0, requested: 1 },
    });

    expect((await providerConfirms(order.body.id, order.body.amountFen)).status).toBe(200);
    const bought = await account(company.token, company.code);
    expect(bought.body).toMatchObject({
      package: { code: 'professional_enterprise', slaHours: 24 },
      aiCreditsIncluded: 5_000,
      allowance: { allowance: 2_000, used: 0, remaining: 2_000 },
    });
    const paidUntil = Date.parse(bought.body.packagePaidUntil);
    expect(paidUntil - Date.parse(bought.body.packageSetAt)).toBe(30 * DAY);
    expect((await uploadDebts(company.token, company.code, debtCsv(3))).body.allowance).toMatchObject({
      used: 3,
      remaining: 1_997,
    });
    // Past the allowance: refused with the counts (2 000 a month).
    const past = await uploadDebts(company.token, company.code, debtCsv(1_998));
    expect(past.status).toBe(402);
    expect(past.body.error).toMatchObject({
      code: 'CASE_ALLOWANCE_EXCEEDED',
      details: { remaining: 1_997, requested: 1_998 },
    });

    // Bought again before it ends: 30 more days from the end, not from now.
    const again = await buy(company.token, company.code, { package: 'professional_enterprise' });
    await providerConfirms(again.body.id, again.body.amountFen);
    expect(Date.parse((await account(company.token, company.code)).body.packagePaidUntil)).toBe(
      paidUntil + 30 * DAY,
    );

    // Once the paid time is over the package no longer applies.
    await shiftClientClock(company.id, 61 * DAY);
    const lapsed = await account(company.token, company.code);
    expect(lapsed.body).toMatchObject({ package: null, aiCreditsIncluded: 0, allowance: { allowance: 0 } });
    expect((await uploadDebts(company.token, company.code, debtCsv(1))).status).toBe(402);
  });
});

describe('the SLA to first response (issue 21)', () => {
  it('flags the cases no lawyer took in time, counts them in the report and tells the administrators', async () => {
    const before = (await notices()).body;
    const { lawyer, company, batchId, offers } = await offeredToLawyer(admin, 'flagship_enterprise', 3);
    // One is taken within the 4 hours; the other two wait.
    expect(offers.length).toBeGreaterThan(0);
    expect(
      (await call('POST', `/api/legal/cases/${offers[0].caseId}/accept`, { token: lawyer.token })).status,
    ).toBe(200);
    const taken = 1;
    await settle();

    await shiftClientClock(company.id, 3 * HOUR);
    await runDurableObjectAlarm(company.stub as DurableObjectStub<LegalClientActor>);
    expect(
      (
        await call('GET', `/t/${company.code}/api/legal/batches/${batchId}`, {
          token: company.token,
        })
      ).body.slaBreaches,
    ).toBe(0);

    await shiftClientClock(company.id, 4 * HOUR + 1);
    await runDurableObjectAlarm(company.stub as DurableObjectStub<LegalClientActor>);
    const batch = await call('GET', `/t/${company.code}/api/legal/batches/${batchId}`, {
      token: company.token,
    });
    expect(batch.body.slaBreaches).toBe(3 - taken);
    const report = await call('GET', `/t/${company.code}/api/legal/analytics?months=1`, {
      token: company.token,
    });
    expect(report.body.company.slaBreaches).toBe(3 - taken);
    // A second look changes nothing.
    await runDurableObjectAlarm(company.stub as DurableObjectStub<LegalClientActor>);
    expect(
      (await call('GET', `/t/${company.code}/api/legal/analytics?months=1`, { token: company.token })).body
        .company.slaBreaches,
    ).toBe(3 - taken);

    await settle();
    const after = (await notices()).body;
    expect(after.slaBreaches).toBe(before.slaBreaches + 1);
    expect(after.slaBreachedCases).toBe(before.slaBreachedCases + 3 - taken);
    const mails = await mailsOfKind('legal.sla_breach');
    expect(mails.some((m) => m.text.includes(batchId))).toBe(true);
  });

  it('gives a basic package its 48 hours', async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'basic_enterprise');
    const res = await uploadDebts(company.token, company.code, debtCsv(1));
    await dispatchAll(company.stub);
    await shiftClientClock(company.id, 47 * HOUR);
    await runDurableObjectAlarm(company.stub as DurableObjectStub<LegalClientActor>);
    const batch = await call('GET', `/t/${company.code}/api/legal/batches/${res.body.batchId}`, {
      token: company.token,
    });
    expect(batch.body.slaBreaches).toBe(0);
  });
});

describe('administrators hear of new certifications (issue 21)', () => {
  it('by mail and as a count on the console', async () => {
    const before = (await notices()).body;
    const person = await verifiedPerson(admin, 'Zhou Min');
    const submitted = await submitLawyer(person.token, { lawyerName: 'Zhou Min' });
    expect(submitted.status).toBe(200);
    const after = (await notices()).body;
    expect(after.certificationsSubmitted).toBe(before.certificationsSubmitted + 1);
    expect(after.pendingCertifications).toBe(before.pendingCertifications + 1);
    const mails = await mailsOfKind('legal.certification_submitted');
    expect(mails.some((m) => m.text.includes(submitted.body.certificationId))).toBe(true);
    // Only administrators read the counts.
    expect((await call('GET', '/api/admin/legal/notices', { token: person.token })).status).toBe(403);
  });
});

describe('the industry benchmark (issue 21)', () => {
  it("sums the companies of the company's industry, apart from the platform's average", async () => {
    const a = await legalCompany(admin, ['crm', 'legal'], { industry: 'agriculture' });
    const b = await legalCompany(admin, ['crm', 'legal'], { industry: 'agriculture' });
    const c = await legalCompany(admin, ['crm', 'legal'], { industry: 'energy' });
    for (const [company, n] of [
      [a, 2],
      [b, 3],
      [c, 5],
    ] as const) {
      await setPackage(admin, company.id, 'basic_enterprise');
      expect((await uploadDebts(company.token, company.code, debtCsv(n))).status).toBe(201);
    }
    await settle();
    const report = await call('GET', `/t/${a.code}/api/legal/analytics?months=1`, { token: a.token });
    expect(report.body.industry).toBe('agriculture');
    expect(report.body.company.casesProcessed).toBe(2);
    expect(report.body.industryBenchmark.casesProcessed).toBe(5);
    expect(report.body.platformAverage.casesProcessed).toBeGreaterThanOrEqual(10);
    const none = await legalCompany(admin);
    const plain = await call('GET', `/t/${none.code}/api/legal/analytics?months=1`, { token: none.token });
    expect(plain.body).toMatchObject({ industry: null, industryBenchmark: null });
  });
});
