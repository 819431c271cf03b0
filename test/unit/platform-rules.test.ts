import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlertInput, alertsDue } from '../../durable-objects/directory/alerts';
import { DEFAULT_PLANS, quotaLimit, snapshotOf } from '../../durable-objects/directory/plans';
import {
  afterCompanyUpdate,
  expiryOf,
  type SubscriptionState,
} from '../../durable-objects/directory/subscription';
import { checkQuota, requireModule, writeRefusal } from '../../durable-objects/tenant/access';
import { can, PERMISSIONS, ROLE_PERMISSIONS } from '../../lib/admin-permissions';
import type { AppError } from '../../lib/errors';

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
  it('has the seed prices in fen, quotas and modules', () => {
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
        checkQuota({ quota: 'apiCallsPerMonth', used: 10, delta: 1, limit: 10, overageBilled: false }),
      ),
    ).toMatchObject({
      status: 429,
      code: 'QUOTA_EXCEEDED',
    });
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
});

describe('subscription status', () => {
  const base: SubscriptionState & { plan: string } = {
    plan: 'trial',
    subscriptionStatus: 'trial',
    trialEndsAt: 1_000 * DAY,
    serviceStartAt: null,
    suspendedAt: null,
  };

  it('starts paid service when a trial company moves to a paid plan', () => {
    expect(afterCompanyUpdate(base, { plan: 'basic' }, { trialDays: null }, 500 * DAY)).toMatchObject({
      subscriptionStatus: 'active',
      serviceStartAt: 500 * DAY,
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
