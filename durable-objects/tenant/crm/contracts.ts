import { and, count, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import type { Page } from '../../../schema/dto/common';
import {
  type Contract,
  type ContractCreate,
  type ContractDeleteAnswer,
  type ContractListQuery,
  type ContractUpdate,
  type ContractWriteAnswer,
  type JsonText,
  jsonText,
} from '../../../schema/dto/crm';
import * as schema from '../../../schema/tenant';
import type { Caller } from '../access';
import type { CrmParts, CrmPort } from './customers';
import { contractChanged, contractCreated, contractDeleted } from './history';
import { type ContractRow, type CustomerRow, contractView } from './records';
import { nextStatusChange } from './status';
import { fromMilli, termErrors, toMilli } from './terms';

const { crmCustomers, crmContracts } = schema;

/**
 * Retail contracts. Every write is one transaction: the contract, the customer's new status, its history
 * entry and the next boundary alarm are written together or not at all (requirement B3).
 */
export class Contracts {
  constructor(
    private readonly port: CrmPort,
    private readonly parts: CrmParts,
  ) {}

  private get db() {
    return this.port.db;
  }

  create(caller: Caller, input: ContractCreate): Promise<Outcome<ContractWriteAnswer>> {
    return this.port.write(() => {
      const p = this.port.access(caller, 'member');
      checkTerms(input);
      const customer = this.port.sql
        .exec<Pick<CustomerRow, 'id' | 'name' | 'status'>>(
          'select id, name, status from crm_customers where id = ?',
          input.customerId,
        )
        .toArray()[0];
      if (!customer) {
        throw new AppError(404, 'CUSTOMER_NOT_FOUND', 'no customer with that id', {
          fields: [{ path: 'body.customerId', message: 'no such customer' }],
        });
      }
      if (customer.status === 'terminated') {
        throw new AppError(409, 'CUSTOMER_TERMINATED', 'a terminated customer cannot get new contracts', {
          fields: [{ path: 'body.customerId', message: 'the customer is terminated' }],
        });
      }
      const now = this.port.now();
      const row: ContractRow = {
        id: newId('ctr'),
        customerId: customer.id,
        startMonth: input.purchaseStartMonth,
        endMonth: input.purchaseEndMonth,
        quantityMilli: toMilli(input.purchasingElectricityQuantity),
        createdAt: now,
        updatedAt: now,
        updatedBy: caller.id,
      };
      this.port.sql.exec(
        `insert into crm_contracts (id, customer_id, start_month, end_month, quantity_milli, created_at, updated_at, updated_by)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
        row.id,
        row.customerId,
        row.startMonth,
        row.endMonth,
        row.quantityMilli,
        row.createdAt,
        row.updatedAt,
        row.updatedBy,
      );
      const month = this.port.monthNow(p);
      const status = this.parts.sync.syncCustomer(p, customer, month, {
        ...contractCreated(row.id, row),
        operator: caller.id,
      });
      // Only the new contract can bring the next boundary closer.
      this.parts.sync.keepBoundaryBefore(p, nextStatusChange([row], month));
      return {
        ...contractView(row, customer.name, month),
        customerStatus: status,
        previousCustomerStatus: customer.status,
      };
    });
  }

  list(caller: Caller, query: ContractListQuery): Outcome<JsonText<Page<Contract>>> {
    return toOutcome(() => {
      const month = this.port.monthNow(this.port.access(caller, 'member'));
      const { customerId, status, page, pageSize } = query;
      return this.parts.reads.get(
        JSON.stringify(['contracts', month, customerId, status, page, pageSize]),
        () => {
          const filters: SQL[] = [];
          if (customerId) filters.push(eq(crmContracts.customerId, customerId));
          if (status === 'pending') filters.push(gt(crmContracts.startMonth, month));
          if (status === 'active')
            filters.push(lte(crmContracts.startMonth, month), gte(crmContracts.endMonth, month));
          if (status === 'expired') filters.push(lt(crmContracts.endMonth, month));
          const where = filters.length ? and(...filters) : undefined;
          const total = this.db.select({ n: count() }).from(crmContracts).where(where).get()!.n;
          const items = this.db
            .select({ k: crmContracts, name: crmCustomers.name })
            .from(crmContracts)
            .innerJoin(crmCustomers, eq(crmCustomers.id, crmContracts.customerId))
            .where(where)
            .orderBy(desc(crmContracts.startMonth), desc(crmContracts.createdAt), desc(crmContracts.id))
            .limit(pageSize)
            .offset((page - 1) * pageSize)
            .all()
            .map(({ k, name }) => contractView(k, name, month));
          return jsonText({ items, total, page, pageSize });
        },
      );
    });
  }

  get(caller: Caller, id: string): Outcome<Contract> {
    return toOutcome(() => {
      const p = this.port.access(caller, 'member');
      const row = this.parts.records.requireContract(id);
      const customer = this.parts.records.requireCustomer(row.customerId);
      return contractView(row, customer.name, this.port.monthNow(p));
    });
  }

  /** Requirement B3: a changed term recomputes the customer's status from all its contracts. */
  update(caller: Caller, id: string, patch: ContractUpdate): Promise<Outcome<ContractWriteAnswer>> {
    return this.port.write(() => {
      const p = this.port.access(caller, 'member');
      const row = this.parts.records.requireContract(id);
      const customer = this.parts.records.requireCustomer(row.customerId);
      refuseIfTerminated(customer);
      const terms = {
        purchaseStartMonth: patch.purchaseStartMonth ?? row.startMonth,
        purchaseEndMonth: patch.purchaseEndMonth ?? row.endMonth,
        purchasingElectricityQuantity: patch.purchasingElectricityQuantity ?? fromMilli(row.quantityMilli),
      };
      checkTerms(terms);
      const updated = this.db
        .update(crmContracts)
        .set({
          startMonth: terms.purchaseStartMonth,
          endMonth: terms.purchaseEndMonth,
          quantityMilli: toMilli(terms.purchasingElectricityQuantity),
          updatedAt: this.port.now(),
          updatedBy: caller.id,
        })
        .where(eq(crmContracts.id, id))
        .returning()
        .get()!;
      const month = this.port.monthNow(p);
      const status = this.parts.sync.syncCustomer(p, customer, month, {
        ...contractChanged(id, row, updated),
        operator: caller.id,
      });
      this.parts.sync.scheduleBoundary(p);
      return {
        ...contractView(updated, customer.name, month),
        customerStatus: status,
        previousCustomerStatus: customer.status,
      };
    });
  }

  /** Requirement B3: deleting recomputes from the contracts left; with none left the customer is a prospect again. */
  delete(caller: Caller, id: string): Promise<Outcome<ContractDeleteAnswer>> {
    return this.port.write(() => {
      const p = this.port.access(caller, 'member');
      const row = this.parts.records.requireContract(id);
      const customer = this.parts.records.requireCustomer(row.customerId);
      refuseIfTerminated(customer);
      this.db.delete(crmContracts).where(eq(crmContracts.id, id)).run();
      const left = this.db
        .select({ n: count() })
        .from(crmContracts)
        .where(eq(crmContracts.customerId, customer.id))
        .get()!.n;
      const status = this.parts.sync.syncCustomer(p, customer, this.port.monthNow(p), {
        ...contractDeleted(id, left),
        operator: caller.id,
      });
      this.parts.sync.scheduleBoundary(p);
      return {
        id,
        deleted: true as const,
        customerId: customer.id,
        customerStatus: status,
        previousCustomerStatus: customer.status,
      };
    });
  }
}

function checkTerms(t: Parameters<typeof termErrors>[0]): void {
  const fields = termErrors(t);
  if (fields.length > 0) {
    throw new AppError(400, 'VALIDATION_FAILED', `invalid ${fields.map((f) => f.path).join(', ')}`, {
      fields,
    });
  }
}

function refuseIfTerminated(customer: CustomerRow): void {
  if (customer.status === 'terminated') {
    throw new AppError(409, 'CUSTOMER_READ_ONLY', "a terminated customer's contracts are read-only", {
      status: customer.status,
    });
  }
}
