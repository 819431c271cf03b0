import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeInOrder,
  type MembershipView,
  resolvePrimary,
} from '../../durable-objects/directory/memberships';

const membership = fc.record({
  tenantId: fc.constantFrom('a', 'b', 'c', 'd'),
  status: fc.constantFrom('active', 'disabled', 'pending') as fc.Arbitrary<MembershipView['status']>,
  isPrimary: fc.boolean(),
  createdAt: fc.integer({ min: 0, max: 1000 }),
});
const memberships = fc.uniqueArray(membership, { selector: (m) => m.tenantId, maxLength: 4 });

describe('primary company rules (SPEC A4)', () => {
  it('keeps a primary that is still active', () => {
    const list: MembershipView[] = [
      { tenantId: 'a', status: 'active', isPrimary: false, createdAt: 1 },
      { tenantId: 'b', status: 'active', isPrimary: true, createdAt: 2 },
    ];
    expect(resolvePrimary(list, 'b')).toEqual({
      primaryTenantId: 'b',
      changed: false,
      disableAccount: false,
    });
  });

  it('moves the primary to the first active company when it became invalid', () => {
    const list: MembershipView[] = [
      { tenantId: 'a', status: 'disabled', isPrimary: true, createdAt: 1 },
      { tenantId: 'c', status: 'active', isPrimary: false, createdAt: 3 },
      { tenantId: 'b', status: 'active', isPrimary: false, createdAt: 2 },
    ];
    expect(resolvePrimary(list, 'a')).toEqual({ primaryTenantId: 'b', changed: true, disableAccount: false });
  });

  it('disables the account when no active company is left', () => {
    const list: MembershipView[] = [{ tenantId: 'a', status: 'disabled', isPrimary: true, createdAt: 1 }];
    expect(resolvePrimary(list, 'a')).toEqual({ primaryTenantId: null, changed: true, disableAccount: true });
  });

  it('always answers an active primary, or disables exactly when none is active', () => {
    fc.assert(
      fc.property(
        memberships,
        fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'z'), { nil: null }),
        (list, current) => {
          const decision = resolvePrimary(list, current);
          const active = list.filter((m) => m.status === 'active');
          expect(decision.disableAccount).toBe(active.length === 0);
          if (active.length > 0) {
            expect(active.map((m) => m.tenantId)).toContain(decision.primaryTenantId);
            expect(decision.changed).toBe(decision.primaryTenantId !== current);
          }
        },
      ),
    );
  });

  it('lists active companies primary first, then in grant order', () => {
    fc.assert(
      fc.property(memberships, (list) => {
        const ordered = activeInOrder(list);
        expect(ordered.every((m) => m.status === 'active')).toBe(true);
        const primaries = ordered.filter((m) => m.isPrimary).length;
        expect(ordered.slice(0, primaries).every((m) => m.isPrimary)).toBe(true);
        const rest = ordered.slice(primaries);
        for (let i = 1; i < rest.length; i++)
          expect(rest[i - 1]!.createdAt).toBeLessThanOrEqual(rest[i]!.createdAt);
      }),
    );
  });
});
