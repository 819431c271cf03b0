import { runInDurableObject } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, expect } from 'vitest';
import { statusFromContracts } from '../../durable-objects/tenant/crm/status';
import type { TenantActor } from '../../durable-objects/tenant/tenant';
import { sweepNow } from '../clock';
import { monthFromNow, thisMonth } from '../crm-helpers';
import { adminToken, companyWithMember, tenantStub } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

type Op =
  | { kind: 'create'; from: number; length: number }
  | { kind: 'update'; pick: number; from: number; length: number }
  | { kind: 'delete'; pick: number };

const offset = fc.integer({ min: -8, max: 8 });
const length = fc.integer({ min: 0, max: 6 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), from: offset, length }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), from: offset, length }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);

sweepNow(
  "keeps a customer's status equal to the rule over all its contracts, through any creates, updates and deletes",
  async () => {
    const { code } = await companyWithMember(admin, 'admin');
    const stub = tenantStub(code);
    await runInDurableObject(stub, async (actor: TenantActor, state) => {
      const userId = state.storage.sql
        .exec<{ id: string }>('select user_id as id from members limit 1')
        .one().id;
      const caller = { kind: 'user' as const, id: userId, write: true };
      const month = thisMonth();
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
          const created = await actor.createCustomer(caller, { name: 'Property Ltd' });
          if (!created.ok) throw new Error(JSON.stringify(created.error));
          const customerId = created.value.id;
          const contracts: string[] = [];
          for (const o of ops) {
            let answered: string | undefined;
            if (o.kind === 'create') {
              const res = await actor.createContract(caller, {
                customerId,
                purchaseStartMonth: monthFromNow(o.from),
                purchaseEndMonth: monthFromNow(o.from + o.length),
                purchasingElectricityQuantity: 1,
              });
              if (!res.ok) throw new Error(JSON.stringify(res.error));
              contracts.push(res.value.id);
              answered = res.value.customerStatus;
            } else if (contracts.length > 0) {
              const id = contracts[o.pick % contracts.length]!;
              const res =
                o.kind === 'update'
                  ? await actor.updateContract(caller, id, {
                      purchaseStartMonth: monthFromNow(o.from),
                      purchaseEndMonth: monthFromNow(o.from + o.length),
                    })
                  : await actor.deleteContract(caller, id);
              if (!res.ok) throw new Error(JSON.stringify(res.error));
              if (o.kind === 'delete') contracts.splice(contracts.indexOf(id), 1);
              answered = res.value.customerStatus;
            }
            const terms = state.storage.sql
              .exec<{ startMonth: string; endMonth: string }>(
                'select start_month as startMonth, end_month as endMonth from crm_contracts where customer_id = ?',
                customerId,
              )
              .toArray();
            const expected = statusFromContracts(terms, month);
            const stored = state.storage.sql
              .exec<{ status: string }>('select status from crm_customers where id = ?', customerId)
              .one().status;
            expect(stored).toBe(expected);
            if (answered !== undefined) expect(answered).toBe(expected);
          }
        }),
        { numRuns: 40 },
      );
    });
  },
);
