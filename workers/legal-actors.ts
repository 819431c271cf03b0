import type { Context } from 'hono';
import type { LegalCaller } from '../durable-objects/legal/access';
import { enterpriseClientId } from '../durable-objects/legal/client/enterprise';
import { ownerOfOrder } from '../durable-objects/payments/order-ids';
import type { PaymentOwner } from '../durable-objects/payments/owner';
import { directory, tenantActor } from '../lib/actors';
import type { Env } from '../lib/env';
import { AppError, unwrap } from '../lib/errors';
import type { PracticeArea } from '../schema/dto/legal-catalog';
import { callerOf } from './caller';
import { namedTenant } from './middleware/tenant';
import type { AppEnv } from './types';

/** The marketplace's actors, by the name each is addressed by. */

export function lawyerActor(env: Env, userId: string) {
  return env.LAWYER.get(env.LAWYER.idFromName(userId));
}

export function clientActor(env: Env, userId: string) {
  return env.LEGAL_CLIENT.get(env.LEGAL_CLIENT.idFromName(userId));
}

/** A company's marketplace client actor, where its batches, allowance and statistics live. */
export function enterpriseActor(env: Env, tenantId: string) {
  return clientActor(env, enterpriseClientId(tenantId));
}

/**
 * A request naming a company (`/t/{code}/…`, its subdomain or X-Tenant-Code) acts for the company:
 * its tenant actor checks the caller is an active member and the plan includes `legal`, and says who
 * the company is. Undefined when the request names no company.
 */
export async function companyOf(c: Context<AppEnv>, need: 'member' | 'admin' = 'member') {
  const code = namedTenant(c);
  if (!code) return undefined;
  const company = unwrap(await tenantActor(c.env, code).legalCompany(callerOf(c), need));
  return { company, actor: enterpriseActor(c.env, company.tenantId) };
}

/** The company as `companyOf` says, with its industry from its tenant record (the Directory's). */
export async function companyWithIndustry(c: Context<AppEnv>, need: 'member' | 'admin' = 'member') {
  const found = (await companyOf(c, need))!;
  const record = unwrap(await directory(c.env).getCompany(found.company.tenantId));
  return { ...found, company: { ...found.company, industry: record.industry } };
}

export function dispatchActor(env: Env, area: PracticeArea) {
  return env.DISPATCH.get(env.DISPATCH.idFromName(area));
}

/** The actor holding a payment order, from the order's id alone (no look-up anywhere). */
export function paymentOwner(env: Env, orderId: string): PaymentOwner {
  const owner = ownerOfOrder(orderId);
  if (!owner) throw new AppError(404, 'PAYMENT_NOT_FOUND', 'no payment order with that id');
  const namespace = env[owner.binding] as unknown as DurableObjectNamespace;
  let id: DurableObjectId;
  try {
    id = namespace.idFromString(owner.actorId);
  } catch {
    throw new AppError(404, 'PAYMENT_NOT_FOUND', 'no payment order with that id');
  }
  return namespace.get(id) as unknown as PaymentOwner;
}

/** The signed-in person, as the marketplace's actors check them. */
export function legalCallerOf(c: Context<AppEnv>): LegalCaller {
  const p = c.get('principal');
  return { kind: p.kind, id: p.sub };
}
