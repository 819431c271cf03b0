import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../durable-objects/tenant/crm/months';
import {
  allowedOperations,
  type ContractTerm,
  contractStatusFor,
  customerStatusFor,
  decisiveContract,
  nextStatusChange,
  operate,
  statusFromContracts,
} from '../../durable-objects/tenant/crm/status';
import { CUSTOMER_STATUSES, type CustomerStatus, OPERATION_NAMES } from '../../schema/vocabulary/crm';

const month = fc
  .record({ year: fc.integer({ min: 2023, max: 2029 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, m }) => `${year}-${String(m).padStart(2, '0')}`);
const term: fc.Arbitrary<ContractTerm> = fc
  .record({ startMonth: month, length: fc.integer({ min: 0, max: 30 }) })
  .map(({ startMonth, length }) => ({ startMonth, endMonth: addMonths(startMonth, length) }));
const terms = fc.array(term, { maxLength: 8 });
const status = fc.constantFrom(...CUSTOMER_STATUSES);
const managed = fc.constantFrom<CustomerStatus>('prospect', 'pending', 'active');

/** B2/B3 spelled out the long way, as the requirement words it. */
function reference(contracts: ContractTerm[], m: string): CustomerStatus {
  const states = contracts.map((c) => (m < c.startMonth ? 'pending' : m > c.endMonth ? 'expired' : 'active'));
  if (states.includes('active')) return 'active';
  if (states.includes('pending')) return 'pending';
  return 'prospect';
}

describe('contractStatusFor (B2)', () => {
  it('is pending before the start month, active from start to end inclusive, expired after', () => {
    const c = { startMonth: '2026-03', endMonth: '2026-05' };
    expect(contractStatusFor(c, '2026-02')).toBe('pending');
    expect(contractStatusFor(c, '2026-03')).toBe('active');
    expect(contractStatusFor(c, '2026-05')).toBe('active');
    expect(contractStatusFor(c, '2026-06')).toBe('expired');
    expect(contractStatusFor({ startMonth: '2025-12', endMonth: '2026-01' }, '2026-01')).toBe('active');
  });
});

describe('customerStatusFor (B3/B4)', () => {
  it('matches requirement B3: any active → active, else any pending → pending, else prospect', () => {
    fc.assert(
      fc.property(terms, month, managed, (cs, m, current) => {
        expect(customerStatusFor(cs, m, current)).toBe(reference(cs, m));
      }),
    );
  });

  it('needs only the decisive contract: the earliest-starting one not yet ended', () => {
    fc.assert(
      fc.property(terms, month, managed, (cs, m, current) => {
        const decisive = decisiveContract(cs, m);
        expect(customerStatusFor(decisive ? [decisive] : [], m, current)).toBe(reference(cs, m));
        if (decisive) {
          expect(decisive.endMonth >= m).toBe(true);
          expect(cs.filter((c) => c.endMonth >= m && c.startMonth < decisive.startMonth)).toEqual([]);
        } else {
          expect(cs.filter((c) => c.endMonth >= m)).toEqual([]);
        }
      }),
    );
  });

  it('never touches suspended or terminated customers', () => {
    fc.assert(
      fc.property(
        terms,
        month,
        fc.constantFrom<CustomerStatus>('suspended', 'terminated'),
        (cs, m, current) => {
          expect(customerStatusFor(cs, m, current)).toBe(current);
        },
      ),
    );
  });

  it('does not depend on the order of the contracts', () => {
    fc.assert(
      fc.property(terms, month, status, (cs, m, current) => {
        const reversed = [...cs].reverse();
        const rotated = cs.length ? [...cs.slice(1), cs[0]!] : cs;
        const answer = customerStatusFor(cs, m, current);
        expect(customerStatusFor(reversed, m, current)).toBe(answer);
        expect(customerStatusFor(rotated, m, current)).toBe(answer);
      }),
    );
  });

  it('create: a prospect with a future contract becomes pending, with a started one active', () => {
    // The prospect's other contracts are all expired (that is what makes it a prospect).
    fc.assert(
      fc.property(terms, month, term, (past, m, added) => {
        const expired = past.filter((c) => c.endMonth < m);
        const before = customerStatusFor(expired, m, 'prospect');
        expect(before).toBe('prospect');
        const after = customerStatusFor([...expired, added], m, before);
        const s = contractStatusFor(added, m);
        expect(after).toBe(s === 'pending' ? 'pending' : s === 'active' ? 'active' : 'prospect');
      }),
    );
  });

  it('create: a pending customer becomes active with a started contract, and stays pending with a future one', () => {
    fc.assert(
      fc.property(terms, month, term, (cs, m, added) => {
        const consistent = cs.filter((c) => c.startMonth > m || c.endMonth < m);
        fc.pre(statusFromContracts(consistent, m) === 'pending');
        const after = customerStatusFor([...consistent, added], m, 'pending');
        expect(after).toBe(contractStatusFor(added, m) === 'active' ? 'active' : 'pending');
      }),
    );
  });

  it('create: an active customer stays active whatever contract is added', () => {
    fc.assert(
      fc.property(terms, month, term, (cs, m, added) => {
        fc.pre(statusFromContracts(cs, m) === 'active');
        expect(customerStatusFor([...cs, added], m, 'active')).toBe('active');
      }),
    );
  });

  it('delete: without contracts every sync-managed customer is a prospect again', () => {
    fc.assert(
      fc.property(month, managed, (m, current) => {
        expect(customerStatusFor([], m, current)).toBe('prospect');
      }),
    );
  });

  it('once every contract has ended, the customer is a prospect for good', () => {
    fc.assert(
      fc.property(terms, month, fc.integer({ min: 0, max: 48 }), (cs, m, later) => {
        fc.pre(cs.length > 0);
        const lastEnd = cs
          .map((c) => c.endMonth)
          .sort()
          .at(-1)!;
        const after = addMonths(lastEnd, 1 + later);
        expect(customerStatusFor(cs, after, 'active')).toBe('prospect');
        expect(customerStatusFor(cs, m, 'prospect')).toBe(reference(cs, m));
      }),
    );
  });
});

describe('nextStatusChange (B5: when the alarm must fire)', () => {
  it('no status changes before it, and some contract changes status exactly at it', () => {
    fc.assert(
      fc.property(terms, month, (cs, m) => {
        const next = nextStatusChange(cs, m);
        const horizon = next ?? addMonths(m, 60);
        for (let x = addMonths(m, 1); x < horizon; x = addMonths(x, 1)) {
          for (const c of cs) expect(contractStatusFor(c, x)).toBe(contractStatusFor(c, m));
          expect(statusFromContracts(cs, x)).toBe(statusFromContracts(cs, m));
        }
        if (next !== null) {
          expect(next > m).toBe(true);
          const before = addMonths(next, -1);
          expect(cs.some((c) => contractStatusFor(c, next) !== contractStatusFor(c, before))).toBe(true);
        } else {
          expect(cs.every((c) => c.endMonth < m)).toBe(true);
        }
      }),
    );
  });

  it('fires the month after the last month of a contract', () => {
    expect(nextStatusChange([{ startMonth: '2026-01', endMonth: '2026-03' }], '2026-02')).toBe('2026-04');
    expect(nextStatusChange([{ startMonth: '2026-05', endMonth: '2026-06' }], '2026-02')).toBe('2026-05');
    expect(nextStatusChange([{ startMonth: '2025-01', endMonth: '2025-03' }], '2026-02')).toBeNull();
  });
});

describe('manual operations (B1)', () => {
  it('follow the transitions of requirement B1 exactly', () => {
    const expected: Record<string, CustomerStatus> = {
      'sign:prospect': 'pending',
      'activate:pending': 'active',
      'revoke:pending': 'terminated',
      'suspend:active': 'suspended',
      'resume:suspended': 'active',
      'terminate:active': 'terminated',
      'terminate:suspended': 'terminated',
    };
    for (const op of OPERATION_NAMES) {
      for (const from of CUSTOMER_STATUSES) {
        const key = `${op}:${from}`;
        if (expected[key]) expect(operate(op, from)).toBe(expected[key]);
        else expect(() => operate(op, from), key).toThrowError(/cannot/);
      }
    }
  });

  it('refuse with a reason naming the allowed operations', () => {
    try {
      operate('activate', 'prospect');
      expect.unreachable();
    } catch (err) {
      expect((err as { code: string }).code).toBe('INVALID_STATUS_TRANSITION');
      expect((err as { details: { allowed: string[] } }).details.allowed).toEqual(['sign']);
    }
    expect(allowedOperations('terminated')).toEqual([]);
    expect(allowedOperations('active').sort()).toEqual(['suspend', 'terminate']);
  });
});
