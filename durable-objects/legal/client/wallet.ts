import { desc } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import { DEFAULT_TIMEZONE } from '../../../lib/plans';
import { monthOf } from '../../../lib/zoned';
import type { CreditEntry, Credits } from '../../../schema/dto/legal-batches';
import type { PaymentOrder } from '../../../schema/dto/payments';
import * as schema from '../../../schema/legal-client';
import { view as orderView, type PaymentOrderRow, type PaymentOrders } from '../../payments/orders';
import { newestWrittenFirst } from '../../write-order';
import type { LegalCaller } from '../access';
import type { BatchPayer } from './batches';
import {
  BATCH_UPLOAD_CREDITS,
  type CreditChange,
  type CreditState,
  creditsPriceFen,
  initialCredits,
  nextResetAt,
  purchased,
  spendForBatch,
  weeklyReset,
} from './credits';

const { credits, creditLedger } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;

export const CREDITS_PURPOSE = 'legal_credits';

/** What the wallet needs from its actor. */
export interface WalletHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  payments: PaymentOrders;
  /** Refuses anyone but the workspace's person (and, for a write, a demo workspace); answers the owner. */
  access(caller: LegalCaller, write: boolean): { userId: string };
}

/**
 * A marketplace user's credits (SPEC D9) as the rules of `credits.ts` move them: the week's free credit
 * given again lazily on the first read or write of a new week (and by `weekly-credits-reset`), bought
 * ones through a payment order, one spent by each batch upload. Every change is a ledger entry written
 * in the same transaction.
 */
export class Wallet {
  constructor(private readonly host: WalletHost) {}

  private get db(): Db {
    return this.host.db;
  }

  private stored(): CreditState {
    const row = this.db.select().from(credits).get();
    return row ?? initialCredits(this.host.now());
  }

  private record(change: CreditChange, reference: string | null): CreditState {
    const { state } = change;
    this.db
      .insert(credits)
      .values({ id: 1, ...state })
      .onConflictDoUpdate({ target: credits.id, set: state })
      .run();
    this.db
      .insert(creditLedger)
      .values({
        id: newId('crd'),
        at: this.host.now(),
        action: change.action,
        weeklyDelta: change.weeklyDelta,
        purchasedDelta: change.purchasedDelta,
        weeklyAfter: state.weeklyRemaining,
        purchasedAfter: state.purchasedRemaining,
        reference,
      })
      .run();
    return state;
  }

  /** The credits now, the week's credit given again first if a week began; inside a transaction. */
  settle(): CreditState {
    const state = this.stored();
    const reset = weeklyReset(state, this.host.now());
    return reset ? this.record(reset, null) : state;
  }

  view(state: CreditState): Credits {
    return {
      weeklyRemaining: state.weeklyRemaining,
      purchasedRemaining: state.purchasedRemaining,
      nextResetAt: iso(nextResetAt(this.host.now()))!,
    };
  }

  /** A read that writes only when a new week began since the last. */
  read(caller: LegalCaller): Outcome<Credits> | Promise<Outcome<Credits>> {
    const state = this.stored();
    if (!weeklyReset(state, this.host.now())) {
      return toOutcome(() => {
        this.host.access(caller, false);
        return this.view(state);
      });
    }
    return this.host.write(() => {
      this.host.access(caller, false);
      return this.view(this.settle());
    });
  }

  ledger(caller: LegalCaller): Outcome<{ items: CreditEntry[] }> {
    return toOutcome(() => {
      this.host.access(caller, false);
      const rows = this.db
        .select()
        .from(creditLedger)
        .orderBy(desc(creditLedger.at), newestWrittenFirst(creditLedger));
      return { items: rows.limit(200).all().map(entryView) };
    });
  }

  /** D9: credits are bought through a payment order (¥50 each); they arrive when it is paid. */
  purchase(caller: LegalCaller, count: number): Promise<Outcome<PaymentOrder>> {
    return this.host.write(() => {
      const owner = this.host.access(caller, true);
      const order = this.host.payments.create({
        purpose: CREDITS_PURPOSE,
        subject: { count },
        description: `购买${count}个批量任务Credits Buy ${count} batch upload credit${count === 1 ? '' : 's'}`,
        ownerUserId: owner.userId,
        amountFen: creditsPriceFen(count),
      });
      return orderView(order);
    });
  }

  /** The order for credits is paid (inside the transaction that marks it so). */
  applyPurchase(order: PaymentOrderRow): void {
    const { count } = order.subject as { count: number };
    this.record(purchased(this.settle(), count), order.id);
  }

  /** One credit for a batch, or 402 with what is left; inside the transaction that records the batch. */
  spendForBatch(batchId: string): CreditState {
    const state = this.settle();
    const change = spendForBatch(state);
    if (!change) {
      throw new AppError(
        402,
        'INSUFFICIENT_CREDITS',
        'a batch upload needs a credit: buy one or wait for Monday',
        {
          required: BATCH_UPLOAD_CREDITS,
          weeklyRemaining: state.weeklyRemaining,
          purchasedRemaining: state.purchasedRemaining,
          nextResetAt: iso(nextResetAt(this.host.now())),
        },
      );
    }
    return this.record(change, batchId);
  }

  /** A person's uploads are paid with a credit; their statistics' month is Asia/Shanghai's. */
  readonly batchPayer: BatchPayer = {
    pay: (batchId) => ({
      creditsUsed: BATCH_UPLOAD_CREDITS,
      credits: this.view(this.spendForBatch(batchId)),
    }),
    month: () => monthOf(this.host.now(), DEFAULT_TIMEZONE),
  };

  /** `weekly-credits-reset`: gives the week's credit again if this actor has not yet (once per week). */
  resetWeekly(now: number): Promise<Outcome<{ reset: boolean }>> {
    return this.host.write(() => {
      const reset = weeklyReset(this.stored(), now);
      if (reset) this.record(reset, null);
      return { reset: reset !== null };
    });
  }
}

function entryView(row: typeof creditLedger.$inferSelect): CreditEntry {
  return {
    id: row.id,
    at: iso(row.at)!,
    action: row.action,
    weeklyDelta: row.weeklyDelta,
    purchasedDelta: row.purchasedDelta,
    weeklyAfter: row.weeklyAfter,
    purchasedAfter: row.purchasedAfter,
    reference: row.reference,
  };
}
