import { beforeAll, describe, expect, it } from 'vitest';
import { card, cardsApi, purchases, rule, setClock, shanghai } from '../cards-helpers';
import { addMember, adminToken, companyWithMember } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const paths = (res: { body: any }) =>
  (res.body.error?.details?.fields ?? []).map((f: { path: string }) => f.path);

async function companyAdmin() {
  const company = await companyWithMember(admin, 'admin');
  await setClock(company.code, shanghai('2025-03-10'));
  return { ...company, api: cardsApi(company.token, company.code) };
}

describe('annual-fee rules (C1)', () => {
  it('are created by a company administrator with fen, a condition and a 12-month default period', async () => {
    const { api } = await companyAdmin();
    const res = await api.createRule({
      ruleName: '刷卡次数免年费-标准',
      feeType: 'transaction_count',
      baseFeeFen: 20_000,
      waiverConditionValue: 12,
      description: '年内刷卡满12次可免年费',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ruleName: '刷卡次数免年费-标准',
      feeType: 'transaction_count',
      baseFeeFen: 20_000,
      waiverConditionValue: 12,
      waiverPeriodMonths: 12,
      cardCount: 0,
    });
    expect(res.body.id).toMatch(/^rule_[a-z2-7]{26}$/);
    expect((await api.rule(res.body.id)).body).toEqual(res.body);
    const rigid = await api.createRule({
      ruleName: 'Rigid',
      feeType: 'rigid',
      baseFeeFen: 100_000,
      waiverPeriodMonths: 24,
    });
    expect(rigid.body).toMatchObject({
      waiverConditionValue: null,
      waiverPeriodMonths: 24,
      description: null,
    });
  });

  it('refuse every bad field by name and store nothing', async () => {
    const { api } = await companyAdmin();
    const good = {
      ruleName: 'x',
      feeType: 'transaction_amount',
      baseFeeFen: 100,
      waiverConditionValue: 5_000_000,
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...good, ruleName: '' }, 'body.ruleName', 'too_small'],
      [{ ...good, ruleName: 'x'.repeat(101) }, 'body.ruleName', 'too_big'],
      [{ ...good, feeType: 'monthly' }, 'body.feeType', 'invalid_value'],
      [{ ...good, baseFeeFen: 0 }, 'body.baseFeeFen', 'too_small'],
      [{ ...good, baseFeeFen: 12.5 }, 'body.baseFeeFen', 'invalid_type'],
      [{ ...good, baseFeeFen: '100' }, 'body.baseFeeFen', 'invalid_type'],
      [{ ...good, baseFeeFen: 100_000_001 }, 'body.baseFeeFen', 'too_big'],
      [{ ...good, waiverConditionValue: undefined }, 'body.waiverConditionValue', 'required'],
      [{ ...good, waiverConditionValue: 0 }, 'body.waiverConditionValue', 'too_small'],
      [{ ...good, feeType: 'rigid' }, 'body.waiverConditionValue', 'not_allowed'],
      [{ ...good, waiverPeriodMonths: 0 }, 'body.waiverPeriodMonths', 'too_small'],
      [{ ...good, waiverPeriodMonths: 25 }, 'body.waiverPeriodMonths', 'too_big'],
      [{ ...good, description: 'x'.repeat(501) }, 'body.description', 'too_big'],
      [{ ...good, colour: 'gold' }, 'body', 'unrecognized_keys'],
    ];
    for (const [body, path, rule] of cases) {
      const res = await api.createRule(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields, path).toContainEqual(expect.objectContaining({ path, rule }));
    }
    const missing = await api.createRule({});
    expect(paths(missing)).toEqual(
      expect.arrayContaining(['body.ruleName', 'body.feeType', 'body.baseFeeFen']),
    );
    expect((await api.listRules()).body.total).toBe(0);
  });

  it('are listed by type, with page/pageSize or the seed skip/limit', async () => {
    const { api } = await companyAdmin();
    for (let i = 0; i < 5; i++)
      await rule(api, { ruleName: `count ${i}`, feeType: 'transaction_count', waiverConditionValue: 10 + i });
    await rule(api, { ruleName: 'rigid', feeType: 'rigid' });
    expect((await api.listRules()).body.total).toBe(6);
    const counts = await api.listRules({ feeType: 'transaction_count', page: 2, pageSize: 2 });
    expect(counts.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(counts.body.items.map((r: any) => r.ruleName)).toEqual(['count 2', 'count 3']);
    const seed = await api.listRules({ feeType: 'transaction_count', skip: 3, limit: 100 });
    expect(seed.body.items.map((r: any) => r.ruleName)).toEqual(['count 3', 'count 4']);
    expect(seed.body).toMatchObject({ page: 1, pageSize: 100 });
    expect((await api.listRules({ skip: 4, limit: 2 })).body).toMatchObject({ page: 3, pageSize: 2 });
    expect((await api.listRules({ feeType: 'points_exchange' })).body.items).toEqual([]);
    const bad = await api.listRules({ limit: 500, feeType: 'nope' });
    expect(paths(bad)).toEqual(expect.arrayContaining(['query.limit', 'query.feeType']));
  });

  it('are written by company administrators only; members read them', async () => {
    const { api, company } = await companyAdmin();
    const id = await rule(api, { feeType: 'transaction_count', waiverConditionValue: 12 });
    const member = await addMember(admin, company.id);
    const mine = cardsApi(member.token, company.code);
    expect((await mine.rule(id)).status).toBe(200);
    expect((await mine.listRules()).body.total).toBe(1);
    for (const res of [
      await mine.createRule({ ruleName: 'x', feeType: 'rigid', baseFeeFen: 1 }),
      await mine.updateRule(id, { baseFeeFen: 1 }),
      await mine.deleteRule(id),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('TENANT_ADMIN_REQUIRED');
    }
    expect((await mine.rule(id)).body.baseFeeFen).toBe(20_000);
  });

  it('change at once for the open fees of their cards; a rule in use cannot be deleted', async () => {
    const { api, code } = await companyAdmin();
    const id = await rule(api, { feeType: 'transaction_count', waiverConditionValue: 12 });
    const a = await card(api, { annualFeeRuleId: id, activationDate: '2024-06-15' });
    const b = await card(api, { annualFeeRuleId: id, activationDate: '2024-07-01' });
    await purchases(api, a.id, [
      ['2024-07-01', 100],
      ['2024-08-01', 100],
      ['2024-09-01', 100],
    ]);
    const inUse = await api.deleteRule(id);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'RULE_IN_USE', details: { cards: 2 } });
    expect(inUse.body.error.message).toContain('2 card(s)');
    expect((await api.rule(id)).body.cardCount).toBe(2);

    // The condition drops to 3: card A has three purchases and is waived; B has none and stays pending.
    const updated = await api.updateRule(id, { waiverConditionValue: 3, baseFeeFen: 30_000 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      waiverConditionValue: 3,
      baseFeeFen: 30_000,
      ruleName: 'Rule transaction_count',
    });
    expect((await api.card(a.id)).body.currentFee).toMatchObject({
      waiverStatus: 'waived',
      progress: 3,
      feeAmountFen: 20_000,
    });
    expect((await api.card(b.id)).body.currentFee).toMatchObject({ waiverStatus: 'pending', required: 3 });

    // A longer period widens the open windows; a type change to rigid drops the condition.
    const longer = await api.updateRule(id, { waiverPeriodMonths: 24 });
    expect(longer.body.waiverPeriodMonths).toBe(24);
    const rigid = await api.updateRule(id, { feeType: 'rigid' });
    expect(rigid.body).toMatchObject({ feeType: 'rigid', waiverConditionValue: null });
    const noCondition = await api.updateRule(id, { feeType: 'transaction_amount' });
    expect(noCondition.status).toBe(400);
    expect(noCondition.body.error.details.fields).toEqual([
      expect.objectContaining({ path: 'body.waiverConditionValue', rule: 'required' }),
    ]);
    expect((await api.updateRule(id, {})).body.error.details.fields[0].rule).toBe('nothing_to_update');
    expect((await api.updateRule(id, { waiverConditionValue: 5 })).body.error.details.fields[0].rule).toBe(
      'not_allowed',
    );

    await api.deleteCard(a.id);
    await api.deleteCard(b.id);
    expect((await api.deleteRule(id)).body).toEqual({ id, deleted: true });
    expect((await api.rule(id)).status).toBe(404);
    expect((await api.rule(id)).body.error.code).toBe('RULE_NOT_FOUND');
    expect(code).toBeTruthy();
  });

  it('of another company are not found', async () => {
    const one = await companyAdmin();
    const other = await companyAdmin();
    const id = await rule(one.api, { feeType: 'rigid' });
    for (const res of [
      await other.api.rule(id),
      await other.api.updateRule(id, { baseFeeFen: 1 }),
      await other.api.deleteRule(id),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('RULE_NOT_FOUND');
    }
    const borrowed = await other.api.createCard({
      issuer: 'x',
      name: 'y',
      last4: '0000',
      annualFeeRuleId: id,
      activationDate: '2024-01-01',
    });
    expect(borrowed.status).toBe(404);
    expect(paths(borrowed)).toEqual(['body.annualFeeRuleId']);
    expect((await one.api.rule(id)).body.baseFeeFen).toBe(20_000);
  });
});
