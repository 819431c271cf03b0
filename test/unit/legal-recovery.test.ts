import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecord, type RecoverableCase } from '../../durable-objects/lawyer/recovery-rules';
import {
  applyRecovery,
  type CaseStanding,
  NO_RECOVERY,
  type RecoveryEntry,
  type RecoveryFigures,
} from '../../durable-objects/legal/client/recovery-rules';
import type { AppError } from '../../lib/errors';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2);

/** The oracle: the figures of a month, counted from every case's records as a person would. */
function recompute(cases: { handedAt: number; records: RecoveryEntry[] }[]): RecoveryFigures {
  const total = { ...NO_RECOVERY };
  for (const kase of cases) {
    const payments = kase.records.filter((r) => r.kind === 'payment');
    if (kase.records.some((r) => r.kind === 'contact' && r.responded)) total.debtorResponded += 1;
    for (const p of payments) total.recoveredFen += p.amountFen!;
    if (payments.length > 0) {
      total.paidCases += 1;
      total.recoveryMsTotal += Math.min(...payments.map((p) => p.at)) - kase.handedAt;
    }
  }
  return total;
}

const entry: fc.Arbitrary<RecoveryEntry> = fc.oneof(
  fc.record({
    kind: fc.constant('contact' as const),
    at: fc.integer({ min: 0, max: 90 * DAY }),
    responded: fc.boolean(),
    amountFen: fc.constant(null),
  }),
  fc.record({
    kind: fc.constant('payment' as const),
    at: fc.integer({ min: 0, max: 90 * DAY }),
    responded: fc.constant(null),
    amountFen: fc.integer({ min: 1, max: 10_000_000 }),
  }),
);

describe('collection statistics from recovery records (issue 21)', () => {
  it('kept by applying each record in any order are the figures recomputed from all the records', () => {
    const month = fc.array(
      fc.record({ handedAt: fc.integer({ min: 0, max: DAY }), records: fc.array(entry, { maxLength: 8 }) }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(month, fc.infiniteStream(fc.nat()), (cases, picks) => {
        // Records arrive interleaved across cases, in an order the stream chooses.
        const queues = cases.map((c) => ({
          ...c,
          records: [...c.records].map((r) => ({ ...r, at: r.at + c.handedAt })),
        }));
        const standings: CaseStanding[] = queues.map((c) => ({
          handedAt: c.handedAt,
          debtorResponded: false,
          firstPaymentAt: null,
          recoveredFen: 0,
        }));
        const pending = queues.map((c) => [...c.records]);
        const kept = { ...NO_RECOVERY };
        const it = picks[Symbol.iterator]();
        while (pending.some((q) => q.length > 0)) {
          const open = pending.map((q, i) => [q, i] as const).filter(([q]) => q.length > 0);
          const [queue, i] = open[it.next().value % open.length]!;
          const [record] = queue.splice(it.next().value % queue.length, 1);
          const { after, change } = applyRecovery(standings[i]!, record!);
          standings[i] = after;
          for (const name of Object.keys(kept) as (keyof RecoveryFigures)[]) kept[name] += change[name];
        }
        expect(kept).toEqual(recompute(queues));
      }),
    );
  });

  it('count a debtor who answered once, however many contacts, and move the first payment earlier', () => {
    const start: CaseStanding = {
      handedAt: T0,
      debtorResponded: false,
      firstPaymentAt: null,
      recoveredFen: 0,
    };
    const silent = applyRecovery(start, { kind: 'contact', at: T0 + DAY, responded: false, amountFen: null });
    expect(silent.change).toEqual(NO_RECOVERY);
    const answered = applyRecovery(silent.after, {
      kind: 'contact',
      at: T0 + DAY,
      responded: true,
      amountFen: null,
    });
    expect(answered.change).toEqual({ ...NO_RECOVERY, debtorResponded: 1 });
    const again = applyRecovery(answered.after, {
      kind: 'contact',
      at: T0 + DAY,
      responded: true,
      amountFen: null,
    });
    expect(again.change).toEqual(NO_RECOVERY);
    const paid = applyRecovery(again.after, {
      kind: 'payment',
      at: T0 + 5 * DAY,
      responded: null,
      amountFen: 300,
    });
    expect(paid.change).toEqual({
      ...NO_RECOVERY,
      paidCases: 1,
      recoveredFen: 300,
      recoveryMsTotal: 5 * DAY,
    });
    // A payment recorded later but made earlier makes the recovery 3 days shorter.
    const earlier = applyRecovery(paid.after, {
      kind: 'payment',
      at: T0 + 2 * DAY,
      responded: null,
      amountFen: 50,
    });
    expect(earlier.change).toEqual({ ...NO_RECOVERY, recoveredFen: 50, recoveryMsTotal: -3 * DAY });
    expect(earlier.after).toEqual({
      handedAt: T0,
      debtorResponded: true,
      firstPaymentAt: T0 + 2 * DAY,
      recoveredFen: 350,
    });
  });
});

describe('what a lawyer may record on a case (issue 21)', () => {
  const kase: RecoverableCase = {
    caseType: 'debt_collection',
    status: 'assigned',
    respondedAt: T0,
    amountFen: 1_000,
  };
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return { status: (e as AppError).status, code: (e as AppError).code, details: (e as AppError).details };
    }
    return null;
  };

  it('takes contacts and payments up to the amount owed, between taking the case and now', () => {
    expect(refusal(() => checkRecord(kase, { kind: 'contact' }, T0, T0 + DAY, 0))).toBeNull();
    expect(
      refusal(() => checkRecord(kase, { kind: 'payment', amountFen: 400 }, T0 + DAY, T0 + DAY, 600)),
    ).toBeNull();
    expect(
      refusal(() => checkRecord({ ...kase, respondedAt: null }, { kind: 'contact' }, 0, T0, 0)),
    ).toBeNull();
  });

  it('refuses other case types, cases not held, times outside, and more than is owed', () => {
    expect(
      refusal(() => checkRecord({ ...kase, caseType: 'contract_review' }, { kind: 'contact' }, T0, T0, 0)),
    ).toMatchObject({
      status: 409,
      code: 'NOT_A_DEBT_CASE',
    });
    expect(
      refusal(() => checkRecord({ ...kase, status: 'completed' }, { kind: 'contact' }, T0, T0, 0)),
    ).toMatchObject({
      status: 409,
      code: 'CASE_NOT_ASSIGNED',
    });
    const future = refusal(() => checkRecord(kase, { kind: 'contact' }, T0 + 2, T0 + 1, 0));
    expect(future).toMatchObject({
      status: 400,
      details: { fields: [{ path: 'body.at', rule: 'not_future' }] },
    });
    const before = refusal(() => checkRecord(kase, { kind: 'contact' }, T0 - 1, T0 + 1, 0));
    expect(before).toMatchObject({
      status: 400,
      details: { fields: [{ path: 'body.at', rule: 'not_before_taken' }] },
    });
    expect(refusal(() => checkRecord(kase, { kind: 'payment', amountFen: 401 }, T0, T0, 600))).toEqual({
      status: 409,
      code: 'RECOVERY_EXCEEDS_DEBT',
      details: { amountFen: 1_000, recoveredFen: 600, requestedFen: 401 },
    });
  });
});
