import { count, desc, eq } from 'drizzle-orm';
import { fieldError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import type { Page } from '../../../schema/dto/common';
import {
  type Customer,
  type CustomerCreate,
  type CustomerListQuery,
  type CustomerSummary,
  type CustomerUpdate,
  type JsonText,
  jsonText,
  type StatusChange,
} from '../../../schema/dto/crm';
import * as schema from '../../../schema/tenant';
import {
  CUSTOMER_FIELDS,
  type CustomerField,
  type CustomerStatus,
  type Operation,
} from '../../../schema/vocabulary/crm';
import { containsPattern } from '../../like';
import type { UnchangedReads } from '../../unchanged-reads';
import type { Caller } from '../access';
import type { TenantPort } from '../port';
import { type ChangeParams, customerCreated } from './history';
import { type CrmRecords, type CustomerRow, customerView, summaryView } from './records';
import { checkDelete, checkEdit } from './rights';
import { operate } from './status';
import type { StatusSync } from './sync';

const { crmCustomers, crmContracts, crmStatusHistory, members } = schema;

export type CrmPort = Pick<
  TenantPort,
  'db' | 'sql' | 'now' | 'write' | 'access' | 'isAdmin' | 'monthNow' | 'consumeQuota'
>;

/** What the customer and contract parts share: the reads, the sync, and the memo of unchanged lists. */
export interface CrmParts {
  records: CrmRecords;
  sync: StatusSync;
  reads: UnchangedReads;
}

/** Customers: their fields, the manual status operations (requirement B1) and their status history. */
export class Customers {
  constructor(
    private readonly port: CrmPort,
    private readonly parts: CrmParts,
  ) {}

  private get db() {
    return this.port.db;
  }

  create(caller: Caller, input: CustomerCreate): Promise<Outcome<Customer>> {
    return this.port.write(() => {
      const p = this.port.access(caller, 'member');
      this.port.consumeQuota('customers', 1);
      const now = this.port.now();
      const row = this.db
        .insert(crmCustomers)
        .values({
          id: newId('cus'),
          name: input.name,
          status: 'prospect',
          contactName: input.contactName || null,
          contactPhone: input.contactPhone || null,
          address: input.address || null,
          notes: input.notes || null,
          createdAt: now,
          updatedAt: now,
          updatedBy: caller.id,
        })
        .returning()
        .get();
      this.parts.sync.record(row.id, null, 'prospect', 'manual', {
        ...customerCreated(),
        operator: caller.id,
      });
      this.parts.sync.announce(p);
      return customerView({ ...row, capacityMilli: null, hasContracts: 0 });
    });
  }

  /**
   * Lists cross RPC as JSON text: a structured clone of a page of 100 objects costs ~1 ms, a string
   * nothing. A page read again before anything changed is answered from `reads` (the capacities
   * depend on the month, so it is part of the key).
   */
  list(caller: Caller, query: CustomerListQuery): Outcome<JsonText<Page<CustomerSummary>>> {
    return toOutcome(() => {
      const month = this.port.monthNow(this.port.access(caller, 'member'));
      const { status, q, page, pageSize } = query;
      return this.parts.reads.get(JSON.stringify(['customers', month, status, q, page, pageSize]), () => {
        const filters: string[] = [];
        const args: SqlStorageValue[] = [];
        if (status) {
          filters.push('c.status = ?');
          args.push(status);
        }
        if (q) {
          filters.push("c.name like ? escape '\\'");
          args.push(containsPattern(q));
        }
        const where = filters.length ? `where ${filters.join(' and ')}` : '';
        const total = this.port.sql
          .exec<{ n: number }>(`select count(*) as n from crm_customers c ${where}`, ...args)
          .one().n;
        const items = this.parts.records
          .customerRecords(month, where, args, pageSize, (page - 1) * pageSize)
          .map(summaryView);
        return jsonText({ items, total, page, pageSize });
      });
    });
  }

  get(caller: Caller, id: string): Outcome<Customer> {
    return toOutcome(() => {
      const p = this.port.access(caller, 'member');
      return this.parts.records.customer(this.port.monthNow(p), id);
    });
  }

  update(caller: Caller, id: string, patch: CustomerUpdate): Promise<Outcome<Customer>> {
    return this.port.write(() => {
      const p = this.port.access(caller, 'member');
      const row = this.parts.records.requireCustomer(id);
      const next: Partial<Record<CustomerField, string | null>> = {};
      for (const field of CUSTOMER_FIELDS) {
        const given = patch[field];
        if (given === undefined) continue;
        const value = given === '' ? null : given;
        if (field === 'name' && value === null)
          throw fieldError(400, 'VALIDATION_FAILED', 'body.name', 'must not be empty', 'required');
        if (value !== row[field]) next[field] = value;
      }
      const changed = Object.keys(next) as CustomerField[];
      checkEdit(row.status, changed, this.port.isAdmin(caller));
      if (changed.length > 0) {
        this.db
          .update(crmCustomers)
          .set({ ...(next as Partial<CustomerRow>), updatedAt: this.port.now(), updatedBy: caller.id })
          .where(eq(crmCustomers.id, id))
          .run();
      }
      return this.parts.records.customer(this.port.monthNow(p), id);
    });
  }

  delete(caller: Caller, id: string): Promise<Outcome<{ id: string; deleted: true }>> {
    return this.port.write(() => {
      this.port.access(caller, 'member');
      const row = this.parts.records.requireCustomer(id);
      const contracts = this.db
        .select({ n: count() })
        .from(crmContracts)
        .where(eq(crmContracts.customerId, id))
        .get()!.n;
      checkDelete(row.status, contracts);
      this.db.delete(crmStatusHistory).where(eq(crmStatusHistory.customerId, id)).run();
      this.db.delete(crmCustomers).where(eq(crmCustomers.id, id)).run();
      this.port.consumeQuota('customers', -1);
      return { id, deleted: true as const };
    });
  }

  /** A manual operation of requirement B1; the history keeps who did it and why. */
  operate(caller: Caller, id: string, op: Operation, reason?: string): Promise<Outcome<Customer>> {
    return this.port.write(() => {
      const p = this.port.access(caller, 'member');
      const row = this.parts.records.requireCustomer(id);
      const to = operate(op, row.status);
      this.parts.sync.setStatus(row, to, 'manual', {
        event: `manual.${op}`,
        reason: reason || op,
        operator: caller.id,
      });
      return this.parts.records.customer(this.port.monthNow(p), id);
    });
  }

  statusHistory(
    caller: Caller,
    id: string,
    page: number,
    pageSize: number,
  ): Outcome<JsonText<Page<StatusChange>>> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      this.parts.records.requireCustomer(id);
      const where = eq(crmStatusHistory.customerId, id);
      const total = this.db.select({ n: count() }).from(crmStatusHistory).where(where).get()!.n;
      const items = this.db
        .select({ h: crmStatusHistory, operatorName: members.username })
        .from(crmStatusHistory)
        .leftJoin(members, eq(members.userId, crmStatusHistory.operator))
        .where(where)
        .orderBy(desc(crmStatusHistory.seq))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map(({ h, operatorName }) => ({
          oldStatus: h.oldStatus as CustomerStatus | null,
          newStatus: h.newStatus as CustomerStatus,
          changeType: h.changeType,
          event: h.event,
          reason: h.reason,
          params: h.params === null ? null : (JSON.parse(h.params) as ChangeParams),
          operator: h.operator,
          operatorName,
          at: iso(h.at),
        }));
      return jsonText({ items, total, page, pageSize });
    });
  }
}
