import { runInDurableObject } from 'cloudflare:test';
import { asc } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { addMonths, monthOf, monthStart } from '../../lib/zoned';
import { aiCreditSpend, aiCreditUse, batchCases } from '../../schema/legal-client';
import { legalCompany, setPackage, uploadDebts } from '../enterprise-helpers';
import { adminToken, call, grant, newUser, userToken } from '../helpers';
import { shiftClientClock } from '../legal-helpers';
import { debtCsv } from '../xlsx';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const draft = (token: string, code: string, body: object) =>
  call('POST', `/t/${code}/api/legal/enterprise/documents`, { token, body });
const remaining = async (token: string, code: string) => {
  const account = await call('GET', `/t/${code}/api/legal/enterprise`, { token });
  const analytics = await call('GET', `/t/${code}/api/legal/analytics?months=1`, { token });
  expect(analytics.body.aiCreditsRemaining).toBe(account.body.aiCreditsRemaining);
  return account.body.aiCreditsRemaining as number;
};

type Company = Awaited<ReturnType<typeof legalCompany>>;
const caseIds = (company: Company) =>
  runInDurableObject(company.stub, (actor: LegalClientActor) =>
    actor.db.select().from(batchCases).orderBy(asc(batchCases.line)).all(),
  );
const spending = (company: Company) =>
  runInDurableObject(company.stub, (actor: LegalClientActor) =>
    actor.db.select().from(aiCreditSpend).orderBy(asc(aiCreditSpend.id)).all(),
  );

/** Sets the company actor's clock to `at`, so the business month does not depend on the day the test runs. */
async function setCompanyNow(company: Company, at: number) {
  await shiftClientClock(company.id, at - Date.now());
}

describe("a company's AI credits spent on drafts (issue 21)", () => {
  it('spends the month’s included credits down to a refusal and gets them back the next business month', async () => {
    const company = await legalCompany(admin);
    const member = await newUser(admin, 'drafter');
    await grant(admin, member.id, company.id, { role: 'member' });
    const token = await userToken(member.username);
    const zone = (await call('GET', `/t/${company.code}/api/legal/enterprise`, { token })).body.timeZone;
    // The 10th of a month two months on, 10:00 in the company's zone: never today's month.
    const month = addMonths(monthOf(Date.now(), zone), 2);
    await setCompanyNow(company, monthStart(month, zone) + 9 * DAY + 10 * 60 * MINUTE);

    const none = await draft(token, company.code, { caseId: 'bch_missing', kind: 'demand_letter' });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('NO_ENTERPRISE_PACKAGE');
    expect(await remaining(token, company.code)).toBe(0);

    expect((await setPackage(admin, company.id, 'basic_enterprise')).status).toBe(200);
    expect((await uploadDebts(company.token, company.code, debtCsv(2))).status).toBe(201);
    const [first, second] = await caseIds(company);
    expect(await remaining(token, company.code)).toBe(1_000);

    for (const [body, path] of [
      [{ caseId: '', kind: 'demand_letter' }, 'body.caseId'],
      [{ caseId: first!.id, kind: 'poem' }, 'body.kind'],
      [{ caseId: first!.id }, 'body.kind'],
    ] as const) {
      const bad = await draft(token, company.code, body);
      expect(bad.status, JSON.stringify(bad.body)).toBe(400);
      expect(bad.body.error.details.fields[0].path).toBe(path);
    }
    const unknown = await draft(token, company.code, { caseId: 'bch_missing', kind: 'demand_letter' });
    expect(unknown.status).toBe(404);
    expect(await remaining(token, company.code)).toBe(1_000);

    const letter = await draft(token, company.code, { caseId: first!.id, kind: 'demand_letter' });
    expect(letter.status, JSON.stringify(letter.body)).toBe(200);
    expect(letter.body.credits).toEqual({ cost: 2, used: 2, included: 1_000, remaining: 998 });
    expect(letter.body.document).toMatchObject({ template: 'demand_letter', title: '催款函 Demand letter' });
    for (const part of [
      first!.id,
      '致债务人0：本公司',
      '1000.50',
      '已于 2026-03-01 到期',
      `${month}-10`,
      company.name,
    ])
      expect(letter.body.document.body).toContain(part);
    expect(await remaining(token, company.code)).toBe(998);

    // Most of the month's credits gone on earlier drafts; the last ones are spent through the API.
    await runInDurableObject(company.stub, (actor: LegalClientActor) =>
      actor.db.update(aiCreditUse).set({ used: 995 }).run(),
    );
    expect(await remaining(token, company.code)).toBe(5);
    const next = await draft(token, company.code, { caseId: second!.id, kind: 'demand_letter' });
    expect(next.body.credits).toEqual({ cost: 2, used: 997, included: 1_000, remaining: 3 });
    await draft(token, company.code, { caseId: second!.id, kind: 'demand_letter' });
    const refused = await draft(token, company.code, { caseId: second!.id, kind: 'demand_letter' });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'AI_CREDITS_EXHAUSTED',
      details: { cost: 2, remaining: 1 },
    });
    expect(await remaining(token, company.code)).toBe(1);
    const summary = await draft(token, company.code, { caseId: second!.id, kind: 'case_summary' });
    expect(summary.body.credits).toEqual({ cost: 1, used: 1_000, included: 1_000, remaining: 0 });
    const empty = await draft(token, company.code, { caseId: first!.id, kind: 'case_summary' });
    expect(empty.status).toBe(402);
    expect(empty.body.error.details).toMatchObject({ cost: 1, remaining: 0 });

    // One spending entry per draft, none for a refusal, each with the count after it.
    expect(
      (await spending(company)).map((e) => [
        e.month,
        e.template,
        e.caseId,
        e.credits,
        e.usedAfter,
        e.memberId,
      ]),
    ).toEqual([
      [month, 'demand_letter', first!.id, 2, 2, member.id],
      [month, 'demand_letter', second!.id, 2, 997, member.id],
      [month, 'demand_letter', second!.id, 2, 999, member.id],
      [month, 'case_summary', second!.id, 1, 1_000, member.id],
    ]);

    // The last minute of the business month still counts against it; the first of the next does not.
    const nextMonthStart = monthStart(addMonths(month, 1), zone);
    await setCompanyNow(company, nextMonthStart - MINUTE);
    expect(await remaining(token, company.code)).toBe(0);
    expect((await draft(token, company.code, { caseId: first!.id, kind: 'case_summary' })).status).toBe(402);
    await setCompanyNow(company, nextMonthStart + MINUTE);
    expect(await remaining(token, company.code)).toBe(1_000);
    const fresh = await draft(token, company.code, { caseId: first!.id, kind: 'demand_letter' });
    expect(fresh.body.credits).toEqual({ cost: 2, used: 2, included: 1_000, remaining: 998 });
    expect((await spending(company)).at(-1)).toMatchObject({ month: addMonths(month, 1), usedAfter: 2 });
  });

  it("refuses another company's case and another company's member, spending nothing", async () => {
    const company = await legalCompany(admin);
    const other = await legalCompany(admin);
    for (const c of [company, other]) {
      await setPackage(admin, c.id, 'basic_enterprise');
      expect((await uploadDebts(c.token, c.code, debtCsv(1))).status).toBe(201);
    }
    const [theirs] = await caseIds(other);
    const [ours] = await caseIds(company);

    const foreign = await draft(company.token, company.code, { caseId: theirs!.id, kind: 'demand_letter' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('CASE_NOT_FOUND');
    const outsider = await draft(other.token, company.code, { caseId: ours!.id, kind: 'demand_letter' });
    expect(outsider.status).toBe(403);
    expect(await remaining(company.token, company.code)).toBe(1_000);
    expect(await remaining(other.token, other.code)).toBe(1_000);
    expect(await spending(company)).toEqual([]);
    expect(await spending(other)).toEqual([]);
  });
});
