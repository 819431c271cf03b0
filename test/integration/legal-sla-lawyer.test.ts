import { runDurableObjectAlarm } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { offeredToLawyer } from '../enterprise-helpers';
import { adminToken, call } from '../helpers';
import { lawyerCases, me, settle, shiftClientClock } from '../legal-helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const HOUR = 3_600_000;

describe("the lawyer sees a company's SLA breach (issue 21)", () => {
  it('a case taken after the SLA ran out carries the breach in the lawyer’s cases, and costs no points', async () => {
    // The flagship package: 4 hours to first response.
    const { lawyer, company, batchId, offers } = await offeredToLawyer(admin, 'flagship_enterprise', 2);
    expect(offers).toHaveLength(2);
    const [late, waiting] = offers;

    // The company's clock passes the SLA: its watch flags both cases, no lawyer having taken either.
    await shiftClientClock(company.id, 4 * HOUR + 1);
    await runDurableObjectAlarm(company.stub as DurableObjectStub<LegalClientActor>);
    const batch = await call('GET', `/t/${company.code}/api/legal/batches/${batchId}`, {
      token: company.token,
    });
    expect(batch.body.slaBreaches).toBe(2);
    // Nobody has told the lawyer yet: an offer is not the lawyer's case.
    expect((await lawyerCases(lawyer.token, 'offered')).every((c) => c.slaBreachedAt === null)).toBe(true);

    const accepted = await call('POST', `/api/legal/cases/${late.caseId}/accept`, { token: lawyer.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body.case.slaBreachedAt).toBeNull();
    const pointsAfterAccept = (await me(lawyer.token)).points;
    await settle();

    const cases = await call('GET', '/api/legal/lawyers/me/cases?pageSize=100', { token: lawyer.token });
    const taken = cases.body.items.find((c: any) => c.caseId === late.caseId);
    const flagged = await call('GET', `/t/${company.code}/api/legal/batches/${batchId}/cases`, {
      token: company.token,
    });
    const companyCase = flagged.body.items.find((c: any) => c.id === late.caseId);
    expect(companyCase.slaBreachedAt).not.toBeNull();
    expect(taken.status).toBe('assigned');
    expect(taken.slaBreachedAt).toBe(companyCase.slaBreachedAt);
    expect(Date.parse(taken.slaDueAt)).toBeLessThanOrEqual(Date.parse(taken.slaBreachedAt));
    // The one still offered is not the lawyer's case yet, so it carries nothing.
    expect(cases.body.items.find((c: any) => c.caseId === waiting.caseId).slaBreachedAt).toBeNull();
    // The breach moved no points and wrote nothing in the ledger.
    expect((await me(lawyer.token)).points).toBe(pointsAfterAccept);
    const ledger = await call('GET', '/api/legal/lawyers/me/points?pageSize=100', { token: lawyer.token });
    expect(ledger.body.items.filter((e: any) => e.caseId === late.caseId).map((e: any) => e.action)).toEqual([
      'quick_response',
    ]);
  });

  it('a case taken within the SLA carries no breach', async () => {
    const { lawyer, company, batchId, offers } = await offeredToLawyer(admin, 'flagship_enterprise', 1);
    const [offer] = offers;
    expect(
      (await call('POST', `/api/legal/cases/${offer.caseId}/accept`, { token: lawyer.token })).status,
    ).toBe(200);
    await settle();
    await shiftClientClock(company.id, 4 * HOUR + 1);
    await runDurableObjectAlarm(company.stub as DurableObjectStub<LegalClientActor>);
    await settle();
    const batch = await call('GET', `/t/${company.code}/api/legal/batches/${batchId}`, {
      token: company.token,
    });
    expect(batch.body.slaBreaches).toBe(0);
    const [taken] = await lawyerCases(lawyer.token, 'assigned');
    expect(taken).toMatchObject({ caseId: offer.caseId, slaBreachedAt: null, slaDueAt: null });
  });
});
