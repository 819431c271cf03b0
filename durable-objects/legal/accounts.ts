import { asc, count, eq, lt } from 'drizzle-orm';
import { AppError, type Outcome } from '../../lib/errors';
import { newId, randomSecret } from '../../lib/ids';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { AccountType, IdentityType } from '../../schema/dto/legal';
import { type ClientOpenMessage, LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import type { Db, DirectoryHost } from '../directory/host';
import type { SignIns } from '../directory/sign-ins';
import { legalMails } from './mails';

const { users, legalRegistrations, legalAccounts } = schema;

/** A verification link works this long. */
export const VERIFICATION_TTL_MS = 24 * 3_600_000;

/** What marketplace accounts need from the Directory: its users, mail and outbox. */
export type LegalAccountsHost = Pick<
  DirectoryHost,
  'db' | 'now' | 'write' | 'send' | 'queueMail' | 'insertUser' | 'requireUser' | 'platformName'
>;

export interface LegalSession {
  userId: string;
  accountType: AccountType;
  /** While pending: the identity chosen before registering, if any. */
  chosenIdentity?: IdentityType | null;
  workspaceId: string;
  name: string;
  email: string;
}

/**
 * Marketplace accounts (SPEC D1, D2) on the platform's one user system. A registration waits, with a
 * hashed single-use token, until its email is verified; only then does the platform user exist, so an
 * unverified address can sign in nowhere and registering answers the same whether or not the address
 * is taken. Each person's marketplace account holds their identity and a random workspace id.
 */
export class LegalAccounts {
  constructor(
    private readonly host: LegalAccountsHost,
    private readonly signIns: Pick<SignIns, 'succeeded'>,
  ) {}

  private get db(): Db {
    return this.host.db;
  }

  /** D1: answers a user id either way; the mailbox's owner alone learns whether the address was taken. */
  register(input: {
    email: string;
    name: string;
    passwordHash: string;
    tokenHash: string;
    verifyUrl: string;
    signInUrl: string;
    identityType?: IdentityType;
  }): Promise<Outcome<{ userId: string }>> {
    return this.host.write(() => {
      const now = this.host.now();
      const email = input.email.toLowerCase();
      this.db.delete(legalRegistrations).where(lt(legalRegistrations.expiresAt, now)).run();
      const platform = this.host.platformName();
      const existing = this.db.select().from(users).where(eq(users.email, email)).get();
      if (existing) {
        this.host.queueMail(
          email,
          legalMails.alreadyRegistered({ name: existing.name, url: input.signInUrl, platform }),
          {
            userId: existing.id,
          },
        );
        return { userId: newId('usr') };
      }
      const id = newId('usr');
      this.db
        .insert(legalRegistrations)
        .values({
          id,
          email,
          name: input.name,
          passwordHash: input.passwordHash,
          tokenHash: input.tokenHash,
          identityType: input.identityType ?? null,
          expiresAt: now + VERIFICATION_TTL_MS,
          createdAt: now,
        })
        .run();
      this.host.queueMail(
        email,
        legalMails.verifyEmail({
          name: input.name,
          url: input.verifyUrl,
          hours: VERIFICATION_TTL_MS / 3_600_000,
          platform,
        }),
      );
      return { userId: id };
    });
  }

  /** D1: the link's registration becomes a platform user with a marketplace account still to choose its identity. */
  verify(tokenHash: string): Promise<Outcome<{ userId: string; chosenIdentity: IdentityType | null }>> {
    return this.host.write(() => {
      const now = this.host.now();
      const reg = this.db
        .select()
        .from(legalRegistrations)
        .where(eq(legalRegistrations.tokenHash, tokenHash))
        .get();
      if (!reg || reg.expiresAt <= now) throw linkGone();
      this.db.delete(legalRegistrations).where(eq(legalRegistrations.email, reg.email)).run();
      // Verified meanwhile through another link, or given an account by an administrator.
      if (this.db.select({ id: users.id }).from(users).where(eq(users.email, reg.email)).get())
        throw linkGone();
      const user = this.host.insertUser({
        id: reg.id,
        username: this.freeUsername(reg.email),
        email: reg.email,
        passwordHash: reg.passwordHash,
        name: reg.name,
      });
      this.openAccount(user.id, now, reg.identityType);
      return { userId: user.id, chosenIdentity: reg.identityType };
    });
  }

  /**
   * After the worker checked the password: the person's marketplace account (opened now for a platform
   * user who never used the marketplace: an administrator created them, so their address counts as
   * vouched for), and their failed sign-ins forgotten as every sign-in does (sign-ins.ts).
   */
  signIn(userId: string, ip: string | null): Promise<Outcome<LegalSession>> {
    return this.host.write(() => {
      const user = this.host.requireUser(userId);
      this.signIns.succeeded('user', user.id, ip);
      if (user.status !== 'active') {
        throw new AppError(403, 'ACCOUNT_DISABLED', 'your account has been disabled; ask an administrator');
      }
      const account =
        this.db.select().from(legalAccounts).where(eq(legalAccounts.userId, userId)).get() ??
        this.openAccount(userId, this.host.now());
      return {
        userId,
        accountType: account.accountType,
        chosenIdentity: account.chosenIdentity,
        workspaceId: account.workspaceId,
        name: user.name,
        email: user.email,
      };
    });
  }

  /** D2: the person becomes a marketplace user (asking again answers the same). */
  chooseUser(userId: string): Promise<Outcome<LegalSession>> {
    return this.host.write(() => {
      const user = this.host.requireUser(userId);
      const account = this.requireAccount(userId);
      if (account.accountType !== 'user') {
        if (account.accountType !== 'pending') throw identityTaken(account.accountType);
        this.db
          .update(legalAccounts)
          .set({ accountType: 'user', version: account.version + 1, updatedAt: this.host.now() })
          .where(eq(legalAccounts.userId, userId))
          .run();
        this.host.send({
          to: { binding: 'LEGAL_CLIENT', name: userId },
          type: LEGAL_MESSAGES.clientOpen,
          payload: {
            userId,
            workspaceId: account.workspaceId,
            name: user.name,
            email: user.email,
          } satisfies ClientOpenMessage,
          key: `client-open:${userId}`,
        });
      }
      return {
        userId,
        accountType: 'user',
        workspaceId: account.workspaceId,
        name: user.name,
        email: user.email,
      };
    });
  }

  requireAccount(userId: string) {
    const account = this.db.select().from(legalAccounts).where(eq(legalAccounts.userId, userId)).get();
    if (!account) throw new AppError(404, 'ACCOUNT_NOT_FOUND', 'sign in to the marketplace first');
    return account;
  }

  /** Marketplace accounts of one type, a page at a time (the monthly credits task walks the lawyers). */
  accountIds(accountType: AccountType, page: number, pageSize: number): Page<string> {
    const where = eq(legalAccounts.accountType, accountType);
    const total = this.db.select({ n: count() }).from(legalAccounts).where(where).get()!.n;
    const items = this.db
      .select({ id: legalAccounts.userId })
      .from(legalAccounts)
      .where(where)
      .orderBy(asc(legalAccounts.userId))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all()
      .map((r) => r.id);
    return { items, total, page, pageSize };
  }

  private openAccount(userId: string, now: number, chosenIdentity: IdentityType | null = null) {
    return this.db
      .insert(legalAccounts)
      .values({
        userId,
        workspaceId: newId('ws'),
        accountType: 'pending',
        chosenIdentity,
        verifiedAt: now,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
  }

  /** Marketplace people sign in by email; the platform still wants a username, made from the address. */
  private freeUsername(email: string): string {
    const stem =
      email
        .split('@')[0]!
        .replace(/[^A-Za-z0-9_.-]/g, '')
        .slice(0, 20) || 'user';
    for (;;) {
      const candidate = `${stem}-${randomSecret(4).slice(0, 6)}`.toLowerCase();
      const taken = this.db.select({ id: users.id }).from(users).where(eq(users.username, candidate)).get();
      if (!taken) return candidate;
    }
  }
}

export const linkGone = () =>
  new AppError(
    410,
    'VERIFICATION_LINK_INVALID',
    'this link was used or has expired; sign in, or register again',
    {
      fields: [{ path: 'body.token', message: 'used or expired', rule: 'VERIFICATION_LINK_INVALID' }],
    },
  );

export const identityTaken = (accountType: AccountType) =>
  new AppError(409, 'IDENTITY_ALREADY_SET', `your identity is already chosen (${accountType})`, {
    accountType,
  });
