import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../lib/env';
import type { Claims } from '../lib/tokens';

export interface Variables {
  requestId: string;
  principal: Claims;
  tenantCode: string;
}

export type AppEnv = { Bindings: Env; Variables: Variables };
export type App = OpenAPIHono<AppEnv>;
