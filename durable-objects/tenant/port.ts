import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { Env } from '../../lib/env';
import type { Outcome } from '../../lib/errors';
import type * as schema from '../../schema/tenant';
import type { Month } from '../../schema/vocabulary/crm';
import type { JobHandler, Message, MessageHandler } from '../actor';
import type { PlanSnapshot } from '../directory/plans';
import type { AccessOptions, Caller, Need } from './access';

export type TenantDb = DrizzleSqliteDODatabase<typeof schema>;
export type ProfileRow = typeof schema.profile.$inferSelect;

/**
 * What a module of the tenant actor may use: the actor's powers (storage, time, transactions, the
 * outbox, timed jobs) and the company's shared services (the one access check, quotas, the audit
 * trail). The actor builds one per module (`portFor`), whose `access` also checks that the company's
 * plan includes that module.
 */
export interface TenantPort {
  db: TenantDb;
  /** The raw SQL handle, for hot paths where the query builder's overhead shows. */
  sql: SqlStorage;
  env: Env;
  now(): number;
  /** One storage transaction: everything in `fn` is written, or nothing is. */
  tx<T>(fn: () => T): T;
  /** `tx`, then delivers the messages it queued; a refusal comes back as data. */
  write<T>(fn: () => T): Promise<Outcome<T>>;
  /** Queues a message to another actor inside the current transaction. */
  send(message: Message): void;
  /** Delivers the outbox now rather than on the next alarm. */
  flushOutbox(): Promise<void>;
  schedule(kind: string, key: string, dueAt: number, payload?: unknown): void;
  /** `schedule`, unless the job is queued for that moment or earlier already. */
  scheduleNoLaterThan(kind: string, key: string, dueAt: number): void;
  /** When a job is due, or null when it is not queued. */
  jobDueAt(kind: string, key: string): number | null;
  cancel(kind: string, key: string): void;

  /**
   * The one door of every tenant call: the company exists, the caller may act here with `need`, the
   * plan includes the module, and the call is counted. Answers the live profile.
   */
  access(caller: Caller, need: Need, options?: AccessOptions): ProfileRow;
  /** The profile without an access check, for timed work; undefined before the Directory sent it. */
  profile(): ProfileRow | undefined;
  /** A company administrator (or a platform admin)? From the member cache, without a query of its own. */
  isAdmin(caller: Caller): boolean;
  /** The business month now in the company's time zone. */
  monthNow(profile: ProfileRow): Month;
  plan(profile: ProfileRow): PlanSnapshot;
  /** The plan's limit on a counted resource (null: unlimited). */
  quotaLimit(metric: string): number | null;
  /**
   * Moves a counted resource (`customers`, `storageBytes`, any plan quota) by `delta` inside the
   * caller's transaction; past a hard limit it throws 403 QUOTA_EXCEEDED, which rolls the write back.
   */
  consumeQuota(metric: string, delta: number): void;
  /** Records who did what in the company's audit trail, inside the caller's transaction. */
  audit(caller: Caller, action: string, detail: unknown): void;
}

/**
 * A module of the tenant actor. It registers the job kinds it runs from the actor's alarm and the
 * message types it applies (each name once across all modules), and may react to the company's
 * settings changing (inside the settings transaction).
 */
export interface TenantModule {
  jobs?(): Record<string, JobHandler>;
  messages?(): Record<string, MessageHandler>;
  onSettingsChanged?(before: ProfileRow, after: ProfileRow, operator: string): void;
}
