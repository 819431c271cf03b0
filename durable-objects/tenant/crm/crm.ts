import type { JobHandler } from '../../actor';
import { UnchangedReads } from '../../unchanged-reads';
import type { ProfileRow, TenantModule, TenantPort } from '../port';
import { Contracts } from './contracts';
import { Customers } from './customers';
import { nightlyDrift } from './history';
import { CrmRecords } from './records';
import { BOUNDARY_JOB, StatusSync } from './sync';

/**
 * The CRM module of a tenant: customers, retail contracts, and the sync that keeps each customer's
 * status in line with its contracts (requirements B1–B7). Its rules are pure functions beside it
 * (status, rights, terms, months); its parts share one port, one set of reads and one sync.
 */
export class Crm implements TenantModule {
  readonly customers: Customers;
  readonly contracts: Contracts;
  readonly sync: StatusSync;

  constructor(readonly port: TenantPort) {
    const parts = {
      records: new CrmRecords(port.db, port.sql),
      sync: new StatusSync(port),
      reads: new UnchangedReads(port.sql),
    };
    this.sync = parts.sync;
    this.customers = new Customers(port, parts);
    this.contracts = new Contracts(port, parts);
  }

  jobs(): Record<string, JobHandler> {
    return { [BOUNDARY_JOB]: () => this.sync.onBoundary() };
  }

  onSettingsChanged(before: ProfileRow, after: ProfileRow, operator: string): void {
    this.sync.onSettingsChanged(before, after, operator);
  }

  /** The nightly `customer-status-sync` task: reconcile as of the run's scheduled time. */
  reconcile(asOf: number) {
    return this.sync.reconcile(asOf, { ...nightlyDrift(), operator: 'system:customer-status-sync' });
  }
}
