/**
 * The primary-company rules of SPEC A4, pure.
 * A user's memberships are listed; the answer says which company is primary now and whether the
 * account must be disabled because no active company is left.
 */
export interface MembershipView {
  tenantId: string;
  status: 'active' | 'disabled' | 'pending';
  isPrimary: boolean;
  createdAt: number;
}

export interface PrimaryDecision {
  primaryTenantId: string | null;
  changed: boolean;
  disableAccount: boolean;
}

/** Active memberships, primary first, then in the order they were granted. */
export function activeInOrder<T extends MembershipView>(memberships: T[]): T[] {
  return memberships
    .filter((m) => m.status === 'active')
    .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.createdAt - b.createdAt);
}

export function resolvePrimary(
  memberships: MembershipView[],
  currentPrimary: string | null,
): PrimaryDecision {
  const active = activeInOrder(memberships);
  if (active.length === 0)
    return { primaryTenantId: null, changed: currentPrimary !== null, disableAccount: true };
  const stillValid = active.find((m) => m.tenantId === currentPrimary);
  if (stillValid) return { primaryTenantId: stillValid.tenantId, changed: false, disableAccount: false };
  const next = active[0]!.tenantId;
  return { primaryTenantId: next, changed: true, disableAccount: false };
}
