import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { iso } from '../../lib/iso';
import type { Page } from '../../schema/dto/common';
import type { ApiKey } from '../../schema/dto/onboarding';
import * as schema from '../../schema/tenant';
import type { Caller } from './access';
import type { TenantPort } from './port';

const { apiKeys } = schema;

/** The company's API keys: created by a company administrator, checked on every call made with one. */
export class ApiKeys {
  constructor(
    private readonly port: Pick<TenantPort, 'db' | 'now' | 'write' | 'access' | 'quotaLimit' | 'audit'>,
  ) {}

  private get db() {
    return this.port.db;
  }

  /** Refuses a key that is revoked, expired or not this company's; notes its use at most once a minute. */
  check(id: string): void {
    const key = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    const now = this.port.now();
    if (!key || key.revokedAt || key.expiresAt <= now) {
      throw new AppError(401, 'API_KEY_INVALID', 'this API key is revoked, expired or not of this company');
    }
    // Recorded at most once a minute, so a busy key does not write on every call for this alone.
    if (!key.lastUsedAt || now - key.lastUsedAt > 60_000) {
      this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id)).run();
    }
  }

  /**
   * Creates an API key record for the calling tenant admin; the worker signs the key itself. Refused
   * when the plan has no API access (requirement A2: trial and basic have none).
   */
  create(caller: Caller, name: string, ttlMs: number): Promise<Outcome<ApiKey>> {
    return this.port.write(() => {
      const row = this.port.access(caller, 'admin', { write: true });
      if (caller.kind !== 'user' || caller.apiKey) {
        throw new AppError(
          403,
          'USER_REQUIRED',
          'API keys are created by a company administrator signed in as a user',
        );
      }
      if (this.port.quotaLimit('apiCallsPerMonth') === 0) {
        throw new AppError(403, 'API_NOT_IN_PLAN', `the ${row.plan} plan has no API access`, {
          quota: 'apiCallsPerMonth',
          plan: row.plan,
        });
      }
      const now = this.port.now();
      const key = this.db
        .insert(apiKeys)
        .values({ id: newId('key'), name, createdBy: caller.id, createdAt: now, expiresAt: now + ttlMs })
        .returning()
        .get();
      this.port.audit(caller, 'api_key.create', { id: key.id, name });
      return apiKeyView(key);
    });
  }

  list(caller: Caller, page: number, pageSize: number): Outcome<Page<ApiKey>> {
    return toOutcome(() => {
      this.port.access(caller, 'admin');
      const total = this.db.select({ n: count() }).from(apiKeys).get()!.n;
      const items = this.db
        .select()
        .from(apiKeys)
        .orderBy(desc(apiKeys.createdAt))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map(apiKeyView);
      return { items, total, page, pageSize };
    });
  }

  revoke(caller: Caller, id: string): Promise<Outcome<ApiKey>> {
    return this.port.write(() => {
      // Revoking stays possible while suspended: it only takes access away.
      this.port.access(caller, 'admin', { write: false });
      const key = this.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
      if (!key) throw new AppError(404, 'API_KEY_NOT_FOUND', 'no API key with that id in this company');
      if (key.revokedAt) return apiKeyView(key);
      const revoked = this.db
        .update(apiKeys)
        .set({ revokedAt: this.port.now() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning()
        .get()!;
      this.port.audit(caller, 'api_key.revoke', {
        id,
        name: revoked.name,
        revokedAt: iso(revoked.revokedAt),
      });
      return apiKeyView(revoked);
    });
  }
}

function apiKeyView(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}
