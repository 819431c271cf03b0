import type { Context } from 'hono';
import type { LegalCaller } from '../durable-objects/legal/access';
import { ownerOfOrder } from '../durable-objects/payments/order-ids';
import type { PaymentOwner } from '../durable-objects/payments/owner';
import type { Env } from '../lib/env';
import { AppError } from '../lib/errors';
import type { PracticeArea } from '../schema/dto/legal-catalog';
import type { AppEnv } from './types';

/** The marketplace's actors, by the name each is addressed by. */

export function lawyerActor(env: Env, userId: string) {
  return env.LAWYER.get(env.LAWYER.idFromName(userId));
}

export function clientActor(env: Env, userId: string) {
  return env.LEGAL_CLIENT.get(env.LEGAL_CLIENT.idFromName(userId));
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
