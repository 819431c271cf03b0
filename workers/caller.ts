import type { Context } from 'hono';
import type { Operator } from '../durable-objects/directory/directory';
import type { Caller } from '../durable-objects/tenant/access';
import { clientIp } from './client-ip';
import type { AppEnv } from './types';

// Who is asking, in the shapes the actors take: a tenant actor checks a `Caller`, the Directory logs an `Operator`.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The caller a tenant actor checks; `write` (from the HTTP method) lets it refuse writes of a suspended tenant. */
export function callerOf(c: Context<AppEnv>): Caller {
  const p = c.get('principal');
  const write = !SAFE_METHODS.has(c.req.method);
  if (p.kind === 'admin') return { kind: 'admin', id: p.sub, write, operator: operatorOf(c) };
  if (p.apiKey) return { kind: 'user', id: p.sub, write, apiKey: p.apiKey };
  return { kind: 'user', id: p.sub, write };
}

export function operatorOf(c: Context<AppEnv>): Operator {
  const p = c.get('principal');
  return {
    adminId: p.sub,
    username: p.username,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
  };
}
