import type { Env } from '../../lib/env';
import { AppError, type Outcome, toOutcome } from '../../lib/errors';
import { log } from '../../lib/log';
import type { PaymentConfirmation, PaymentViewer } from '../../schema/dto/payments';
import { Actor, type Migrations, type OutboxRow, type Receipt, type Reply } from '../actor';
import type { PaymentOwnerBinding } from '../payments/order-ids';
import { type PaymentOrderRow, PaymentOrders } from '../payments/orders';
import type { PaymentOwner } from '../payments/owner';
import type { EntryResult } from '../retry';

/** The alarm delivers what a stopped actor had not yet sent this long after it was queued. */
export const OUTBOX_BACKSTOP_MS = 10_000;

/**
 * The marketplace's actors answer as soon as their change is committed: the messages it queued are in
 * the same transaction, so they are as durable as the change, and are delivered after the answer (the
 * alarm delivers them `OUTBOX_BACKSTOP_MS` later if this actor stops first). A request pays for its own
 * actor only, never for the dispatcher's and the client's hops, and a chain of messages (a dispatcher
 * offers, the lawyer refuses at once, the dispatcher offers the next lawyer …) never waits on itself.
 * Due messages go out a batch at a time: one call per receiving actor carries all of its messages, the
 * receivers called side by side.
 */
export abstract class MarketplaceActor<TSchema extends Record<string, unknown>> extends Actor<TSchema> {
  protected override outboxBackstopMs = OUTBOX_BACKSTOP_MS;

  protected override deliverSent(): Promise<void> {
    this.ctx.waitUntil(
      this.flushOutbox().catch((err) => log.error('outbox.flush_failed', { err: String(err) })),
    );
    return Promise.resolve();
  }

  protected override async deliverBatch(rows: OutboxRow[]): Promise<EntryResult<Reply[] | undefined>[]> {
    const byTarget = new Map<string, number[]>();
    rows.forEach((row, i) => {
      const indexes = byTarget.get(row.target);
      if (indexes) indexes.push(i);
      else byTarget.set(row.target, [i]);
    });
    const results: EntryResult<Reply[] | undefined>[] = rows.map(() => ({
      ok: false,
      error: 'not delivered',
    }));
    await Promise.all(
      [...byTarget].map(async ([target, indexes]) => {
        try {
          // Marketplace actors take replies: news for this actor rides back in the answer (sendOrReply).
          const answers = (await this.receiverOf(target).receiveMany(
            indexes.map((i) => ({ ...this.envelopeOf(rows[i]!), takesReplies: true })),
          )) as Outcome<Receipt>[];
          indexes.forEach((i, n) => {
            const ack = answers[n];
            results[i] = ack?.ok
              ? { ok: true, receipt: ack.value.replies }
              : { ok: false, error: ack?.error.message ?? 'no answer' };
          });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          for (const i of indexes) results[i] = { ok: false, error };
        }
      }),
    );
    return results;
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
