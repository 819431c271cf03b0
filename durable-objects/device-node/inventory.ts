import { eq } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import * as schema from '../../schema/device-node';
import type { DeviceView } from '../../schema/dto/devices';
import type { CapacityPublisher } from './capacity';
import type { NodeJournal } from './journal';
import type { DeviceRow, NodeDb, NodePort, NodeRow } from './port';
import { nodeStatements } from './statements';
import { deviceView } from './views';

const { node, devices } = schema;

/** The node's identity row; a node nobody registered answers NODE_NOT_FOUND. */
export function nodeIdentity(db: NodeDb): NodeRow {
  const row = nodeStatements(db).identity.get();
  if (!row) throw new AppError(404, 'NODE_NOT_FOUND', 'no device node with that id');
  return row;
}

/** Devices to register: `count` alike (new ids), or one with the given `deviceId`. */
export interface AddDevices {
  deviceId?: string;
  cpuCores: number;
  memoryMB: number;
  storageMB: number;
  count?: number;
}

/** The node itself and its devices: registering, adding devices, taking them in and out of maintenance. */
export class Inventory {
  constructor(
    private readonly port: Pick<NodePort, 'db' | 'now' | 'tx'>,
    private readonly journal: NodeJournal,
    private readonly capacity: CapacityPublisher,
  ) {}

  private get db(): NodeDb {
    return this.port.db;
  }

  /** Registers this node (or changes its region); answers whether it is new. */
  async register(input: { nodeId: string; region?: string }): Promise<Outcome<boolean>> {
    const outcome = toOutcome(() =>
      this.port.tx(() => {
        const row = this.db.select().from(node).get();
        if (row) {
          if (input.region !== undefined && input.region !== row.region) {
            this.db.update(node).set({ region: input.region }).run();
            this.capacity.changed();
          }
          return false;
        }
        this.db
          .insert(node)
          .values({
            id: 1,
            nodeId: input.nodeId,
            region: input.region ?? null,
            createdAt: this.port.now(),
            capacityVersion: 1,
          })
          .run();
        this.journal.event('node.registered', null, null, { region: input.region ?? null });
        return true;
      }),
    );
    if (outcome.ok) await this.capacity.publishNow();
    return outcome;
  }

  async addDevices(input: AddDevices): Promise<Outcome<DeviceView[]>> {
    const outcome = toOutcome(() =>
      this.port.tx(() => {
        const { nodeId } = nodeIdentity(this.db);
        const now = this.port.now();
        const added: DeviceRow[] = [];
        for (let i = 0; i < (input.count ?? 1); i++) {
          const id = input.deviceId ?? newId('dev');
          if (this.db.select({ id: devices.id }).from(devices).where(eq(devices.id, id)).get()) {
            throw new AppError(409, 'DEVICE_EXISTS', `device ${id} is already registered on ${nodeId}`, {
              fields: [{ path: 'body.deviceId', message: 'taken on this node' }],
            });
          }
          const row = this.db
            .insert(devices)
            .values({
              id,
              cpuCores: input.cpuCores,
              memoryMB: input.memoryMB,
              storageMB: input.storageMB,
              status: 'available',
              createdAt: now,
              updatedAt: now,
            })
            .returning()
            .get();
          added.push(row);
        }
        this.journal.event('device.registered', null, added.length === 1 ? added[0]!.id : null, {
          count: added.length,
        });
        this.capacity.changed();
        return added.map((d) => deviceView(d, nodeId));
      }),
    );
    if (outcome.ok) await this.capacity.publishNow();
    return outcome;
  }

  async setDeviceStatus(deviceId: string, status: 'available' | 'maintenance'): Promise<Outcome<DeviceView>> {
    const outcome = toOutcome(() =>
      this.port.tx(() => {
        const { nodeId } = nodeIdentity(this.db);
        const device = this.db.select().from(devices).where(eq(devices.id, deviceId)).get();
        if (!device) throw new AppError(404, 'DEVICE_NOT_FOUND', `no device ${deviceId} on ${nodeId}`);
        if (device.status === 'allocated') {
          throw new AppError(409, 'DEVICE_ALLOCATED', 'the device is in use; release it first', {
            allocationId: device.allocationId,
          });
        }
        const row = this.db
          .update(devices)
          .set({ status, updatedAt: this.port.now() })
          .where(eq(devices.id, deviceId))
          .returning()
          .get()!;
        if (device.status !== status) {
          this.journal.event(`device.${status}`, null, deviceId, null);
          this.capacity.changed();
        }
        return deviceView(row, nodeId);
      }),
    );
    if (outcome.ok) await this.capacity.publishNow();
    return outcome;
  }
}
