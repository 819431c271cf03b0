import type { Env } from '../lib/env';
import { log, setLogLevel } from '../lib/log';
import { missingConfiguration } from '../lib/production';
import { createApp } from './app';
import { rewriteTenantPath } from './middleware/tenant';
import { watchOperations } from './ops/watch';
import { runDueTasks } from './tasks/runner';

export { DeviceNodeActor } from '../durable-objects/device-node/device-node';
export { Directory } from '../durable-objects/directory/directory';
export { LawyerActor } from '../durable-objects/lawyer/lawyer';
export { RateLimiter } from '../durable-objects/rate-limiter/rate-limiter';
export { TenantActor } from '../durable-objects/tenant/tenant';

const app = createApp();

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    setLogLevel(env.LOG_LEVEL);
    return app.fetch(rewriteTenantPath(request), env, ctx);
  },

  /**
   * Cloudflare fires the minute tick in UTC; the task framework decides which tasks are due, and the
   * operational alerts take their sample.
   */
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    setLogLevel(env.LOG_LEVEL);
    const missing = missingConfiguration(env as unknown as Record<string, unknown>);
    if (missing.length > 0) return log.error('scheduled.not_configured', { missing });
    ctx.waitUntil(runDueTasks(env, controller.scheduledTime));
    ctx.waitUntil(watchOperations(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
