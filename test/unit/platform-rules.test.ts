import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlertInput, alertsDue } from '../../durable-objects/directory/alerts';
import { DEFAULT_PLANS, isPaidPlan, quotaLimit, snapshotOf } from '../../durable-objects/directory/plans';
import {
  afterCompanyUpdate,
  expiryOf,
  type SubscriptionState,
} from '../../durable-objects/directory/subscription';
import { checkQuota, requireModule, writeRefusal } from '../../durable-objects/tenant/access';
import { can, PERMISSIONS, ROLE_PERMISSIONS } from '../../lib/admin-permissions';
import type { AppError } from '../../lib/errors';
import type { AdminRole } from '../../lib/tokens';

const DAY = 86_400_000;
const MB = 1024 * 1024;

const thrown = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err as AppError;
  }
  return undefined;
};

describe('the shipped plan catalog (SPEC A2)', () => {
  it('has the prices of requirement A2 in fen, quotas and modules', () => {
    const byCode = Object.fromEntries(DEFAULT_PLANS.map((p) => [p.code, p]));
    expect(byCode.basic).toMatchObject({
      priceMonthlyFen: 60_000,
      priceYearlyFen: 600_000,
      allowOverage: true,
    });
    expect(byCode.professional).toMatchObject({ priceMonthlyFen: 280_000, priceYearlyFen: 2_800_000 });
    expect(byCode.enterprise).toMatchObject({ priceMonthlyFen: 800_000, priceYearlyFen: 8_000_000 });
    expect(byCode.trial).toMatchObject({ priceMonthlyFen: 0, trialDays: 14, allowOverage: false });
    expect(byCode.professional!.quotas).toMatchObject({
      users: 50,
      customers: 5000,
      storageMB: 102_400,
      apiCallsPerMonth: 10_000,
    });
    expect(byCode.enterprise!.quotas).toMatchObject({
      users: null,
      customers: null,
      storageMB: 512_000,
      apiCallsPerMonth: null,
    });
    expect(byCode.basic!.quotas.apiCallsPerMonth).toBe(0);
    expect(byCode.basic!.modules).toEqual(['crm', 'annual-fees']);
    expect(byCode.enterprise!.modules).toEqual(['crm', 'annual-fees', 'legal', 'devices']);
    for (const p of DEFAULT_PLANS)
      expect([p.extraUserFen, p.extraStorageGbFen, p.apiCallFen]).toEqual([8_000, 500, 1]);
  });

  it('falls back to the shipped quota for a key a stored plan does not carry yet', () => {
    const snapshot = snapshotOf({ code: 'basic', quotas: { users: 3 }, modules: [], allowOverage: true });
    expect(quotaLimit(snapshot, 'basic', 'users')).toBe(3);
    expect(quotaLimit(snapshot, 'basic', 'customers')).toBe(1000);
    expect(quotaLimit(undefined, 'no-such-plan', 'users')).toBe(5);
    // A quota no plan knows (a module not shipped yet) is not limited.
    expect(quotaLimit(snapshot, 'basic', 'lawyers')).toBeNull();
  });

  it('bills a plan when any one of its cycle prices is above zero', () => {
    const free = { priceMonthlyFen: 0, priceQuarterlyFen: 0, priceYearlyFen: 0 };
    expect(isPaidPlan(free)).toBe(false);
    for (const price of ['priceMonthlyFen', 'priceQuarterlyFen', 'priceYearlyFen'] as const) {
      expect(isPaidPlan({ ...free, [price]: 1 }), price).toBe(true);
    }
  });
});

describe('tenant access rules', () => {
  it('refuses writes of a suspended, expired or cancelled company with a clear code, never reads', () => {
    expect(writeRefusal('active')).toBeNull();
    expect(writeRefusal('trial')).toBeNull();
    expect(writeRefusal('suspended')).toMatchObject({ status: 402, code: 'TENANT_SUSPENDED' });
    expect(writeRefusal('expired')).toMatchObject({ status: 402, code: 'SUBSCRIPTION_EXPIRED' });
    expect(writeRefusal('cancelled')).toMatchObject({ status: 402, code: 'SUBSCRIPTION_CANCELLED' });
  });

  it('refuses a module the plan does not enable', () => {
    expect(thrown(() => requireModule(['crm'], 'crm', 'basic'))).toBeUndefined();
    expect(thrown(() => requireModule(['crm'], 'legal', 'basic'))).toMatchObject({
      status: 403,
      code: 'MODULE_NOT_IN_PLAN',
      details: { module: 'legal', plan: 'basic' },
    });
  });

  it('passes a change exactly when it stays within a hard limit, and always releases', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -50, max: 50 }),
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        fc.boolean(),
        (used, delta, limit, overageBilled) => {
          const err = thrown(() => checkQuota({ quota: 'customers', used, delta, limit, overageBilled }));
          const allowed = delta <= 0 || limit === null || overageBilled || used + delta <= limit;
          expect(err === undefined).toBe(allowed);
          if (err)
            expect(err).toMatchObject({
              status: 403,
              code: 'QUOTA_EXCEEDED',
              details: { quota: 'customers', limit, used },
            });
        },
      ),
    );
    expect(
      thrown(() =>
        checkQuota({
          quota: 'apiCallsPerMonth',
          used: 10,
          delta: 1,
          limit: 10,
          overageBilled: false,
          retryAfterSeconds: 3600,
        }),
      ),
    ).toMatchObject({
      status: 429,
      code: 'QUOTA_EXCEEDED',
      details: { retryAfterSeconds: 3600 },
    });
  });

  it('says how much of a quota is used, in its unit, or that the plan has none of it', () => {
    expect(
      thrown(() =>
        checkQuota({ quota: 'storageMB', used: 100, delta: 5, limit: 102, overageBilled: false, unit: 'MB' }),
      ),
    ).toMatchObject({
      message: "the plan's storageMB quota is used up (100 of 102 MB)",
      details: { quota: 'storageMB', limit: 102, used: 100, requested: 5, unit: 'MB' },
    });
    const none = thrown(() =>
      checkQuota({ quota: 'devices', used: 0, delta: 1, limit: 0, overageBilled: false }),
    );
    expect(none).toMatchObject({ status: 403, message: 'the plan does not include devices' });
    expect(none?.details).not.toHaveProperty('unit');
  });
});

describe('platform admin roles (SPEC A6)', () => {
  it('gives super admins everything and each other role its own part', () => {
    for (const p of PERMISSIONS) expect(can('super_admin', p)).toBe(true);
    expect(can('finance', 'invoices.write')).toBe(true);
    expect(can('sales', 'invoices.write')).toBe(false);
    expect(can('sales', 'companies.write')).toBe(true);
    expect(can('support', 'companies.write')).toBe(false);
    expect(can('support', 'users.write')).toBe(true);
    for (const role of ['sales', 'finance', 'support'] as const) {
      for (const p of [
        'plans.write',
        'config.write',
        'admins.manage',
        'companies.delete',
        'tasks.run',
      ] as const)
        expect(can(role, p), `${role} ${p}`).toBe(false);
      expect(ROLE_PERMISSIONS[role]).toContain('dashboard.read');
    }
  });

  it('gives a role it does not know nothing (an admin row written by a newer or older version)', () => {
    for (const p of PERMISSIONS) expect(can('auditor' as AdminRole, p)).toBe(false);
  });
});

describe('subscription status', () => {
  const base: SubscriptionState & { plan: string } = {
    plan: 'trial',
    subscriptionStatus: 'trial',
    trialEndsAt: 1_000 * DAY,
    serviceStartAt: null,
    suspendedAt: null,
  };

  it('starts paid service when a trial company, running or expired, moves to a paid plan', () => {
    for (const subscriptionStatus of ['trial', 'expired'] as const) {
      expect(
        afterCompanyUpdate(
          { ...base, subscriptionStatus },
          { plan: 'basic' },
          { trialDays: null },
          500 * DAY,
        ),
      ).toMatchObject({ subscriptionStatus: 'active', serviceStartAt: 500 * DAY });
    }
    // Another trial plan, or a paid company changing plans, keeps its status and service start.
    expect(
      afterCompanyUpdate(base, { plan: 'trial-plus' }, { trialDays: 30 }, 500 * DAY).subscriptionStatus,
    ).toBe('trial');
    const paying = { ...base, plan: 'basic', subscriptionStatus: 'active' as const, serviceStartAt: DAY };
    expect(afterCompanyUpdate(paying, { plan: 'pro' }, { trialDays: null }, 500 * DAY)).toMatchObject({
      subscriptionStatus: 'active',
      serviceStartAt: DAY,
    });
  });

  it('makes an expired trial a trial again when it is extended, and clears a suspension on activation', () => {
    const expired = { ...base, subscriptionStatus: 'expired' as const, trialEndsAt: 10 * DAY };
    expect(
      afterCompanyUpdate(expired, { trialEndsAt: 30 * DAY }, { trialDays: 14 }, 20 * DAY).subscriptionStatus,
    ).toBe('trial');
    const suspended = {
      ...base,
      plan: 'basic',
      subscriptionStatus: 'suspended' as const,
      suspendedAt: 5 * DAY,
      serviceStartAt: DAY,
    };
    expect(
      afterCompanyUpdate(suspended, { subscriptionStatus: 'active' }, { trialDays: null }, 9 * DAY),
    ).toMatchObject({
      subscriptionStatus: 'active',
      suspendedAt: null,
      serviceStartAt: DAY,
    });
  });

  it('applies a status an admin sets: a suspension is dated, active and trial lift it', () => {
    const active = { ...base, plan: 'basic', subscriptionStatus: 'active' as const, serviceStartAt: DAY };
    expect(
      afterCompanyUpdate(active, { subscriptionStatus: 'suspended' }, { trialDays: null }, 7 * DAY),
    ).toEqual({
      subscriptionStatus: 'suspended',
      trialEndsAt: base.trialEndsAt,
      serviceStartAt: DAY,
      suspendedAt: 7 * DAY,
    });
    for (const to of ['expired', 'cancelled'] as const) {
      expect(afterCompanyUpdate(active, { subscriptionStatus: to }, { trialDays: null }, 7 * DAY)).toEqual({
        subscriptionStatus: to,
        trialEndsAt: base.trialEndsAt,
        serviceStartAt: DAY,
        suspendedAt: null,
      });
    }
  });

  it('gives a trial set by an admin a future end: the one it has, or a fresh trial period', () => {
    const now = 2_000 * DAY;
    const ended = {
      ...base,
      subscriptionStatus: 'expired' as const,
      trialEndsAt: now - DAY,
      suspendedAt: now - DAY,
    };
    expect(afterCompanyUpdate(ended, { subscriptionStatus: 'trial' }, { trialDays: 30 }, now)).toMatchObject({
      subscriptionStatus: 'trial',
      trialEndsAt: now + 30 * DAY,
      suspendedAt: null,
    });
    // A plan without a trial length of its own gets the default two weeks.
    expect(
      afterCompanyUpdate(
        { ...ended, trialEndsAt: null },
        { subscriptionStatus: 'trial' },
        { trialDays: null },
        now,
      ).trialEndsAt,
    ).toBe(now + 14 * DAY);
    // A trial end still ahead (given in the same request or kept) stands.
    expect(
      afterCompanyUpdate(
        ended,
        { subscriptionStatus: 'trial', trialEndsAt: now + 3 * DAY },
        { trialDays: 30 },
        now,
      ).trialEndsAt,
    ).toBe(now + 3 * DAY);
    fc.assert(
      fc.property(
        fc.constantFrom('trial', 'active', 'suspended', 'expired', 'cancelled'),
        fc.constantFrom('trial', 'active', 'suspended', 'expired', 'cancelled'),
        fc.option(fc.integer({ min: -100, max: 100 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
        (from, to, trialEndInDays, trialDays) => {
          fc.pre(from !== to);
          const state = {
            ...base,
            subscriptionStatus: from,
            trialEndsAt: trialEndInDays === null ? null : now + trialEndInDays * DAY,
            suspendedAt: from === 'suspended' ? now - DAY : null,
          };
          const next = afterCompanyUpdate(state, { subscriptionStatus: to }, { trialDays }, now);
          expect(next.subscriptionStatus).toBe(to);
          if (to === 'trial') expect(next.trialEndsAt).toBeGreaterThan(now);
          if (to === 'suspended') expect(next.suspendedAt).toBe(now);
          if (to === 'active' || to === 'trial') expect(next.suspendedAt).toBeNull();
        },
      ),
    );
  });

  it('expires ended trials and ended service periods only', () => {
    expect(expiryOf({ subscriptionStatus: 'trial', trialEndsAt: 10, serviceEndAt: null }, 10)).toBe('trial');
    expect(expiryOf({ subscriptionStatus: 'trial', trialEndsAt: 11, serviceEndAt: null }, 10)).toBeNull();
    expect(expiryOf({ subscriptionStatus: 'active', trialEndsAt: null, serviceEndAt: 5 }, 10)).toBe(
      'service',
    );
    expect(expiryOf({ subscriptionStatus: 'active', trialEndsAt: 5, serviceEndAt: null }, 10)).toBeNull();
    expect(expiryOf({ subscriptionStatus: 'suspended', trialEndsAt: null, serviceEndAt: 5 }, 10)).toBeNull();
  });
});

describe('usage alerts (SPEC A10)', () => {
  const now = Date.parse('2026-11-22T01:00:00Z');
  const input: AlertInput = {
    subscriptionStatus: 'active',
    trialEndsAt: null,
    serviceEndAt: null,
    suspendedAt: null,
    usage: { users: 7, storageBytes: 0, apiCalls: 0, month: '2026-11' },
    quotas: { users: 10, storageMB: 100, apiCallsPerMonth: 10_000 },
    thresholdPercent: 80,
    trialNoticeDays: 3,
    serviceNoticeDays: 7,
    now,
  };

  it('raises nothing below 80 %', () => {
    expect(alertsDue(input)).toEqual([]);
  });

  it('raises near-quota alerts at 80 %, keyed by quota (and month for API calls)', () => {
    const due = alertsDue({
      ...input,
      usage: { users: 8, storageBytes: 80 * MB, apiCalls: 8_000, month: '2026-11' },
    });
    expect(due.map((a) => a.key)).toEqual([
      'quota:users:10',
      'quota:storage:100',
      'quota:apiCalls:2026-11:10000',
    ]);
    expect(due[0]!.zh).toContain('80%');
  });

  it('never alerts on unlimited or absent quotas', () => {
    const due = alertsDue({
      ...input,
      usage: { users: 10 ** 6, storageBytes: 2 ** 50, apiCalls: 10 ** 9, month: '2026-11' },
      quotas: { users: null, storageMB: null, apiCallsPerMonth: 0 },
    });
    expect(due).toEqual([]);
  });

  it('warns before a trial or service period ends, and keys the warning by the end date', () => {
    const trial = alertsDue({ ...input, subscriptionStatus: 'trial', trialEndsAt: now + 2 * DAY });
    expect(trial.map((a) => a.key)).toEqual([`trial-ending:${now + 2 * DAY}`]);
    expect(alertsDue({ ...input, subscriptionStatus: 'trial', trialEndsAt: now + 4 * DAY })).toEqual([]);
    const service = alertsDue({ ...input, serviceEndAt: now + 7 * DAY });
    expect(service.map((a) => a.kind)).toEqual(['service_ending']);
    expect(alertsDue({ ...input, serviceEndAt: now - DAY })).toEqual([]);
  });

  it('names a suspension by when it happened', () => {
    const due = alertsDue({ ...input, subscriptionStatus: 'suspended', suspendedAt: now - DAY });
    expect(due.map((a) => a.key)).toEqual([`suspended:${now - DAY}`]);
  });
});
