import { runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISPATCH_CHUNK } from '../../durable-objects/legal/client/batches';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { nextResetAt, weekStartOf } from '../../durable-objects/legal/client/credits';
import { batchCases, batches, creditLedger } from '../../schema/legal-client';
import { adminToken, BASE, call } from '../helpers';
import {
  certifiedLawyer,
  clientStub,
  lawyerCases,
  marketplaceUser,
  providerConfirms,
  send,
  shiftClientClock,
} from '../legal-helpers';
import { runTask } from '../platform-helpers';
import { buildXlsx, debtCsv } from '../xlsx';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const WEEK = 7 * 86_400_000;
const credits = (token: string) => call('GET', '/api/legal/users/me/credits', { token });

function upload(token: string, content: string | Uint8Array, name = 'debts.csv') {
  const form = new FormData();
  form.set('file', new File([content], name));
  return send('POST', '/api/legal/batches', { token, body: form });
}

const batch = (token: string, id: string) => call('GET', `/api/legal/batches/${id}`, { token });

/** Runs the client actor's alarm until the batch has nothing queued (each run hands one chunk over). */
async function dispatchAll(userId: string, token: string, id: string) {
  for (let runs = 0; runs < 100; runs++) {
    const progress = (await batch(token, id)).body.progress;
    if (progress.queued === 0) return runs;
    await runDurableObjectAlarm(clientStub(userId));
  }
  throw new Error('the batch never finished dispatching');
}

const stored = (userId: string) =>
  runInDurableObject(clientStub(userId), (actor: LegalClientActor) => ({
    batches: actor.db.select().from(batches).all().length,
    cases: actor.db.select().from(batchCases).all().length,
    ledger: actor.db.select().from(creditLedger).all(),
  }));

async function buyCredits(token: string, count: number) {
  const ordered = await call('POST', '/api/legal/users/me/credits/purchase', { token, body: { count } });
  expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
  expect(ordered.body).toMatchObject({
    purpose: 'legal_credits',
    amountFen: count * 5_000,
    status: 'pending',
  });
  const paid = await providerConfirms(ordered.body.id, ordered.body.amountFen);
  expect(paid.status).toBe(200);
  return ordered.body.id as string;
}

describe('credits (D9)', () => {
  it('one free credit a week, bought ones kept apart and spent after it; every change in the ledger', async () => {
    const user = await marketplaceUser(admin);
    const now = Date.now();
    const start = await credits(user.token);
    expect(start.status).toBe(200);
    expect(start.body).toEqual({
      weeklyRemaining: 1,
      purchasedRemaining: 0,
      nextResetAt: new Date(nextResetAt(now)).toISOString(),
    });

    const orderId = await buyCredits(user.token, 2);
    expect((await credits(user.token)).body).toMatchObject({ weeklyRemaining: 1, purchasedRemaining: 2 });
    // A second confirmation buys nothing more.
    await providerConfirms(orderId, 10_000);
    expect((await credits(user.token)).body.purchasedRemaining).toBe(2);

    const first = await upload(user.token, debtCsv(2));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.credits).toMatchObject({ weeklyRemaining: 0, purchasedRemaining: 2 });
    const second = await upload(user.token, debtCsv(2));
    expect(second.body.credits).toMatchObject({ weeklyRemaining: 0, purchasedRemaining: 1 });

    const ledger = await call('GET', '/api/legal/users/me/credits/ledger', { token: user.token });
    expect(ledger.body.items.map((e: any) => [e.action, e.weeklyDelta, e.purchasedDelta]).reverse()).toEqual([
      ['purchase', 0, 2],
      ['batch_upload', -1, 0],
      ['batch_upload', 0, -1],
    ]);
    expect(ledger.body.items[0].reference).toBe(second.body.batchId);
    expect(ledger.body.items.at(-1).reference).toBe(orderId);
  });

  it('refuses an upload without a credit with 402 and the counts, storing nothing', async () => {
    const user = await marketplaceUser(admin);
    expect((await upload(user.token, debtCsv(1))).status).toBe(201);
    const before = await stored(user.userId);
    const refused = await upload(user.token, debtCsv(3));
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { required: 1, weeklyRemaining: 0, purchasedRemaining: 0 },
    });
    const after = await stored(user.userId);
    expect(after.batches).toBe(before.batches);
    expect(after.cases).toBe(before.cases);
    expect(after.ledger).toHaveLength(before.ledger.length);
  });

  it('gives the weekly credit again on Monday 00:00 Shanghai, lazily and by the task, without accumulating', async () => {
    const user = await marketplaceUser(admin);
    await buyCredits(user.token, 1);
    expect((await upload(user.token, debtCsv(1))).status).toBe(201);
    expect((await credits(user.token)).body.weeklyRemaining).toBe(0);
    const monday = weekStartOf(Date.now(), 1);
    // One minute before the week turns nothing changes; at the turn the read gives the credit back.
    await shiftClientClock(user.userId, monday - 60_000 - Date.now());
    expect((await credits(user.token)).body.weeklyRemaining).toBe(0);
    await shiftClientClock(user.userId, monday + 1_000 - Date.now());
    expect((await credits(user.token)).body).toEqual({
      weeklyRemaining: 1,
      purchasedRemaining: 1,
      nextResetAt: new Date(monday + WEEK).toISOString(),
    });
    // Two weeks unused still make one credit.
    await shiftClientClock(user.userId, monday + 3 * WEEK - Date.now());
    const task = (await call('GET', '/api/admin/tasks', { token: admin })).body.find(
      (t: any) => t.name === 'weekly-credits-reset',
    );
    expect(task).toMatchObject({ cron: '0 0 * * 1', timezone: 'Asia/Shanghai' });
    const report = await runTask('weekly-credits-reset', monday + 3 * WEEK);
    expect(report.reset).toBeGreaterThanOrEqual(1);
    expect((await credits(user.token)).body).toMatchObject({ weeklyRemaining: 1, purchasedRemaining: 1 });
    const ledger = (await stored(user.userId)).ledger.filter((e) => e.action === 'weekly_reset');
    expect(ledger.map((e) => e.weeklyDelta)).toEqual([1, 0]);
    const again = await runTask('weekly-credits-reset', monday + 3 * WEEK);
    expect(again.users).toBeGreaterThanOrEqual(1);
    expect((await stored(user.userId)).ledger.filter((e) => e.action === 'weekly_reset')).toHaveLength(2);
  });

  it('lists changes made in the same millisecond newest first too, in the order they were made', async () => {
    const user = await marketplaceUser(admin);
    const frozen = Date.now();
    await runInDurableObject(clientStub(user.userId), (actor: LegalClientActor) => {
      (actor as unknown as { now: () => number }).now = () => frozen;
    });
    const counts = [1, 2, 3, 4, 5, 6];
    for (const count of counts) await buyCredits(user.token, count);
    const ledger = await call('GET', '/api/legal/users/me/credits/ledger', { token: user.token });
    expect(ledger.status).toBe(200);
    const purchases = ledger.body.items.filter((e: { action: string }) => e.action === 'purchase');
    expect(new Set(purchases.map((e: { at: string }) => e.at))).toEqual(
      new Set([new Date(frozen).toISOString()]),
    );
    // Ids are random; the balances after each change read as a history only in the order it was made.
    expect(purchases.map((e: { purchasedDelta: number }) => e.purchasedDelta)).toEqual([...counts].reverse());
    expect(purchases.map((e: { purchasedAfter: number }) => e.purchasedAfter)).toEqual([21, 15, 10, 6, 3, 1]);
  });

  it('sells 1 to 100 credits a time, and not in a demo workspace', async () => {
    const user = await marketplaceUser(admin);
    for (const count of [0, 101, 1.5]) {
      const bad = await call('POST', '/api/legal/users/me/credits/purchase', {
        token: user.token,
        body: { count },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.fields[0].path).toBe('body.count');
    }
    const demo = await call('GET', '/api/legal/demo/user');
    const token = demo.body.accessToken ?? demo.body.token;
    expect((await credits(token)).status).toBe(200);
    const refused = await call('POST', '/api/legal/users/me/credits/purchase', { token, body: { count: 1 } });
    expect(refused.status).toBe(403);
    expect((await upload(token, debtCsv(1))).status).toBe(403);
  });
});

describe('batch debt collection (D10)', () => {
  it('keeps good rows, reports bad ones by line and field, and dispatches each debt to a lawyer', async () => {
    const lawyer = await certifiedLawyer(admin, { practiceAreas: ['debt'] });
    const user = await marketplaceUser(admin);
    const csv = [
      '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注',
      '张三,110101199003070011,13800138000,12000.50,2026-03-01,货款',
      '=HYPERLINK("http://x"),110101199003070011,13800138000,800,2026-03-01,@SUM(A1)',
      '李四,123,10086,-5,2026-02-30,',
    ].join('\n');
    const res = await upload(user.token, csv);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ totalCases: 2, creditsUsed: 1, estimatedRevenueFen: 360_02 + 200_00 });
    expect(res.body.rowErrors.map((e: any) => [e.line, e.field])).toEqual([
      [4, 'idNumber'],
      [4, 'phone'],
      [4, 'amount'],
      [4, 'dueDate'],
    ]);
    const id = res.body.batchId;
    expect((await batch(user.token, id)).body.progress).toEqual({
      queued: 2,
      dispatched: 0,
      accepted: 0,
      failed: 0,
    });
    expect(await dispatchAll(user.userId, user.token, id)).toBe(1);
    const dispatched = await batch(user.token, id);
    expect(dispatched.body.progress).toEqual({ queued: 0, dispatched: 2, accepted: 0, failed: 0 });
    expect(dispatched.body.rowErrors).toHaveLength(4);

    const offers = (await lawyerCases(lawyer.token, 'offered')).filter((c: any) =>
      c.description.includes('due 2026-03-01'),
    );
    expect(offers.length).toBeGreaterThanOrEqual(1);
    const formula = offers.find((c: any) => c.description.includes('HYPERLINK'));
    if (formula) expect(formula.description).toContain(`'=HYPERLINK`);
    const accepted = await call('POST', `/api/legal/cases/${offers[0].caseId}/accept`, {
      token: lawyer.token,
    });
    expect(accepted.status).toBe(200);
    expect((await batch(user.token, id)).body.progress).toMatchObject({ accepted: 1, dispatched: 1 });
    const completed = await call('POST', `/api/legal/cases/${offers[0].caseId}/complete`, {
      token: lawyer.token,
      body: { outcome: 'fail' },
    });
    expect(completed.status).toBe(200);
    expect((await batch(user.token, id)).body.progress).toMatchObject({ accepted: 0, failed: 1 });

    const list = await call('GET', '/api/legal/batches', { token: user.token });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id, rowErrorCount: 4, totalCases: 2 });
  });

  it('accepts 10 000 rows with 3 % bad ones in one upload and hands them to the dispatcher a chunk at a time', async () => {
    const user = await marketplaceUser(admin);
    const res = await upload(
      user.token,
      debtCsv(10_000, (i) => i % 100 < 3),
    );
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expect(res.body.totalCases).toBe(9_700);
    expect(new Set(res.body.rowErrors.map((e: any) => e.line)).size).toBe(300);
    expect(res.body.rowErrors[0]).toMatchObject({ line: 2, field: 'idNumber' });
    // Each alarm run hands one chunk to the dispatcher (`npm run bench` times the whole batch).
    expect((await batch(user.token, res.body.batchId)).body.progress.queued).toBe(9_700);
    await runDurableObjectAlarm(clientStub(user.userId));
    const progress = (await batch(user.token, res.body.batchId)).body.progress;
    expect(progress.queued).toBe(9_700 - DISPATCH_CHUNK);
    expect(progress.dispatched + progress.accepted).toBe(DISPATCH_CHUNK);
  }, 60_000);

  it('reads XLSX', async () => {
    const user = await marketplaceUser(admin);
    const file = buildXlsx([
      ['debtor name', 'id number', 'phone', 'amount owed', 'due date', 'notes'],
      ['Wang Wu', '110101199003070011', 13800138000, 5000, 46082, 'invoice 7'],
      ['Zhao Liu', '110101199003070011', 13800138000, 'lots', 46082, null],
    ]);
    const res = await upload(user.token, file, 'debts.xlsx');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      totalCases: 1,
      rowErrors: [{ line: 3, field: 'amount', rule: 'amount' }],
    });
    expect((await batch(user.token, res.body.batchId)).body).toMatchObject({
      format: 'xlsx',
      fileName: 'debts.xlsx',
    });
  });

  it('refuses bad files before spending a credit, and shows no one another user’s batch', async () => {
    const user = await marketplaceUser(admin);
    const notTable = await upload(user.token, new Uint8Array([0xff, 0xfe, 0, 1]), 'x.bin');
    expect(notTable.status).toBe(415);
    const missing = await upload(user.token, 'name,phone\nx,1\n');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'BATCH_COLUMNS_MISSING' });
    expect(missing.body.error.details.fields[0].path).toBe('body.file');
    const empty = await upload(user.token, '');
    expect(empty.body.error.code).toBe('BATCH_FILE_EMPTY');
    const noFile = await send('POST', '/api/legal/batches', { token: user.token, body: new FormData() });
    expect(noFile.status).toBe(400);
    const tooBig = await upload(user.token, new Uint8Array(9 * 1024 * 1024));
    expect(tooBig.status).toBe(413);
    expect((await credits(user.token)).body.weeklyRemaining).toBe(1);

    const ok = await upload(user.token, debtCsv(1));
    expect(ok.status).toBe(201);
    const other = await marketplaceUser(admin);
    const peek = await batch(other.token, ok.body.batchId);
    expect(peek.status).toBe(404);
    expect(peek.body.error.code).toBe('BATCH_NOT_FOUND');
    expect((await call('GET', '/api/legal/batches', { token: other.token })).body.total).toBe(0);
  });

  it('offers a template to download', async () => {
    const res = await send('GET', '/api/legal/batch-template?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.text.split('\r\n')[0]).toBe('debtor name,id number,phone,amount owed,due date,notes');
    const raw = new Uint8Array(await (await SELF.fetch(`${BASE}/api/legal/batch-template`)).arrayBuffer());
    // A byte-order mark first, so Excel opens the Chinese header as UTF-8.
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('enterprise packages (D11)', () => {
  it('are the seed’s three packages, with their monthly case allowance, and promise no success rate', async () => {
    const res = await call('GET', '/api/legal/enterprise/packages');
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((p: any) => [
        p.code,
        p.nameZh,
        p.monthlyFeeFen,
        p.monthlyCaseAllowance,
        p.aiCreditsIncluded,
        p.slaHours,
      ]),
    ).toEqual([
      ['basic_enterprise', '基础企业版', 9_999_00, 500, 1_000, 48],
      ['professional_enterprise', '专业企业版', 29_999_00, 2_000, 5_000, 24],
      ['flagship_enterprise', '旗舰企业版', 99_999_00, 10_000, 20_000, 4],
    ]);
    // The SLA hours are the ones the seed's features name.
    for (const p of res.body.items)
      expect(p.features.find((f: string) => f.includes('_sla_'))).toBe(
        `${p.code === 'basic_enterprise' ? 'standard' : 'premium'}_sla_${p.slaHours}h`,
      );
    expect(res.body.items[0].features).toEqual([
      'batch_debt_collection',
      'basic_reporting',
      'email_support',
      'standard_sla_48h',
    ]);
    expect(res.body.items.map((p: any) => p.apiAccess)).toEqual([false, false, true]);
    expect(res.body.disclaimer).toContain('不构成成功率承诺');
  });
});
