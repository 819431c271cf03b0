import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LawyerActor } from '../../durable-objects/lawyer/lawyer';
import { addCalendarMonths } from '../../durable-objects/lawyer/membership';
import { signBody } from '../../lib/webhook-signature';
import { lawyerState, paymentOrders } from '../../schema/lawyer';
import { adminToken, call, platformAdmin } from '../helpers';
import {
  certifiedLawyer,
  lawyerStub,
  marketplaceUser,
  me,
  providerConfirms,
  runLawyerAlarm,
  send,
  shiftLawyerClock,
} from '../legal-helpers';
import { runTask } from '../platform-helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function askFor(token: string, plan: string) {
  return call('POST', '/api/legal/lawyers/me/membership', { token, body: { plan } });
}

async function orderRows(userId: string) {
  return runInDurableObject(lawyerStub(userId), (actor: LawyerActor) =>
    actor.db.select().from(paymentOrders).all(),
  );
}

describe('payment orders', () => {
  it('are read by their owner or an administrator only', async () => {
    const lawyer = await certifiedLawyer(admin);
    const { order } = (await askFor(lawyer.token, 'professional')).body;
    expect(order).toMatchObject({
      purpose: 'lawyer_membership',
      amountFen: 89_900,
      status: 'pending',
      paidAt: null,
    });
    expect((await call('GET', `/api/payments/${order.id}`, { token: lawyer.token })).body).toEqual(order);
    expect((await call('GET', `/api/payments/${order.id}`, { token: admin })).status).toBe(200);
    const stranger = await marketplaceUser(admin);
    const refused = await call('GET', `/api/payments/${order.id}`, { token: stranger.token });
    expect(refused.status).toBe(404);
    expect((await call('GET', `/api/payments/${order.id}`)).status).toBe(401);
    expect((await call('GET', '/api/payments/pay_nonsense', { token: admin })).status).toBe(404);
    const forged = `pay_l${'0'.repeat(64)}${'a'.repeat(26)}`;
    expect((await call('GET', `/api/payments/${forged}`, { token: admin })).status).toBe(404);
  });

  it('a bad signature is 401 and changes nothing; a wrong amount is 409; then paid once only', async () => {
    const lawyer = await certifiedLawyer(admin);
    const { order } = (await askFor(lawyer.token, 'professional')).body;
    const body = JSON.stringify({ orderId: order.id, amountFen: order.amountFen });
    for (const signature of [`sha256=${'0'.repeat(64)}`, 'nonsense', '']) {
      const res = await send('POST', `/api/payments/${order.id}/confirm`, {
        body,
        headers: { 'content-type': 'application/json', 'x-payment-signature': signature },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_SIGNATURE');
    }
    expect((await providerConfirms(order.id, order.amountFen, 'wrong secret')).status).toBe(401);
    const short = await providerConfirms(order.id, order.amountFen - 1);
    expect(short.status).toBe(409);
    expect(short.body.error.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect((await me(lawyer.token)).membership.plan).toBe('free');
    expect((await orderRows(lawyer.userId))[0]!.status).toBe('pending');

    const paid = await providerConfirms(order.id, order.amountFen);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: order.id, status: 'paid', alreadyPaid: false });
    const after = await me(lawyer.token);
    const again = await providerConfirms(order.id, order.amountFen);
    expect(again.body).toMatchObject({ status: 'paid', alreadyPaid: true, paidAt: paid.body.paidAt });
    // Confirming twice bought one month, not two.
    expect((await me(lawyer.token)).membership).toEqual(after.membership);
    expect((await orderRows(lawyer.userId))[0]).toMatchObject({
      paidBy: 'provider',
      providerRef: expect.any(String),
    });
  });

  it('a provider notice must name the order in the path and be well formed', async () => {
    const lawyer = await certifiedLawyer(admin);
    const first = (await askFor(lawyer.token, 'professional')).body.order;
    const other = (await askFor(lawyer.token, 'enterprise')).body.order;
    const body = JSON.stringify({ orderId: first.id, amountFen: other.amountFen });
    const res = await send('POST', `/api/payments/${other.id}/confirm`, {
      body,
      headers: {
        'content-type': 'application/json',
        'x-payment-signature': await signBody('test-payment-webhook-secret', body),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].path).toBe('body.orderId');
    const garbage = 'not json at all';
    const bad = await send('POST', `/api/payments/${other.id}/confirm`, {
      body: garbage,
      headers: {
        'content-type': 'application/json',
        'x-payment-signature': await signBody('test-payment-webhook-secret', garbage),
      },
    });
    expect(bad.status).toBe(400);
    expect((await orderRows(lawyer.userId)).find((o) => o.id === other.id)!.status).toBe('pending');
  });

  it('a platform administrator who settles payments may confirm; others may not', async () => {
    const lawyer = await certifiedLawyer(admin);
    const { order } = (await askFor(lawyer.token, 'enterprise')).body;
    expect((await call('POST', `/api/payments/${order.id}/confirm`)).status).toBe(401);
    expect((await call('POST', `/api/payments/${order.id}/confirm`, { token: lawyer.token })).status).toBe(
      403,
    );
    const sales = await platformAdmin(admin, 'sales');
    expect((await call('POST', `/api/payments/${order.id}/confirm`, { token: sales.token })).status).toBe(
      403,
    );
    const finance = await platformAdmin(admin, 'finance');
    const paid = await call('POST', `/api/payments/${order.id}/confirm`, { token: finance.token });
    expect(paid.status).toBe(200);
    expect((await orderRows(lawyer.userId))[0]!.paidBy).toBe(`admin:${finance.id}`);
    expect((await me(lawyer.token)).membership.plan).toBe('enterprise');
  });
});

describe('memberships (D4)', () => {
  it('an upgrade applies when paid: multiplier, AI credits and limits follow', async () => {
    const lawyer = await certifiedLawyer(admin);
    const before = await me(lawyer.token);
    expect(before.aiCredits).toMatchObject({ allowance: 20, used: 0, remaining: 20 });
    const asked = await askFor(lawyer.token, 'professional');
    expect(asked.body).toMatchObject({ plan: 'professional', effect: 'upgrade', effectiveAt: null });
    expect((await me(lawyer.token)).membership.plan).toBe('free');
    const paid = await providerConfirms(asked.body.order.id, 89_900);
    const after = await me(lawyer.token);
    expect(after.membership).toMatchObject({
      plan: 'professional',
      pointMultiplier: 2,
      monthlyFeeFen: 89_900,
    });
    expect(after.membership.until).toBe(
      new Date(addCalendarMonths(Date.parse(paid.body.paidAt), 1)).toISOString(),
    );
    expect(after.aiCredits).toMatchObject({ allowance: 500, remaining: 500 });
    // Level 1 still binds the limits: the level, not the membership, is what to grow now.
    expect(after.limits.effective).toEqual({ dailyCases: 2, monthlyAmountFen: 500_000 });
    expect(after.limits.membership).toEqual({ dailyCases: 15, monthlyAmountFen: 20_000_000 });
    expect(after.limits.dailyBoundBy).toBe('level');
  });

  it('a downgrade waits for the end of the paid month, then the alarm makes the lawyer free', async () => {
    const lawyer = await certifiedLawyer(admin);
    const { order } = (await askFor(lawyer.token, 'professional')).body;
    await providerConfirms(order.id, order.amountFen);
    const paidUntil = Date.parse((await me(lawyer.token)).membership.until);
    const asked = await askFor(lawyer.token, 'free');
    expect(asked.body).toEqual({
      plan: 'free',
      effect: 'downgrade',
      effectiveAt: new Date(paidUntil).toISOString(),
      order: null,
    });
    expect((await askFor(lawyer.token, 'free')).body.error.code).toBe('DOWNGRADE_SCHEDULED');

    await shiftLawyerClock(lawyer.userId, paidUntil - Date.now() - 60_000);
    await runLawyerAlarm(lawyer.userId);
    expect((await me(lawyer.token)).membership).toMatchObject({ plan: 'professional', nextPlan: 'free' });
    await shiftLawyerClock(lawyer.userId, paidUntil - Date.now() + 1);
    await runLawyerAlarm(lawyer.userId);
    const after = await me(lawyer.token);
    expect(after.membership).toMatchObject({ plan: 'free', pointMultiplier: 1, nextPlan: null });
    expect(after.aiCredits.allowance).toBe(20);
  });

  it('without a new payment a paid month ends by itself; a renewal paid in time carries on', async () => {
    const lawyer = await certifiedLawyer(admin);
    const first = (await askFor(lawyer.token, 'professional')).body.order;
    await providerConfirms(first.id, first.amountFen);
    const until = Date.parse((await me(lawyer.token)).membership.until);
    const renewal = await askFor(lawyer.token, 'professional');
    expect(renewal.body.effect).toBe('renew');
    await providerConfirms(renewal.body.order.id, renewal.body.order.amountFen);
    const renewedUntil = Date.parse((await me(lawyer.token)).membership.until);
    expect(renewedUntil).toBe(addCalendarMonths(until, 1));
    await shiftLawyerClock(lawyer.userId, until - Date.now() + 1);
    await runLawyerAlarm(lawyer.userId);
    expect((await me(lawyer.token)).membership.plan).toBe('professional');
    await shiftLawyerClock(lawyer.userId, renewedUntil - Date.now() + 1);
    await runLawyerAlarm(lawyer.userId);
    expect((await me(lawyer.token)).membership.plan).toBe('free');
  });

  it('refuses unknown plans, free on free, and people who are not certified lawyers', async () => {
    const lawyer = await certifiedLawyer(admin);
    const bad = await askFor(lawyer.token, 'platinum');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.plan');
    expect((await askFor(lawyer.token, 'free')).body.error.code).toBe('ALREADY_ON_PLAN');
    const user = await marketplaceUser(admin);
    expect((await askFor(user.token, 'professional')).status).toBe(404);
  });

  it('lawyer-monthly-credits starts the month’s AI credits again on the 1st, once', async () => {
    const lawyer = await certifiedLawyer(admin);
    await runInDurableObject(lawyerStub(lawyer.userId), (actor: LawyerActor) => {
      actor.db.update(lawyerState).set({ aiCreditsUsed: 15 }).run();
    });
    expect((await me(lawyer.token)).aiCredits).toMatchObject({ used: 15, remaining: 5 });
    const task = (await call('GET', '/api/admin/tasks', { token: admin })).body.find(
      (t: any) => t.name === 'lawyer-monthly-credits',
    );
    expect(task).toMatchObject({ cron: '0 0 1 * *', timezone: 'Asia/Shanghai' });
    const nextMonth = Date.parse(task.nextRunAt);
    const report = await runTask('lawyer-monthly-credits', nextMonth);
    expect(report.reset).toBeGreaterThanOrEqual(1);
    await shiftLawyerClock(lawyer.userId, nextMonth - Date.now() + 1000);
    expect((await me(lawyer.token)).aiCredits).toMatchObject({ used: 0, remaining: 20 });
    const again = await runTask('lawyer-monthly-credits', nextMonth);
    expect(again.reset).toBe(0);
  });
});
