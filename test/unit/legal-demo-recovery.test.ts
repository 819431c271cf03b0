import { describe, expect, it } from 'vitest';
import { demoLawyerCases, demoRecoveryRecords } from '../../durable-objects/lawyer/demo';
import { checkRecord } from '../../durable-objects/lawyer/recovery-rules';

describe("the demo lawyer's recovery records (issue 21)", () => {
  it('each is one a lawyer could have recorded on the case, in order, never recovering more than owed', () => {
    const now = Date.UTC(2026, 5, 15, 4);
    const cases = new Map(demoLawyerCases(now).map((c) => [c.caseId, c]));
    const recovered = new Map<string, number>();
    const records = demoRecoveryRecords(now);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const kase = cases.get(record.caseId)!;
      const sofar = recovered.get(record.caseId) ?? 0;
      const input =
        record.kind === 'payment'
          ? { kind: 'payment' as const, amountFen: record.amountFen! }
          : { kind: 'contact' as const };
      // Recorded while the case was held: before its closing, by the rules of a held case.
      const recordedBy = kase.completedAt ?? now;
      expect(() =>
        checkRecord(
          { ...kase, status: 'assigned', respondedAt: kase.respondedAt ?? null },
          input,
          record.at,
          recordedBy,
          sofar,
        ),
      ).not.toThrow();
      recovered.set(record.caseId, sofar + (record.amountFen ?? 0));
    }
    for (const [caseId, fen] of recovered) {
      const kase = cases.get(caseId)!;
      if (kase.outcome === 'success') expect(fen).toBe(kase.amountFen);
    }
  });
});
