import { ok } from './backup-platform';
import { type client, shanghaiDay } from './support';

/** The card annual fees a backup test carries: acme's rule, two cards with purchases, one fee paid. */

type Api = ReturnType<typeof client>;

/**
 * A rule waived after three purchases; one card reaches it (its fee is waived), the other has one
 * purchase and its fee is marked paid. Both fee records are this fee year's.
 */
export async function seedCards(api: Api, token: string): Promise<void> {
  const as = { token, tenant: 'acme' };
  const rule = ok(
    await api('POST', '/api/annual-fees/rules', {
      ...as,
      body: {
        ruleName: '刷卡3次免年费',
        feeType: 'transaction_count',
        baseFeeFen: 30_000,
        waiverConditionValue: 3,
      },
    }),
    201,
  );
  const card = async (last4: string) =>
    ok(
      await api('POST', '/api/cards', {
        ...as,
        body: {
          issuer: '招商银行',
          name: '经典白金卡',
          last4,
          annualFeeRuleId: rule.id,
          activationDate: shanghaiDay(-100),
        },
      }),
      201,
    );
  const waived = await card('1234');
  const paid = await card('5678');
  const buy = (id: string, day: number) =>
    api('POST', `/api/cards/${id}/transactions`, {
      ...as,
      body: { amountFen: 12_800, at: `${shanghaiDay(day)}T12:00:00+08:00`, description: '晚餐' },
    });
  for (const day of [-3, -2, -1]) ok(await buy(waived.id, day), 201);
  ok(await buy(paid.id, -1), 201);
  const records = ok(await api('GET', `/api/annual-fees/records?cardId=${paid.id}`, as)).items;
  ok(
    await api('PATCH', `/api/annual-fees/records/${records[0].id}`, {
      ...as,
      body: { waiverStatus: 'paid', paymentDate: shanghaiDay(0) },
    }),
  );
}

/** Every card answer a test compares. */
export async function cardAnswers(api: Api, token: string) {
  const out: Record<string, unknown> = {};
  const as = { token, tenant: 'acme' };
  for (const path of ['/api/annual-fees/rules', '/api/cards', '/api/annual-fees/records?pageSize=100']) {
    const res = await api('GET', path, as);
    out[`cards ${path}`] = { status: res.status, body: res.body };
  }
  return out;
}
