import { AppError } from '../../../lib/errors';
import { dateOf, zonedToEpoch } from '../../../lib/zoned';
import type { FeeType } from '../../../schema/dto/cards';
import type { Caller, Need } from '../access';
import type { ProfileRow, TenantDb, TenantPort } from '../port';
import { addDays, type Day, parseDay } from './dates';

/** Who is asking, as the module decides visibility: a member sees their own cards, an administrator everyone's. */
export interface Who {
  profile: ProfileRow;
  caller: Caller;
  /** The member's user id; null for a platform administrator, who holds no cards. */
  userId: string | null;
  admin: boolean;
}

/** A card with its rule's terms: what every fee question starts from. */
export interface CardRow {
  id: string;
  userId: string;
  issuer: string;
  name: string;
  last4: string;
  ruleId: string;
  activationDate: Day;
  pointsBalance: number;
  feeType: FeeType;
  baseFeeFen: number;
  waiverConditionValue: number | null;
  waiverPeriodMonths: number;
  [column: string]: SqlStorageValue;
}

export const CARD_COLUMNS = `c.id, c.user_id AS userId, c.issuer, c.name, c.last4, c.rule_id AS ruleId,
  c.activation_date AS activationDate, c.points_balance AS pointsBalance, r.fee_type AS feeType,
  r.base_fee_fen AS baseFeeFen, r.waiver_condition_value AS waiverConditionValue,
  r.waiver_period_months AS waiverPeriodMonths`;
const CARD_FROM = 'cards c JOIN card_fee_rules r ON r.id = c.rule_id';

/** The helpers the module's parts share: who the caller is, today in the company's zone, a card they may see. */
export class CardScope {
  private todayCache: { timezone: string; day: Day; from: number; until: number } | undefined;

  /** The tenant actor's port, built for the `annual-fees` module (its access requires the plan to include it). */
  constructor(readonly host: TenantPort) {}

  get db(): TenantDb {
    return this.host.db;
  }

  get sql(): SqlStorage {
    return this.host.sql;
  }

  who(caller: Caller, need: Need = 'member'): Who {
    const profile = this.host.access(caller, need);
    if (caller.kind === 'admin') return { profile, caller, userId: null, admin: true };
    return { profile, caller, userId: caller.id, admin: this.host.isAdmin(caller) };
  }

  /** The profile for timed work; a company that is gone has nothing to do. */
  liveProfile(): ProfileRow | undefined {
    const p = this.host.profile();
    return p && !p.deletedAt ? p : undefined;
  }

  /** Today in the company's time zone, worked out again only when the clock leaves the day. */
  today(p: ProfileRow, now = this.host.now()): Day {
    const cached = this.todayCache;
    if (cached?.timezone === p.timezone && now >= cached.from && now < cached.until) return cached.day;
    const day = dateOf(now, p.timezone);
    const start = parseDay(day);
    const next = parseDay(addDays(day, 1));
    this.todayCache = {
      timezone: p.timezone,
      day,
      from: zonedToEpoch(start.year, start.month, start.day, p.timezone),
      until: zonedToEpoch(next.year, next.month, next.day, p.timezone),
    };
    return day;
  }

  /** The company's day of an instant: today's without asking the time-zone tables again (most purchases are today's). */
  dayOf(p: ProfileRow, at: number): Day {
    const today = this.today(p);
    const cached = this.todayCache!;
    return at >= cached.from && at < cached.until ? today : dateOf(at, p.timezone);
  }

  /** The member whose cards a question is about: the caller (also as `me`), or the member an administrator names. */
  subject(who: Who, userId: string | undefined): string | null {
    if (userId === undefined || userId === 'me' || userId === who.userId) return who.userId;
    if (!who.admin)
      throw new AppError(
        403,
        'TENANT_ADMIN_REQUIRED',
        "only a company administrator may look at another member's cards",
      );
    return userId;
  }

  /** Whose cards a list shows: one member's, or everyone's (null) for an administrator who names nobody. */
  listedHolder(who: Who, userId: string | undefined): string | null {
    return userId === undefined && who.admin ? null : this.subject(who, userId);
  }

  card(id: string): CardRow | undefined {
    return this.sql.exec<CardRow>(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE c.id = ?`, id).toArray()[0];
  }

  /** A card the caller may see: their own, or any for an administrator; any other is not found. */
  requireCard(who: Who, id: string): CardRow {
    const card = this.card(id);
    if (!card || (!who.admin && card.userId !== who.userId))
      throw new AppError(404, 'CARD_NOT_FOUND', 'no card with that id');
    return card;
  }

  cardsWhere(where: string, ...args: SqlStorageValue[]): CardRow[] {
    return this.sql.exec<CardRow>(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} ${where}`, ...args).toArray();
  }

  isActiveMember(userId: string): boolean {
    return (
      this.sql
        .exec<{ n: number }>(
          "SELECT count(*) AS n FROM members WHERE user_id = ? AND status = 'active'",
          userId,
        )
        .one().n > 0
    );
  }

  username(userId: string): string {
    return (
      this.sql
        .exec<{ username: string }>('SELECT username FROM members WHERE user_id = ?', userId)
        .toArray()[0]?.username ?? userId
    );
  }
}
