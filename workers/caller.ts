import type { Context } from 'hono';
import type { Operator } from '../durable-objects/directory/directory';
import type { Caller } from '../durable-objects/tenant/access';
import { tenantActor } from '../lib/actors';
import { unwrap } from '../lib/errors';
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

/**
 * The company as its own actor sees the caller: which company, the caller's role in it, and its usage
 * now; the Directory, which owns plans and invoices, applies its rules to that. A read for the actor: an
 * expired company may still buy a plan or pay an invoice.
 */
export async function vouchedCompanyCaller(c: Context<AppEnv>) {
  const view = unwrap(
    await tenantActor(c.env, c.get('tenantCode')).getTenant({ ...callerOf(c), write: false }),
  );
  const p = c.get('principal');
  return {
    tenantId: view.id,
    usage: { users: view.usage.users, customers: view.usage.customers, storageMB: view.usage.storageMB },
    requester: { kind: p.kind, id: p.sub, role: view.membership.role },
  };
}
