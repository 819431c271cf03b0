import { and, asc, eq, lt } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import type { OAuthProviderId, ProviderProfile } from '../../lib/oauth';
import * as schema from '../../schema/directory';
import type { OAuthBinding } from '../../schema/dto/onboarding';
import type { User } from '../../schema/dto/platform';
import type { Db, DirectoryHost } from './host';
import { userView } from './views';

const { oauthStates, oauthBindings, oauthTickets } = schema;

const DAY = 86_400_000;
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
export const OAUTH_TICKET_TTL_MS = 15 * 60_000;

/** What third-party login needs from the Directory: its users. */
export type ThirdPartyLoginHost = Pick<DirectoryHost, 'db' | 'now' | 'tx' | 'requireUser' | 'insertUser'>;

/**
 * Third-party login (SPEC A5): the single-use state of a provider round trip, provider accounts bound to
 * users, and the short-lived ticket an unbound provider account gets to bind an existing user or create one.
 */
export class ThirdPartyLogin {
  constructor(private readonly host: ThirdPartyLoginHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** Records the state handed to the provider; `/callback` accepts it once, within 10 minutes. */
  createOAuthState(
    stateHash: string,
    provider: OAuthProviderId,
    mode: 'login' | 'bind',
    userId: string | null,
  ): { expiresAt: string } {
    const now = this.host.now();
    const expiresAt = now + OAUTH_STATE_TTL_MS;
    this.host.tx(() => {
      // Old states are of no use to anyone: drop them as new ones arrive.
      this.db
        .delete(oauthStates)
        .where(lt(oauthStates.expiresAt, now - DAY))
        .run();
      this.db
        .insert(oauthStates)
        .values({ stateHash, provider, mode, userId, createdAt: now, expiresAt })
        .run();
    });
    return { expiresAt: iso(expiresAt)! };
  }

  consumeOAuthState(
    stateHash: string,
    provider: OAuthProviderId,
  ): Outcome<{ mode: 'login' | 'bind'; userId: string | null }> {
    return toOutcome(() =>
      this.host.tx(() => {
        const row = this.db.select().from(oauthStates).where(eq(oauthStates.stateHash, stateHash)).get();
        if (!row || row.provider !== provider) {
          throw new AppError(400, 'OAUTH_STATE_INVALID', 'unknown state: start the login again', {
            fields: [{ path: 'query.state', message: 'unknown' }],
          });
        }
        if (row.usedAt)
          throw new AppError(400, 'OAUTH_STATE_USED', 'this login was completed already; start again');
        if (row.expiresAt <= this.host.now())
          throw new AppError(400, 'OAUTH_STATE_EXPIRED', 'this login took too long; start again');
        this.db
          .update(oauthStates)
          .set({ usedAt: this.host.now() })
          .where(eq(oauthStates.stateHash, stateHash))
          .run();
        return { mode: row.mode, userId: row.userId };
      }),
    );
  }

  /** A provider login: the bound user, or a ticket offering bind-existing / create-new for an unbound account. */
  oauthLogin(
    provider: OAuthProviderId,
    profile: ProviderProfile,
    ticketHash: string,
  ): Outcome<{ kind: 'user'; userId: string } | { kind: 'ticket'; expiresAt: string }> {
    return toOutcome(() =>
      this.host.tx(() => {
        const now = this.host.now();
        const binding = this.db
          .select()
          .from(oauthBindings)
          .where(and(eq(oauthBindings.provider, provider), eq(oauthBindings.openId, profile.openId)))
          .get();
        if (binding) {
          this.db
            .update(oauthBindings)
            .set({
              lastLoginAt: now,
              nickname: profile.nickname ?? binding.nickname,
              avatarUrl: profile.avatarUrl ?? binding.avatarUrl,
            })
            .where(and(eq(oauthBindings.provider, provider), eq(oauthBindings.openId, profile.openId)))
            .run();
          return { kind: 'user' as const, userId: binding.userId };
        }
        this.db
          .delete(oauthTickets)
          .where(lt(oauthTickets.expiresAt, now - DAY))
          .run();
        const expiresAt = now + OAUTH_TICKET_TTL_MS;
        this.db
          .insert(oauthTickets)
          .values({
            ticketHash,
            provider,
            openId: profile.openId,
            unionId: profile.unionId,
            nickname: profile.nickname,
            avatarUrl: profile.avatarUrl,
            email: profile.email,
            createdAt: now,
            expiresAt,
          })
          .run();
        return { kind: 'ticket' as const, expiresAt: iso(expiresAt)! };
      }),
    );
  }

  private bindAccount(
    userId: string,
    provider: OAuthProviderId,
    profile: Omit<ProviderProfile, 'email'>,
  ): void {
    const user = this.host.requireUser(userId);
    if (user.status !== 'active') throw new AppError(403, 'ACCOUNT_DISABLED', 'this account is disabled');
    const taken = this.db
      .select()
      .from(oauthBindings)
      .where(and(eq(oauthBindings.provider, provider), eq(oauthBindings.openId, profile.openId)))
      .get();
    if (taken && taken.userId !== userId) {
      throw new AppError(409, 'OAUTH_ACCOUNT_TAKEN', `this ${provider} account is bound to another user`);
    }
    if (taken) return;
    const mine = this.db
      .select()
      .from(oauthBindings)
      .where(and(eq(oauthBindings.userId, userId), eq(oauthBindings.provider, provider)))
      .get();
    if (mine) {
      throw new AppError(
        409,
        'OAUTH_ALREADY_BOUND',
        `you have bound another ${provider} account; unbind it first`,
      );
    }
    this.db
      .insert(oauthBindings)
      .values({
        provider,
        openId: profile.openId,
        unionId: profile.unionId,
        userId,
        nickname: profile.nickname,
        avatarUrl: profile.avatarUrl,
        createdAt: this.host.now(),
      })
      .run();
  }

  oauthBind(
    userId: string,
    provider: OAuthProviderId,
    profile: ProviderProfile,
  ): Outcome<{ userId: string }> {
    return toOutcome(() =>
      this.host.tx(() => {
        this.bindAccount(userId, provider, profile);
        return { userId };
      }),
    );
  }

  private requireTicket(ticketHash: string) {
    const ticket = this.db.select().from(oauthTickets).where(eq(oauthTickets.ticketHash, ticketHash)).get();
    if (!ticket || ticket.usedAt || ticket.expiresAt <= this.host.now()) {
      throw new AppError(
        400,
        'OAUTH_TICKET_INVALID',
        'this sign-in ticket is invalid, used or expired; sign in again',
        {
          fields: [{ path: 'body.ticket', message: 'invalid, used or expired' }],
        },
      );
    }
    return ticket;
  }

  /** "Bind existing account": the worker checked the password of `userId`. */
  redeemTicketBind(ticketHash: string, userId: string): Outcome<{ provider: OAuthProviderId }> {
    return toOutcome(() =>
      this.host.tx(() => {
        const ticket = this.requireTicket(ticketHash);
        this.bindAccount(userId, ticket.provider as OAuthProviderId, ticket);
        this.db
          .update(oauthTickets)
          .set({ usedAt: this.host.now() })
          .where(eq(oauthTickets.ticketHash, ticketHash))
          .run();
        return { provider: ticket.provider as OAuthProviderId };
      }),
    );
  }

  /** "Create new account": a user bound to the provider account; companies come from an administrator. */
  redeemTicketCreate(
    ticketHash: string,
    input: { username: string; email: string; passwordHash: string; name: string },
  ): Outcome<{ provider: OAuthProviderId; user: User }> {
    return toOutcome(() =>
      this.host.tx(() => {
        const ticket = this.requireTicket(ticketHash);
        const user = this.host.insertUser(input);
        this.bindAccount(user.id, ticket.provider as OAuthProviderId, ticket);
        this.db
          .update(oauthTickets)
          .set({ usedAt: this.host.now() })
          .where(eq(oauthTickets.ticketHash, ticketHash))
          .run();
        return { provider: ticket.provider as OAuthProviderId, user: userView(user) };
      }),
    );
  }

  listOAuthBindings(userId: string): OAuthBinding[] {
    return this.db
      .select()
      .from(oauthBindings)
      .where(eq(oauthBindings.userId, userId))
      .orderBy(asc(oauthBindings.provider))
      .all()
      .map((b) => ({
        provider: b.provider as OAuthProviderId,
        nickname: b.nickname,
        avatarUrl: b.avatarUrl,
        createdAt: iso(b.createdAt)!,
        lastLoginAt: iso(b.lastLoginAt),
      }));
  }

  oauthUnbind(userId: string, provider: OAuthProviderId): Outcome<{ ok: true }> {
    return toOutcome(() => {
      const gone = this.db
        .delete(oauthBindings)
        .where(and(eq(oauthBindings.userId, userId), eq(oauthBindings.provider, provider)))
        .returning({ openId: oauthBindings.openId })
        .all();
      if (gone.length === 0)
        throw new AppError(404, 'OAUTH_BINDING_NOT_FOUND', `no ${provider} account is bound to you`);
      return { ok: true as const };
    });
  }
}
