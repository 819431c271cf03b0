/**
 * How a company's subscription status moves (SPEC A1: trial / active / suspended / expired / cancelled),
 * pure. The overdue sweep suspends and expires; paying the overdue invoices restores; an admin may set
 * any status, and changing the plan of a trial company starts its paid service.
 */
export type SubscriptionStatus = 'trial' | 'active' | 'suspended' | 'expired' | 'cancelled';

export interface SubscriptionState {
  subscriptionStatus: SubscriptionStatus;
  trialEndsAt: number | null;
  serviceStartAt: number | null;
  suspendedAt: number | null;
}

const DAY = 86_400_000;

export function afterCompanyUpdate(
  current: SubscriptionState & { plan: string },
  patch: { plan?: string; subscriptionStatus?: SubscriptionStatus; trialEndsAt?: number | null },
  plan: { trialDays: number | null },
  now: number,
): SubscriptionState {
  const next: SubscriptionState = {
    subscriptionStatus: current.subscriptionStatus,
    trialEndsAt: patch.trialEndsAt !== undefined ? patch.trialEndsAt : current.trialEndsAt,
    serviceStartAt: current.serviceStartAt,
    suspendedAt: current.suspendedAt,
  };
  if (patch.subscriptionStatus && patch.subscriptionStatus !== current.subscriptionStatus) {
    next.subscriptionStatus = patch.subscriptionStatus;
    if (patch.subscriptionStatus === 'active') {
      next.suspendedAt = null;
      next.serviceStartAt ??= now;
    } else if (patch.subscriptionStatus === 'suspended') {
      next.suspendedAt = now;
    } else if (patch.subscriptionStatus === 'trial') {
      next.suspendedAt = null;
      if (next.trialEndsAt === null || next.trialEndsAt <= now)
        next.trialEndsAt = now + (plan.trialDays ?? 14) * DAY;
    }
    return next;
  }
  const planChanged = patch.plan !== undefined && patch.plan !== current.plan;
  const onTrialPlan = plan.trialDays !== null;
  if (
    planChanged &&
    !onTrialPlan &&
    (current.subscriptionStatus === 'trial' || current.subscriptionStatus === 'expired')
  ) {
    // A trial company that buys a plan starts its paid service now.
    next.subscriptionStatus = 'active';
    next.serviceStartAt = now;
  } else if (
    onTrialPlan &&
    current.subscriptionStatus === 'expired' &&
    next.trialEndsAt !== null &&
    next.trialEndsAt > now
  ) {
    // An extended trial is a trial again.
    next.subscriptionStatus = 'trial';
  }
  return next;
}

/** Whether the subscription ran out at `now`, and why. */
export function expiryOf(
  row: { subscriptionStatus: string; trialEndsAt: number | null; serviceEndAt: number | null },
  now: number,
): 'trial' | 'service' | null {
  if (row.subscriptionStatus === 'trial' && row.trialEndsAt !== null && row.trialEndsAt <= now)
    return 'trial';
  if (row.subscriptionStatus === 'active' && row.serviceEndAt !== null && row.serviceEndAt <= now)
    return 'service';
  return null;
}
