import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { Env } from '../../lib/env';
import type { Outcome } from '../../lib/errors';
import type { MailProvider } from '../../lib/mail';
import type * as schema from '../../schema/directory';
import type { SystemConfig } from '../../schema/dto/platform-console';
import type { Message } from '../actor';
import type { AlertDue } from './alerts';
import type { Reduction } from './discount-rules';
import type { InvoiceExtras } from './discounts';
import type { MailContent } from './mail-templates';

/** What the Directory's modules share with it: its database, its row types, and who did an admin write. */
export type Db = DrizzleSqliteDODatabase<typeof schema>;
export type TenantRow = typeof schema.tenants.$inferSelect;
export type PlanRow = typeof schema.plans.$inferSelect;
export type UserRow = typeof schema.users.$inferSelect;

/** Who did an admin write, for the platform operation log. */
export interface Operator {
  adminId: string;
  username: string;
  ip: string | null;
  userAgent: string | null;
}

/** Records an admin write in the platform operation log, inside the write's transaction. */
export type LogOperation = (
  operator: Operator,
  tenantId: string | null,
  action: string,
  detail: unknown,
) => void;

/**
 * Everything the Directory lends its modules, built once by the actor. Each module takes only the part
 * it uses (`Pick<DirectoryHost, …>`), so its constructor says what it depends on.
 */
export interface DirectoryHost {
  db: Db;
  now(): number;
  /** A transaction whose outbox is flushed after it commits; failures come back as an Outcome. */
  write<T>(fn: () => T): Promise<Outcome<T>>;
  /** A bare transaction (the caller flushes nothing). */
  tx<T>(fn: () => T): T;
  send(message: Message): void;
  schedule(kind: string, key: string, dueAt: number): void;
  cancel(kind: string, key: string): void;
  env(): Pick<Env, 'SUPERADMIN_USERNAME'>;
  logOperation: LogOperation;
  config(): SystemConfig;
  platformName(): string;
  requireCompany(id: string): TenantRow;
  /** Bumps the company's version and republishes it. */
  touchTenant(row: TenantRow, set: Partial<TenantRow>): TenantRow;
  requirePlan(code: string): PlanRow;
  /** A plan a company may be put on: it exists and is enabled. */
  requireAssignablePlan(code: string): PlanRow;
  requireUser(id: string): UserRow;
  /** A new active user; refuses a taken username or email. */
  insertUser(input: { username: string; email: string; passwordHash: string; name: string }): UserRow;
  /** Makes the user an active member of the company (and its primary when asked), telling them by mail. */
  activateMembership(
    userId: string,
    company: TenantRow,
    role: 'admin' | 'member',
    makePrimary: boolean,
  ): void;
  /** Queues a mail in the current transaction; nothing is queued without an address. */
  queueMail(
    to: string | null | undefined,
    content: MailContent,
    refs?: { tenantId?: string | null; userId?: string | null },
  ): void;
  mailTenant(row: TenantRow, content: MailContent): void;
  /** Asks the end of the current write to flush, which delivers the mail just queued. */
  deliverAfterWrite(): void;
  /** Asked at each delivery, so a change of the environment's provider takes effect at once. */
  mailProvider(): MailProvider;
  /** Stores an alert once per (company, key); answers whether it is new. */
  recordAlert(company: TenantRow, alert: AlertDue, now: number): boolean;
  /** Forgets delivered messages and seen idempotency keys older than `before`; answers how many rows went. */
  pruneMessages(before: number): number;
  /** The discounts, charges and credits an invoice of the company for the period starting then gets. */
  invoiceExtras(
    company: TenantRow,
    plan: PlanRow,
    cycle: 'monthly' | 'quarterly' | 'yearly',
    periodStart: number,
  ): InvoiceExtras;
  /** Marks the charges and credits an invoice took. */
  settleInvoiceExtras(invoiceId: string, extras: InvoiceExtras, reductions: Reduction[]): void;
  /** Counts a finished (or skipped) task run for `/metrics`, in the transaction that records it. */
  countTaskRun(task: string, status: string): void;
  /** Queues a charge for the company's next invoice, once per key. */
  addInvoiceCharge(tenantId: string, key: string, label: string, amountFen: number): void;
}
