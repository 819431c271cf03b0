import type { Env } from '../lib/env';
import { log, setLogLevel } from '../lib/log';
import { missingConfiguration } from '../lib/production';
import { createApp } from './app';
import { rewriteTenantPath } from './middleware/tenant';
import { runDueTasks } from './tasks/runner';

export { DeviceNodeActor } from '../durable-objects/device-node/device-node';
export { Directory } from '../durable-objects/directory/directory';
export { LawyerActor } from '../durable-objects/lawyer/lawyer';
export { TenantActor } from '../durable-objects/tenant/tenant';

const app = createApp();

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    setLogLevel(env.LOG_LEVEL);
    return app.fetch(rewriteTenantPath(request), env, ctx);
  },

  /** Cloudflare fires the minute tick in UTC; the task framework decides which tasks are due. */
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    setLogLevel(env.LOG_LEVEL);
    const missing = missingConfiguration(env as unknown as Record<string, unknown>);
    if (missing.length > 0) return log.error('scheduled.not_configured', { missing });
    ctx.waitUntil(runDueTasks(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
