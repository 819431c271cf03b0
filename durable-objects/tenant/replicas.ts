import { count, eq } from 'drizzle-orm';
import * as schema from '../../schema/tenant';
import type { MessageHandler } from '../actor';
import type {
  BasicDataMessage,
  InvoiceReplicaMessage,
  MemberMessage,
  TenantProfileMessage,
} from '../directory/directory';
import type { TenantModule, TenantPort } from './port';

const { profile, members, tenantPlan, invoiceReplica, basicData } = schema;

/** What else must forget its copies when a replica changes. */
export interface ReplicaListeners {
  profileChanged(): void;
  membersChanged(): void;
}

/**
 * The company's copies of what the Directory owns: its profile and plan, its memberships, its invoices
 * and the basic data chosen at onboarding. Each arrives as a message with a version; an older version
 * than the one held changes nothing.
 */
export class DirectoryReplicas implements TenantModule {
  constructor(
    private readonly port: Pick<TenantPort, 'db' | 'now'>,
    private readonly listeners: ReplicaListeners,
  ) {}

  private get db() {
    return this.port.db;
  }

  messages(): Record<string, MessageHandler> {
    return {
      'tenant.profile': (p: TenantProfileMessage) => this.applyProfile(p),
      'member.upsert': (m: MemberMessage) => this.applyMember(m),
      'tenant.invoice': (i: InvoiceReplicaMessage) => this.applyInvoice(i),
      'tenant.basic-data': (b: BasicDataMessage) => this.applyBasicData(b),
    };
  }

  private applyProfile(p: TenantProfileMessage): void {
    const now = this.port.now();
    const current = this.db.select().from(profile).get();
    if (current && current.directoryVersion >= p.version) return;
    const values = {
      tenantId: p.tenantId,
      code: p.code,
      name: p.name,
      plan: p.plan,
      subscriptionStatus: p.subscriptionStatus,
      deletedAt: p.deletedAt,
      directoryVersion: p.version,
      updatedAt: now,
    };
    if (current) this.db.update(profile).set(values).where(eq(profile.id, 1)).run();
    else
      this.db
        .insert(profile)
        .values({ id: 1, ...values, timezone: p.timezone, createdAt: now })
        .run();
    if (p.planSnapshot) {
      const plan = {
        planCode: p.planSnapshot.code,
        quotas: p.planSnapshot.quotas,
        modules: p.planSnapshot.modules,
        allowOverage: p.planSnapshot.allowOverage,
        updatedAt: now,
      };
      this.db
        .insert(tenantPlan)
        .values({ id: 1, ...plan })
        .onConflictDoUpdate({ target: tenantPlan.id, set: plan })
        .run();
    }
    this.listeners.profileChanged();
  }

  private applyMember(m: MemberMessage): void {
    if (!this.db.select({ id: profile.id }).from(profile).get()) {
      // Arrived before the company itself: fail so the sender retries once the profile is here.
      throw new Error('membership for a company this actor does not know yet');
    }
    const now = this.port.now();
    const current = this.db.select().from(members).where(eq(members.userId, m.userId)).get();
    if (current && current.version >= m.version) return;
    const values = {
      username: m.username,
      role: m.role,
      status: m.status,
      isPrimary: m.isPrimary,
      version: m.version,
    };
    this.db
      .insert(members)
      .values({
        userId: m.userId,
        ...values,
        joinedAt: now,
        joinedAtIso: new Date(now).toISOString(),
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: members.userId, set: { ...values, updatedAt: now } })
      .run();
    this.listeners.membersChanged();
  }

  private applyInvoice(i: InvoiceReplicaMessage): void {
    const current = this.db
      .select({ version: invoiceReplica.version })
      .from(invoiceReplica)
      .where(eq(invoiceReplica.id, i.id))
      .get();
    if (current && current.version >= i.version) return;
    const values = {
      number: i.number,
      period: i.period,
      status: i.status,
      totalFen: i.totalFen,
      invoiceDate: i.invoiceDate,
      dueAt: i.dueAt,
      paidAt: i.paidAt,
      lines: i.lines,
      version: i.version,
    };
    this.db
      .insert(invoiceReplica)
      .values({ id: i.id, ...values })
      .onConflictDoUpdate({ target: invoiceReplica.id, set: values })
      .run();
  }

  private applyBasicData(b: BasicDataMessage): void {
    const now = this.port.now();
    const start = this.db.select({ n: count() }).from(basicData).get()!.n;
    const rows = [
      ...b.departments.map((name) => ({ kind: 'department' as const, name })),
      ...b.roles.map((name) => ({ kind: 'role' as const, name })),
    ].map((r, i) => ({ ...r, position: start + i, createdAt: now }));
    if (rows.length) this.db.insert(basicData).values(rows).onConflictDoNothing().run();
  }
}
