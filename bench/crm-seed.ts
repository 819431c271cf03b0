import type { Crm } from '../durable-objects/tenant/crm/crm';
import { type ContractTerm, statusFromContracts } from '../durable-objects/tenant/crm/status';
import { AppError, type Outcome } from '../lib/errors';
import { newId } from '../lib/ids';
import { addMonths } from '../lib/zoned';
import * as schema from '../schema/tenant';
import type { CustomerStatus } from '../schema/vocabulary/crm';
import type { BenchSeedBody } from './schema';

const { crmCustomers, crmContracts } = schema;

/** A status that is wrong for a customer whose contracts say `right`: drift for the nightly task to fix. */
const WRONG: Record<CustomerStatus, CustomerStatus> = {
  prospect: 'active',
  pending: 'prospect',
  active: 'pending',
  suspended: 'suspended',
  terminated: 'terminated',
};

/**
 * `customers` customers with random contracts around now, a share of them stored with a wrong status so
 * that the nightly task has drift to fix. Written straight into the tenant's tables (the public API would
 * correct the drift as it goes), then announced to the Directory as the CRM would.
 */
export function seedCrm(
  crm: Crm,
  input: BenchSeedBody,
): Promise<Outcome<{ tenant: string; customers: number; contracts: number; drifted: number }>> {
  const { port } = crm;
  // `write`, not `tx`: the Directory must hear of this tenant now, not on the next alarm.
  return port.write(() => {
    const p = port.profile();
    if (!p || p.deletedAt) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    const now = port.now();
    const month = port.monthNow(p);
    let contracts = 0;
    let drifted = 0;
    for (let i = 0; i < input.customers; i++) {
      const id = newId('cus');
      const terms: ContractTerm[] = [];
      for (let j = 0; j < input.contractsPerCustomer; j++) {
        const startMonth = addMonths(month, Math.floor(Math.random() * 24) - 12);
        terms.push({ startMonth, endMonth: addMonths(startMonth, Math.floor(Math.random() * 12)) });
      }
      const right = statusFromContracts(terms, month);
      const drift = Math.random() < input.driftShare;
      if (drift) drifted++;
      port.db
        .insert(crmCustomers)
        .values({
          id,
          name: `Bench customer ${i}`,
          status: drift ? WRONG[right] : right,
          createdAt: now,
          updatedAt: now,
          updatedBy: 'system:bench',
        })
        .run();
      for (const t of terms) {
        port.db
          .insert(crmContracts)
          .values({
            id: newId('ctr'),
            customerId: id,
            startMonth: t.startMonth,
            endMonth: t.endMonth,
            quantityMilli: 1000 + Math.floor(Math.random() * 1_000_000),
            createdAt: now,
            updatedAt: now,
            updatedBy: 'system:bench',
          })
          .run();
        contracts++;
      }
    }
    crm.sync.announce(p);
    crm.sync.scheduleBoundary(p);
    return { tenant: p.code, customers: input.customers, contracts, drifted };
  });
}
