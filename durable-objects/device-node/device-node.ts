import type { Env } from '../../lib/env';
import * as schema from '../../schema/device-node';
import migrations from '../../schema/migrations/device-node/migrations.js';
import { Actor } from '../actor';

/** One device node: its devices, allocations and usage outbox (the device module fills it in). */
export class DeviceNodeActor extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }
}
