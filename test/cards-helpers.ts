import { runInDurableObject, SELF } from 'cloudflare:test';
import type { TenantActor } from '../durable-objects/tenant/tenant';
import { zonedToEpoch } from '../lib/zoned';
import { checkContract } from './contract';
import { addMember, BASE, call, companyWithMember, newCompany, tenantStub, unique } from './helpers';

export const TZ = 'Asia/Shanghai';

/** An instant given as a wall-clock time in Shanghai (the companies' default zone). */
export const shanghai = (day: string, hour = 12, minute = 0) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return zonedToEpoch(y, m, d, TZ, hour, minute);
};

/** Moves the company actor's clock so it reads `at`; the tests never depend on the day they run. */
export async function setClock(code: string, at: number) {
  await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
    actor.timeShiftMs = at - Date.now();
  });
}

export type Answer = Awaited<ReturnType<typeof call>>;

export function cardsApi(token: string, tenant: string) {
  const opts = (body?: unknown) => ({ token, tenant, body });
  const q = (query: Record<string, string | number | undefined> = {}) => {
    const entries = Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][];
    return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
  };
  return {
    createRule: (body: Record<string, unknown>) => call('POST', '/api/annual-fees/rules', opts(body)),
    listRules: (query: Record<string, string | number> = {}) =>
      call('GET', `/api/annual-fees/rules${q(query)}`, opts()),
    rule: (id: string) => call('GET', `/api/annual-fees/rules/${id}`, opts()),
    updateRule: (id: string, body: Record<string, unknown>) =>
      call('PUT', `/api/annual-fees/rules/${id}`, opts(body)),
    deleteRule: (id: string) => call('DELETE', `/api/annual-fees/rules/${id}`, opts()),
    createCard: (body: Record<string, unknown>) => call('POST', '/api/cards', opts(body)),
    createCards: (items: Record<string, unknown>[]) => call('POST', '/api/cards/batch', opts({ items })),
    listCards: (query: Record<string, string | number> = {}) => call('GET', `/api/cards${q(query)}`, opts()),
    card: (id: string, lang?: string) => call('GET', `/api/cards/${id}${q({ lang })}`, opts()),
    updateCard: (id: string, body: Record<string, unknown>) => call('PATCH', `/api/cards/${id}`, opts(body)),
    deleteCard: (id: string) => call('DELETE', `/api/cards/${id}`, opts()),
    setPoints: (id: string, balance: unknown) => call('PUT', `/api/cards/${id}/points`, opts({ balance })),
    addTransactions: (id: string, body: Record<string, unknown>) =>
      call('POST', `/api/cards/${id}/transactions`, opts(body)),
    transactions: (id: string) => call('GET', `/api/cards/${id}/transactions?pageSize=200`, opts()),
    importCsv: (id: string, csv: string | Uint8Array, type = 'text/csv') =>
      raw('POST', `/api/cards/${id}/transactions/import`, token, tenant, csv, type),
    auto: (cardId: string, feeYear: number | string) =>
      call('POST', `/api/annual-fees/records/auto${q({ cardId, feeYear })}`, opts()),
    recordsBatch: (body: Record<string, unknown>) =>
      call('POST', '/api/annual-fees/records/batch', opts(body)),
    records: (query: Record<string, string | number> = {}) =>
      call('GET', `/api/annual-fees/records${q(query)}`, opts()),
    patchRecord: (id: string, body: Record<string, unknown>) =>
      call('PATCH', `/api/annual-fees/records/${id}`, opts(body)),
    check: (cardId: string, feeYear: number | string, lang?: string) =>
      call('GET', `/api/annual-fees/waiver-check/${cardId}/${feeYear}${q({ lang })}`, opts()),
    checkUser: (userId: string, query: Record<string, string | number> = {}) =>
      call('GET', `/api/annual-fees/waiver-check/user/${userId}${q(query)}`, opts()),
    redeem: (cardId: string, feeYear: number) =>
      call('POST', `/api/annual-fees/waiver-check/${cardId}/${feeYear}/redeem-points`, opts()),
    stats: (userId: string, year?: number) =>
      call('GET', `/api/annual-fees/statistics/${userId}${q({ year })}`, opts()),
    calendar: (lang?: string) => raw('GET', `/api/annual-fees/calendar.ics${q({ lang })}`, token, tenant),
    feed: () => call('GET', '/api/annual-fees/calendar-feed', opts()),
    rotateFeed: () => call('POST', '/api/annual-fees/calendar-feed', opts()),
    revokeFeed: () => call('DELETE', '/api/annual-fees/calendar-feed', opts()),
  };
}

export type CardsClient = ReturnType<typeof cardsApi>;

/** A request with a body that is not JSON (a CSV statement) or an answer that is not (a calendar). */
export async function raw(
  method: string,
  path: string,
  token: string | null,
  tenant: string | null,
  body?: string | Uint8Array,
  type = 'text/csv',
) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (tenant) headers['x-tenant-code'] = tenant;
  if (body !== undefined) headers['content-type'] = type;
  const res = await SELF.fetch(`${BASE}${path}`, { method, headers, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {}
  checkContract(method, path, res.status, res.headers.get('content-type'), json);
  return { status: res.status, body: json, text, headers: res.headers };
}

/** A rule of each kind a test needs, created by a company administrator. */
export async function rule(api: CardsClient, body: Record<string, unknown>): Promise<string> {
  const res = await api.createRule({ ruleName: `Rule ${body.feeType}`, baseFeeFen: 20_000, ...body });
  if (res.status !== 201) throw new Error(`rule: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function card(api: CardsClient, body: Record<string, unknown>): Promise<any> {
  const res = await api.createCard({ issuer: '招商银行', name: '经典白金卡', last4: '1234', ...body });
  if (res.status !== 201) throw new Error(`card: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Purchases through the batch form: `[day, fen]` pairs at noon in Shanghai. */
export async function purchases(api: CardsClient, cardId: string, items: [string, number][]) {
  const res = await api.addTransactions(cardId, {
    items: items.map(([day, amountFen]) => ({ amountFen, at: new Date(shanghai(day)).toISOString() })),
  });
  if (res.status !== 201) throw new Error(`purchases: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A company whose clock reads noon of `today` in Shanghai, with an administrator (`boss`) and a member,
 * each with their API client.
 */
export async function cardsCompany(admin: string, today = '2025-03-10') {
  const boss = await companyWithMember(admin, 'admin');
  await setClock(boss.code, shanghai(today));
  const member = await addMember(admin, boss.company.id);
  return {
    code: boss.code,
    company: boss.company,
    boss,
    bossApi: cardsApi(boss.token, boss.code),
    member,
    api: cardsApi(member.token, boss.code),
  };
}

/** A company on a plan of its own that has the CRM but not the annual-fees module. */
export async function companyWithoutCards(admin: string) {
  const code = unique('plan').toLowerCase();
  const plan = await call('POST', '/api/admin/plans', {
    token: admin,
    body: {
      code,
      name: 'CRM only',
      quotas: { users: 10, customers: 10, storageMB: 1024, apiCallsPerMonth: 0 },
      modules: ['crm'],
      priceMonthlyFen: 1_000,
      priceYearlyFen: 10_000,
    },
  });
  if (plan.status !== 201) throw new Error(`plan: ${JSON.stringify(plan.body)}`);
  return { plan: code, company: await newCompany(admin, { plan: code }) };
}
