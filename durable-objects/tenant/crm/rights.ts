import { AppError } from '../../../lib/errors';
import { CUSTOMER_FIELDS, type CustomerField, type CustomerStatus } from '../../../schema/vocabulary/crm';

/**
 * Who may change what of a customer, by status (SPEC B1): prospect fully editable and deletable;
 * pending limited; active and suspended strictly controlled; terminated read-only.
 */

export interface EditRights {
  fields: readonly CustomerField[];
  /** Strictly controlled statuses: only a company administrator edits them. */
  adminOnly: boolean;
}

const RIGHTS: Record<CustomerStatus, EditRights> = {
  prospect: { fields: CUSTOMER_FIELDS, adminOnly: false },
  // Signed: the name is the contract party's and stays; how to reach them may change.
  pending: { fields: ['contactName', 'contactPhone', 'address', 'notes'], adminOnly: false },
  active: { fields: ['contactName', 'contactPhone', 'notes'], adminOnly: true },
  suspended: { fields: ['contactName', 'contactPhone', 'notes'], adminOnly: true },
  terminated: { fields: [], adminOnly: true },
};

export function editRights(status: CustomerStatus): EditRights {
  return RIGHTS[status];
}

/** Refuses an edit that changes a field the status protects, naming each such field and why. */
export function checkEdit(status: CustomerStatus, changed: readonly CustomerField[], isAdmin: boolean): void {
  if (changed.length === 0) return;
  const rights = RIGHTS[status];
  if (status === 'terminated') {
    throw new AppError(409, 'CUSTOMER_READ_ONLY', 'a terminated customer is read-only', {
      status,
      fields: changed.map((f) => ({ path: `body.${f}`, message: 'a terminated customer is read-only' })),
    });
  }
  const refused = changed.filter((f) => !rights.fields.includes(f));
  if (refused.length > 0) {
    throw new AppError(
      409,
      'CUSTOMER_FIELD_LOCKED',
      `a ${status} customer's ${refused.join(', ')} cannot be changed`,
      {
        status,
        editable: rights.fields,
        fields: refused.map((f) => ({
          path: `body.${f}`,
          message: `cannot be changed while the customer is ${status}`,
        })),
      },
    );
  }
  if (rights.adminOnly && !isAdmin) {
    throw new AppError(
      403,
      'TENANT_ADMIN_REQUIRED',
      `only a company administrator may edit a ${status} customer`,
      {
        status,
      },
    );
  }
}

export function isDeletable(status: CustomerStatus): boolean {
  return status === 'prospect';
}

/** Only prospects go, and only without contracts: a contract is a record of business done. */
export function checkDelete(status: CustomerStatus, contractCount: number): void {
  if (!isDeletable(status)) {
    throw new AppError(
      409,
      'CUSTOMER_NOT_DELETABLE',
      `only prospect customers can be deleted; this customer is ${status}`,
      {
        status,
      },
    );
  }
  if (contractCount > 0) {
    throw new AppError(
      409,
      'CUSTOMER_HAS_CONTRACTS',
      `this customer still has ${contractCount} contract(s); delete them first`,
      { status, contracts: contractCount },
    );
  }
}
