import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { directory } from '../../lib/actors';
import { can } from '../../lib/admin-permissions';
import { AppError, unwrap } from '../../lib/errors';
import { verifyToken } from '../../lib/tokens';
import { verifyBodySignature } from '../../lib/webhook-signature';
import {
  PaymentConfirmAnswer,
  type PaymentConfirmation,
  PaymentIdParam,
  PaymentOrder,
  ProviderNotice,
} from '../../schema/dto/payments';
import { paymentOwner } from '../legal-actors';
import { authenticated, authSecret } from '../middleware/auth';
import type { AppEnv } from '../types';
import { bearer, errors, json } from './support';

/**
 * Payment orders (shared by everything paid on the platform): read by their owner or an administrator,
 * and confirmed by the payment provider's signed callback or by a platform administrator. The order's
 * id names the actor that holds it, which marks it paid and applies what it buys in one transaction.
 */
const tags = ['payments'];
export const SIGNATURE_HEADER = 'x-payment-signature';

const read = createRoute({
  method: 'get',
  path: '/api/payments/{id}',
  tags,
  summary: 'A payment order, for its owner or a platform administrator',
  security: bearer,
  middleware: [authenticated] as const,
  request: { params: PaymentIdParam },
  responses: { 200: json(PaymentOrder), 401: errors[401], 404: errors[404] },
});

/**
 * The provider's signature is checked over the raw body before anything reads it as JSON; a request with
 * neither a signature nor a token is refused before its body is looked at.
 */
const signedOrAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const signature = c.req.header(SIGNATURE_HEADER);
  if (signature !== undefined)
    await verifySignature(c.env.PAYMENT_WEBHOOK_SECRET, await c.req.text(), signature);
  else if (!c.req.header('authorization')?.startsWith('Bearer ')) throw noCredentials();
  await next();
});

const noCredentials = () =>
  new AppError(401, 'UNAUTHENTICATED', 'a signed payment notice or an administrator token is required');

async function verifySignature(secret: string | undefined, body: string, signature: string): Promise<void> {
  if (!secret) throw new AppError(503, 'PAYMENTS_NOT_CONFIGURED', 'PAYMENT_WEBHOOK_SECRET is not set');
  if (!(await verifyBodySignature(secret, body, signature))) {
    throw new AppError(401, 'INVALID_SIGNATURE', 'the payment notice is not signed with the shared secret');
  }
}

const confirm = createRoute({
  method: 'post',
  path: '/api/payments/{id}/confirm',
  tags,
  summary:
    'Mark an order paid: the provider calls it with the notice signed (X-Payment-Signature: sha256=HMAC-SHA256 of ' +
    'the raw body with PAYMENT_WEBHOOK_SECRET), or a platform administrator calls it with their token. ' +
    'Confirming again changes nothing.',
  security: [{ bearer: [] }, { paymentSignature: [] }] as { [k: string]: string[] }[],
  middleware: [signedOrAdmin] as const,
  request: {
    params: PaymentIdParam,
    body: { required: false, content: { 'application/json': { schema: ProviderNotice } } },
  },
  responses: {
    200: json(PaymentConfirmAnswer),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    429: errors[429],
    503: errors[503],
  },
});

/** Who confirms: the provider (signature checked already) or a platform admin allowed to settle payments now. */
async function confirmation(c: Context<AppEnv>, orderId: string): Promise<PaymentConfirmation> {
  if (c.req.header(SIGNATURE_HEADER) !== undefined) {
    const notice = ProviderNotice.safeParse(JSON.parse((await c.req.text()) || 'null'));
    if (!notice.success) {
      throw new AppError(
        400,
        'VALIDATION_FAILED',
        'invalid body: a provider notice is {orderId, amountFen, providerRef?}',
        {
          fields: [{ path: 'body', message: 'required', rule: 'required' }],
        },
      );
    }
    if (notice.data.orderId !== orderId) {
      throw new AppError(400, 'VALIDATION_FAILED', 'invalid body.orderId', {
        fields: [{ path: 'body.orderId', message: 'is not the order in the path', rule: 'order_mismatch' }],
      });
    }
    return { by: 'provider', providerRef: notice.data.providerRef ?? null, amountFen: notice.data.amountFen };
  }
  const header = c.req.header('authorization');
  const claims = header?.startsWith('Bearer ')
    ? await verifyToken(header.slice(7).trim(), authSecret(c.env))
    : undefined;
  if (!claims) throw noCredentials();
  if (claims.kind !== 'admin')
    throw new AppError(403, 'ADMIN_REQUIRED', 'only a platform administrator confirms payments');
  const admin = await directory(c.env).adminAccess(claims.sub);
  if (admin?.status !== 'active' || !(admin.role === 'super_admin' || can(admin.role, 'payments.write'))) {
    throw new AppError(403, 'PERMISSION_DENIED', 'this administrator may not confirm payments');
  }
  return { by: `admin:${claims.sub}`, providerRef: null, amountFen: null };
}

export const paymentRoutes = new OpenAPIHono<AppEnv>()
  .openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const p = c.get('principal');
    const viewer = p.kind === 'admin' ? { kind: 'admin' as const } : { kind: 'user' as const, userId: p.sub };
    return c.json(unwrap(await paymentOwner(c.env, id).paymentOrder(id, viewer)), 200);
  })
  .openapi(confirm, async (c) => {
    const { id } = c.req.valid('param');
    const by = await confirmation(c, id);
    return c.json(unwrap(await paymentOwner(c.env, id).confirmPayment(id, by)), 200);
  });
