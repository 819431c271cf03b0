import { beforeAll, describe, expect, it } from 'vitest';
import { card, cardsApi, cardsCompany, purchases, raw, rule, shanghai } from '../cards-helpers';
import { addMember, adminToken } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const TODAY = '2025-03-10';

/** A company (clock at noon, 10 March 2025 in Shanghai) with an administrator, a member and a 12-purchase rule. */
async function setting() {
  const s = await cardsCompany(admin, TODAY);
  return {
    ...s,
    countRule: await rule(s.bossApi, { feeType: 'transaction_count', waiverConditionValue: 12 }),
  };
}

const fields = (res: { body: any }) =>
  (res.body.error?.details?.fields ?? []).map((f: { path: string; rule: string }) => [f.path, f.rule]);

describe('cards (C2)', () => {
  it("belong to the member who adds them and open this year's fee at once", async () => {
    const s = await setting();
    const res = await s.api.createCard({
      issuer: '招商银行',
      name: '经典白金卡',
      last4: '0042',
      annualFeeRuleId: s.countRule,
      activationDate: '2024-06-15',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: s.member.userId,
      username: s.member.username,
      issuer: '招商银行',
      last4: '0042',
      feeType: 'transaction_count',
      activationDate: '2024-06-15',
      pointsBalance: 0,
      currentFee: {
        feeYear: 2025,
        dueDate: '2025-06-15',
        feeAmountFen: 20_000,
        waiverStatus: 'pending',
        progress: 0,
        required: 12,
        progressDescription: '0/12 笔',
        daysRemaining: 97,
      },
    });
    expect(res.body.id).toMatch(/^card_[a-z2-7]{26}$/);
    expect((await s.api.card(res.body.id, 'en')).body.currentFee.progressDescription).toBe(
      '0/12 transactions',
    );
  });

  it('refuse every bad field by name and store nothing', async () => {
    const s = await setting();
    const good = {
      issuer: 'ICBC',
      name: 'Gold',
      last4: '1234',
      annualFeeRuleId: s.countRule,
      activationDate: '2024-01-31',
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...good, issuer: ' ' }, 'body.issuer', 'too_small'],
      [{ ...good, name: 'x'.repeat(101) }, 'body.name', 'too_big'],
      [{ ...good, last4: '123' }, 'body.last4', 'invalid_format'],
      [{ ...good, last4: '12a4' }, 'body.last4', 'invalid_format'],
      [{ ...good, last4: 1234 }, 'body.last4', 'invalid_type'],
      [{ ...good, annualFeeRuleId: '' }, 'body.annualFeeRuleId', 'too_small'],
      [{ ...good, activationDate: '2024-02-30' }, 'body.activationDate', 'invalid_format'],
      [{ ...good, activationDate: '31/01/2024' }, 'body.activationDate', 'invalid_format'],
      [{ ...good, activationDate: '2025-03-11' }, 'body.activationDate', 'in_future'],
      [{ ...good, userId: '' }, 'body.userId', 'too_small'],
      [{ ...good, items: [good] }, 'body.issuer', 'one_of'],
      [{ name: 'x' }, 'body.issuer', 'required'],
      [{ items: [{ ...good, last4: '99999' }] }, 'body.items.0.last4', 'invalid_format'],
    ];
    for (const [body, path, rule] of cases) {
      const res = await s.api.createCard(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fields(res), JSON.stringify(body)).toContainEqual([path, rule]);
    }
    const noRule = await s.api.createCard({ ...good, annualFeeRuleId: 'rule_nope' });
    expect(noRule.status).toBe(404);
    expect(fields(noRule)).toEqual([['body.annualFeeRuleId', 'not_found']]);
    expect((await s.api.listCards()).body.total).toBe(0);
    expect((await s.api.records()).body.total).toBe(0);
    // On the day itself an activation is fine.
    expect((await s.api.createCard({ ...good, activationDate: TODAY })).status).toBe(201);
  });

  it('are seen and changed by their holder, and by administrators for anyone; never by another member', async () => {
    const s = await setting();
    const other = await addMember(admin, s.company.id);
    const otherApi = cardsApi(other.token, s.code);
    const mine = await card(s.api, { annualFeeRuleId: s.countRule, activationDate: '2024-05-01' });
    const theirs = await card(otherApi, {
      annualFeeRuleId: s.countRule,
      activationDate: '2024-05-02',
      last4: '9999',
    });

    expect((await s.api.listCards()).body.items.map((c: any) => c.id)).toEqual([mine.id]);
    for (const res of [
      await s.api.card(theirs.id),
      await s.api.updateCard(theirs.id, { name: 'mine now' }),
      await s.api.deleteCard(theirs.id),
      await s.api.setPoints(theirs.id, 5),
      await s.api.addTransactions(theirs.id, { amountFen: 1, at: '2025-03-01T10:00:00+08:00' }),
      await s.api.transactions(theirs.id),
      await s.api.importCsv(theirs.id, 'date,amount\n2025-03-01,1\n'),
      await s.api.check(theirs.id, 2025),
      await s.api.auto(theirs.id, 2025),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CARD_NOT_FOUND');
    }
    const peek = await s.api.listCards({ userId: other.userId });
    expect(peek.status).toBe(403);
    expect(peek.body.error.code).toBe('TENANT_ADMIN_REQUIRED');
    expect((await s.api.records({ userId: other.userId })).status).toBe(403);
    expect((await s.api.checkUser(other.userId)).status).toBe(403);
    expect((await s.api.stats(other.userId)).status).toBe(403);
    const forOther = await s.api.createCard({
      issuer: 'x',
      name: 'y',
      last4: '1111',
      annualFeeRuleId: s.countRule,
      activationDate: '2024-01-01',
      userId: other.userId,
    });
    expect(forOther.status).toBe(403);
    expect((await otherApi.card(theirs.id)).body.name).toBe('经典白金卡');

    // The administrator sees all, or one member's, and may add a card for a member (not for a stranger).
    expect((await s.bossApi.listCards()).body.total).toBe(2);
    expect((await s.bossApi.listCards({ userId: other.userId })).body.items.map((c: any) => c.id)).toEqual([
      theirs.id,
    ]);
    const given = await s.bossApi.createCard({
      issuer: 'BOC',
      name: 'Gift',
      last4: '2222',
      annualFeeRuleId: s.countRule,
      activationDate: '2024-01-01',
      userId: other.userId,
    });
    expect(given.status).toBe(201);
    expect(given.body.userId).toBe(other.userId);
    const stranger = await s.bossApi.createCard({
      issuer: 'BOC',
      name: 'Gift',
      last4: '2222',
      annualFeeRuleId: s.countRule,
      activationDate: '2024-01-01',
      userId: 'usr_nobody',
    });
    expect(fields(stranger)).toEqual([['body.userId', 'not_a_member']]);
    expect((await s.bossApi.updateCard(theirs.id, { name: 'Renamed' })).body.name).toBe('Renamed');

    // The holder edits: issuer, name, last four, rule; an empty patch is refused.
    const changed = await otherApi.updateCard(theirs.id, { issuer: 'ABC', last4: '7777' });
    expect(changed.body).toMatchObject({ issuer: 'ABC', last4: '7777', name: 'Renamed' });
    expect(fields(await otherApi.updateCard(theirs.id, {}))).toEqual([['body', 'nothing_to_update']]);
    expect(fields(await otherApi.updateCard(theirs.id, { activationDate: '2024-01-01' }))).toContainEqual([
      'body',
      'unrecognized_keys',
    ]);
    expect((await otherApi.updateCard(theirs.id, { annualFeeRuleId: 'rule_nope' })).status).toBe(404);
    expect((await otherApi.deleteCard(theirs.id)).body).toEqual({ id: theirs.id, deleted: true });
    expect((await otherApi.card(theirs.id)).status).toBe(404);
    expect((await otherApi.records({ cardId: theirs.id })).body.total).toBe(0);
  });

  it('come in batches, each card answering for itself', async () => {
    const s = await setting();
    const item = {
      issuer: 'ICBC',
      name: 'Batch',
      last4: '1234',
      annualFeeRuleId: s.countRule,
      activationDate: '2024-04-01',
    };
    const res = await s.api.createCard({
      items: [
        item,
        { ...item, annualFeeRuleId: 'rule_nope' },
        { ...item, activationDate: '2026-01-01' },
        { ...item, last4: '5678' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, failed: 2 });
    expect(res.body.results.map((r: any) => [r.index, r.ok, r.error?.code ?? null])).toEqual([
      [0, true, null],
      [1, false, 'RULE_NOT_FOUND'],
      [2, false, 'VALIDATION_FAILED'],
      [3, true, null],
    ]);
    const listed = await s.api.listCards();
    expect(listed.body.items.map((c: any) => c.last4).sort()).toEqual(['1234', '5678']);
    expect(listed.body.items.every((c: any) => c.currentFee.dueDate === '2025-04-01')).toBe(true);
    const tooMany = await s.api.createCard({ items: Array.from({ length: 1001 }, () => item) });
    expect(fields(tooMany)).toEqual([['body.items', 'too_big']]);
  });

  it('keep a points balance that points fees follow', async () => {
    const s = await setting();
    const pointsRule = await rule(s.bossApi, { feeType: 'points_exchange', waiverConditionValue: 20_000 });
    const c = await card(s.api, { annualFeeRuleId: pointsRule, activationDate: '2024-05-01' });
    const res = await s.api.setPoints(c.id, 15_000);
    expect(res.body).toMatchObject({
      pointsBalance: 15_000,
      currentFee: { progress: 15_000, progressDescription: '15,000/20,000 积分' },
    });
    for (const bad of [-1, 1.5, '5', null])
      expect(fields(await s.api.setPoints(c.id, bad))[0][0]).toBe('body.balance');
    // Enough points do not waive by themselves: the holder must confirm the exchange.
    expect((await s.api.setPoints(c.id, 25_000)).body.currentFee).toMatchObject({
      waiverStatus: 'pending',
      progress: 25_000,
    });
  });
});

describe('purchases (C2, C4)', () => {
  it('waive the fee the moment the condition is met, once, and the record says by whom', async () => {
    const s = await setting();
    const c = await card(s.api, { annualFeeRuleId: s.countRule, activationDate: '2024-06-15' });
    const eleven = Array.from(
      { length: 11 },
      (_, i) => [`2024-${String(7 + (i % 6)).padStart(2, '0')}-0${1 + (i % 9)}`, 1_000] as [string, number],
    );
    const first = await purchases(s.api, c.id, eleven);
    expect(first.records).toEqual([
      expect.objectContaining({ feeYear: 2025, progress: 11, waiverStatus: 'pending', waivedNow: false }),
    ]);
    const single = await s.api.addTransactions(c.id, {
      amountFen: 12_800,
      at: '2025-03-09T20:00:00+08:00',
      description: 'Dinner',
    });
    expect(single.status).toBe(201);
    expect(single.body).toMatchObject({ added: 1, failed: 0 });
    expect(single.body.records).toEqual([
      expect.objectContaining({ progress: 12, required: 12, waiverStatus: 'waived', waivedNow: true }),
    ]);
    const after = await purchases(s.api, c.id, [['2025-03-09', 1]]);
    expect(after.records).toEqual([]);
    const [record] = (await s.api.records({ cardId: c.id })).body.items;
    expect(record).toMatchObject({ waiverStatus: 'waived', waiverConditionMet: true, currentProgress: 12 });
    // Waived by the purchase that met the condition, at the company's clock (10 March).
    expect(Date.parse(record.waivedAt) - shanghai(TODAY)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(record.waivedAt) - shanghai(TODAY)).toBeLessThan(60_000);
    const listed = (await s.api.transactions(c.id)).body;
    expect(listed.total).toBe(13);
    // Latest first: the dinner at 20:00 after the one-fen purchase at noon the same day.
    expect(listed.items[0]).toMatchObject({
      amountFen: 12_800,
      description: 'Dinner',
      occurredOn: '2025-03-09',
      source: 'manual',
    });
    expect(listed.items[1]).toMatchObject({ amountFen: 1, occurredOn: '2025-03-09' });
  });

  it('count only inside the window: the day before the due date counts for this year, the due date for the next', async () => {
    const s = await setting();
    const amountRule = await rule(s.bossApi, {
      feeType: 'transaction_amount',
      waiverConditionValue: 5_000_000,
    });
    const c = await card(s.api, { annualFeeRuleId: amountRule, activationDate: '2024-03-01' });
    // Due 2025-03-01, now past: the current fee is 2026 (window 2025-03-01 … 2026-02-28).
    const res = await purchases(s.api, c.id, [
      ['2025-02-28', 1_000_000],
      ['2025-03-01', 3_200_000],
    ]);
    expect(res.records).toEqual([expect.objectContaining({ feeYear: 2026, progress: 3_200_000 })]);
    expect((await s.api.check(c.id, 2025)).body).toMatchObject({
      progress: 1_000_000,
      progressDescription: '¥10,000 / ¥50,000',
    });
    expect((await s.api.check(c.id, 2026, 'en')).body.progressDescription).toBe('¥32,000 / ¥50,000');
  });

  it('refuse bad input by field, in a batch per item, and a purchase before the activation or in the future', async () => {
    const s = await setting();
    const c = await card(s.api, { annualFeeRuleId: s.countRule, activationDate: '2024-06-15' });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ at: '2025-03-01T10:00:00Z' }, 'body.amountFen', 'required'],
      [{ amountFen: 0, at: '2025-03-01T10:00:00Z' }, 'body.amountFen', 'too_small'],
      [{ amountFen: -5, at: '2025-03-01T10:00:00Z' }, 'body.amountFen', 'too_small'],
      [{ amountFen: 1.5, at: '2025-03-01T10:00:00Z' }, 'body.amountFen', 'invalid_type'],
      [{ amountFen: 1 }, 'body.at', 'required'],
      [{ amountFen: 1, at: '2025-03-01' }, 'body.at', 'invalid_format'],
      [
        { amountFen: 1, at: '2025-03-01T10:00:00Z', description: 'x'.repeat(201) },
        'body.description',
        'too_big',
      ],
      [{ amountFen: 1, at: '2025-03-11T10:00:00+08:00' }, 'body.at', 'in_future'],
      [{ amountFen: 1, at: '2024-06-14T23:00:00+08:00' }, 'body.at', 'before_activation'],
      [{ items: [] }, 'body.items', 'too_small'],
      [{ items: [{ amountFen: 1 }] }, 'body.items.0.at', 'required'],
    ];
    for (const [body, path, rule] of cases) {
      const res = await s.api.addTransactions(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fields(res), JSON.stringify(body)).toContainEqual([path, rule]);
    }
    const batch = await s.api.addTransactions(c.id, {
      items: [
        { amountFen: 100, at: '2025-03-01T10:00:00+08:00' },
        { amountFen: 100, at: '2030-01-01T00:00:00Z' },
        { amountFen: 100, at: '2024-06-15T00:00:00+08:00' },
      ],
    });
    expect(batch.body).toMatchObject({ added: 2, failed: 1 });
    expect(batch.body.results[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await s.api.transactions(c.id)).body.total).toBe(2);
  });
});

describe('statement import (C2)', () => {
  const statement = [
    '交易日期,交易金额,交易摘要',
    '2025-01-05 12:30,¥38.00,星巴克',
    '2025-01-05 12:31,¥38.00,星巴克',
    '2025-01-06,-200.00,还款',
    '2025-01-07,abc,餐厅',
    '2024-06-01,10,before',
    '2025-03-12,10,future',
    '2025-02-01,1,288.00',
  ].join('\n');

  it('imports the good rows, reports the bad by line, and recognises rows imported before', async () => {
    const s = await setting();
    const c = await card(s.api, { annualFeeRuleId: s.countRule, activationDate: '2024-06-15' });
    const first = await s.api.importCsv(c.id, statement);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ imported: 3, skipped: 0 });
    expect(first.body.rowErrors.map((e: any) => [e.line, e.field, e.rule])).toEqual([
      [4, 'amount', 'not_a_purchase'],
      [5, 'amount', 'invalid_format'],
      [6, 'date', 'before_activation'],
      [7, 'date', 'in_future'],
    ]);
    expect(first.body.records).toEqual([expect.objectContaining({ feeYear: 2025, progress: 3 })]);
    // The same statement again, and an overlapping one with a third coffee: only what is new goes in.
    const again = await s.api.importCsv(c.id, statement);
    expect(again.body).toMatchObject({ imported: 0, skipped: 3 });
    const overlap = await s.api.importCsv(
      c.id,
      'date,amount,description\n2025-01-05,38,星巴克\n2025-01-05,38,星巴克\n2025-01-05,38,星巴克\n2025-03-01,5,New\n',
    );
    expect(overlap.body).toMatchObject({ imported: 2, skipped: 2, rowErrors: [] });
    const listed = (await s.api.transactions(c.id)).body;
    expect(listed.total).toBe(5);
    expect(listed.items.filter((t: any) => t.description === '星巴克').map((t: any) => t.amountFen)).toEqual([
      3_800, 3_800, 3_800,
    ]);
    expect(listed.items.every((t: any) => t.source === 'import')).toBe(true);
    expect((await s.api.card(c.id)).body.currentFee.progress).toBe(5);
  });

  it('refuses what is not a statement: missing columns, not CSV, not UTF-8, larger than 1 MiB', async () => {
    const s = await setting();
    const c = await card(s.api, { annualFeeRuleId: s.countRule, activationDate: '2024-06-15' });
    const columns = await s.api.importCsv(c.id, 'when,what\n2025-01-01,1\n');
    expect(columns.status).toBe(400);
    expect(columns.body.error.code).toBe('STATEMENT_COLUMNS');
    expect(fields(columns)).toEqual([
      ['body.date', 'missing_column'],
      ['body.amount', 'missing_column'],
    ]);
    const json = await s.api.importCsv(c.id, '{"rows":[]}', 'application/json');
    expect(json.status).toBe(415);
    const gbk = await s.api.importCsv(c.id, new Uint8Array([0xd5, 0xcb, 0xb5, 0xa5, 0x0a]));
    expect(gbk.status).toBe(415);
    expect(fields(gbk)).toEqual([['body', 'encoding']]);
    const huge = await s.api.importCsv(
      c.id,
      `date,amount\n${'2025-01-01,1,'.padEnd(1000, 'x')}\n`.repeat(1100),
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const noAuth = await raw('POST', `/api/cards/${c.id}/transactions/import`, null, s.code, 'date,amount\n');
    expect(noAuth.status).toBe(401);
    expect((await s.api.transactions(c.id)).body.total).toBe(0);
  });
});
