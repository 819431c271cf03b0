import { describe, expect, it } from 'vitest';
import { checkDelete, checkEdit, editRights } from '../../durable-objects/tenant/crm/rights';

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err as { status: number; code: string; message: string; details: { fields?: { path: string }[] } };
  }
  return null;
};

describe('customer edit and delete rights (B1)', () => {
  it('a prospect is fully editable by any member', () => {
    expect(refusal(() => checkEdit('prospect', ['name', 'address', 'notes'], false))).toBeNull();
  });

  it("a pending customer's name is locked, its contact details are not", () => {
    expect(refusal(() => checkEdit('pending', ['contactPhone', 'notes'], false))).toBeNull();
    const r = refusal(() => checkEdit('pending', ['name', 'notes'], false))!;
    expect(r.code).toBe('CUSTOMER_FIELD_LOCKED');
    expect(r.message).toContain('pending');
    expect(r.details.fields?.map((f) => f.path)).toEqual(['body.name']);
  });

  it('active and suspended customers are edited by administrators only, and only their contact and notes', () => {
    for (const status of ['active', 'suspended'] as const) {
      expect(refusal(() => checkEdit(status, ['notes'], false))!.code).toBe('TENANT_ADMIN_REQUIRED');
      expect(refusal(() => checkEdit(status, ['notes', 'contactPhone'], true))).toBeNull();
      expect(refusal(() => checkEdit(status, ['address'], true))!.code).toBe('CUSTOMER_FIELD_LOCKED');
    }
  });

  it('a terminated customer is read-only, even for administrators', () => {
    expect(editRights('terminated').fields).toEqual([]);
    const r = refusal(() => checkEdit('terminated', ['notes'], true))!;
    expect(r.code).toBe('CUSTOMER_READ_ONLY');
    expect(r.status).toBe(409);
  });

  it('an edit that changes nothing is never refused', () => {
    expect(refusal(() => checkEdit('terminated', [], false))).toBeNull();
  });

  it('only prospects without contracts can be deleted, and a refusal says why', () => {
    expect(refusal(() => checkDelete('prospect', 0))).toBeNull();
    expect(refusal(() => checkDelete('prospect', 2))!.code).toBe('CUSTOMER_HAS_CONTRACTS');
    for (const status of ['pending', 'active', 'suspended', 'terminated'] as const) {
      const r = refusal(() => checkDelete(status, 0))!;
      expect(r.code).toBe('CUSTOMER_NOT_DELETABLE');
      expect(r.message).toContain(status);
    }
  });
});
