import { eq, or } from 'drizzle-orm';
import { AppError, type Outcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AdminRole } from '../../lib/tokens';
import * as schema from '../../schema/directory';
import type { CompanySummary, User } from '../../schema/dto/platform';
import type { DirectoryHost } from './host';
import { afterFailure, lockedFor } from './throttle';
import type { UserAccounts } from './user-accounts';
import { userView } from './views';

const { admins, users, loginThrottle } = schema;

export interface LoginAccount {
  id: string;
  username: string;
  status: 'active' | 'disabled';
  passwordHash: string | null;
  role?: AdminRole;
}

/**
 * Signing in, the Directory's part: the account behind a name and its lock, failures counted, and a
 * successful sign-in recorded (a user's companies answered, primary first). The worker checks the
 * password. Logins may repair a primary membership (ensurePrimary): `write` sends what that queues at once.
 */
export class SignIn {
  constructor(
    private readonly host: Pick<DirectoryHost, 'db' | 'now' | 'tx' | 'write'>,
    private readonly accounts: UserAccounts,
  ) {}

  /** The account behind a login name and how long it is locked; the worker verifies the password. */
  loginAccount(kind: 'admin' | 'user', name: string): { account: LoginAccount | null; lockedForMs: number } {
    const subject = `${kind}:${name.toLowerCase()}`;
    const throttle = this.host.db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.subject, subject))
      .get();
    const lockedForMs = lockedFor(throttle, this.host.now());
    if (kind === 'admin') {
      const row = this.host.db.select().from(admins).where(eq(admins.username, name.toLowerCase())).get();
      return { account: row ? { ...row, role: row.role } : null, lockedForMs };
    }
    const key = name.toLowerCase();
    const row = this.host.db
      .select()
      .from(users)
      .where(or(eq(users.username, key), eq(users.email, key)))
      .get();
    return { account: row ?? null, lockedForMs };
  }

  recordLoginFailure(kind: 'admin' | 'user', name: string): { lockedForMs: number } {
    const subject = `${kind}:${name.toLowerCase()}`;
    return this.host.tx(() => {
      const state = this.host.db.select().from(loginThrottle).where(eq(loginThrottle.subject, subject)).get();
      const next = afterFailure(state, this.host.now());
      this.host.db
        .insert(loginThrottle)
        .values({ subject, ...next })
        .onConflictDoUpdate({ target: loginThrottle.subject, set: next })
        .run();
      return { lockedForMs: lockedFor(next, this.host.now()) };
    });
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
      this.host.db
        .delete(loginThrottle)
        .where(eq(loginThrottle.subject, `admin:${username}`))
        .run();
      if (superAdmin) {
        this.host.db
          .insert(admins)
          .values({ id: newId('adm'), username, role: 'super_admin', createdAt: now })
          .onConflictDoNothing({ target: admins.username })
          .run();
      }
      const row = this.host.db
        .update(admins)
        .set({ lastLoginAt: now, lastLoginIp: ip })
        .where(eq(admins.username, username))
        .returning()
        .get();
      if (!row) throw new Error(`admin ${username} vanished during login`);
      return { id: row.id, username: row.username, role: row.role };
    });
  }

  /** A successful user login: answers the active companies, primary first (SPEC A4). */
  userLoggedIn(
    userId: string,
  ): Promise<Outcome<{ user: User; companies: CompanySummary[]; currentCompany: CompanySummary | null }>> {
    return this.host.write(() => {
      const user = this.accounts.requireUser(userId);
      this.host.db
        .delete(loginThrottle)
        .where(eq(loginThrottle.subject, `user:${user.username}`))
        .run();
      this.host.db
        .delete(loginThrottle)
        .where(eq(loginThrottle.subject, `user:${user.email}`))
        .run();
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
      const updated = this.host.db
        .update(users)
        .set({ lastLoginAt: now, lastLoginTenantId: current.id, currentTenantId: current.id })
        .where(eq(users.id, user.id))
        .returning()
        .get()!;
      return { user: userView(updated), companies, currentCompany: current };
    });
  }

  userCompanies(
    userId: string,
  ): Promise<Outcome<{ companies: CompanySummary[]; currentCompanyId: string | null }>> {
    return this.host.write(() => {
      const user = this.accounts.requireUser(userId);
      return {
        companies: this.accounts.ensurePrimary(user.id),
        currentCompanyId: user.currentTenantId,
      };
    });
  }

  switchCompany(userId: string, companyId: string): Promise<Outcome<{ currentCompany: CompanySummary }>> {
    return this.host.write(() => {
      const user = this.accounts.requireUser(userId);
      if (user.status !== 'active')
        throw new AppError(403, 'ACCOUNT_DISABLED', 'your account has been disabled; ask an administrator');
      const company = this.accounts.ensurePrimary(userId).find((c) => c.id === companyId);
      if (!company) throw new AppError(403, 'NOT_A_MEMBER', 'you are not an active member of that company');
      this.host.db
        .update(users)
        .set({ currentTenantId: companyId, updatedAt: this.host.now() })
        .where(eq(users.id, userId))
        .run();
      return { currentCompany: company };
    });
  }
}
