import { beforeAll, describe, expect, it } from 'vitest';
import { card, cardsApi, cardsCompany, companyWithoutCards, purchases, rule } from '../cards-helpers';
import { addMember, adminToken, call, companyWithMember } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const TODAY = '2025-03-10';

const setting = () => cardsCompany(admin, TODAY);

const fields = (res: { body: any }) =>
  (res.body.error?.details?.fields ?? []).map((f: { path: string; rule: string }) => [f.path, f.rule]);

describe('fee records (C3)', () => {
  it('are created on request once per card and year (201, then the same one with 200)', async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid', baseFeeFen: 68_000 });
    const c = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2023-06-15' });
    // Created with the card: the current year. The past year is created on request, and is overdue at once.
    const past = await s.api.auto(c.id, 2024);
    expect(past.status).toBe(201);
    expect(past.body).toMatchObject({
      feeYear: 2024,
      dueDate: '2024-06-15',
      windowStart: '2023-06-15',
      feeAmountFen: 68_000,
      waiverStatus: 'overdue',
      feeType: 'rigid',
      daysRemaining: -268,
    });
    const again = await s.api.auto(c.id, 2024);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(past.body.id);
    const current = await s.api.auto(c.id, 2025);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ waiverStatus: 'pending', daysRemaining: 97 });
    const next = await s.api.auto(c.id, 2026);
    expect(next.status).toBe(201);
    expect(next.body.dueDate).toBe('2026-06-15');

    const tooEarly = await s.api.auto(c.id, 2023);
    expect(tooEarly.status).toBe(400);
    expect(fields(tooEarly)).toEqual([['query.feeYear', 'before_first_fee_year']]);
    expect(tooEarly.body.error.message).toContain('2024');
    expect(fields(await s.api.auto(c.id, 2027))).toEqual([['query.feeYear', 'too_far_ahead']]);
    expect(fields(await s.api.auto(c.id, 'soon'))).toEqual([['query.feeYear', 'invalid_type']]);
    expect(
      fields(
        await call('POST', '/api/annual-fees/records/auto?feeYear=2025', {
          token: s.member.token,
          tenant: s.code,
        }),
      ),
    ).toEqual([['query.cardId', 'required']]);
    expect((await s.api.records({ cardId: c.id })).body.items.map((r: any) => r.feeYear)).toEqual([
      2026, 2025, 2024,
    ]);
  });

  it("come in batches for all the caller's cards, each card answering for itself", async () => {
    const s = await setting();
    const count = await rule(s.bossApi, { feeType: 'transaction_count', waiverConditionValue: 1 });
    const old = await card(s.api, { annualFeeRuleId: count, activationDate: '2022-05-01' });
    const young = await card(s.api, { annualFeeRuleId: count, activationDate: '2024-09-01' });
    await purchases(s.api, old.id, [['2023-06-01', 100]]);
    const res = await s.api.recordsBatch({ feeYear: 2024 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, existing: 0, failed: 1 });
    const byCard = Object.fromEntries(res.body.results.map((r: any) => [r.cardId, r]));
    // The old card's 2024 fee (window 2023-05-01 … 2024-04-30) was met by its purchase: waived as it was created.
    expect(byCard[old.id]).toMatchObject({
      ok: true,
      created: true,
      record: { waiverStatus: 'waived', currentProgress: 1 },
    });
    expect(byCard[young.id]).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(byCard[young.id].error.message).toContain('2025');
    const named = await s.api.recordsBatch({ feeYear: 2025, cardIds: [old.id, 'card_nope'] });
    expect(named.body).toMatchObject({ created: 0, existing: 1, failed: 1 });
    expect(named.body.results[1]).toMatchObject({
      cardId: 'card_nope',
      ok: false,
      error: { code: 'CARD_NOT_FOUND' },
    });
    expect(fields(await s.api.recordsBatch({ feeYear: 1200 }))).toEqual([['body.feeYear', 'too_small']]);
  });

  it('are marked paid with their date and notes; final ones refuse', async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    const c = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15' });
    const { recordId } = c.currentFee;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ waiverStatus: 'paid' }, 'body.paymentDate', 'required'],
      [{ waiverStatus: 'waived', paymentDate: '2025-03-01' }, 'body.waiverStatus', 'invalid_value'],
      [{ waiverStatus: 'paid', paymentDate: '2025-3-1' }, 'body.paymentDate', 'invalid_format'],
      [{ waiverStatus: 'paid', paymentDate: '2025-03-11' }, 'body.paymentDate', 'in_future'],
      [{ notes: 'x'.repeat(501) }, 'body.notes', 'too_big'],
      [{}, 'body', 'nothing_to_update'],
    ];
    for (const [body, path, rule] of cases) {
      const res = await s.api.patchRecord(recordId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fields(res)).toContainEqual([path, rule]);
    }
    const early = await s.api.patchRecord(recordId, { paymentDate: '2025-03-01' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('FEE_NOT_PAID');
    const noted = await s.api.patchRecord(recordId, { notes: '等账单' });
    expect(noted.body).toMatchObject({ waiverStatus: 'pending', notes: '等账单' });
    const paid = await s.api.patchRecord(recordId, {
      waiverStatus: 'paid',
      paymentDate: '2025-03-08',
      notes: '已还款',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ waiverStatus: 'paid', paymentDate: '2025-03-08', notes: '已还款' });
    const twice = await s.api.patchRecord(recordId, { waiverStatus: 'paid', paymentDate: '2025-03-09' });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      details: { status: 'paid' },
    });
    expect((await s.api.patchRecord(recordId, { paymentDate: '2025-03-09' })).body.paymentDate).toBe(
      '2025-03-09',
    );
    expect((await s.api.patchRecord('fee_nope', { notes: 'x' })).status).toBe(404);
    // The administrator may record a member's payment; another member may not see it.
    const other = await addMember(admin, s.company.id);
    expect((await cardsApi(other.token, s.code).patchRecord(recordId, { notes: 'x' })).status).toBe(404);
    expect((await s.bossApi.patchRecord(recordId, { notes: '财务已核对' })).body.notes).toBe('财务已核对');
  });

  it('are listed with filters, a member seeing their own and an administrator anyone’s', async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    const a = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2023-06-15' });
    await s.api.auto(a.id, 2024);
    const theirs = await card(s.bossApi, { annualFeeRuleId: rigid, activationDate: '2024-01-20' });
    expect((await s.api.records()).body.total).toBe(2);
    expect((await s.api.records({ waiverStatus: 'overdue' })).body.items.map((r: any) => r.feeYear)).toEqual([
      2024,
    ]);
    expect((await s.api.records({ feeYear: 2025, pageSize: 1 })).body).toMatchObject({
      total: 1,
      pageSize: 1,
    });
    expect((await s.bossApi.records()).body.total).toBe(3);
    expect((await s.bossApi.records({ userId: s.member.userId })).body.total).toBe(2);
    expect((await s.bossApi.records({ cardId: theirs.id })).body.items[0].dueDate).toBe('2026-01-20');
    expect(fields(await s.api.records({ waiverStatus: 'lost', pageSize: 0 }))).toEqual(
      expect.arrayContaining([
        ['query.waiverStatus', 'invalid_value'],
        ['query.pageSize', 'too_small'],
      ]),
    );
  });
});

describe('waiver checks (C4)', () => {
  it('answer progress, requirement, days remaining and the estimated date for one card', async () => {
    const s = await setting();
    const count = await rule(s.bossApi, { feeType: 'transaction_count', waiverConditionValue: 12 });
    const c = await card(s.api, { annualFeeRuleId: count, activationDate: '2024-06-15' });
    // Four purchases by 2024-12-31 (200 days in): twelve at that pace take 600 days, past the due date.
    await purchases(s.api, c.id, [
      ['2024-07-01', 1],
      ['2024-09-01', 1],
      ['2024-11-01', 1],
      ['2024-12-31', 1],
    ]);
    const check = await s.api.check(c.id, 2025);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({
      cardId: c.id,
      feeYear: 2025,
      recordId: c.currentFee.recordId,
      waiverStatus: 'pending',
      feeType: 'transaction_count',
      feeAmountFen: 20_000,
      eligible: false,
      progress: 4,
      required: 12,
      progressDescription: '4/12 笔',
      dueDate: '2025-06-15',
      windowStart: '2024-06-15',
      daysRemaining: 97,
      // 269 days elapsed (15 June to 10 March, counting today) for 4 purchases: 12 take 807 days.
      estimatedDate: '2026-08-30',
    });
    expect((await s.api.check(c.id, 2025, 'en')).body.progressDescription).toBe('4/12 transactions');
    // A year without a record is checked all the same; one before the first fee is refused.
    expect((await s.api.check(c.id, 2026)).body).toMatchObject({
      recordId: null,
      waiverStatus: null,
      progress: 0,
      estimatedDate: null,
    });
    expect(fields(await s.api.check(c.id, 2024))).toEqual([['params.feeYear', 'before_first_fee_year']]);
    expect(fields(await s.api.check(c.id, 'twenty'))).toEqual([['param.feeYear', 'invalid_type']]);
    expect(fields(await s.api.check(c.id, 2025, 'fr'))).toEqual([['query.lang', 'invalid_value']]);
    expect((await s.api.check('card_nope', 2025)).status).toBe(404);
  });

  it('answer one check per card of a member, each in its own current year or the one asked for', async () => {
    const s = await setting();
    const amount = await rule(s.bossApi, { feeType: 'transaction_amount', waiverConditionValue: 5_000_000 });
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    const a = await card(s.api, { annualFeeRuleId: amount, activationDate: '2024-06-15' });
    const b = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-12-01' });
    await purchases(s.api, a.id, [['2025-01-01', 3_200_000]]);
    const res = await s.api.checkUser(s.member.userId);
    expect(res.status).toBe(200);
    expect(res.body.userId).toBe(s.member.userId);
    expect(res.body.items).toEqual([
      {
        cardId: a.id,
        ok: true,
        check: expect.objectContaining({ feeYear: 2025, progressDescription: '¥32,000 / ¥50,000' }),
      },
      {
        cardId: b.id,
        ok: true,
        check: expect.objectContaining({
          feeYear: 2025,
          eligible: false,
          progressDescription: '刚性年费，不可减免',
        }),
      },
    ]);
    const y2026 = await s.api.checkUser(s.member.userId, { year: 2026, lang: 'en' });
    expect(y2026.body.items.map((i: any) => [i.ok, i.check?.progressDescription])).toEqual([
      [true, '¥0 / ¥50,000'],
      [true, 'rigid fee, never waived'],
    ]);
    const y2025 = await s.api.checkUser(s.member.userId, { year: 2024 });
    expect(y2025.body.items.map((i: any) => [i.ok, i.error?.code ?? null])).toEqual([
      [false, 'VALIDATION_FAILED'],
      [false, 'VALIDATION_FAILED'],
    ]);
    expect((await s.bossApi.checkUser(s.member.userId)).body.items).toHaveLength(2);
    expect(fields(await s.api.checkUser(s.member.userId, { year: 'x' }))).toEqual([
      ['query.year', 'invalid_type'],
    ]);
  });

  it('a points exchange waits for the holder, then deducts the points and waives in one go', async () => {
    const s = await setting();
    const points = await rule(s.bossApi, { feeType: 'points_exchange', waiverConditionValue: 20_000 });
    const c = await card(s.api, { annualFeeRuleId: points, activationDate: '2024-06-15' });
    await s.api.setPoints(c.id, 15_000);
    const short = await s.api.redeem(c.id, 2025);
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({
      code: 'NOT_ENOUGH_POINTS',
      details: { required: 20_000, balance: 15_000 },
    });
    await s.api.setPoints(c.id, 26_000);
    expect((await s.api.check(c.id, 2025)).body).toMatchObject({ eligible: true, waiverStatus: 'pending' });
    const byAdmin = await s.bossApi.redeem(c.id, 2025);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.code).toBe('HOLDER_REQUIRED');
    const done = await s.api.redeem(c.id, 2025);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      pointsRedeemed: 20_000,
      pointsBalance: 6_000,
      record: {
        waiverStatus: 'waived',
        feeYear: 2025,
        notes: 'redeemed 20000 points',
        currentProgress: 26_000,
      },
    });
    expect((await s.api.card(c.id)).body.pointsBalance).toBe(6_000);
    const twice = await s.api.redeem(c.id, 2025);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('INVALID_STATUS_TRANSITION');
    expect((await s.api.card(c.id)).body.pointsBalance).toBe(6_000);
    // Next year's fee follows the new balance.
    expect((await s.api.check(c.id, 2026)).body).toMatchObject({ progress: 6_000, eligible: false });
    const count = await rule(s.bossApi, { feeType: 'transaction_count', waiverConditionValue: 1 });
    const other = await card(s.api, { annualFeeRuleId: count, activationDate: '2024-06-15' });
    expect((await s.api.redeem(other.id, 2025)).body.error.code).toBe('NOT_POINTS_EXCHANGE');
  });
});

describe('statistics (C5)', () => {
  it("add up a member's fees of one year by status, exact in fen: the seed's 5 cards, ¥2 800, ¥800 waived → 28.57", async () => {
    const s = await setting();
    const r = (fee: number, extra: Record<string, unknown> = { feeType: 'rigid' }) =>
      rule(s.bossApi, { ruleName: `¥${fee / 100}`, baseFeeFen: fee, ...extra });
    const count = (fee: number) => r(fee, { feeType: 'transaction_count', waiverConditionValue: 1 });
    // Waived ¥500 + ¥300 (a purchase meets each), paid ¥1 200, pending ¥600, overdue ¥200 (due 10 January).
    const w1 = await card(s.api, { annualFeeRuleId: await count(50_000), activationDate: '2024-06-15' });
    const w2 = await card(s.api, { annualFeeRuleId: await count(30_000), activationDate: '2024-07-15' });
    const paid = await card(s.api, { annualFeeRuleId: await r(120_000), activationDate: '2024-08-15' });
    await card(s.api, { annualFeeRuleId: await r(60_000), activationDate: '2024-09-15' });
    const late = await card(s.api, { annualFeeRuleId: await r(20_000), activationDate: '2024-01-10' });
    await purchases(s.api, w1.id, [['2024-12-01', 1]]);
    await purchases(s.api, w2.id, [['2024-12-01', 1]]);
    await s.api.patchRecord(paid.currentFee.recordId, { waiverStatus: 'paid', paymentDate: '2025-03-01' });
    expect((await s.api.auto(late.id, 2025)).body.waiverStatus).toBe('overdue');

    const stats = await s.api.stats(s.member.userId, 2025);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      userId: s.member.userId,
      year: 2025,
      totalCards: 5,
      totalAnnualFeesFen: 280_000,
      waivedFeesFen: 80_000,
      paidFeesFen: 120_000,
      pendingFeesFen: 60_000,
      overdueFeesFen: 20_000,
      waiverRate: 28.57,
    });
    // Without a year: this year in the company's zone. Another year: nothing yet (the overdue card's 2026 is pending).
    expect((await s.api.stats(s.member.userId)).body.year).toBe(2025);
    expect((await s.api.stats(s.member.userId, 2026)).body).toMatchObject({
      totalCards: 1,
      pendingFeesFen: 20_000,
      waiverRate: 0,
    });
    expect((await s.bossApi.stats(s.member.userId, 2025)).body.waiverRate).toBe(28.57);
    expect(fields(await s.api.stats(s.member.userId, 3000))).toEqual([['query.year', 'too_big']]);
  });
});

describe('isolation and the plan', () => {
  it("another company's card, rule and record are not found, even by id", async () => {
    const s = await setting();
    const rigid = await rule(s.bossApi, { feeType: 'rigid' });
    const c = await card(s.api, { annualFeeRuleId: rigid, activationDate: '2024-06-15' });
    const outsider = await companyWithMember(admin, 'admin');
    const api = cardsApi(outsider.token, outsider.code);
    for (const res of [
      await api.card(c.id),
      await api.rule(rigid),
      await api.patchRecord(c.currentFee.recordId, { notes: 'x' }),
      await api.check(c.id, 2025),
      await api.auto(c.id, 2025),
      await api.addTransactions(c.id, { amountFen: 1, at: '2025-03-01T10:00:00+08:00' }),
    ])
      expect(res.status).toBe(404);
    expect((await api.records()).body.total).toBe(0);
    expect((await api.stats(s.member.userId)).body.totalCards).toBe(0);
    // A member of one company naming the other in the header is not let in at all.
    const crossing = await cardsApi(outsider.token, s.code).card(c.id);
    expect(crossing.status).toBe(403);
    expect(crossing.body.error.code).toBe('NOT_A_MEMBER');
  });

  it('a company whose plan lacks the annual-fees module is refused with MODULE_NOT_IN_PLAN', async () => {
    const { plan: code, company } = await companyWithoutCards(admin);
    const { token } = await addMember(admin, company.id, 'admin');
    const api = cardsApi(token, company.code);
    for (const res of [
      await api.listRules(),
      await api.createRule({ ruleName: 'x', feeType: 'rigid', baseFeeFen: 1 }),
      await api.listCards(),
      await api.records(),
      await api.feed(),
      await api.calendar(),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('MODULE_NOT_IN_PLAN');
      expect(res.body.error.details).toMatchObject({ module: 'annual-fees', plan: code });
    }
  });
});
