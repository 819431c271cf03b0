import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { HEARTBEAT_GAP_MS } from '../../durable-objects/lawyer/points';
import type { PracticeArea } from '../../schema/dto/legal-catalog';
import { adminToken, call } from '../helpers';
import {
  certifiedLawyer,
  lawyerCases,
  lawyerStub,
  marketplaceUser,
  me,
  nextWeekday,
  paidTask,
  providerConfirms,
  setLawyerNow,
  settle,
  submitLawyer,
  verifiedPerson,
} from '../legal-helpers';

let admin: string;
let client: Awaited<ReturnType<typeof marketplaceUser>>;
beforeAll(async () => {
  admin = await adminToken();
  client = await marketplaceUser(admin);
});

const lawyerIn = (area: PracticeArea) => certifiedLawyer(admin, { practiceAreas: [area] });
const ledger = (token: string) =>
  settle().then(() =>
    call('GET', '/api/legal/lawyers/me/points?pageSize=200', { token }).then((r) => r.body.items as any[]),
  );
const next = nextWeekday;

async function buy(token: string, plan: 'professional' | 'enterprise') {
  const { order } = (await call('POST', '/api/legal/lawyers/me/membership', { token, body: { plan } })).body;
  expect((await providerConfirms(order.id, order.amountFen)).status).toBe(200);
  await settle();
}

/** A case of `area` offered to and accepted by the lawyer. */
async function acceptedCase(
  token: string,
  area: PracticeArea,
  amountFen = 1_000_00,
  caseType = 'debt_collection',
) {
  const caseId = await paidTask(client.token, { practiceArea: area, amountFen, caseType });
  const [offer] = await lawyerCases(token, 'offered');
  expect(offer.caseId).toBe(caseId);
  const accepted = await call('POST', `/api/legal/cases/${caseId}/accept`, { token });
  expect(accepted.status).toBe(200);
  return { caseId, accepted: accepted.body };
}

describe('what the membership opens (D4)', () => {
  it('the workspace lists the case types and features taken, and what each upgrade would open', async () => {
    const lawyer = await lawyerIn('labor');
    const free = await me(lawyer.token);
    expect(free.access.caseTypes).toEqual([
      'consultation',
      'lawyer_letter',
      'debt_collection',
      'contract_review',
    ]);
    expect(free.access.features).toEqual([]);
    expect(free.access.upgrade.map((u: any) => [u.plan, u.caseTypes, u.features])).toEqual([
      ['professional', ['litigation'], ['dataAnalysis']],
      [
        'enterprise',
        ['litigation', 'enterprise_counsel'],
        ['dataAnalysis', 'apiAccess', 'whiteLabel', 'enterpriseCases'],
      ],
    ]);
    // A litigation case waits in the pool until the lawyer's membership takes it.
    const caseId = await paidTask(client.token, {
      caseType: 'litigation',
      practiceArea: 'labor',
      amountFen: 1_000_00,
    });
    expect(await lawyerCases(lawyer.token)).toEqual([]);
    await buy(lawyer.token, 'professional');
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([caseId]);
    const pro = await me(lawyer.token);
    expect(pro.access.features).toEqual(['dataAnalysis']);
    expect(pro.access.upgrade.map((u: any) => u.plan)).toEqual(['enterprise']);
  });
});

describe('API keys and white-label (enterprise)', () => {
  it('are refused below enterprise, naming the feature and the membership it needs', async () => {
    const lawyer = await lawyerIn('labor');
    const key = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: lawyer.token,
      body: { name: 'crm' },
    });
    expect(key.status).toBe(403);
    expect(key.body.error).toMatchObject({
      code: 'NOT_IN_MEMBERSHIP',
      details: { feature: 'apiAccess', needs: 'enterprise' },
    });
    await buy(lawyer.token, 'professional');
    const header = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: { reportHeader: 'Acme Legal' },
    });
    expect(header.status).toBe(403);
    expect(header.body.error).toMatchObject({
      code: 'NOT_IN_MEMBERSHIP',
      details: { feature: 'whiteLabel' },
    });
    expect((await me(lawyer.token)).reportHeader).toBeNull();
  });

  it('an enterprise lawyer’s key is shown once, works on their own routes only, and stops when revoked', async () => {
    const lawyer = await lawyerIn('ip');
    await buy(lawyer.token, 'enterprise');
    const bad = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: lawyer.token,
      body: { name: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.name');

    const created = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: lawyer.token,
      body: { name: 'firm crm', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(created.body).toMatchObject({ name: 'firm crm', revokedAt: null, lastUsedAt: null });
    const listed = await call('GET', '/api/legal/lawyers/me/api-keys', { token: lawyer.token });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.text).not.toContain(key);
    // Stored as a hash only.
    const stored = await runInDurableObject(lawyerStub(lawyer.userId), (_a, state) =>
      state.storage.sql.exec('SELECT key_hash FROM lawyer_api_keys').toArray(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.key_hash).not.toBe(key);
    expect(String(stored[0]!.key_hash)).toMatch(/^[0-9a-f]{64}$/);

    const viaKey = await call('GET', '/api/legal/lawyers/me', { token: key });
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.userId).toBe(lawyer.userId);
    const { caseId } = await acceptedCase(lawyer.token, 'ip');
    const drafted = await call('POST', '/api/legal/lawyers/me/documents', {
      token: key,
      body: { caseId, template: 'case_summary' },
    });
    expect(drafted.status).toBe(200);
    // Not the settings, and not the rest of the marketplace.
    for (const [method, path, body] of [
      ['POST', '/api/legal/lawyers/me/api-keys', { name: 'another' }],
      ['GET', '/api/legal/lawyers/me/api-keys', undefined],
      ['PUT', '/api/legal/lawyers/me/report-header', { reportHeader: 'x' }],
      ['POST', '/api/legal/lawyers/me/heartbeat', undefined],
      ['GET', '/api/legal/tasks', undefined],
    ] as const) {
      const res = await call(method, path, { token: key, body });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('API_KEY_NOT_ALLOWED');
    }
    expect(
      (await call('GET', '/api/legal/lawyers/me/api-keys', { token: lawyer.token })).body.items[0].lastUsedAt,
    ).not.toBeNull();

    // Another lawyer sees none of these keys and cannot revoke them.
    const other = await lawyerIn('ip');
    expect((await call('GET', '/api/legal/lawyers/me/api-keys', { token: other.token })).body.items).toEqual(
      [],
    );
    const foreign = await call('POST', `/api/legal/lawyers/me/api-keys/${created.body.id}/revoke`, {
      token: other.token,
    });
    expect(foreign.status).toBe(404);

    const revoked = await call('POST', `/api/legal/lawyers/me/api-keys/${created.body.id}/revoke`, {
      token: lawyer.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await call('GET', '/api/legal/lawyers/me', { token: key });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('API_KEY_INVALID');
  });

  it('the white-label header heads the lawyer’s documents', async () => {
    const lawyer = await lawyerIn('family');
    await buy(lawyer.token, 'enterprise');
    const set = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: { reportHeader: 'Acme Legal Partners' },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ reportHeader: 'Acme Legal Partners', effective: 'Acme Legal Partners' });
    expect((await me(lawyer.token)).reportHeader).toBe('Acme Legal Partners');
    const { caseId } = await acceptedCase(lawyer.token, 'family');
    const doc = await call('POST', '/api/legal/lawyers/me/documents', {
      token: lawyer.token,
      body: { caseId, template: 'demand_letter' },
    });
    expect(doc.body.document.header).toBe('Acme Legal Partners');
    expect(doc.body.document.body).toContain('Acme Legal Partners');
    const cleared = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: { reportHeader: null },
    });
    expect(cleared.body).toEqual({ reportHeader: null, effective: 'Jinghua Law Firm' });
    const missing = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].path).toBe('body.reportHeader');
  });
});

describe('the document helper spends AI credits (D4, D6 ai_credit_used)', () => {
  it('drafts from the lawyer’s case, costs credits, records both ledgers, and refuses with 402 when none are left', async () => {
    const lawyer = await lawyerIn('contract');
    const { caseId } = await acceptedCase(lawyer.token, 'contract');
    const before = await me(lawyer.token);
    expect(before.aiCredits).toMatchObject({ allowance: 20, used: 0, remaining: 20 });

    const first = await call('POST', '/api/legal/lawyers/me/documents', {
      token: lawyer.token,
      body: { caseId, template: 'demand_letter' },
    });
    expect(first.status).toBe(200);
    expect(first.body.credits).toEqual({ cost: 2, used: 2, allowance: 20, remaining: 18 });
    expect(first.body.document.body).toContain(caseId);
    expect(first.body.document.header).toBe('Jinghua Law Firm');
    expect(first.body.points).toEqual([
      expect.objectContaining({ action: 'ai_credit_used', base: 6, multiplier: 1, result: 6, caseId }),
    ]);
    for (let i = 0; i < 9; i++) {
      const more = await call('POST', '/api/legal/lawyers/me/documents', {
        token: lawyer.token,
        body: { caseId, template: 'demand_letter' },
      });
      expect(more.status).toBe(200);
    }
    const refused = await call('POST', '/api/legal/lawyers/me/documents', {
      token: lawyer.token,
      body: { caseId, template: 'case_summary' },
    });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'AI_CREDITS_EXHAUSTED',
      details: { cost: 1, remaining: 0 },
    });

    const after = await me(lawyer.token);
    expect(after.aiCredits).toMatchObject({ used: 20, remaining: 0 });
    const credits = await call('GET', '/api/legal/lawyers/me/credits?pageSize=50', { token: lawyer.token });
    expect(credits.body.total).toBe(10);
    expect(credits.body.items[0]).toMatchObject({
      credits: 2,
      usedAfter: 20,
      purpose: 'demand_letter',
      caseId,
    });
    const used = (await ledger(lawyer.token)).filter((e) => e.action === 'ai_credit_used');
    expect(used).toHaveLength(10);
    expect(after.points - before.points).toBe(60);
  });

  it('refuses bad input by field, another lawyer’s case, and the demo workspace', async () => {
    const owner = await lawyerIn('real_estate');
    const { caseId } = await acceptedCase(owner.token, 'real_estate');
    const other = await lawyerIn('real_estate');
    const foreign = await call('POST', '/api/legal/lawyers/me/documents', {
      token: other.token,
      body: { caseId, template: 'demand_letter' },
    });
    expect(foreign.status).toBe(404);
    const bad = await call('POST', '/api/legal/lawyers/me/documents', {
      token: owner.token,
      body: { caseId, template: 'poem' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.template');
    expect((await me(owner.token)).aiCredits.used).toBe(0);

    const demo = (await call('GET', '/api/legal/demo/lawyer')).body.accessToken;
    for (const [method, path, body] of [
      ['POST', '/api/legal/lawyers/me/documents', { caseId: 'demo-case-006', template: 'case_summary' }],
      ['POST', '/api/legal/lawyers/me/heartbeat', undefined],
      ['POST', '/api/legal/lawyers/me/api-keys', { name: 'x' }],
      ['PUT', '/api/legal/lawyers/me/report-header', { reportHeader: 'x' }],
      ['POST', '/api/legal/lawyers/me/referral', { code: owner.userId }],
    ] as const) {
      const res = await call(method, path, { token: demo, body });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('DEMO_READ_ONLY');
    }
  });
});

describe('points triggers (D6)', () => {
  it('weekend_work on a Saturday acceptance and completion, none on a weekday', async () => {
    const lawyer = await lawyerIn('criminal');
    await setLawyerNow(lawyer.userId, next(6));
    const { caseId, accepted } = await acceptedCase(lawyer.token, 'criminal');
    expect(accepted.points.map((p: any) => [p.action, p.result])).toEqual([
      ['quick_response', 50],
      ['weekend_work', 20],
    ]);
    const done = await call('POST', `/api/legal/cases/${caseId}/complete`, {
      token: lawyer.token,
      body: { outcome: 'success' },
    });
    // ¥1 000 of debt: a ¥200 fee, so payment_100yuan twice; completed within 72 h.
    expect(done.body.points.map((p: any) => [p.action, p.result])).toEqual([
      ['case_complete_success', 100],
      ['case_fast_completion', 50],
      ['payment_100yuan', 200],
      ['weekend_work', 20],
    ]);

    await setLawyerNow(lawyer.userId, next(3));
    const weekday = await acceptedCase(lawyer.token, 'criminal');
    expect(weekday.accepted.points.map((p: any) => p.action)).toEqual(['quick_response']);
  });

  it('case_high_value above ¥50 000, multiplied by the membership; no fast completion after 72 h', async () => {
    const lawyer = await lawyerIn('corporate');
    // A level-5 lawyer (¥100 000 a month) on the professional membership (×2).
    await runInDurableObject(lawyerStub(lawyer.userId), (_a, state) => {
      state.storage.sql.exec('UPDATE lawyer_state SET points = 20000, cases_completed = 50, level = 5');
    });
    await buy(lawyer.token, 'professional');
    const monday = next(1);
    await setLawyerNow(lawyer.userId, monday);
    const { caseId } = await acceptedCase(lawyer.token, 'corporate', 60_000_00);
    await setLawyerNow(lawyer.userId, monday + 73 * 3_600_000);
    const done = await call('POST', `/api/legal/cases/${caseId}/complete`, {
      token: lawyer.token,
      body: { outcome: 'success' },
    });
    expect(done.status).toBe(200);
    // 3% of ¥60 000 is an ¥1 800 fee: 18 × payment_100yuan.
    expect(done.body.points.map((p: any) => [p.action, p.base, p.multiplier, p.result])).toEqual([
      ['case_complete_success', 100, 2, 200],
      ['case_high_value', 200, 2, 400],
      ['payment_100yuan', 1800, 2, 3600],
    ]);
  });

  it('online_hour from heartbeats: an hour for each hour online, at most 8 a day, gaps not counted', async () => {
    const lawyer = await lawyerIn('debt');
    const start = next(2, 8);
    await settle();
    const beatAt = async (at: number) => {
      // Nothing else is under way for this lawyer: the clock moves without waiting for the marketplace.
      await runInDurableObject(lawyerStub(lawyer.userId), (actor: LawyerActor) => {
        actor.timeShiftMs = at - Date.now();
      });
      const res = await call('POST', '/api/legal/lawyers/me/heartbeat', { token: lawyer.token });
      expect(res.status).toBe(200);
      return res.body;
    };
    // Four minutes apart: within the 5-minute gap even with the milliseconds a request takes.
    const step = HEARTBEAT_GAP_MS - 60_000;
    let earned: any[] = [];
    for (let i = 0; i <= 16; i++) earned = earned.concat((await beatAt(start + i * step)).points);
    expect(earned.map((p) => [p.action, p.result])).toEqual([['online_hour', 5]]);
    // A long gap counts nothing.
    const afterGap = await beatAt(start + 16 * step + 2 * 3_600_000);
    expect(afterGap.online).toMatchObject({ hoursAwarded: 1, hoursPerDay: 8 });
    expect([63, 64]).toContain(afterGap.online.minutes);
    let at = start + 16 * step + 2 * 3_600_000;
    for (let i = 0; i < 15 * 9; i++) {
      at += step;
      earned = earned.concat((await beatAt(at)).points);
    }
    expect(earned.reduce((sum, p) => sum + p.result, 0)).toBe(8 * 5);
    expect((await me(lawyer.token)).online).toMatchObject({ hoursAwarded: 8 });
    // The next business day starts again.
    const tomorrow = start + 86_400_000;
    await beatAt(tomorrow);
    let next2: any[] = [];
    for (let i = 1; i <= 16; i++) next2 = next2.concat((await beatAt(tomorrow + i * step)).points);
    expect(next2.map((p) => p.action)).toEqual(['online_hour']);
  }, 30_000);

  it('referral_lawyer once, when the referred lawyer is approved', async () => {
    const referrer = await lawyerIn('labor');
    expect((await me(referrer.token)).referral.code).toBe(referrer.userId);
    const person = await verifiedPerson(admin, 'Chen Jing');
    const submitted = await submitLawyer(person.token, { practiceAreas: ['labor'] });
    expect(submitted.status).toBe(200);
    await settle();
    const unknown = await call('POST', '/api/legal/lawyers/me/referral', {
      token: person.token,
      body: { code: 'no-such-lawyer' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].path).toBe('body.code');
    const missing = await call('POST', '/api/legal/lawyers/me/referral', { token: person.token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].path).toBe('body.code');

    const given = await call('POST', '/api/legal/lawyers/me/referral', {
      token: person.token,
      body: { code: referrer.userId },
    });
    expect(given.status).toBe(200);
    const twice = await call('POST', '/api/legal/lawyers/me/referral', {
      token: person.token,
      body: { code: referrer.userId },
    });
    expect(twice.status).toBe(409);
    expect(await ledger(referrer.token)).toEqual([]);

    await call('POST', `/api/admin/lawyer-certifications/${submitted.body.certificationId}/approve`, {
      token: admin,
    });
    await settle();
    const entries = await ledger(referrer.token);
    expect(entries.map((e) => [e.action, e.result])).toEqual([['referral_lawyer', 1000]]);
    // The referred lawyer's next certification message (a repeat) pays nothing again.
    await runInDurableObject(lawyerStub(person.userId), async (actor: LawyerActor) => {
      (actor as any).tools.afterCertification();
    });
    await settle();
    expect(await ledger(referrer.token)).toHaveLength(1);
    const late = await call('POST', '/api/legal/lawyers/me/referral', {
      token: person.token,
      body: { code: referrer.userId },
    });
    expect(late.status).toBe(409);
  });
});

describe('reviews and complaints (D6)', () => {
  it('a review’s stars follow the table, rewards multiplied, penalties not; a complaint costs 200 once per case', async () => {
    // Litigation in the debt area: no other lawyer of this file takes it.
    const lawyer = await lawyerIn('debt');
    await buy(lawyer.token, 'professional');
    await setLawyerNow(lawyer.userId, nextWeekday(2));
    const good = await acceptedCase(lawyer.token, 'debt', 1_000_00, 'litigation');
    const bad = await acceptedCase(lawyer.token, 'debt', 1_000_00, 'litigation');
    for (const { caseId } of [good, bad])
      expect(
        (
          await call('POST', `/api/legal/cases/${caseId}/complete`, {
            token: lawyer.token,
            body: { outcome: 'success' },
          })
        ).status,
      ).toBe(200);
    for (const [caseId, stars] of [
      [good.caseId, 5],
      [bad.caseId, 1],
    ] as const)
      expect(
        (await call('POST', `/api/legal/cases/${caseId}/review`, { token: client.token, body: { stars } }))
          .status,
      ).toBe(200);
    const reviews = (await ledger(lawyer.token)).filter((e) => e.action.startsWith('review_'));
    expect(reviews.map((e) => [e.action, e.base, e.multiplier, e.result, e.caseId])).toEqual([
      ['review_1star', -300, 1, -300, bad.caseId],
      ['review_5star', 200, 2, 400, good.caseId],
    ]);

    const missing = await call('POST', `/api/legal/cases/${bad.caseId}/complaint`, {
      token: client.token,
      body: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].path).toBe('body.reason');
    // Only the case's own client complains.
    const stranger = await marketplaceUser(admin);
    const foreign = await call('POST', `/api/legal/cases/${bad.caseId}/complaint`, {
      token: stranger.token,
      body: { reason: 'Never answered' },
    });
    expect(foreign.status).toBe(404);
    for (let i = 0; i < 2; i++) {
      const complained = await call('POST', `/api/legal/cases/${bad.caseId}/complaint`, {
        token: client.token,
        body: { reason: 'Never answered my calls' },
      });
      expect(complained.status).toBe(200);
      expect(complained.body).toEqual({
        caseId: bad.caseId,
        lawyerId: lawyer.userId,
        reason: 'Never answered my calls',
      });
    }
    const complaints = (await ledger(lawyer.token)).filter((e) => e.action === 'client_complaint');
    expect(complaints.map((e) => [e.base, e.multiplier, e.result, e.caseId])).toEqual([
      [-200, 1, -200, bad.caseId],
    ]);
    const [seen] = (await lawyerCases(lawyer.token, 'completed')).filter((c) => c.caseId === bad.caseId);
    expect(seen.complaint).toBe('Never answered my calls');

    // A case still looking for a lawyer cannot be complained about.
    const waiting = await paidTask(client.token, {
      practiceArea: 'criminal',
      caseType: 'enterprise_counsel',
    });
    const early = await call('POST', `/api/legal/cases/${waiting}/complaint`, {
      token: client.token,
      body: { reason: 'Too slow' },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('CASE_HAS_NO_LAWYER');
  });
});
