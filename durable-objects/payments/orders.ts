import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AppError } from '../../lib/errors';
import { randomSecret } from '../../lib/ids';
import { iso } from '../../lib/iso';
import type { PaymentConfirmation, PaymentOrder, PaymentViewer } from '../../schema/dto/payments';
import { paymentOrders } from '../../schema/payments';
import { RawTable, sqlOf } from '../raw-rows';
import { type PaymentOwnerBinding, paymentOrderId } from './order-ids';

export type PaymentOrderRow = typeof paymentOrders.$inferSelect;
/** A payment's confirmation starts every paid case: its statements are raw SQL (see RawTable). */
const orderRows = new RawTable(paymentOrders);

/** What the payment orders need from the actor that owns them. */
export interface PaymentOrdersHost {
  db: DrizzleSqliteDODatabase<Record<string, unknown>>;
  now(): number;
  /** Which namespace the owner lives in and its id, written into every order id. */
  owner: PaymentOwnerBinding;
  actorIdHex(): string;
}

export interface OrderInput {
  purpose: string;
  subject: unknown;
  description: string;
  ownerUserId: string;
  amountFen: number;
}

/**
 * Payment orders, shared by everything paid on the platform: an order is created by its owner's actor
 * with the purchase it stands for, and confirmed there, so "paid" and what was bought are written in
 * one transaction. The owner wraps each call in its write; this module never starts one itself.
 */
export class PaymentOrders {
  constructor(private readonly host: PaymentOrdersHost) {}

  create(input: OrderInput): PaymentOrderRow {
    const id = paymentOrderId(this.host.owner, this.host.actorIdHex(), randomSecret(16));
    return this.host.db
      .insert(paymentOrders)
      .values({ id, ...input, status: 'pending', createdAt: this.host.now() })
      .returning()
      .get();
  }

  /** The order as its owner or an administrator sees it; anyone else is told it does not exist. */
  get(id: string, viewer: PaymentViewer): PaymentOrder {
    const row = this.find(id);
    if (!row || (viewer.kind === 'user' && viewer.userId !== row.ownerUserId)) throw notFound();
    return view(row);
  }

  /**
   * Marks the order paid and calls `apply` with it, inside the caller's transaction; a second
   * confirmation finds it paid and changes nothing. A provider notice must name the order's amount.
   */
  confirm(
    id: string,
    confirmation: PaymentConfirmation,
    apply: (row: PaymentOrderRow) => void,
  ): PaymentOrder & { alreadyPaid: boolean } {
    const row = this.find(id);
    if (!row) throw notFound();
    if (confirmation.amountFen !== null && confirmation.amountFen !== row.amountFen) {
      throw new AppError(409, 'PAYMENT_AMOUNT_MISMATCH', 'the amount paid is not the amount of the order', {
        orderAmountFen: row.amountFen,
        paidAmountFen: confirmation.amountFen,
      });
    }
    if (row.status === 'paid') return { ...view(row), alreadyPaid: true };
    const paid = orderRows.first(
      sqlOf(this.host.db).exec(
        `UPDATE payment_orders SET status = 'paid', paid_at = ?, paid_by = ?, provider_ref = ? WHERE id = ?
         RETURNING ${orderRows.columns}`,
        this.host.now(),
        confirmation.by,
        confirmation.providerRef,
        id,
      ),
    )!;
    apply(paid);
    return { ...view(paid), alreadyPaid: false };
  }

  private find(id: string): PaymentOrderRow | undefined {
    return orderRows.first(
      sqlOf(this.host.db).exec(`SELECT ${orderRows.columns} FROM payment_orders WHERE id = ?`, id),
    );
  }
}

export function view(row: PaymentOrderRow): PaymentOrder {
  return {
    id: row.id,
    purpose: row.purpose,
    description: row.description,
    amountFen: row.amountFen,
    status: row.status,
    createdAt: iso(row.createdAt)!,
    paidAt: iso(row.paidAt),
  };
}

const notFound = () => new AppError(404, 'PAYMENT_NOT_FOUND', 'no payment order with that id');
