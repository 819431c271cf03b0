import { beforeAll, describe, expect, it } from 'vitest';
import { serviceFeeFen } from '../../durable-objects/legal/fees';
import { addMonths, localParts, monthOf, zonedToEpoch } from '../../lib/zoned';
import { MARKETPLACE_TIME_ZONE as ZONE } from '../../schema/dto/legal-catalog';
import { adminToken, call } from '../helpers';
import {
  buyMembership,
  certifiedLawyer,
  lawyerCases,
  ledgerOf,
  marketplaceUser,
  paidTask,
  setLawyerNow,
  settle,
} from '../legal-helpers';

let admin: string;
let client: Awaited<ReturnType<typeof marketplaceUser>>;
beforeAll(async () => {
  admin = await adminToken();
  client = await marketplaceUser(admin);
});

const analytics = (token: string, query = '') =>
  settle().then(() => call('GET', `/api/legal/lawyers/me/analytics${query}`, { token }));

/** 10:00 on the 2nd of the business month after `at`. */
function earlyNextMonth(at: number): number {
  const p = localParts(at, ZONE);
  return zonedToEpoch(p.month === 12 ? p.year + 1 : p.year, (p.month % 12) + 1, 2, ZONE, 10);
}

describe('the lawyer’s data analysis (D4 dataAnalysis)', { timeout: 60_000 }, () => {
  it('a free member is refused, naming the membership that opens it', async () => {
    const lawyer = await certifiedLawyer(admin, { practiceAreas: ['criminal'] });
    const res = await analytics(lawyer.token);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'NOT_IN_MEMBERSHIP',
      details: { feature: 'dataAnalysis', plan: 'free', needs: 'professional' },
    });
  });

  it('counts the lawyer’s own month from their records, and only theirs', async () => {
    const lawyer = await certifiedLawyer(admin, { practiceAreas: ['real_estate'] });
    const other = await certifiedLawyer(admin, { practiceAreas: ['family'] });
    await buyMembership(lawyer.token, 'professional');
    await buyMembership(other.token, 'enterprise');

    const won = await paidTask(client.token, { practiceArea: 'real_estate', amountFen: 3_000_00 });
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([won]);
    expect((await call('POST', `/api/legal/cases/${won}/accept`, { token: lawyer.token })).status).toBe(200);
    const done = await call('POST', `/api/legal/cases/${won}/complete`, {
      token: lawyer.token,
      body: { outcome: 'success' },
    });
    expect(done.status).toBe(200);
    const review = await call('POST', `/api/legal/cases/${won}/review`, {
      token: client.token,
      body: { stars: 4 },
    });
    expect(review.status).toBe(200);
    const refused = await paidTask(client.token, { practiceArea: 'real_estate', amountFen: 1_000_00 });
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([refused]);
    const decline = await call('POST', `/api/legal/cases/${refused}/decline`, {
      token: lawyer.token,
      body: { reason: 'conflict of interest' },
    });
    expect(decline.status).toBe(200);

    const res = await analytics(lawyer.token, '?months=2');
    expect(res.status).toBe(200);
    const month = monthOf(Date.now(), ZONE);
    if (res.body.to !== month) return; // the month turned while the test ran: nothing to compare
    expect(res.body).toMatchObject({
      timeZone: ZONE,
      from: addMonths(month, -1),
      to: month,
      reportHeader: null,
    });
    const ledger = await ledgerOf(lawyer.token);
    const earned = ledger.filter((e) => e.result > 0).reduce((s, e) => s + e.result, 0);
    const lost = ledger.filter((e) => e.result < 0).reduce((s, e) => s - e.result, 0);
    expect(lost).toBeGreaterThan(0);
    const figures = {
      offered: 2,
      accepted: 1,
      declined: 1,
      lapsed: 0,
      completed: 1,
      succeeded: 1,
      failed: 0,
      responses: 2,
      reviews: 1,
      averageStars: 4,
      acceptanceRate: 0.5,
      successRate: 1,
      pointsEarned: earned,
      pointsLost: lost,
      feesEarnedFen: serviceFeeFen('debt_collection', 3_000_00),
    };
    expect(res.body.totals).toMatchObject(figures);
    expect(res.body.months.map((m: any) => m.month)).toEqual([addMonths(month, -1), month]);
    expect(res.body.months[1]).toMatchObject(figures);
    expect(res.body.months[0]).toMatchObject({
      offered: 0,
      completed: 0,
      pointsEarned: 0,
      acceptanceRate: null,
    });

    // Early next month, the same figures belong to last month and this month has none yet.
    await setLawyerNow(lawyer.userId, earlyNextMonth(Date.now()));
    const later = await analytics(lawyer.token, '?months=2');
    expect(later.body.to).toBe(addMonths(month, 1));
    expect(later.body.months[0]).toMatchObject(figures);
    expect(later.body.months[1]).toMatchObject({ offered: 0, accepted: 0, pointsEarned: 0 });
    expect((await analytics(lawyer.token, '?months=1')).body.totals).toMatchObject({
      offered: 0,
      completed: 0,
    });

    // The other lawyer sees their own (empty) record, with their white-label header once they set one.
    const theirs = await analytics(other.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body.months).toHaveLength(12);
    expect(theirs.body.totals).toMatchObject({ offered: 0, accepted: 0, completed: 0, feesEarnedFen: 0 });
    expect(theirs.body.reportHeader).toBeNull();
    const header = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: other.token,
      body: { reportHeader: 'Acme Legal Partners' },
    });
    expect(header.status).toBe(200);
    expect((await analytics(other.token)).body.reportHeader).toBe('Acme Legal Partners');
    // Their API key reads their own figures too (the route changes nothing).
    const key = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: other.token,
      body: { name: 'bi' },
    });
    const viaKey = await analytics(key.body.key);
    expect(viaKey.status).toBe(200);
    expect(viaKey.body).toMatchObject({ reportHeader: 'Acme Legal Partners', totals: { offered: 0 } });
  });

  it('a bad window is refused naming the field', async () => {
    const lawyer = await certifiedLawyer(admin, { practiceAreas: ['criminal'] });
    await buyMembership(lawyer.token, 'professional');
    for (const months of ['0', '25', '2.5', 'abc']) {
      const res = await analytics(lawyer.token, `?months=${months}`);
      expect(res.status, months).toBe(400);
      expect(res.body.error.details.fields[0].path, months).toBe('query.months');
    }
    expect((await analytics(lawyer.token, '?months=24')).body.months).toHaveLength(24);
  });

  it('the demo lawyer reads the demo’s figures', async () => {
    const token = (await call('GET', '/api/legal/demo/lawyer')).body.accessToken;
    const res = await analytics(token);
    expect(res.status).toBe(200);
    const me = (await call('GET', '/api/legal/lawyers/me', { token })).body;
    // The whole demo history is within a year: the window holds every point and both reviewed cases.
    expect(res.body.totals.pointsEarned - res.body.totals.pointsLost).toBe(me.points);
    expect(res.body.totals).toMatchObject({ completed: 2, succeeded: 2, reviews: 2, averageStars: 4.5 });
    expect(res.body.reportHeader).toBeNull();
  });

  it('needs a signed-in lawyer', async () => {
    expect((await call('GET', '/api/legal/lawyers/me/analytics')).status).toBe(401);
  });
});
