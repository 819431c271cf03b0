import { AppError } from '../../lib/errors';
import type { ModuleName } from '../../schema/dto/platform-console';
import type { Operator } from '../directory/host';

/**
 * Who is calling a tenant actor: checked by the worker's token verification, trusted here.
 * `write` says the call changes something (the worker sets it from the HTTP method); `apiKey` names the
 * tenant API key a programmatic caller used (its calls count against the plan's API quota); `operator`
 * says who a platform admin is for the platform's operation log.
 */
export type Caller =
  | { kind: 'admin'; id: string; write?: boolean; operator?: Operator }
  | { kind: 'user'; id: string; write?: boolean; apiKey?: string };

export interface MemberRecord {
  role: 'admin' | 'member';
  status: 'active' | 'disabled' | 'pending';
}

export type Need = 'member' | 'admin';

/** Extra conditions of one access check; each module passes what applies to its call. */
export interface AccessOptions {
  /** The call changes data; defaults to the caller's `write` flag. */
  write?: boolean;
  /**
   * The business module the call belongs to; refused with 403 `MODULE_NOT_IN_PLAN` when the plan does
   * not enable it. A module gets this set on every call by being built with its code:
   * `new Cards(this.portFor('annual-fees'))` in tenant.ts.
   */
  module?: ModuleName;
  /** False for a second check inside a call already counted (the quota counts calls, not checks). */
  counted?: boolean;
}

/**
 * The tenant-scoped access rule, pure: platform admins may act in any tenant; users only where
 * their membership is active, and as tenant admins only with the admin role.
 */
export function authorize(caller: Caller, member: MemberRecord | undefined, need: Need): void {
  if (caller.kind === 'admin') return;
  if (member?.status !== 'active') {
    throw new AppError(403, 'NOT_A_MEMBER', 'you are not an active member of this company');
  }
  if (need === 'admin' && member.role !== 'admin') {
    throw new AppError(403, 'TENANT_ADMIN_REQUIRED', 'only a company administrator may do this');
  }
}

/**
 * Why a write is refused in a tenant with this subscription status, or null when writes are fine.
 * Reads always work: a suspended company can still see (and export) its data (SPEC A9, 欠费停机).
 */
export function writeRefusal(subscriptionStatus: string): AppError | null {
  switch (subscriptionStatus) {
    case 'suspended':
      return new AppError(
        402,
        'TENANT_SUSPENDED',
        'this company is suspended for non-payment: reads still work, changes resume once the overdue invoices are paid',
        { subscriptionStatus },
      );
    case 'expired':
      return new AppError(
        402,
        'SUBSCRIPTION_EXPIRED',
        "this company's subscription has ended: reads still work, changes resume after renewal",
        { subscriptionStatus },
      );
    case 'cancelled':
      return new AppError(
        402,
        'SUBSCRIPTION_CANCELLED',
        "this company's subscription is cancelled: it is read-only",
        {
          subscriptionStatus,
        },
      );
    default:
      return null;
  }
}

/** Refuses a call to a module the tenant's plan does not enable. */
export function requireModule(modules: readonly string[], module: ModuleName, plan: string): void {
  if (!modules.includes(module)) {
    throw new AppError(403, 'MODULE_NOT_IN_PLAN', `the ${plan} plan does not include the ${module} module`, {
      module,
      plan,
    });
  }
}

export interface QuotaCheck {
  /** The quota's name as the plan spells it (users, customers, storageMB, apiCallsPerMonth …). */
  quota: string;
  used: number;
  delta: number;
  /** In the same unit as `used`; null is unlimited. */
  limit: number | null;
  /** The plan bills usage past the limit instead of refusing it. */
  overageBilled: boolean;
  unit?: string;
  /** When the quota renews (API calls: the next month); a refusal then says when to come back. */
  retryAfterSeconds?: number;
}

/**
 * Refuses a change that would take usage past a hard limit, naming the quota. Releases (delta ≤ 0)
 * always pass. API calls past quota answer 429; everything else 403.
 */
export function checkQuota(check: QuotaCheck): void {
  if (check.delta <= 0 || check.limit === null || check.overageBilled) return;
  if (check.used + check.delta <= check.limit) return;
  const isApi = check.quota === 'apiCallsPerMonth';
  const message =
    check.limit === 0
      ? `the plan does not include ${check.quota}`
      : `the plan's ${check.quota} quota is used up (${check.used} of ${check.limit}${check.unit ? ` ${check.unit}` : ''})`;
  throw new AppError(isApi ? 429 : 403, 'QUOTA_EXCEEDED', message, {
    quota: check.quota,
    limit: check.limit,
    used: check.used,
    requested: check.delta,
    ...(check.unit ? { unit: check.unit } : {}),
    ...(check.retryAfterSeconds ? { retryAfterSeconds: check.retryAfterSeconds } : {}),
  });
}
