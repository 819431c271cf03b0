import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { OFFER_WINDOW_MS } from '../../durable-objects/lawyer/points';
import { nextBusinessDay } from '../../durable-objects/legal/dispatch/dispatcher';
import type { PracticeArea } from '../../schema/dto/legal-catalog';
import { adminToken, call } from '../helpers';
import {
  certifiedLawyer,
  dispatchStub,
  lawyerCases,
  lawyerStub,
  marketplaceUser,
  me,
  nextWeekday,
  paidTask,
  providerConfirms,
  runLawyerAlarm,
  setLawyerNow,
  settle,
  shiftDispatchClock,
  shiftLawyerClock,
  submitLawyer,
  verifiedPerson,
} from '../legal-helpers';
import { mailTo } from '../platform-helpers';

let admin: string;
let client: Awaited<ReturnType<typeof marketplaceUser>>;
beforeAll(async () => {
  admin = await adminToken();
  client = await marketplaceUser(admin);
});

/** Each test dispatches in an area of its own, so the lawyers of one never take the cases of another. */
const lawyerIn = (area: PracticeArea, name = 'Zhang Wei') =>
  certifiedLawyer(admin, { practiceAreas: [area], lawyerName: name });

const task = (id: string) =>
  settle().then(() => call('GET', `/api/legal/tasks/${id}`, { token: client.token }).then((r) => r.body));
const ledger = (token: string) =>
  settle().then(() =>
    call('GET', '/api/legal/lawyers/me/points?pageSize=200', { token }).then((r) => r.body.items as any[]),
  );
const act = (token: string, caseId: string, action: string, body?: unknown) =>
  call('POST', `/api/legal/cases/${caseId}/${action}`, { token, body });
const stats = (area: PracticeArea) => settle().then(() => dispatchStub(area).stats());
const pointsCheck = (userId: string) =>
  settle().then(() => runInDurableObject(lawyerStub(userId), (actor: LawyerActor) => actor.pointsCheck()));

describe('a paid task becomes a case, is offered, accepted, completed and reviewed (D6, D8, D10)', () => {
  it('runs end to end in the debt area', async () => {
    const lawyer = await lawyerIn('debt');
    // On a weekday, so that no weekend_work is earned whatever day the test runs.
    await setLawyerNow(lawyer.userId, nextWeekday(1));
    const published = await call('POST', '/api/legal/tasks', {
      token: client.token,
      body: {
        caseType: 'debt_collection',
        practiceArea: 'debt',
        amountFen: 4_000_00,
        description: 'Unpaid goods',
      },
    });
    expect(published.status).toBe(201);
    expect(published.body.case).toMatchObject({ status: 'awaiting_payment', serviceFeeFen: 200_00 });
    expect(published.body.order).toMatchObject({
      purpose: 'legal_task',
      amountFen: 200_00,
      status: 'pending',
    });
    const caseId = published.body.case.id;
    expect(await lawyerCases(lawyer.token)).toEqual([]);

    await providerConfirms(published.body.order.id, 200_00);
    expect(await task(caseId)).toMatchObject({ status: 'dispatching', dispatchState: 'offered' });
    const [offer] = await lawyerCases(lawyer.token, 'offered');
    expect(offer).toMatchObject({ caseId, status: 'offered', amountFen: 4_000_00, practiceArea: 'debt' });
    expect(Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)).toBe(OFFER_WINDOW_MS);

    const accepted = await act(lawyer.token, caseId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.case.status).toBe('assigned');
    expect(accepted.body.points).toEqual([
      expect.objectContaining({ action: 'quick_response', base: 50, result: 50 }),
    ]);
    expect(await task(caseId)).toMatchObject({
      status: 'assigned',
      lawyer: { name: 'Zhang Wei', lawFirm: 'Jinghua Law Firm' },
    });
    expect(await stats('debt')).toMatchObject({ assigned: 1, offered: 0, pooled: 0 });
    expect((await me(lawyer.token)).limits).toMatchObject({ acceptedToday: 1, amountThisMonthFen: 4_000_00 });

    expect((await act(lawyer.token, caseId, 'accept')).body.error.code).toBe('OFFER_NOT_OPEN');
    expect(
      (await call('POST', `/api/legal/cases/${caseId}/review`, { token: client.token, body: { stars: 5 } }))
        .status,
    ).toBe(409);

    const done = await act(lawyer.token, caseId, 'complete', { outcome: 'success' });
    // Completed within 72 h of acceptance; the client paid a ¥200 fee.
    expect(done.body.points).toEqual([
      expect.objectContaining({ action: 'case_complete_success', result: 100 }),
      expect.objectContaining({ action: 'case_fast_completion', result: 50 }),
      expect.objectContaining({ action: 'payment_100yuan', base: 200, result: 200 }),
    ]);
    expect(await task(caseId)).toMatchObject({ status: 'completed', outcome: 'success' });
    expect((await act(lawyer.token, caseId, 'complete', { outcome: 'fail' })).status).toBe(409);

    const review = await call('POST', `/api/legal/cases/${caseId}/review`, {
      token: client.token,
      body: { stars: 5 },
    });
    expect(review.body).toMatchObject({ stars: 5 });
    const again = await call('POST', `/api/legal/cases/${caseId}/review`, {
      token: client.token,
      body: { stars: 1 },
    });
    expect(again.status).toBe(409);

    const workspace = await me(lawyer.token);
    expect(workspace).toMatchObject({ points: 600, casesCompleted: 1 });
    expect((await ledger(lawyer.token)).map((e) => [e.action, e.result, e.balanceAfter])).toEqual([
      ['review_5star', 200, 600],
      ['payment_100yuan', 200, 400],
      ['case_fast_completion', 50, 200],
      ['case_complete_success', 100, 150],
      ['quick_response', 50, 50],
    ]);
    expect(await pointsCheck(lawyer.userId)).toEqual({ balance: 600, ledgerSum: 600 });
  });
});

describe('who is offered what (D7, D8)', () => {
  it('a decline costs points and weight and moves the case on; declined by all it waits; a new lawyer gets it', async () => {
    const first = await lawyerIn('contract', 'Lawyer One');
    const second = await lawyerIn('contract', 'Lawyer Two');
    const caseId = await paidTask(client.token, {
      caseType: 'contract_review',
      practiceArea: 'contract',
      amountFen: 0,
    });
    const holder = (await lawyerCases(first.token, 'offered')).length ? first : second;
    const other = holder === first ? second : first;
    expect(await lawyerCases(other.token)).toEqual([]);

    const declined = await act(holder.token, caseId, 'decline', { reason: 'Conflict of interest' });
    expect(declined.body.points).toEqual([
      expect.objectContaining({ action: 'case_declined', base: -30, multiplier: 1, result: -30 }),
    ]);
    expect((await me(holder.token)).level.priorityWeight).toBe(0.9);
    expect(await lawyerCases(other.token, 'offered')).toHaveLength(1);
    expect((await act(other.token, caseId, 'decline')).status).toBe(200);
    expect(await task(caseId)).toMatchObject({ status: 'dispatching', dispatchState: 'pooled' });
    expect(await stats('contract')).toMatchObject({ pooled: 1, offered: 0 });

    // Someone becomes eligible: the pooled case is offered to them.
    const third = await lawyerIn('contract', 'Lawyer Three');
    expect((await lawyerCases(third.token, 'offered')).map((c) => c.caseId)).toEqual([caseId]);
    expect(await task(caseId)).toMatchObject({ dispatchState: 'offered' });

    // Ranked by weight: the newcomer (1.0) before the two who declined (0.9).
    const next = await paidTask(client.token, {
      caseType: 'contract_review',
      practiceArea: 'contract',
      amountFen: 0,
    });
    expect((await lawyerCases(third.token, 'offered')).map((c) => c.caseId).sort()).toEqual(
      [caseId, next].sort(),
    );
    // The newcomer holds two open offers, its daily limit at level 1: the next goes to the others.
    const third_ = await paidTask(client.token, {
      caseType: 'contract_review',
      practiceArea: 'contract',
      amountFen: 0,
    });
    const offeredElsewhere = [
      ...(await lawyerCases(first.token, 'offered')),
      ...(await lawyerCases(second.token, 'offered')),
    ];
    expect(offeredElsewhere.map((c) => c.caseId)).toEqual([third_]);
    expect((await me(third.token)).limits.acceptedToday).toBe(0);
  });

  it('an offer not answered within its window lapses, costs late_response, and moves on; late accepts cost too', async () => {
    const lawyer = await lawyerIn('labor');
    // On a weekday (no weekend_work), whatever day the test runs.
    const weekday = nextWeekday(1) - Date.now();
    await shiftLawyerClock(lawyer.userId, weekday);
    const lapsing = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'labor',
      amountFen: 0,
    });
    const late = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'labor',
      amountFen: 0,
    });
    expect(await lawyerCases(lawyer.token, 'offered')).toHaveLength(2);

    await shiftLawyerClock(lawyer.userId, weekday + 2 * 3_600_000);
    const accepted = await act(lawyer.token, late, 'accept');
    expect(accepted.body.points).toEqual([expect.objectContaining({ action: 'late_response', result: -20 })]);

    await shiftLawyerClock(lawyer.userId, weekday + OFFER_WINDOW_MS - 1000);
    await runLawyerAlarm(lawyer.userId);
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([lapsing]);
    await shiftLawyerClock(lawyer.userId, weekday + OFFER_WINDOW_MS + 1000);
    expect((await act(lawyer.token, lapsing, 'accept')).status).toBe(410);
    await runLawyerAlarm(lawyer.userId);
    expect((await lawyerCases(lawyer.token, 'lapsed')).map((c) => c.caseId)).toEqual([lapsing]);
    expect((await ledger(lawyer.token))[0]).toMatchObject({
      action: 'late_response',
      result: -20,
      caseId: lapsing,
    });
    // Nobody else practises labor law: the case waits for someone.
    expect(await task(lapsing)).toMatchObject({ dispatchState: 'pooled' });
    expect(await pointsCheck(lawyer.userId)).toEqual({ balance: -40, ledgerSum: -40 });
  });

  it('an accept and a lapse at the deadline cannot both happen: the case is assigned once or moves on', async () => {
    const lawyer = await lawyerIn('criminal');
    // Accepted a moment before the deadline: the lapse that follows finds nothing to do.
    const first = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'criminal',
      amountFen: 0,
    });
    const [offer] = await lawyerCases(lawyer.token, 'offered');
    await shiftLawyerClock(lawyer.userId, Date.parse(offer.expiresAt) - Date.now() - 1000);
    expect((await act(lawyer.token, first, 'accept')).status).toBe(200);
    await shiftLawyerClock(lawyer.userId, OFFER_WINDOW_MS * 2);
    await runLawyerAlarm(lawyer.userId);
    expect((await lawyerCases(lawyer.token)).map((c) => c.status)).toEqual(['assigned']);

    // Both at once at the deadline: exactly one of them happens.
    await shiftLawyerClock(lawyer.userId, 0);
    const second = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'criminal',
      amountFen: 0,
    });
    const open = (await lawyerCases(lawyer.token, 'offered'))[0];
    await shiftLawyerClock(lawyer.userId, Date.parse(open.expiresAt) - Date.now());
    const [accept] = await Promise.all([act(lawyer.token, second, 'accept'), runLawyerAlarm(lawyer.userId)]);
    const status = (await lawyerCases(lawyer.token)).find((c) => c.caseId === second)!.status;
    if (accept.status === 200) expect(status).toBe('assigned');
    else {
      expect([409, 410]).toContain(accept.status);
      expect(status).toBe('lapsed');
    }
    const dispatched = await stats('criminal');
    expect(dispatched.assigned).toBe(accept.status === 200 ? 2 : 1);
    expect(dispatched.assigned + dispatched.pooled + dispatched.offered).toBe(2);
  });

  it('the daily and monthly limits hold; a new business day offers the waiting case again', async () => {
    const lawyer = await lawyerIn('family');
    const cases = [];
    for (let i = 0; i < 3; i++)
      cases.push(
        await paidTask(client.token, {
          caseType: 'consultation',
          practiceArea: 'family',
          amountFen: 1_000_00,
        }),
      );
    const big = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'family',
      amountFen: 6_000_00,
    });
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId).sort()).toEqual(
      cases.slice(0, 2).sort(),
    );
    for (const id of cases.slice(0, 2)) expect((await act(lawyer.token, id, 'accept')).status).toBe(200);
    expect(await task(cases[2]!)).toMatchObject({ dispatchState: 'pooled' });
    expect(await task(big)).toMatchObject({ dispatchState: 'pooled' });
    expect((await me(lawyer.token)).limits).toMatchObject({ acceptedToday: 2, effective: { dailyCases: 2 } });

    const tomorrow = nextBusinessDay(Date.now()) + 60_000 - Date.now();
    await shiftLawyerClock(lawyer.userId, tomorrow);
    await shiftDispatchClock('family', tomorrow);
    expect(await runDurableObjectAlarm(dispatchStub('family'))).toBe(true);
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([cases[2]]);
    expect((await act(lawyer.token, cases[2]!, 'accept')).status).toBe(200);
    // ¥6 000 never fits under level 1's ¥5 000 a month: it stays in the pool.
    expect(await task(big)).toMatchObject({ dispatchState: 'pooled' });
    const month = (await me(lawyer.token)).limits;
    expect(month.amountThisMonthFen).toBeLessThanOrEqual(5_000_00);
  });

  it('five declines in seven days suspend new offers for exactly 24 hours, with a mail', async () => {
    const lawyer = await lawyerIn('ip');
    for (let i = 0; i < 5; i++)
      await paidTask(client.token, { caseType: 'consultation', practiceArea: 'ip', amountFen: 0 });
    const penalties: number[] = [];
    let suspendedAt = 0;
    for (let i = 0; i < 5; i++) {
      const [offer] = await lawyerCases(lawyer.token, 'offered');
      const declined = await act(lawyer.token, offer.caseId, 'decline');
      penalties.push(declined.body.points[0].result);
      suspendedAt = Date.parse(declined.body.case.respondedAt);
    }
    expect(penalties).toEqual([-30, -40, -50, -60, -70]);
    const workspace = await me(lawyer.token);
    expect(workspace.suspension).toEqual({
      suspendedUntil: new Date(suspendedAt + 24 * 3_600_000).toISOString(),
      declinesLast7Days: 5,
    });
    expect(workspace.level.priorityWeight).toBe(0.5);
    expect((await mailTo(admin, lawyer.email))[0]).toMatchObject({ kind: 'legal.offers_suspended' });

    // Suspended: a new case is not offered.
    const waiting = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'ip',
      amountFen: 0,
    });
    expect(await lawyerCases(lawyer.token, 'offered')).toEqual([]);
    expect(await task(waiting)).toMatchObject({ dispatchState: 'pooled' });

    await shiftLawyerClock(lawyer.userId, suspendedAt + 24 * 3_600_000 - Date.now() - 60_000);
    await runLawyerAlarm(lawyer.userId);
    expect(await lawyerCases(lawyer.token, 'offered')).toEqual([]);
    await shiftLawyerClock(lawyer.userId, suspendedAt + 24 * 3_600_000 - Date.now() + 1);
    await runLawyerAlarm(lawyer.userId);
    expect((await me(lawyer.token)).suspension.suspendedUntil).toBeNull();
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([waiting]);
    expect(await pointsCheck(lawyer.userId)).toEqual({ balance: -250, ledgerSum: -250 });
  });

  it('enterprise cases go to enterprise members only; a paid upgrade makes the lawyer eligible', async () => {
    const lawyer = await lawyerIn('corporate');
    const caseId = await paidTask(client.token, {
      caseType: 'enterprise_counsel',
      practiceArea: 'corporate',
      amountFen: 1_000_00,
    });
    expect(await lawyerCases(lawyer.token)).toEqual([]);
    expect(await task(caseId)).toMatchObject({ dispatchState: 'pooled' });
    const { order } = (
      await call('POST', '/api/legal/lawyers/me/membership', {
        token: lawyer.token,
        body: { plan: 'enterprise' },
      })
    ).body;
    await providerConfirms(order.id, order.amountFen);
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([caseId]);
    const accepted = await act(lawyer.token, caseId, 'accept');
    expect(accepted.body.points[0]).toMatchObject({
      action: 'quick_response',
      base: 50,
      multiplier: 3,
      result: 150,
    });
  });
});

describe('trust', () => {
  it('a lawyer acts on their own offers only; a user sees and reviews their own cases only', async () => {
    const owner = await lawyerIn('real_estate', 'Owner');
    // Only lawyers of the case's practice area are offered it.
    const elsewhere = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'labor',
      amountFen: 0,
    });
    const caseId = await paidTask(client.token, {
      caseType: 'consultation',
      practiceArea: 'real_estate',
      amountFen: 0,
    });
    expect((await lawyerCases(owner.token)).map((c) => c.caseId)).toEqual([caseId]);
    expect(elsewhere).not.toBe(caseId);
    const other = await certifiedLawyer(admin, { practiceAreas: ['family'] });
    for (const action of ['accept', 'decline'])
      expect((await act(other.token, caseId, action)).status).toBe(404);
    expect((await act(other.token, caseId, 'complete', { outcome: 'success' })).status).toBe(404);
    expect((await act(client.token, caseId, 'accept')).status).toBe(404);
    expect((await lawyerCases(other.token)).map((c) => c.caseId)).not.toContain(caseId);
    expect((await ledger(other.token)).length).toBe(0);
    expect((await act(owner.token, caseId, 'accept')).status).toBe(200);

    const stranger = await marketplaceUser(admin);
    expect((await call('GET', `/api/legal/tasks/${caseId}`, { token: stranger.token })).status).toBe(404);
    expect((await call('GET', '/api/legal/tasks', { token: stranger.token })).body.total).toBe(0);
    const review = await call('POST', `/api/legal/cases/${caseId}/review`, {
      token: stranger.token,
      body: { stars: 1 },
    });
    expect(review.status).toBe(404);
    expect((await call('GET', '/api/legal/users/me', { token: owner.token })).status).toBe(404);
    expect((await call('GET', '/api/legal/lawyers/me', { token: stranger.token })).status).toBe(404);
  });

  it('a task is validated field by field and nothing is kept when it is refused', async () => {
    const res = await call('POST', '/api/legal/tasks', {
      token: client.token,
      body: {
        caseType: 'divorce',
        practiceArea: 'space',
        amountFen: -1.5,
        description: 'bad\u0007bell',
        extra: true,
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.fields.map((f: any) => f.path);
    for (const path of ['body.caseType', 'body.practiceArea', 'body.amountFen', 'body.description'])
      expect(paths).toContain(path);
    const tooBig = await call('POST', '/api/legal/tasks', {
      token: client.token,
      body: { caseType: 'litigation', practiceArea: 'debt', amountFen: 100_000_000_01, description: 'x' },
    });
    expect(tooBig.body.error.details.fields[0].path).toBe('body.amountFen');
    const before = (await call('GET', '/api/legal/tasks', { token: client.token })).body.total;
    await call('POST', '/api/legal/tasks', { token: client.token, body: {} });
    expect((await call('GET', '/api/legal/tasks', { token: client.token })).body.total).toBe(before);
    const stars = await call('POST', '/api/legal/cases/case_x/review', {
      token: client.token,
      body: { stars: 6 },
    });
    expect(stars.status).toBe(400);
    expect(stars.body.error.details.fields[0].path).toBe('body.stars');
    const outcome = await call('POST', '/api/legal/cases/case_x/complete', {
      token: client.token,
      body: { outcome: 'maybe' },
    });
    expect(outcome.body.error.details.fields[0].path).toBe('body.outcome');
  });

  it('a lawyer who is not yet certified may not act on cases or buy a membership', async () => {
    const person = await verifiedPerson(admin);
    expect((await submitLawyer(person.token, { practiceAreas: ['labor'] })).status).toBe(200);
    expect((await me(person.token)).status).toBe('pending');
    const refused = await act(person.token, 'case_any', 'accept');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('LAWYER_NOT_CERTIFIED');
    const membership = await call('POST', '/api/legal/lawyers/me/membership', {
      token: person.token,
      body: { plan: 'professional' },
    });
    expect(membership.status).toBe(409);
  });
});
