import { eq, inArray, or } from 'drizzle-orm';
import { AppError, type Outcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AdminRole } from '../../lib/tokens';
import * as schema from '../../schema/directory';
import type { CompanySummary, User } from '../../schema/dto/platform';
import type { Db, DirectoryHost } from './host';
import {
  accountSubject,
  afterFailure,
  LOGIN_THROTTLE,
  lockedFor,
  THROTTLE_SCOPES,
  throttleSubjects,
} from './throttle';
import type { UserAccounts } from './user-accounts';
import { userView } from './views';

const { admins, users, loginThrottle } = schema;

export type LoginKind = 'admin' | 'user';

export interface LoginAccount {
  id: string;
  username: string;
  status: 'active' | 'disabled';
  passwordHash: string | null;
  role?: AdminRole;
}

/** What sign-in needs from the Directory. */
export type SignInsHost = Pick<DirectoryHost, 'db' | 'now' | 'tx' | 'write'>;

/**
 * The Directory's half of signing in: the account behind a typed name, the failure counters that
 * throttle guessing (rules in throttle.ts), and a successful sign-in recorded. The worker checks the
 * password itself (see workers/sign-in.ts).
 */
export class SignIns {
  constructor(
    private readonly host: SignInsHost,
    private readonly accounts: UserAccounts,
  ) {}

  private get db(): Db {
    return this.host.db;
  }

  /** The account behind a login name (username, or a user's email) and how long this attempt is locked. */
  loginAccount(
    kind: LoginKind,
    name: string,
    ip: string | null,
  ): { account: LoginAccount | null; lockedForMs: number } {
    const account = this.accountNamed(kind, name);
    return { account, lockedForMs: this.lockedForMs(kind, account, name, ip) };
  }

  /** Counts a failed attempt on every subject it belongs to; answers how long the next is locked. */
  recordFailure(kind: LoginKind, name: string, ip: string | null): { lockedForMs: number } {
    return this.host.tx(() => {
      const account = this.accountNamed(kind, name);
      const subjects = throttleSubjects(accountSubject(kind, account?.id ?? null, name), ip);
      const now = this.host.now();
      for (const scope of THROTTLE_SCOPES) {
        const subject = subjects[scope];
        const state = this.db.select().from(loginThrottle).where(eq(loginThrottle.subject, subject)).get();
        const next = afterFailure(state, now, LOGIN_THROTTLE[scope]);
        this.db
          .insert(loginThrottle)
          .values({ subject, ...next })
          .onConflictDoUpdate({ target: loginThrottle.subject, set: next })
          .run();
      }
      return { lockedForMs: this.lockedForMs(kind, account, name, ip) };
    });
  }

  /**
   * A successful sign-in forgets the account's failures (from this address and overall), inside the
   * caller's transaction. The address's own count stays: it may have guessed other names.
   */
  succeeded(kind: LoginKind, accountId: string, ip: string | null, typedName?: string): void {
    const subjects = [accountSubject(kind, accountId, '')];
    if (typedName) subjects.push(accountSubject(kind, null, typedName));
    const forget = subjects.flatMap((account) => {
      const { accountFromIp } = throttleSubjects(account, ip);
      return [account, accountFromIp];
    });
    this.db.delete(loginThrottle).where(inArray(loginThrottle.subject, forget)).run();
  }

  /** A successful admin login: clears the throttle, records time and IP; the env super admin is created on first use. */
  adminLoggedIn(
    name: string,
    ip: string | null,
    superAdmin: boolean,
  ): { id: string; username: string; role: AdminRole } {
    const username = name.toLowerCase();
    const now = this.host.now();
    return this.host.tx(() => {
      if (superAdmin) {
        this.db
          .insert(admins)
          .values({ id: newId('adm'), username, role: 'super_admin', createdAt: now })
          .onConflictDoNothing({ target: admins.username })
          .run();
      }
      const row = this.db
        .update(admins)
        .set({ lastLoginAt: now, lastLoginIp: ip })
        .where(eq(admins.username, username))
        .returning()
        .get();
      if (!row) throw new Error(`admin ${username} vanished during login`);
      this.succeeded('admin', row.id, ip, username);
      return { id: row.id, username: row.username, role: row.role };
    });
  }

  /**
   * A successful user login: answers the active companies, primary first (SPEC A4). It may repair a
   * primary membership (ensurePrimary): `write` sends what that queues at once.
   */
  userLoggedIn(
    userId: string,
    ip: string | null = null,
  ): Promise<Outcome<{ user: User; companies: CompanySummary[]; currentCompany: CompanySummary | null }>> {
    return this.host.write(() => {
      const user = this.accounts.requireUser(userId);
      this.succeeded('user', user.id, ip);
      if (user.status !== 'active')
        throw new AppError(403, 'ACCOUNT_DISABLED', 'your account has been disabled; ask an administrator');
      const companies = this.accounts.ensurePrimary(user.id);
      if (companies.length === 0) {
        throw new AppError(
          403,
          'NO_ACTIVE_COMPANY',
          'this account belongs to no active company; ask an administrator',
        );
      }
      const current = companies.find((c) => c.id === user.currentTenantId) ?? companies[0]!;
      const now = this.host.now();
      const updated = this.db
        .update(users)
        .set({ lastLoginAt: now, lastLoginTenantId: current.id, currentTenantId: current.id })
        .where(eq(users.id, user.id))
        .returning()
        .get()!;
      return { user: userView(updated), companies, currentCompany: current };
    });
  }

  private accountNamed(kind: LoginKind, name: string): LoginAccount | null {
    const key = name.toLowerCase();
    if (kind === 'admin') return this.db.select().from(admins).where(eq(admins.username, key)).get() ?? null;
    return (
      this.db
        .select()
        .from(users)
        .where(or(eq(users.username, key), eq(users.email, key)))
        .get() ?? null
    );
  }

  private lockedForMs(
    kind: LoginKind,
    account: LoginAccount | null,
    name: string,
    ip: string | null,
  ): number {
    const subjects = Object.values(throttleSubjects(accountSubject(kind, account?.id ?? null, name), ip));
    const now = this.host.now();
    const states = this.db.select().from(loginThrottle).where(inArray(loginThrottle.subject, subjects)).all();
    return Math.max(0, ...states.map((state) => lockedFor(state, now)));
  }
}
