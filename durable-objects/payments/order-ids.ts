/**
 * Payment order ids say which actor holds the order, so a confirmation goes straight to it with no
 * global look-up: `pay_` + the owner's kind (one letter) + the owner actor's id (64 hex digits, a hash
 * that reveals nothing) + 26 random characters. Pure.
 */
import type { ActorBinding } from '../../lib/env';

const TAGS = { LAWYER: 'l', LEGAL_CLIENT: 'c', TENANT: 't', DIRECTORY: 'd' } as const;
export type PaymentOwnerBinding = keyof typeof TAGS;
const BY_TAG = Object.fromEntries(Object.entries(TAGS).map(([binding, tag]) => [tag, binding])) as Record<
  string,
  PaymentOwnerBinding
>;

const ORDER_ID = /^pay_([lctd])([0-9a-f]{64})([a-z2-7]{26})$/;
export const ORDER_ID_LENGTH = 4 + 1 + 64 + 26;

export function paymentOrderId(owner: PaymentOwnerBinding, actorIdHex: string, random: string): string {
  return `pay_${TAGS[owner]}${actorIdHex}${random}`;
}

/** The actor an order id belongs to, or null when the id is not one of ours. */
export function ownerOfOrder(
  id: string,
): { binding: PaymentOwnerBinding & ActorBinding; actorId: string } | null {
  const match = ORDER_ID.exec(id);
  if (!match) return null;
  return { binding: BY_TAG[match[1]!]!, actorId: match[2]! };
}
