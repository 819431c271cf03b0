import { z } from '@hono/zod-openapi';
import { IsoTime, integer, text } from './common';

export const PAYMENT_PURPOSES = ['lawyer_membership', 'legal_task'] as const;

export const PaymentOrder = z
  .object({
    id: z.string(),
    purpose: z.string().openapi({ example: 'lawyer_membership' }),
    description: z.string(),
    amountFen: z.number().int(),
    status: z.enum(['pending', 'paid']),
    createdAt: IsoTime,
    paidAt: IsoTime.nullable(),
  })
  .openapi('PaymentOrder');
export type PaymentOrder = z.infer<typeof PaymentOrder>;

export const PaymentConfirmAnswer = PaymentOrder.extend({
  /** True when the order was paid before this confirmation, which then changed nothing. */
  alreadyPaid: z.boolean(),
}).openapi('PaymentConfirmAnswer');
export type PaymentConfirmAnswer = z.infer<typeof PaymentConfirmAnswer>;

/** The payment provider's notice, signed over its raw bytes (header `X-Payment-Signature: sha256=<hex>`). */
export const ProviderNotice = z
  .object({
    orderId: text().min(1).max(128),
    amountFen: integer(0, Number.MAX_SAFE_INTEGER),
    providerRef: text().min(1).max(128).optional(),
  })
  .strict()
  .openapi('PaymentProviderNotice');
export type ProviderNotice = z.infer<typeof ProviderNotice>;

export const PaymentIdParam = z.object({ id: text().min(1).max(128) });

/** Who confirmed a payment: the provider's signed callback or a platform administrator. */
export interface PaymentConfirmation {
  by: 'provider' | `admin:${string}`;
  providerRef: string | null;
  /** The amount the provider says was paid; checked against the order. */
  amountFen: number | null;
}

/** Who is reading an order: its owner or an administrator. */
export type PaymentViewer = { kind: 'admin' } | { kind: 'user'; userId: string };
