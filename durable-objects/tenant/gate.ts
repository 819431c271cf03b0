import { BoundedCache } from '../../lib/bounded-cache';
import { AppError } from '../../lib/errors';
import { addMonths, monthOf, monthStart } from '../../lib/zoned';
import * as schema from '../../schema/tenant';
import type { Month } from '../../schema/vocabulary/crm';
import type { PlanSnapshot } from '../directory/plans';
import {
  type AccessOptions,
  authorize,
  type Caller,
  type MemberRecord,
  type Need,
  requireModule,
  writeRefusal,
} from './access';
import type { ProfileRow, TenantDb } from './port';

const { profile, tenantPlan } = schema;

/** The checks `access` asks of other modules: an API key's validity, the storage quota, the call count. */
export interface GateChecks {
  checkApiKey(id: string): void;
  checkStorage(row: ProfileRow, plan: PlanSnapshot): void;
  countCall(row: ProfileRow, plan: PlanSnapshot, viaApiKey: boolean): void;
}

/**
 * The tenant's door and what it keeps in memory to open fast: the profile row, the plan, each user's
 * membership and the current business month. Only a write or a Directory message changes the profile
 * and the plan (both drop the copies); only the member replica changes memberships (it clears them).
 */
export class TenantGate {
  private profileCache: ProfileRow | null | undefined;
  private planCache: PlanSnapshot | undefined;
  private monthCache: { timezone: string; month: string; from: number; until: number } | undefined;
  /**
   * Each user's membership as SQLite last answered it (null: not a member), read on every tenant request.
   * The member replica, the only writer of the members table, clears it, so a kept record is what SQLite
   * would answer now; a disabled or removed member is refused on the next request.
   */
  private readonly memberRecords = new BoundedCache<string, MemberRecord | null>(1000);

  constructor(
    private readonly db: TenantDb,
    private readonly sql: SqlStorage,
    private readonly now: () => number,
    private readonly checks: GateChecks,
  ) {}

  /**
   * The live profile after checking that `caller` may act here with `need`. The one door of every
   * tenant method, so every module gets the same rules:
   * - the company exists and the caller is an active member (platform admins always pass);
   * - an API key must still be valid, and its calls count against the plan's monthly API quota;
   * - a write is refused while the company is suspended, expired or cancelled (reads still work),
   *   and while its storage is past a hard quota;
   * - `options.module` must be enabled by the plan.
   * Every call is counted for its month here, in the call the request already makes.
   */
  access(caller: Caller, need: Need, options: AccessOptions = {}): ProfileRow {
    const row = this.profileRow();
    if (!row || row.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    authorize(caller, caller.kind === 'user' ? this.memberRecord(caller.id) : undefined, need);
    const apiKey = caller.kind === 'user' ? caller.apiKey : undefined;
    if (apiKey) this.checks.checkApiKey(apiKey);
    const write = options.write ?? caller.write ?? false;
    const plan = this.planOf(row);
    if (caller.kind === 'user') {
      if (write) {
        const refusal = writeRefusal(row.subscriptionStatus);
        if (refusal) throw refusal;
        this.checks.checkStorage(row, plan);
      }
      if (options.module) requireModule(plan.modules, options.module, row.plan);
    }
    if (options.counted !== false) this.checks.countCall(row, plan, !!apiKey);
    return row;
  }

  /** The profile row, read once and kept: every request checks it. */
  profileRow(): ProfileRow | null {
    if (this.profileCache === undefined) this.profileCache = this.db.select().from(profile).get() ?? null;
    return this.profileCache;
  }

  /** Keeps the row a write has just stored (inside that write's transaction). */
  rememberProfile(row: ProfileRow): void {
    this.profileCache = row;
  }

  /** Forgets the profile and the plan: a Directory message changed them, or a failed write may have. */
  dropProfile(): void {
    this.profileCache = undefined;
    this.planCache = undefined;
  }

  /** Forgets every membership (the member replica changed). */
  dropMembers(): void {
    this.memberRecords.clear();
  }

  memberRecord(userId: string): MemberRecord | undefined {
    const record = this.memberRecords.get(
      userId,
      () =>
        // Raw SQL: the query builder costs more than the query.
        this.sql
          .exec<{ role: MemberRecord['role']; status: MemberRecord['status'] }>(
            'SELECT role, status FROM members WHERE user_id = ?',
            userId,
          )
          .toArray()[0] ?? null,
    );
    return record ?? undefined;
  }

  memberRole(caller: Caller): MemberRecord['role'] | null {
    return caller.kind === 'user' ? (this.memberRecord(caller.id)?.role ?? null) : null;
  }

  isAdmin(caller: Caller): boolean {
    return caller.kind === 'admin' || this.memberRole(caller) === 'admin';
  }

  /** The plan this tenant runs on; before the Directory published one, the shipped quotas and no module. */
  planOf(row: ProfileRow): PlanSnapshot {
    if (this.planCache?.code !== row.plan) this.planCache = this.loadPlan(row);
    return this.planCache;
  }

  private loadPlan(row: ProfileRow): PlanSnapshot {
    const stored = this.db.select().from(tenantPlan).get();
    if (stored && stored.planCode === row.plan) {
      return {
        code: stored.planCode,
        quotas: stored.quotas,
        modules: stored.modules,
        allowOverage: stored.allowOverage,
      };
    }
    // No copy of this plan (not yet published, or the company moved to a plan sent without one): no paid
    // module opens until the Directory's copy arrives. Fail closed: a gap must never give modules away.
    return { code: row.plan, quotas: {}, modules: [], allowOverage: false };
  }

  /** The current business month, recomputed only when the clock leaves it (time-zone maths is not free). */
  monthNow(row: ProfileRow): Month {
    const now = this.now();
    const cached = this.monthCache;
    if (cached?.timezone === row.timezone && now >= cached.from && now < cached.until) return cached.month;
    const month = monthOf(now, row.timezone);
    this.monthCache = {
      timezone: row.timezone,
      month,
      from: monthStart(month, row.timezone),
      until: monthStart(addMonths(month, 1), row.timezone),
    };
    return month;
  }
}
