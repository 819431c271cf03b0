import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEE_EVENTS_JOB } from '../../durable-objects/tenant/cards/fee-ledger';
import { noticeMoments } from '../../durable-objects/tenant/cards/reminders';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { cardFeeRecords, jobs } from '../../schema/tenant';
import {
  card,
  cardsCompany,
  companyWithoutCards,
  purchases,
  rule,
  setClock,
  shanghai,
  TZ,
} from '../cards-helpers';
import { adminToken, call, newCompany, tenantStub } from '../helpers';
import { directoryStub, mailTo, runTask } from '../platform-helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const MINUTE = 60_000;

const setting = (today?: string) => cardsCompany(admin, today);

/** When the company's one fee-events job is due, or null. */
async function jobAt(code: string): Promise<number | null> {
  return runInDurableObject(tenantStub(code), (actor: TenantActor) => {
    const row = actor.db.select({ dueAt: jobs.dueAt }).from(jobs).where(eq(jobs.kind, FEE_EVENTS_JOB)).get();
    return row?.dueAt ?? null;
  });
}

/** Moves the company clock to `at` and runs its alarm, as Cloudflare would at that moment. */
async function alarmAt(code: string, at: number) {
  await setClock(code, at);
  return runDurableObjectAlarm(tenantStub(code));
}

async function feeMails(email: string) {
  return (await mailTo(admin, email)).filter((m) => m.kind.startsWith('annual-fee.')).map((m) => m.kind);
}

describe('reminders and the lapse through the company alarm (C6, C7)', () => {
  it('sends each reminder, the due notice and the overdue notice once, at its moment in the company zone', async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid', baseFeeFen: 30_000 });
    const c = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15' });
    const m = noticeMoments('2025-06-15', TZ);
    expect(await jobAt(s.code)).toBe(m.opens['reminder-30']);
    expect(new Date(m.opens['reminder-30']).toISOString()).toBe('2025-05-16T01:00:00.000Z');

    // A minute early, an alarm finds nothing due.
    await alarmAt(s.code, m.opens['reminder-30'] - MINUTE);
    expect(await feeMails(s.member.user.email)).toEqual([]);

    const expected: string[] = [];
    for (const kind of ['reminder-30', 'reminder-15', 'reminder-7', 'reminder-1', 'due'] as const) {
      expect(await jobAt(s.code)).toBe(m.opens[kind]);
      expect(await alarmAt(s.code, m.opens[kind])).toBe(true);
      // Run again a little later: still once.
      await alarmAt(s.code, m.opens[kind] + 5 * MINUTE);
      expected.unshift(`annual-fee.${kind}`);
      expect(await feeMails(s.member.user.email)).toEqual(expected);
      expect((await s.api.card(c.id)).body.currentFee.waiverStatus).toBe('pending');
    }
    const [dueMail] = await mailTo(admin, s.member.user.email);
    expect(dueMail!.subject).toContain('年费今日到期');
    expect(dueMail!.text).toContain('¥300');
    expect(dueMail!.text).toContain('2025-06-15');

    // At midnight after the due date the unpaid fee is overdue, its holder told once, and 2026 opens.
    expect(await jobAt(s.code)).toBe(m.lapse);
    await alarmAt(s.code, m.lapse - MINUTE);
    expect((await s.api.records({ feeYear: 2025 })).body.items[0].waiverStatus).toBe('pending');
    await alarmAt(s.code, m.lapse);
    await alarmAt(s.code, m.lapse + MINUTE);
    expect((await s.api.records({ feeYear: 2025 })).body.items[0]).toMatchObject({
      waiverStatus: 'overdue',
      daysRemaining: -1,
    });
    expect(await feeMails(s.member.user.email)).toEqual(['annual-fee.overdue', ...expected]);
    const current = (await s.api.card(c.id)).body.currentFee;
    expect(current).toMatchObject({ feeYear: 2026, dueDate: '2026-06-15', waiverStatus: 'pending' });
    expect(await jobAt(s.code)).toBe(noticeMoments('2026-06-15', TZ).opens['reminder-30']);
    // An overdue fee can still be paid, and hears nothing more.
    const id = (await s.api.records({ feeYear: 2025 })).body.items[0].id;
    expect(
      (await s.api.patchRecord(id, { waiverStatus: 'paid', paymentDate: '2025-06-16' })).body.waiverStatus,
    ).toBe('paid');
  });

  it('a fee waived or paid part way hears nothing more; a card added late hears only what is still ahead', async () => {
    const s = await setting('2025-05-20');
    const count = await rule(s.bossApi, { feeType: 'transaction_count', waiverConditionValue: 2 });
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    const waived = await card(s.api, { annualFeeRuleId: count, activationDate: '2024-06-15', last4: '1111' });
    const paid = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15', last4: '2222' });
    const m = noticeMoments('2025-06-15', TZ);
    // 20 May is inside the 30-day window (16 May 09:00 … 31 May 09:00): the reminder went out with the card.
    const kinds = await feeMails(s.member.user.email);
    expect(kinds).toEqual(['annual-fee.reminder-30', 'annual-fee.reminder-30']);
    const mails = (await mailTo(admin, s.member.user.email))
      .filter((mail) => mail.kind.startsWith('annual-fee.'))
      .map((mail) => mail.subject);
    expect(mails, JSON.stringify(mails)).toEqual([
      expect.stringContaining('26 天后到期'),
      expect.stringContaining('26 天后到期'),
    ]);

    await purchases(s.api, waived.id, [
      ['2025-01-01', 1],
      ['2025-05-01', 1],
    ]);
    await s.api.patchRecord(paid.currentFee.recordId, { waiverStatus: 'paid', paymentDate: '2025-05-20' });
    for (const at of [
      m.opens['reminder-15'],
      m.opens['reminder-7'],
      m.opens.due,
      m.lapse,
      m.lapse + 2 * MINUTE,
    ])
      await alarmAt(s.code, at);
    expect((await feeMails(s.member.user.email)).length).toBe(2);
    const records = (await s.api.records({ feeYear: 2025 })).body.items;
    expect(records.map((r: any) => r.waiverStatus).sort()).toEqual(['paid', 'waived']);
    // The lapse still opened both cards' next fee year.
    expect((await s.api.records({ feeYear: 2026 })).body.total).toBe(2);
  });
});

describe('the annual-fee-sweep task (C6): the daily safety net', () => {
  it('runs at 01:00 Asia/Shanghai and visits only the companies whose plan has the module', async () => {
    const res = await call('GET', '/api/admin/tasks', { token: admin });
    const task = res.body.find((t: any) => t.name === 'annual-fee-sweep');
    expect(task).toMatchObject({ cron: '0 1 * * *', timezone: 'Asia/Shanghai' });
    expect(new Date(task.nextRunAt).getUTCHours()).toBe(17);

    const { company: without } = await companyWithoutCards(admin);
    const with_ = await newCompany(admin);
    const visited = await directoryStub().tenantCodesWithModule('annual-fees');
    expect(visited).toContain(with_.code);
    expect(visited).not.toContain(without.code);
    const report = await runTask('annual-fee-sweep', Date.now());
    expect(report.tenants).toBe(visited.length);
    expect(report.failures).toEqual([]);
  });

  it('catches up what the alarm missed: the lapse, its notice, the next year, a stale waiver and a lost record, once', async () => {
    const s = await setting('2025-06-10');
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    const count = await rule(s.bossApi, { feeType: 'transaction_count', waiverConditionValue: 1 });
    const late = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15', last4: '0001' });
    const stale = await card(s.api, { annualFeeRuleId: count, activationDate: '2024-09-01', last4: '0002' });
    const lost = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-10-01', last4: '0003' });
    await purchases(s.api, stale.id, [['2025-01-01', 100]]);
    // What a crash could have left: a waived fee's progress forgotten, a card's record gone.
    await runInDurableObject(tenantStub(s.code), (actor: TenantActor) => {
      actor.db
        .update(cardFeeRecords)
        .set({ waiverStatus: 'pending', progress: 0, conditionMet: false })
        .where(eq(cardFeeRecords.cardId, stale.id))
        .run();
      actor.db.delete(cardFeeRecords).where(eq(cardFeeRecords.cardId, lost.id)).run();
    });
    const before = await feeMails(s.member.user.email);

    // No alarm runs: 01:00 on 16 June the sweep comes, as of its scheduled time.
    const at = shanghai('2025-06-16', 1);
    await setClock(s.code, at);
    const report = await runTask('annual-fee-sweep', at);
    expect(report.failures).toEqual([]);
    // The report adds up every company of this file; this one's share is at least this.
    expect(report.recordsCreated).toBeGreaterThanOrEqual(2);
    expect(report.waived).toBeGreaterThanOrEqual(1);
    expect(report.overdue).toBeGreaterThanOrEqual(1);
    expect(report.cards).toBeGreaterThanOrEqual(3);
    expect(
      (await s.api.records({ cardId: late.id })).body.items.map((r: any) => [r.feeYear, r.waiverStatus]),
    ).toEqual([
      [2026, 'pending'],
      [2025, 'overdue'],
    ]);
    expect((await s.api.card(stale.id)).body.currentFee).toMatchObject({
      waiverStatus: 'waived',
      progress: 1,
    });
    expect((await s.api.card(lost.id)).body.currentFee).toMatchObject({
      feeYear: 2025,
      dueDate: '2025-10-01',
    });
    expect(await feeMails(s.member.user.email)).toEqual(['annual-fee.overdue', ...before]);

    // Again: nothing left to do here, nothing sent twice.
    const again = await tenantStub(s.code).sweepAnnualFees(at + 10 * MINUTE);
    expect(again).toMatchObject({
      ok: true,
      value: { tenant: s.code, cards: 3, recordsCreated: 0, waived: 0, overdue: 0, notices: 0 },
    });
    expect((await feeMails(s.member.user.email)).length).toBe(before.length + 1);
  });

  it("follows the company's time zone when it moves", async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15' });
    await s.bossApi.auto((await s.api.listCards()).body.items[0].id, 2025);
    expect(await jobAt(s.code)).toBe(noticeMoments('2025-06-15', TZ).opens['reminder-30']);
    const moved = await call('PATCH', '/api/tenant/settings', {
      token: s.boss.token,
      tenant: s.code,
      body: { timezone: 'America/New_York' },
    });
    expect(moved.status).toBe(200);
    await runTask('annual-fee-sweep', shanghai('2025-03-11', 1));
    expect(await jobAt(s.code)).toBe(noticeMoments('2025-06-15', 'America/New_York').opens['reminder-30']);
  });
});
