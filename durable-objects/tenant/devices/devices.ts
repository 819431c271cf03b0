import type { JobHandler, MessageHandler } from '../../actor';
import { ALLOCATION_ENDED, type AllocationEndedMessage } from '../../device-node/node-types';
import type { TenantModule, TenantPort } from '../port';
import { DeviceAllocation, SETTLE_JOB } from './allocation';
import { Metering } from './metering';
import { DeviceReads } from './reads';
import { Wallets } from './wallets';

/**
 * The tenant's side of devices and billing (requirements E1–E8): allocations coordinated with the
 * device nodes, the users' prepaid wallets, and the built-in billing that charges usage records once
 * per allocation id. Its parts share one port.
 */
export class TenantDevices implements TenantModule {
  readonly wallets: Wallets;
  readonly allocation: DeviceAllocation;
  readonly metering: Metering;
  readonly reads: DeviceReads;

  constructor(port: TenantPort) {
    this.wallets = new Wallets(port);
    this.allocation = new DeviceAllocation(port, this.wallets);
    this.metering = new Metering(port, this.wallets, this.allocation);
    this.reads = new DeviceReads(port, this.wallets);
  }

  jobs(): Record<string, JobHandler> {
    return { [SETTLE_JOB]: (key, payload) => this.allocation.settle(key, payload) };
  }

  messages(): Record<string, MessageHandler> {
    return {
      [ALLOCATION_ENDED]: (m: AllocationEndedMessage) => void this.allocation.applyEnded(m),
    };
  }
}
