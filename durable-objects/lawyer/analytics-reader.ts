import { gte, or } from 'drizzle-orm';
import { type Outcome, toOutcome } from '../../lib/errors';
import { monthStart } from '../../lib/zoned';
import { MARKETPLACE_TIME_ZONE } from '../../schema/dto/legal-catalog';
import type { LawyerAnalyticsAnswer } from '../../schema/dto/legal-lawyer-analytics';
import * as schema from '../../schema/lawyer';
import type { LegalCaller } from '../legal/access';
import { lawyerAnalytics, windowStart } from './analytics';
import type { Db, LawyerRecord } from './record';
import { featuresOf, requireFeature } from './tiers';

const { lawyerCases, pointsLedger, recoveryRecords } = schema;

/** What the analysis needs from its actor. */
export interface LawyerAnalyticsHost {
  db: Db;
  now(): number;
  record: LawyerRecord;
}

/** Reads the records of the window for `lawyerAnalytics` (members with data analysis only). */
export class LawyerAnalyticsReader {
  constructor(private readonly host: LawyerAnalyticsHost) {}

  read(caller: LegalCaller, months: number): Outcome<LawyerAnalyticsAnswer> {
    return toOutcome(() => {
      const row = this.host.record.require(caller, false);
      requireFeature(row.plan, 'dataAnalysis');
      const now = this.host.now();
      const since = monthStart(windowStart(now, months, MARKETPLACE_TIME_ZONE), MARKETPLACE_TIME_ZONE);
      const cases = this.host.db
        .select()
        .from(lawyerCases)
        .where(
          or(
            gte(lawyerCases.offeredAt, since),
            gte(lawyerCases.respondedAt, since),
            gte(lawyerCases.completedAt, since),
            gte(lawyerCases.reviewedAt, since),
          ),
        )
        .all();
      const points = this.host.db
        .select({ at: pointsLedger.at, result: pointsLedger.result })
        .from(pointsLedger)
        .where(gte(pointsLedger.at, since))
        .all();
      const recovery = this.host.db
        .select({
          kind: recoveryRecords.kind,
          at: recoveryRecords.at,
          responded: recoveryRecords.responded,
          amountFen: recoveryRecords.amountFen,
        })
        .from(recoveryRecords)
        .where(gte(recoveryRecords.at, since))
        .all();
      const whiteLabel = featuresOf(row.plan).includes('whiteLabel');
      return {
        timeZone: MARKETPLACE_TIME_ZONE,
        reportHeader: whiteLabel ? row.reportHeader : null,
        ...lawyerAnalytics({ cases, points, recovery, now, months, timeZone: MARKETPLACE_TIME_ZONE }),
      };
    });
  }
}
