import type { Env } from '../../lib/env';
import * as schema from '../../schema/lawyer';
import migrations from '../../schema/migrations/lawyer/migrations.js';
import { Actor } from '../actor';

/** One lawyer: certification, membership, level and points (the marketplace module fills it in). */
export class LawyerActor extends Actor<typeof schema> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, { schema, migrations });
  }
}
