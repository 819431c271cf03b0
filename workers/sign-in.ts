import type { Context } from 'hono';
import type { LoginAccount, LoginKind } from '../durable-objects/directory/sign-ins';
import { directory } from '../lib/actors';
import { AppError, unwrap } from '../lib/errors';
import { decoyHash, verifyPassword } from '../lib/passwords';
import { signToken } from '../lib/tokens';
import { clientIp } from './client-ip';
import { authSecret } from './middleware/auth';
import type { AppEnv } from './types';

export const ADMIN_TOKEN_TTL_SECONDS = 8 * 3600;
export const USER_TOKEN_TTL_SECONDS = 12 * 3600;

function lockedError(lockedForMs: number) {
  const retryAfterSeconds = Math.ceil(lockedForMs / 1000);
  return new AppError(429, 'LOGIN_LOCKED', `too many failed logins; try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');

/** Does `password` open `account`? A missing account is checked against a decoy so it costs the same. */
export async function storedPasswordMatches(
  account: LoginAccount | null,
  password: string,
): Promise<boolean> {
  if (account?.passwordHash) return verifyPassword(password, account.passwordHash);
  await verifyPassword(password, await decoyHash());
  return false;
}

/**
 * The one sign-in sequence every password login goes through: refuse while throttled (429), check the
 * password here in the stateless worker (slow hashing never queues in the Directory), count a failure
 * against the account and the client address (401, or 429 once that locks). Answers the account the
 * password opened; `matches` decides, given the account the name belongs to (or none).
 */
export async function checkPassword(
  c: Context<AppEnv>,
  kind: LoginKind,
  name: string,
  matches: (account: LoginAccount | null) => Promise<boolean>,
): Promise<LoginAccount | null> {
  const dir = directory(c.env);
  const ip = clientIp(c);
  const { account, lockedForMs } = await dir.loginAccount(kind, name, ip);
  if (lockedForMs > 0) throw lockedError(lockedForMs);
  if (!(await matches(account))) {
    const after = await dir.recordLoginFailure(kind, name, ip);
    if (after.lockedForMs > 0) throw lockedError(after.lockedForMs);
    throw invalidCredentials();
  }
  return account;
}

/** A user's sign-in: the stored hash decides. Answers the account the password opened. */
export async function checkUserPassword(
  c: Context<AppEnv>,
  name: string,
  password: string,
): Promise<LoginAccount> {
  const account = await checkPassword(c, 'user', name, (found) => storedPasswordMatches(found, password));
  // A name without an account never matches (see storedPasswordMatches), so one is here.
  return account!;
}

/** Signs a user in (after a password or a third-party login): their companies and a token. */
export async function userSession(c: Context<AppEnv>, userId: string) {
  const session = unwrap(await directory(c.env).userLoggedIn(userId, clientIp(c)));
  const { token, expiresAt } = await signToken(
    { kind: 'user', sub: userId, username: session.user.username },
    authSecret(c.env),
    USER_TOKEN_TTL_SECONDS,
  );
  const { id, uuid, username, name, email } = session.user;
  return {
    token,
    expiresAt,
    user: { id, uuid, username, name, email },
    companies: session.companies,
    currentCompany: session.currentCompany,
  };
}
