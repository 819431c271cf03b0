import { and, asc, count, desc, eq } from 'drizzle-orm';
import { BoundedCache } from '../../lib/bounded-cache';
import { type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import type { JsonText, Page } from '../../schema/dto/common';
import type { BasicData } from '../../schema/dto/onboarding';
import type { Member, TenantSettings, TenantSettingsPatch, TenantView } from '../../schema/dto/platform';
import type { TenantInvoice } from '../../schema/dto/platform-console';
import * as schema from '../../schema/tenant';
import { storedFields } from '../directory/operation-log';
import { type Caller, writeRefusal } from './access';
import type { TenantGate } from './gate';
import type { ProfileRow, TenantPort } from './port';
import type { QuotasAndUsage } from './quotas';

const { profile, members, invoiceReplica, basicData } = schema;

const MB = 1024 * 1024;

/** What the company's own pages need besides the port: its door, its usage, and who hears of new settings. */
export interface CompanyNeighbours {
  gate: TenantGate;
  quotas: QuotasAndUsage;
  /** Inside the settings transaction: each module may bring its data in line with the new settings. */
  settingsChanged(before: ProfileRow, after: ProfileRow, operator: string): void;
}

/** The company as its members see it: its profile, plan and usage, settings, members, invoices, basic data. */
export class Company {
  /**
   * Member pages already written, by query. The member replica is the only writer of the members table
   * and clears this map, so a page here is always what SQLite would answer now. Few queries are common
   * (the console's first page), so the map stays small; past its limit it starts over.
   */
  private readonly memberPages = new BoundedCache<string, JsonText<Page<Member>>>(32);

  constructor(
    private readonly port: Pick<TenantPort, 'db' | 'sql' | 'now' | 'write' | 'access' | 'audit'>,
    private readonly next: CompanyNeighbours,
  ) {}

  private get db() {
    return this.port.db;
  }

  /** The member replica changed. */
  dropMemberPages(): void {
    this.memberPages.clear();
  }

  view(caller: Caller): Outcome<TenantView> {
    return toOutcome(() => {
      const row = this.port.access(caller, 'member');
      const plan = this.next.gate.planOf(row);
      const usage = this.next.quotas.current(row);
      return {
        id: row.tenantId,
        code: row.code,
        name: row.name,
        plan: row.plan,
        subscriptionStatus: row.subscriptionStatus,
        timezone: row.timezone,
        usage: {
          users: usage.users,
          customers: usage.customers,
          storageMB: Math.ceil(usage.storageBytes / MB),
          apiCallsThisMonth: usage.apiCalls,
        },
        quotas: this.next.quotas.quotasOf(row, plan),
        modules: plan.modules,
        allowOverage: plan.allowOverage,
        writable: writeRefusal(row.subscriptionStatus) === null,
        membership: { role: this.next.gate.memberRole(caller), platformAdmin: caller.kind === 'admin' },
      };
    });
  }

  settings(caller: Caller): Outcome<TenantSettings> {
    return toOutcome(() => settingsView(this.port.access(caller, 'member')));
  }

  updateSettings(caller: Caller, patch: TenantSettingsPatch): Promise<Outcome<TenantSettings>> {
    return this.port.write(() => {
      const before = this.port.access(caller, 'admin', { write: true });
      const row = this.db
        .update(profile)
        .set({ ...patch, updatedAt: this.port.now() })
        .where(eq(profile.id, 1))
        .returning()
        .get()!;
      this.next.gate.rememberProfile(row);
      this.port.audit(caller, 'settings.update', storedFields(patch, settingsView(row)));
      this.next.settingsChanged(before, row, caller.id);
      return settingsView(row);
    });
  }

  listMembers(
    caller: Caller,
    page: number,
    pageSize: number,
    status?: Member['status'],
  ): Outcome<JsonText<Page<Member>>> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      return this.memberPages.get(`${page}:${pageSize}:${status ?? ''}`, () =>
        this.memberPage(page, pageSize, status),
      );
    });
  }

  private memberPage(page: number, pageSize: number, status?: Member['status']): JsonText<Page<Member>> {
    // A hot read: SQLite counts, pages and writes the JSON in one statement, so no row object is
    // built in JavaScript only to be serialised again.
    const filter = status ? 'WHERE status = ?1' : 'WHERE ?1 IS NULL';
    const answer = this.port.sql
      .exec<{ json: string }>(
        `SELECT json_object(
             'items', (SELECT json_group_array(json_object(
                         'userId', user_id, 'username', username, 'role', role, 'status', status,
                         'joinedAt', joined_at_iso))
                       FROM (SELECT * FROM members ${filter}
                             ORDER BY joined_at, user_id LIMIT ?2 OFFSET ?3)),
             'total', (SELECT COUNT(*) FROM members ${filter}),
             -- JavaScript numbers are bound as REAL: without the casts the page would read 2.0.
             'page', CAST(?4 AS INTEGER), 'pageSize', CAST(?2 AS INTEGER)) AS json`,
        status ?? null,
        pageSize,
        (page - 1) * pageSize,
        page,
      )
      .one();
    return answer.json as JsonText<Page<Member>>;
  }

  /** Is `userId` an active member here? */
  isActiveMember(userId: string): boolean {
    return !!this.db
      .select({ id: members.userId })
      .from(members)
      .where(and(eq(members.userId, userId), eq(members.status, 'active')))
      .get();
  }

  listInvoices(caller: Caller, page: number, pageSize: number): Outcome<Page<TenantInvoice>> {
    return toOutcome(() => {
      this.port.access(caller, 'admin');
      const total = this.db.select({ n: count() }).from(invoiceReplica).get()!.n;
      const items = this.db
        .select()
        .from(invoiceReplica)
        .orderBy(desc(invoiceReplica.invoiceDate), desc(invoiceReplica.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map((r) => ({
          id: r.id,
          number: r.number,
          period: r.period,
          status: r.status as TenantInvoice['status'],
          totalFen: r.totalFen,
          invoiceDate: iso(r.invoiceDate),
          dueAt: iso(r.dueAt),
          paidAt: iso(r.paidAt),
          lines: r.lines as TenantInvoice['lines'],
        }));
      return { items, total, page, pageSize };
    });
  }

  basicData(caller: Caller): Outcome<BasicData> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const rows = this.db.select().from(basicData).orderBy(asc(basicData.position)).all();
      return {
        departments: rows.filter((r) => r.kind === 'department').map((r) => r.name),
        roles: rows.filter((r) => r.kind === 'role').map((r) => r.name),
      };
    });
  }
}

function settingsView(row: ProfileRow): TenantSettings {
  return { timezone: row.timezone, crmAutoStatusSync: row.crmAutoStatusSync };
}
