import type { Env } from '../lib/env';
import worker from '../workers/index';
import { benchApp } from './routes';

// The worker as `npm run bench` runs it (wrangler.bench.toml): the production worker, plus the bench-only
// routes under /api/internal/bench/ and a tenant actor that serves them. Production builds never see this.

export {
  DeviceNodeActor,
  Directory,
  DispatchActor,
  LawyerActor,
  LegalClientActor,
  RateLimiter,
} from '../workers/index';
export { BenchTenantActor as TenantActor } from './tenant-actor';

const BENCH_PREFIX = '/api/internal/bench/';

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (new URL(request.url).pathname.startsWith(BENCH_PREFIX)) return benchApp.fetch(request, env, ctx);
    return worker.fetch(request, env, ctx);
  },
  scheduled: worker.scheduled,
} satisfies ExportedHandler<Env>;
