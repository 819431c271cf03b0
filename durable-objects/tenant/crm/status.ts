import { AppError } from '../../../lib/errors';
import {
  type ContractStatus,
  type CustomerStatus,
  OPERATION_NAMES,
  type Operation,
} from '../../../schema/vocabulary/crm';
import { addMonths, type Month } from './months';

/**
 * How a customer's status follows its retail contracts (SPEC B1–B5), as pure functions. Contract
 * create, update and delete, the month-boundary alarm and the nightly reconciliation all ask
 * `customerStatusFor`, so "how does a customer become active" has exactly one answer.
 */

/** The months a contract buys electricity for, both inclusive. */
export interface ContractTerm {
  startMonth: Month;
  endMonth: Month;
}

/** B2: computed, never stored. */
export function contractStatusFor(term: ContractTerm, month: Month): ContractStatus {
  if (month < term.startMonth) return 'pending';
  if (month > term.endMonth) return 'expired';
  return 'active';
}

/** B3: any active contract → active, else any pending → pending, else prospect (none, or all expired). */
export function statusFromContracts(
  contracts: readonly ContractTerm[],
  month: Month,
): 'prospect' | 'pending' | 'active' {
  let pending = false;
  for (const c of contracts) {
    const s = contractStatusFor(c, month);
    if (s === 'active') return 'active';
    if (s === 'pending') pending = true;
  }
  return pending ? 'pending' : 'prospect';
}

/**
 * The one contract `statusFromContracts` needs to see: of those not ended by `month`, the one that starts
 * first (started: active; ahead: pending; none left: prospect). A write asks SQLite this through the
 * (customer, start month) index and reads one row, however many contracts the customer has.
 */
export function decisiveContract<T extends ContractTerm>(
  contracts: readonly T[],
  month: Month,
): T | undefined {
  let decisive: T | undefined;
  for (const c of contracts) {
    if (c.endMonth >= month && (decisive === undefined || c.startMonth < decisive.startMonth)) decisive = c;
  }
  return decisive;
}

/**
 * B4: suspended and terminated are set by people and only people undo them; automatic sync leaves
 * them alone (requirement B4: a nightly scan must not reactivate a suspended customer).
 */
export function isSyncManaged(status: CustomerStatus): boolean {
  return status !== 'suspended' && status !== 'terminated';
}

/** The status automatic sync gives a customer whose status is `current`, in business month `month`. */
export function customerStatusFor(
  contracts: readonly ContractTerm[],
  month: Month,
  current: CustomerStatus,
): CustomerStatus {
  return isSyncManaged(current) ? statusFromContracts(contracts, month) : current;
}

/**
 * The first month after `month` in which some contract changes status, from the two values an index
 * answers cheaply: the earliest start still ahead and the earliest end not yet passed. Null: nothing
 * will ever change again.
 */
export function firstChangeAfter(
  month: Month,
  earliestStartAfter: Month | null,
  earliestEndFrom: Month | null,
): Month | null {
  const candidates: Month[] = [];
  if (earliestStartAfter !== null && earliestStartAfter > month) candidates.push(earliestStartAfter);
  if (earliestEndFrom !== null && earliestEndFrom >= month) candidates.push(addMonths(earliestEndFrom, 1));
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (a < b ? a : b));
}

/** The first month after `month` in which any of `contracts` changes status (start begins, or end has passed). */
export function nextStatusChange(contracts: readonly ContractTerm[], month: Month): Month | null {
  let start: Month | null = null;
  let end: Month | null = null;
  for (const c of contracts) {
    if (c.startMonth > month && (start === null || c.startMonth < start)) start = c.startMonth;
    if (c.endMonth >= month && (end === null || c.endMonth < end)) end = c.endMonth;
  }
  return firstChangeAfter(month, start, end);
}

// Manual operations (B1).

export const OPERATIONS: Record<Operation, { from: readonly CustomerStatus[]; to: CustomerStatus }> = {
  sign: { from: ['prospect'], to: 'pending' },
  activate: { from: ['pending'], to: 'active' },
  revoke: { from: ['pending'], to: 'terminated' },
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  terminate: { from: ['active', 'suspended'], to: 'terminated' },
};

export function allowedOperations(status: CustomerStatus): Operation[] {
  return OPERATION_NAMES.filter((op) => OPERATIONS[op].from.includes(status));
}

/** The status a manual operation leads to, or a refusal that says which statuses it starts from. */
export function operate(op: Operation, current: CustomerStatus): CustomerStatus {
  const rule = OPERATIONS[op];
  if (!rule.from.includes(current)) {
    throw new AppError(
      409,
      'INVALID_STATUS_TRANSITION',
      `cannot ${op} a ${current} customer: ${op} moves ${rule.from.join(' or ')} → ${rule.to}`,
      { operation: op, status: current, from: rule.from, to: rule.to, allowed: allowedOperations(current) },
    );
  }
  return rule.to;
}
