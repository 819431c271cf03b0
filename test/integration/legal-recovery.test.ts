import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { DEFAULT_TIMEZONE } from '../../lib/plans';
import { monthOf } from '../../lib/zoned';
import { LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import { batchCases, collectionStats, recoveryRecords } from '../../schema/legal-client';
import { dispatchAll, legalCompany, setPackage, uploadDebts } from '../enterprise-helpers';
import { adminToken, call, unique } from '../helpers';
import { certifiedLawyer, lawyerCases, settle, shiftLawyerClock } from '../legal-helpers';
import { residentId } from '../xlsx';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const DAY = 86_400_000;

function csv(note: string, amounts: string[]) {
  const rows = amounts.map(
    (amount, i) => `债务人${i},${residentId(i)},1380013800${i},${amount},2026-03-01,${note}`,
  );
  return `债务人姓名,证件号码,联系电话,欠款金额,到期日,备注\n${rows.join('\n')}\n`;
}

const contact = (token: string, caseId: string, body: object) =>
  call('POST', `/api/legal/cases/${caseId}/recovery/contacts`, { token, body });
const payment = (token: string, caseId: string, body: object) =>
  call('POST', `/api/legal/cases/${caseId}/recovery/payments`, { token, body });

describe('recovery recorded by the lawyer (issue 21)', () => {
  it("records contacts and amounts on a debt case they hold; the company's analytics follow the records", async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'basic_enterprise');
    const lawyer = await certifiedLawyer(admin, { practiceAreas: ['debt'] });
    const note = unique('note');
    expect((await uploadDebts(company.token, company.code, csv(note, ['1000.00', '2000.00']))).status).toBe(
      201,
    );
    await dispatchAll(company.stub);
    const offers = (await lawyerCases(lawyer.token, 'offered')).filter((c: any) =>
      c.description.includes(note),
    );
    expect(offers).toHaveLength(2);
    const [a, b] = offers
      .sort((x: any, y: any) => x.amountFen - y.amountFen)
      .map((c: any) => c.caseId as string);
    // Not taken yet: nothing can be recorded.
    expect((await contact(lawyer.token, a!, { responded: true })).body.error.code).toBe('CASE_NOT_ASSIGNED');
    for (const id of [a, b])
      expect((await call('POST', `/api/legal/cases/${id}/accept`, { token: lawyer.token })).status).toBe(200);

    const silent = await contact(lawyer.token, a!, { responded: false, note: '无人接听' });
    expect(silent.status, JSON.stringify(silent.body)).toBe(201);
    expect(silent.body.record).toMatchObject({
      kind: 'contact',
      responded: false,
      amountFen: null,
      note: '无人接听',
    });
    expect(silent.body.record.id).toMatch(/^rec_[a-z2-7]{26}$/);
    expect((await contact(lawyer.token, a!, { responded: true })).status).toBe(201);
    expect((await contact(lawyer.token, b!, { responded: false })).status).toBe(201);
    const first = await payment(lawyer.token, a!, { amountFen: 30_000 });
    expect(first.body.recovery).toMatchObject({ recoveredFen: 30_000, contacts: 2, debtorResponded: true });

    // Bad input names the field and records nothing; more than is owed is refused with the counts.
    const zero = await payment(lawyer.token, a!, { amountFen: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error.details.fields[0].path).toBe('body.amountFen');
    const future = await contact(lawyer.token, a!, {
      responded: true,
      at: new Date(Date.now() + DAY).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.details.fields[0].path).toBe('body.at');
    const badTime = await contact(lawyer.token, a!, { responded: true, at: 'yesterday' });
    expect(badTime.body.error.details.fields[0].path).toBe('body.at');
    const noAnswer = await contact(lawyer.token, a!, {});
    expect(noAnswer.body.error.details.fields[0].path).toBe('body.responded');
    const tooMuch = await payment(lawyer.token, a!, { amountFen: 70_001 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error).toMatchObject({
      code: 'RECOVERY_EXCEEDS_DEBT',
      details: { amountFen: 100_000, recoveredFen: 30_000, requestedFen: 70_001 },
    });

    // Three days on, the rest comes in and the case is closed as a success; the other fails.
    await shiftLawyerClock(lawyer.userId, 3 * DAY);
    expect((await payment(lawyer.token, a!, { amountFen: 20_000 })).status).toBe(201);
    for (const [id, outcome] of [
      [a, 'success'],
      [b, 'fail'],
    ])
      expect(
        (await call('POST', `/api/legal/cases/${id}/complete`, { token: lawyer.token, body: { outcome } }))
          .status,
      ).toBe(200);
    expect((await contact(lawyer.token, a!, { responded: true })).body.error.code).toBe('CASE_NOT_ASSIGNED');

    const read = await call('GET', `/api/legal/cases/${a}/recovery`, { token: lawyer.token });
    expect(read.body).toMatchObject({
      amountFen: 100_000,
      recoveredFen: 50_000,
      contacts: 2,
      status: 'completed',
      outcome: 'success',
    });
    expect(read.body.records.map((r: any) => r.amountFen ?? r.responded)).toEqual([
      false,
      true,
      30_000,
      20_000,
    ]);

    // Another lawyer does not find the case; nobody signed out reads it.
    const other = await certifiedLawyer(admin, { practiceAreas: ['contract'] });
    expect((await call('GET', `/api/legal/cases/${a}/recovery`, { token: other.token })).status).toBe(404);
    expect((await payment(other.token, a!, { amountFen: 1 })).status).toBe(404);
    expect((await call('GET', `/api/legal/cases/${a}/recovery`)).status).toBe(401);

    await settle();
    const handedAt = await runInDurableObject(
      company.stub,
      (actor: LegalClientActor) =>
        actor.db
          .select()
          .from(batchCases)
          .all()
          .find((c) => c.id === a)!.handedAt!,
    );
    const firstPaymentAt = Date.parse(first.body.record.at);
    const report = await call('GET', `/t/${company.code}/api/legal/analytics?months=1`, {
      token: company.token,
    });
    expect(report.body.company).toMatchObject({
      casesProcessed: 2,
      casesTaken: 2,
      casesWithResponse: 1,
      casesWithPayment: 1,
      amountOwedFen: 300_000,
      amountRecoveredFen: 50_000,
      averageRecoveryDays: Math.round(((firstPaymentAt - handedAt) / DAY) * 100) / 100,
      responseRate: 0.5,
      recoveryRate: Math.round((50_000 / 300_000) * 10_000) / 10_000,
      completedRecoveryRate: 0.5,
    });
  });

  it('refuses writes in the demo workspace', async () => {
    const demo = await call('GET', '/api/legal/demo/lawyer');
    const res = await contact(demo.body.accessToken, 'demo-case-006', { responded: true });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('DEMO_READ_ONLY');
  });

  it("keeps the month's figures equal to a recomputation from the records received, in any order and repeated", async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'basic_enterprise');
    expect(
      (await uploadDebts(company.token, company.code, csv(unique('n'), ['100', '200', '300']))).status,
    ).toBe(201);
    await dispatchAll(company.stub);
    const cases = await runInDurableObject(company.stub, (actor: LegalClientActor) =>
      actor.db.select().from(batchCases).all(),
    );
    const month = monthOf(Date.now(), DEFAULT_TIMEZONE);
    const record = fc.record({
      caseIndex: fc.nat({ max: cases.length - 1 }),
      kind: fc.constantFrom('contact' as const, 'payment' as const),
      afterMs: fc.integer({ min: 0, max: 20 * DAY }),
      responded: fc.boolean(),
      amountFen: fc.integer({ min: 1, max: 5_000 }),
      repeat: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), async (records) => {
        for (const r of records) {
          const kase = cases[r.caseIndex]!;
          const message = {
            caseId: kase.id,
            lawyerId: 'lawyer',
            record: {
              id: unique('rec'),
              kind: r.kind,
              at: kase.handedAt! + r.afterMs,
              responded: r.kind === 'contact' ? r.responded : null,
              amountFen: r.kind === 'payment' ? r.amountFen : null,
            },
          };
          for (let i = 0; i < (r.repeat ? 2 : 1); i++) {
            const ack = await company.stub.receive({
              key: unique('msg'),
              type: LEGAL_MESSAGES.recovery,
              payload: message,
              from: 'test',
            });
            expect(ack.ok).toBe(true);
          }
        }
        const { kept, recomputed } = await runInDurableObject(company.stub, (actor: LegalClientActor) => {
          const all = actor.db.select().from(recoveryRecords).all();
          const total = { debtorResponded: 0, paidCases: 0, recoveredFen: 0, recoveryMsTotal: 0 };
          for (const kase of actor.db.select().from(batchCases).all()) {
            const mine = all.filter((x) => x.caseId === kase.id);
            const payments = mine.filter((x) => x.kind === 'payment');
            if (mine.some((x) => x.kind === 'contact' && x.responded)) total.debtorResponded += 1;
            total.recoveredFen += payments.reduce((sum, p) => sum + p.amountFen!, 0);
            if (payments.length > 0) {
              total.paidCases += 1;
              total.recoveryMsTotal += Math.min(...payments.map((p) => p.at)) - kase.handedAt!;
            }
          }
          const row = actor.db
            .select()
            .from(collectionStats)
            .all()
            .find((s) => s.month === month)!;
          return {
            kept: {
              debtorResponded: row.debtorResponded,
              paidCases: row.paidCases,
              recoveredFen: row.recoveredFen,
              recoveryMsTotal: row.recoveryMsTotal,
            },
            recomputed: total,
          };
        });
        expect(kept).toEqual(recomputed);
      }),
      { numRuns: 15 },
    );
  });
});
