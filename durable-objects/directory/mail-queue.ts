import { and, asc, count, desc, eq, lte, type SQL, sql } from 'drizzle-orm';
import { AppError, type Outcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { MailMessage, MailQuery } from '../../schema/dto/platform-console';
import { drainDue, type RetryPolicy, SingleFlight } from '../retry';
import { newestWrittenFirst } from '../write-order';
import type { Db, DirectoryHost, Operator, TenantRow } from './host';
import type { MailContent } from './mail-templates';
import { mailView } from './views';

const { users, memberships, mail } = schema;
type MailRow = typeof mail.$inferSelect;

export const MAIL_JOB = 'mail';

/** A tenant actor's mail to one of its members (an annual-fee notice, say): the Directory knows the address. */
export const MEMBER_MAIL_MESSAGE = 'member.mail';
export interface MemberMailMessage {
  tenantId: string;
  userId: string;
  content: MailContent;
}
/** A mail is retried with backoff and dead-lettered (still listed, retriable by hand) after this many tries. */
export const MAIL_MAX_ATTEMPTS = 8;
const MAIL_RETRY: RetryPolicy = {
  maxAttempts: MAIL_MAX_ATTEMPTS,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
};

/** What the mail queue needs from the Directory: its alarm jobs, the end of its writes and the provider. */
export type MailQueueHost = Pick<
  DirectoryHost,
  'db' | 'now' | 'write' | 'schedule' | 'cancel' | 'deliverAfterWrite' | 'mailProvider' | 'logOperation'
>;

/**
 * The platform's mail: queued in the transaction of the change it reports, handed to the provider right
 * after the write, retried with backoff on the alarm, dead-lettered after the last try, listed and
 * retried by hand from the console.
 */
export class MailQueue {
  private readonly delivering = new SingleFlight();

  constructor(private readonly host: MailQueueHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** Queues a mail in the same transaction as the change it reports; nothing is queued without an address. */
  queueMail(
    to: string | null | undefined,
    content: MailContent,
    refs: { tenantId?: string | null; userId?: string | null } = {},
  ): void {
    if (!to) return;
    const now = this.host.now();
    this.db
      .insert(mail)
      .values({
        id: newId('mail'),
        to,
        subject: content.subject,
        text: content.text,
        kind: content.kind,
        tenantId: refs.tenantId ?? null,
        userId: refs.userId ?? null,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })
      .run();
    this.host.schedule(MAIL_JOB, '', now);
    this.host.deliverAfterWrite();
  }

  /** The address a company's mail goes to: its contact email, else its admin user's, else any active admin's. */
  private recipientOf(row: TenantRow): string | null {
    if (row.contactEmail) return row.contactEmail;
    const admin = row.adminUserId
      ? this.db.select({ email: users.email }).from(users).where(eq(users.id, row.adminUserId)).get()
      : this.db
          .select({ email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(
            and(
              eq(memberships.tenantId, row.id),
              eq(memberships.role, 'admin'),
              eq(memberships.status, 'active'),
            ),
          )
          .orderBy(asc(memberships.createdAt))
          .get();
    return admin?.email ?? null;
  }

  /** Mails a member of a company at their own address; nobody who left the company or was disabled. */
  mailMember(m: MemberMailMessage): void {
    const user = this.db
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.userId, m.userId),
          eq(memberships.tenantId, m.tenantId),
          eq(memberships.status, 'active'),
          eq(users.status, 'active'),
        ),
      )
      .get();
    this.queueMail(user?.email, m.content, { tenantId: m.tenantId, userId: m.userId });
  }

  mailTenant(row: TenantRow, content: MailContent): void {
    this.queueMail(this.recipientOf(row), content, { tenantId: row.id });
  }

  /** Hands every due mail to the provider once; failures wait for their retry time on the alarm. */
  deliverMail(): Promise<void> {
    return this.delivering.run(() => this.drainMail());
  }

  private async drainMail(): Promise<void> {
    const provider = this.host.mailProvider();
    await drainDue<MailRow>(
      {
        due: (limit) =>
          this.db
            .select()
            .from(mail)
            .where(and(eq(mail.status, 'queued'), lte(mail.nextAttemptAt, this.host.now())))
            .orderBy(asc(mail.createdAt))
            .limit(limit)
            .all(),
        attempt: (m) => provider.send({ id: m.id, to: m.to, subject: m.subject, text: m.text }),
        delivered: (m, attempts) =>
          this.db
            .update(mail)
            .set({
              status: 'sent',
              provider: provider.name,
              attempts,
              sentAt: this.host.now(),
              lastError: null,
            })
            .where(eq(mail.id, m.id))
            .run(),
        failed: (m, next, error) =>
          this.db
            .update(mail)
            .set({
              status: next.status === 'dead' ? 'dead' : 'queued',
              provider: provider.name,
              attempts: next.attempts,
              lastError: error,
              nextAttemptAt: next.nextAttemptAt,
            })
            .where(eq(mail.id, m.id))
            .run(),
      },
      MAIL_RETRY,
      () => this.host.now(),
      20,
    );
    const next = this.db
      .select({ at: sql<number | null>`min(${mail.nextAttemptAt})` })
      .from(mail)
      .where(eq(mail.status, 'queued'))
      .get()?.at;
    if (next != null) this.host.schedule(MAIL_JOB, '', next);
    else this.host.cancel(MAIL_JOB, '');
  }

  listMail(query: MailQuery): Page<MailMessage> {
    const filters: SQL[] = [];
    if (query.status) filters.push(eq(mail.status, query.status));
    if (query.to) filters.push(eq(mail.to, query.to.toLowerCase()));
    if (query.kind) filters.push(eq(mail.kind, query.kind));
    if (query.companyId) filters.push(eq(mail.tenantId, query.companyId));
    const where = filters.length ? and(...filters) : undefined;
    const total = this.db.select({ n: count() }).from(mail).where(where).get()!.n;
    const items = this.db
      .select()
      .from(mail)
      .where(where)
      .orderBy(desc(mail.createdAt), newestWrittenFirst(mail))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all()
      .map(mailView);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Gives a dead (or waiting) mail a fresh set of attempts now. */
  async retryMail(id: string, operator: Operator): Promise<Outcome<MailMessage>> {
    const outcome = await this.host.write(() => {
      const row = this.db.select().from(mail).where(eq(mail.id, id)).get();
      if (!row) throw new AppError(404, 'MAIL_NOT_FOUND', 'no mail with that id');
      if (row.status === 'sent') throw new AppError(409, 'MAIL_ALREADY_SENT', 'that mail was already sent');
      this.db
        .update(mail)
        .set({ status: 'queued', attempts: 0, nextAttemptAt: this.host.now() })
        .where(eq(mail.id, id))
        .run();
      this.host.schedule(MAIL_JOB, '', this.host.now());
      this.host.deliverAfterWrite();
      this.host.logOperation(operator, row.tenantId, 'mail.retry', { mailId: id });
      return null;
    });
    if (!outcome.ok) return outcome;
    return { ok: true, value: mailView(this.db.select().from(mail).where(eq(mail.id, id)).get()!) };
  }
}
