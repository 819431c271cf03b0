import type { JobHandler, MessageHandler } from '../../actor';
import { ALLOCATION_ENDED, type AllocationEndedMessage } from '../../device-node/node-types';
import { EXPIRY_NOTICE_JOB } from '../billing/notices';
import type { TenantModule, TenantPort } from '../port';
import { DeviceAllocation, SETTLE_JOB } from './allocation';
import { DeviceExtension } from './extension';
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
  readonly extension: DeviceExtension;
  readonly metering: Metering;
  readonly reads: DeviceReads;

  constructor(port: TenantPort) {
    this.wallets = new Wallets(port);
    this.allocation = new DeviceAllocation(port, this.wallets);
    this.extension = new DeviceExtension(port, this.wallets, this.allocation);
    this.metering = new Metering(port, this.wallets, this.allocation);
    this.reads = new DeviceReads(port, this.wallets);
  }

  jobs(): Record<string, JobHandler> {
    return {
      [SETTLE_JOB]: (key, payload) => this.allocation.settle(key, payload),
      [EXPIRY_NOTICE_JOB]: (key, payload) => this.extension.noticeDue(key, payload),
    };
  }

  messages(): Record<string, MessageHandler> {
    return {
      [ALLOCATION_ENDED]: (m: AllocationEndedMessage) => void this.allocation.applyEnded(m),
    };
  }
}
