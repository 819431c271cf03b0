import type { Env } from '../../lib/env';
import { AppError, toOutcome } from '../../lib/errors';
import type { PaymentConfirmation, PaymentViewer } from '../../schema/dto/payments';
import { Actor, type Migrations } from '../actor';
import type { PaymentOwnerBinding } from '../payments/order-ids';
import { type PaymentOrderRow, PaymentOrders } from '../payments/orders';
import type { PaymentOwner } from '../payments/owner';

/**
 * The marketplace's actors trade messages back and forth within one delivery (a dispatcher offers, the
 * lawyer refuses at once, the dispatcher offers the next lawyer …). A message received while this
 * actor's outbox is being delivered does not wait for that delivery to finish: the delivery in progress
 * picks up what the message queued (and the alarm would, failing that), while waiting for it from
 * inside it would wait forever.
 */
export abstract class MarketplaceActor<TSchema extends Record<string, unknown>> extends Actor<TSchema> {
  private delivering = false;

  override async flushOutbox(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      await super.flushOutbox();
    } finally {
      this.delivering = false;
    }
  }
}

/** A marketplace actor that sells: payment orders kept in its own storage, paid and applied in one transaction. */
export abstract class LegalActor<TSchema extends Record<string, unknown>>
  extends MarketplaceActor<TSchema>
  implements PaymentOwner
{
  protected readonly payments: PaymentOrders;

  constructor(
    ctx: DurableObjectState,
    env: Env,
    options: { schema: TSchema; migrations: Migrations; owner: PaymentOwnerBinding },
  ) {
    super(ctx, env, options);
    this.payments = new PaymentOrders({
      db: this.db as never,
      now: () => this.now(),
      owner: options.owner,
      actorIdHex: () => this.ctx.id.toString(),
    });
  }

  /** What each kind of order buys here, applied in the transaction that marks it paid. */
  protected abstract purchases(): Record<string, (order: PaymentOrderRow) => void>;

  paymentOrder(id: string, viewer: PaymentViewer) {
    return toOutcome(() => this.payments.get(id, viewer));
  }

  confirmPayment(id: string, confirmation: PaymentConfirmation) {
    return this.write(() =>
      this.payments.confirm(id, confirmation, (order) => {
        const apply = this.purchases()[order.purpose];
        if (!apply) throw new AppError(409, 'UNKNOWN_PURCHASE', `nothing here sells ${order.purpose}`);
        apply(order);
      }),
    );
  }
}
