import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from '../lib/env';
import type { AdminRole, Claims } from '../lib/tokens';

export interface Variables {
  requestId: string;
  principal: Claims;
  tenantCode: string;
  /** The admin's current role, as the Directory has it (not as the token was issued). */
  adminRole: AdminRole;
  /** The route logged its admin write itself; the audit middleware need not. */
  audited: boolean;
}

export type AppEnv = { Bindings: Env; Variables: Variables };
export type App = OpenAPIHono<AppEnv>;
