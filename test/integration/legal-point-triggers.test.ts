import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { HEARTBEAT_GAP_MS } from '../../durable-objects/lawyer/points';
import type { PracticeArea } from '../../schema/dto/legal-catalog';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import { adminToken, call } from '../helpers';
import {
  acceptedCaseOf,
  buyMembership,
  certifiedLawyer,
  lawyerCases,
  lawyerStub,
  ledgerOf,
  marketplaceUser,
  me,
  nextWeekday,
  paidTask,
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
const ledger = ledgerOf;
const next = nextWeekday;
const buy = buyMembership;
const acceptedCase = (token: string, area: PracticeArea, amountFen?: number, caseType?: string) =>
  acceptedCaseOf(client.token, token, area, amountFen, caseType);

describe('points triggers (D6)', { timeout: 30_000 }, () => {
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
  });

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
    // The same news again, even under a new idempotency key, pays nothing again.
    await lawyerStub(referrer.userId).receive({
      key: `referral-again:${person.userId}`,
      type: LEGAL_MESSAGES.referralApproved,
      from: 'test',
      payload: { referrerId: referrer.userId, referredId: person.userId },
    });
    expect(await ledger(referrer.token)).toHaveLength(1);
    const late = await call('POST', '/api/legal/lawyers/me/referral', {
      token: person.token,
      body: { code: referrer.userId },
    });
    expect(late.status).toBe(409);
  });
});

describe('reviews and complaints (D6)', { timeout: 30_000 }, () => {
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
    // The same complaint again, even under a new idempotency key, costs nothing more.
    await lawyerStub(lawyer.userId).receive({
      key: `complaint-again:${bad.caseId}`,
      type: LEGAL_MESSAGES.complaint,
      from: 'test',
      payload: { caseId: bad.caseId, reason: 'Again' },
    });
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
