import { eq, sql } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import type { Rates, TopUpAnswer, TopUpBody } from '../../../schema/dto/devices';
import * as schema from '../../../schema/tenant';
import { MEMBER_MAIL_MESSAGE, type MemberMailMessage } from '../../directory/mail-queue';
import { preparedFor, settable } from '../../prepared';
import type { Caller } from '../access';
import { DEFAULT_RATES } from '../billing/charge';
import { availableFen, type HoldVerdict, placeHold, releaseHold } from '../billing/holds';
import { lowBalanceChange } from '../billing/notices';
import type { TenantDb, TenantPort } from '../port';
import { deviceMails } from './device-mails';
import { balanceView, type WalletRow } from './views';

const { members, wallets, walletEntries, walletHolds, walletSettings, billingRates } = schema;

export type HoldRow = typeof walletHolds.$inferSelect;

/** What every allocation, release and charge runs (see durable-objects/prepared.ts). */
const statements = preparedFor((db: TenantDb) => ({
  walletOf: db
    .select()
    .from(wallets)
    .where(eq(wallets.userId, sql.placeholder('userId')))
    .prepare(),
  openWallet: db
    .insert(wallets)
    .values({
      userId: sql.placeholder('userId'),
      balanceFen: 0,
      topUpTotalFen: 0,
      chargedTotalFen: 0,
      chargeCount: 0,
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .onConflictDoNothing()
    .prepare(),
  setHeld: db
    .update(wallets)
    .set({ heldFen: settable('heldFen'), updatedAt: settable('now') })
    .where(eq(wallets.userId, sql.placeholder('userId')))
    .prepare(),
  insertHold: db
    .insert(walletHolds)
    .values({
      allocationId: sql.placeholder('allocationId'),
      userId: sql.placeholder('userId'),
      amountFen: sql.placeholder('amountFen'),
      coreHourMilliFen: sql.placeholder('coreHourMilliFen'),
      memoryGbHourMilliFen: sql.placeholder('memoryGbHourMilliFen'),
      storageGbHourMilliFen: sql.placeholder('storageGbHourMilliFen'),
      createdAt: sql.placeholder('now'),
    })
    .prepare(),
  holdOf: db
    .select()
    .from(walletHolds)
    .where(eq(walletHolds.allocationId, sql.placeholder('allocationId')))
    .prepare(),
  dropHold: db
    .delete(walletHolds)
    .where(eq(walletHolds.allocationId, sql.placeholder('allocationId')))
    .prepare(),
  settings: db.select().from(walletSettings).prepare(),
  rates: db.select().from(billingRates).prepare(),
}));

export type WalletPort = Pick<TenantPort, 'db' | 'now' | 'write' | 'access' | 'audit' | 'send' | 'profile'>;

/** The users' prepaid wallets, their ledger, and the company's prices. */
export class Wallets {
  constructor(private readonly port: WalletPort) {}

  private get db() {
    return this.port.db;
  }

  private get q() {
    return statements(this.port.db);
  }

  of(userId: string): WalletRow | undefined {
    return this.q.walletOf.get({ userId });
  }

  /** The user's wallet, opened empty if they had none (inside the caller's transaction). */
  open(userId: string): WalletRow {
    const wallet = this.of(userId);
    if (wallet) return wallet;
    this.q.openWallet.run({ userId, now: this.port.now() });
    return this.of(userId)!;
  }

  /**
   * Inside the caller's transaction: holds `amount` of the user's available balance for an allocation,
   * with the rates it will be charged at; or answers why not (nothing is written then).
   */
  hold(allocationId: string, userId: string, amount: number, rates: Rates): HoldVerdict {
    const wallet = this.of(userId);
    const verdict = placeHold(wallet ?? { balanceFen: 0, heldFen: 0 }, amount);
    if (!verdict.ok) return verdict;
    const now = this.port.now();
    this.q.insertHold.run({ allocationId, userId, amountFen: amount, ...rates, now });
    if (!wallet) return verdict;
    this.q.setHeld.run({ heldFen: verdict.wallet.heldFen, now, userId });
    this.noteBalance(userId, { ...wallet, heldFen: verdict.wallet.heldFen });
    return verdict;
  }

  /**
   * Inside the caller's transaction: adds `extra` to an allocation's hold (an extension), or answers why
   * not (nothing is written then). The hold keeps its rates: they price the use; `extra` is priced by
   * the caller at the rates of now.
   */
  extendHold(hold: HoldRow, extra: number): HoldVerdict {
    const verdict = placeHold(this.of(hold.userId) ?? { balanceFen: 0, heldFen: 0 }, extra);
    if (!verdict.ok) return verdict;
    this.resizeHold(hold, hold.amountFen + extra, verdict.wallet.heldFen);
    return verdict;
  }

  /** Inside the caller's transaction: takes back an extension the node refused. */
  shrinkHold(allocationId: string, extra: number): void {
    const hold = this.holdOf(allocationId);
    const wallet = hold && this.of(hold.userId);
    if (!hold || !wallet) return;
    this.resizeHold(hold, hold.amountFen - extra, releaseHold(wallet, extra).heldFen);
  }

  private resizeHold(hold: HoldRow, amountFen: number, walletHeldFen: number): void {
    const now = this.port.now();
    this.db
      .update(walletHolds)
      .set({ amountFen })
      .where(eq(walletHolds.allocationId, hold.allocationId))
      .run();
    this.q.setHeld.run({ heldFen: walletHeldFen, now, userId: hold.userId });
    this.noteBalance(hold.userId);
  }

  /**
   * Inside the transaction that changed the user's balance or holds: tells them once when their available
   * balance falls below the company's threshold, and forgets that once it is back at or above it.
   */
  noteBalance(userId: string, known?: WalletRow): void {
    const wallet = known ?? this.of(userId);
    const profile = this.port.profile();
    if (!wallet || !profile) return;
    const threshold = this.lowBalanceThreshold();
    const change = lowBalanceChange(availableFen(wallet), threshold, wallet.lowBalanceNoticedAt !== null);
    if (change === 'none') return;
    const now = this.port.now();
    this.db
      .update(wallets)
      .set({ lowBalanceNoticedAt: change === 'notice' ? now : null })
      .where(eq(wallets.userId, userId))
      .run();
    if (change === 'clear' || threshold === null) return;
    const payload: MemberMailMessage = {
      tenantId: profile.tenantId,
      userId,
      content: deviceMails.lowBalance({
        company: profile.name,
        availableFen: availableFen(wallet),
        thresholdFen: threshold,
      }),
    };
    this.port.send({
      to: { binding: 'DIRECTORY', name: 'global' },
      type: MEMBER_MAIL_MESSAGE,
      payload,
      key: `low-balance:${userId}:${now}`,
    });
  }

  lowBalanceThreshold(): number | null {
    return this.q.settings.get()?.lowBalanceThresholdFen ?? null;
  }

  walletSettings(caller: Caller): Outcome<{ lowBalanceThresholdFen: number | null }> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      return { lowBalanceThresholdFen: this.lowBalanceThreshold() };
    });
  }

  /** The company admin sets (or clears, with null) the threshold; every wallet is looked at again. */
  setWalletSettings(
    caller: Caller,
    body: { lowBalanceThresholdFen: number | null },
  ): Promise<Outcome<{ lowBalanceThresholdFen: number | null }>> {
    return this.port.write(() => {
      this.port.access(caller, 'admin');
      const values = { ...body, updatedAt: this.port.now(), updatedBy: caller.id };
      this.db
        .insert(walletSettings)
        .values({ id: 1, ...values })
        .onConflictDoUpdate({ target: walletSettings.id, set: values })
        .run();
      for (const w of this.db.select({ userId: wallets.userId }).from(wallets).all())
        this.noteBalance(w.userId);
      this.port.audit(caller, 'billing.wallet_settings', body);
      return { lowBalanceThresholdFen: this.lowBalanceThreshold() };
    });
  }

  holdOf(allocationId: string): HoldRow | undefined {
    return this.q.holdOf.get({ allocationId });
  }

  /** Inside the caller's transaction: the hold goes (its allocation was charged or never ran). */
  dropHold(hold: HoldRow): void {
    this.q.dropHold.run({ allocationId: hold.allocationId });
  }

  /** Inside the caller's transaction: an allocation that never ran gives its hold back. */
  releaseHoldOf(allocationId: string): void {
    const hold = this.holdOf(allocationId);
    const wallet = hold && this.of(hold.userId);
    if (!hold || !wallet) return;
    this.dropHold(hold);
    this.q.setHeld.run({
      heldFen: releaseHold(wallet, hold.amountFen).heldFen,
      now: this.port.now(),
      userId: hold.userId,
    });
    this.noteBalance(hold.userId);
  }

  topUp(caller: Caller, body: TopUpBody): Promise<Outcome<TopUpAnswer>> {
    return this.port.write(() => {
      this.port.access(caller, 'admin');
      const member = this.db
        .select({ id: members.userId })
        .from(members)
        .where(eq(members.userId, body.userId))
        .get();
      if (!member) {
        throw new AppError(404, 'USER_NOT_FOUND', 'that user is not a member of this company', {
          fields: [{ path: 'body.userId', message: 'not a member of this company' }],
        });
      }
      if (body.reference) {
        const earlier = this.db
          .select()
          .from(walletEntries)
          .where(eq(walletEntries.reference, body.reference))
          .get();
        if (earlier) {
          if (earlier.userId !== body.userId || earlier.amountFen !== body.amountFen) {
            throw new AppError(409, 'REFERENCE_CONFLICT', 'that reference was used for a different top-up', {
              fields: [{ path: 'body.reference', message: 'already used' }],
            });
          }
          return {
            ...balanceView(body.userId, this.of(body.userId)),
            entryId: earlier.id,
            duplicate: true,
          };
        }
      }
      const wallet = this.open(body.userId);
      const now = this.port.now();
      const updated = this.db
        .update(wallets)
        .set({
          balanceFen: wallet.balanceFen + body.amountFen,
          topUpTotalFen: wallet.topUpTotalFen + body.amountFen,
          updatedAt: now,
        })
        .where(eq(wallets.userId, body.userId))
        .returning()
        .get()!;
      const entryId = newId('wle');
      this.db
        .insert(walletEntries)
        .values({
          id: entryId,
          userId: body.userId,
          kind: 'top_up',
          amountFen: body.amountFen,
          balanceAfterFen: updated.balanceFen,
          reference: body.reference ?? null,
          actorId: caller.id,
          at: now,
        })
        .run();
      this.port.audit(caller, 'billing.top_up', {
        userId: body.userId,
        amountFen: body.amountFen,
        reference: body.reference ?? null,
        entryId,
        balanceFen: updated.balanceFen,
      });
      this.noteBalance(body.userId);
      return { ...balanceView(body.userId, updated), entryId, duplicate: false };
    });
  }

  currentRates(): Rates {
    const row = this.q.rates.get();
    return row
      ? {
          coreHourMilliFen: row.coreHourMilliFen,
          memoryGbHourMilliFen: row.memoryGbHourMilliFen,
          storageGbHourMilliFen: row.storageGbHourMilliFen,
        }
      : DEFAULT_RATES;
  }

  rates(caller: Caller): Outcome<Rates> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      return this.currentRates();
    });
  }

  setRates(caller: Caller, rates: Rates): Promise<Outcome<Rates>> {
    return this.port.write(() => {
      this.port.access(caller, 'admin');
      const values = { ...rates, updatedAt: this.port.now(), updatedBy: caller.id };
      this.db
        .insert(billingRates)
        .values({ id: 1, ...values })
        .onConflictDoUpdate({ target: billingRates.id, set: values })
        .run();
      const stored = this.currentRates();
      this.port.audit(caller, 'billing.rates', stored);
      return stored;
    });
  }
}
