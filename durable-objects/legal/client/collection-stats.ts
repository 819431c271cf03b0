import { inArray, sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import {
  type CollectionFigureName,
  type CollectionStatsMessage,
  industryStatsActor,
  LEGAL_MESSAGES,
  PLATFORM_STATS_ACTOR,
} from '../../../schema/dto/legal-messages';
import * as schema from '../../../schema/legal-client';
import type { Message } from '../../actor';
import { type CollectionFigures, NO_FIGURES } from './enterprise-rules';

const { collectionStats, collectionLawyers } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;

export { industryStatsActor, PLATFORM_STATS_ACTOR };

const FIGURES: CollectionFigureName[] = [
  'cases',
  'owedFen',
  'responded',
  'responseMsTotal',
  'completed',
  'recovered',
  'recoveredFen',
  'debtorResponded',
  'paidCases',
  'recoveryMsTotal',
  'slaBreaches',
];

export interface CollectionStatsHost {
  db: Db;
  send(message: Message): void;
  /** The company's industry, whose sums hear of each change too; null for a person or none known. */
  industry(): string | null;
}

/**
 * Collection statistics kept by business month (SPEC D11): each case change adds to its month's
 * counters in the transaction of the change and sends the same change to the platform's statistics
 * actor through the outbox, so a report (the company's and the platform's) is a read of a few rows.
 */
export class CollectionStats {
  constructor(private readonly host: CollectionStatsHost) {}

  /** Inside the transaction of a case change; `key` makes the platform's copy apply once. */
  record(month: string, figures: CollectionStatsMessage['figures'], key: string, lawyerId?: string): void {
    const message: CollectionStatsMessage = { month, figures, ...(lawyerId ? { lawyerId } : {}) };
    this.apply(message);
    this.host.send({
      to: { binding: 'LEGAL_CLIENT', name: PLATFORM_STATS_ACTOR },
      type: LEGAL_MESSAGES.collectionStats,
      payload: message,
      key: `stats:${key}`,
    });
    const industry = this.host.industry();
    if (industry) {
      this.host.send({
        to: { binding: 'LEGAL_CLIENT', name: industryStatsActor(industry) },
        type: LEGAL_MESSAGES.collectionStats,
        payload: message,
        key: `industry-stats:${key}`,
      });
    }
  }

  apply(m: CollectionStatsMessage): void {
    const lawyers = m.lawyerId
      ? this.host.db
          .insert(collectionLawyers)
          .values({ month: m.month, lawyerId: m.lawyerId })
          .onConflictDoNothing()
          .returning()
          .all().length
      : 0;
    const set: Record<string, ReturnType<typeof sql>> = {};
    for (const name of FIGURES) {
      const by = m.figures[name] ?? 0;
      if (by !== 0) set[name] = sql`${collectionStats[name]} + ${by}`;
    }
    if (lawyers) set.lawyers = sql`${collectionStats.lawyers} + ${lawyers}`;
    const insert = this.host.db.insert(collectionStats).values({ month: m.month, ...m.figures, lawyers });
    if (Object.keys(set).length === 0) insert.onConflictDoNothing().run();
    else insert.onConflictDoUpdate({ target: collectionStats.month, set }).run();
  }

  /** The kept figures of each month asked for (zeros where nothing happened). */
  figures(months: string[]): CollectionFigures[] {
    const rows = new Map(
      this.host.db
        .select()
        .from(collectionStats)
        .where(inArray(collectionStats.month, months))
        .all()
        .map(({ month, ...figures }) => [month, figures]),
    );
    return months.map((month) => rows.get(month) ?? NO_FIGURES);
  }
}
