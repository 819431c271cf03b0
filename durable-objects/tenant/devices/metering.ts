import { eq, inArray, sql } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import type { InternalBalanceAnswer, MeterAnswer, UsageInput } from '../../../schema/dto/devices';
import * as schema from '../../../schema/tenant';
import type { ItemOutcome } from '../../device-node/reporter';
import { placeholders, preparedFor, settable } from '../../prepared';
import { balanceVerdict, chargeFen, type Rates } from '../billing/charge';
import { chargeUnheld, settleHold } from '../billing/holds';
import type { ProfileRow, TenantDb, TenantPort } from '../port';
import type { DeviceAllocation } from './allocation';
import type { HoldRow, Wallets } from './wallets';

const { profile, deviceAllocations, wallets, walletEntries, usageRecords } = schema;

/** The statements every charge runs, built once (see durable-objects/prepared.ts). */
const statements = preparedFor((db: TenantDb) => ({
  recordOf: db
    .select()
    .from(usageRecords)
    .where(eq(usageRecords.allocationId, sql.placeholder('allocationId')))
    .prepare(),
  insertRecord: db
    .insert(usageRecords)
    .values(
      placeholders(
        'id',
        'allocationId',
        'deviceId',
        'nodeId',
        'userId',
        'durationSeconds',
        'cpuCores',
        'memoryMB',
        'storageMB',
        'allocatedAt',
        'releasedAt',
        'chargeFen',
        'coreHourMilliFen',
        'memoryGbHourMilliFen',
        'storageGbHourMilliFen',
        'recordedAt',
      ),
    )
    .prepare(),
  charge: db
    .update(wallets)
    .set({
      balanceFen: settable('balanceFen'),
      heldFen: settable('heldFen'),
      chargedTotalFen: settable('chargedTotalFen'),
      chargeCount: settable('chargeCount'),
      updatedAt: settable('now'),
    })
    .where(eq(wallets.userId, sql.placeholder('userId')))
    .returning()
    .prepare(),
  insertEntry: db
    .insert(walletEntries)
    .values({
      ...placeholders('id', 'userId', 'amountFen', 'balanceAfterFen', 'allocationId', 'at'),
      kind: 'charge',
    })
    .prepare(),
  chargeOfAllocation: db
    .update(deviceAllocations)
    .set({ chargeFen: settable('chargeFen'), updatedAt: settable('now') })
    .where(eq(deviceAllocations.id, sql.placeholder('allocationId')))
    .prepare(),
}));

/**
 * The built-in billing (internal, service token or a device node): usage records priced at the
 * company's rates and charged against prepaid wallets, once per allocation id.
 */
export class Metering {
  constructor(
    private readonly port: Pick<TenantPort, 'db' | 'now' | 'tx'>,
    private readonly wallets: Wallets,
    private readonly allocation: DeviceAllocation,
  ) {}

  private get db() {
    return this.port.db;
  }

  private get q() {
    return statements(this.port.db);
  }

  private requireTenant(): ProfileRow {
    const row = this.db.select().from(profile).get();
    if (!row) throw new AppError(404, 'TENANT_NOT_FOUND', 'no such company');
    return row;
  }

  /**
   * Prices a usage record, deducts it from the user's wallet and stores it — once per allocation id: the
   * UNIQUE allocation id is claimed in the same transaction as the deduction, so a repeated report charges
   * nothing and answers the original charge. A repeat that disagrees with the original is refused.
   */
  meter(input: UsageInput): Outcome<MeterAnswer> {
    return toOutcome(() =>
      this.port.tx(() => {
        this.requireTenant();
        const existing = this.q.recordOf.get({ allocationId: input.allocationId });
        if (existing) {
          if (
            existing.userId !== input.userId ||
            existing.deviceId !== input.deviceId ||
            existing.durationSeconds !== input.durationSeconds
          ) {
            throw new AppError(
              409,
              'USAGE_CONFLICT',
              'a different usage record was already charged for this allocation',
              {
                allocationId: input.allocationId,
              },
            );
          }
          return {
            recorded: false,
            duplicate: true,
            chargeFen: existing.chargeFen,
            balanceFen: this.wallets.of(input.userId)?.balanceFen ?? 0,
          };
        }
        // An allocation made here holds its booked time: the charge uses the held rates and the whole hold
        // goes in this same transaction. A record without a hold (reported from outside) is charged as it is.
        const found = this.wallets.holdOf(input.allocationId);
        const hold = found?.userId === input.userId ? found : undefined;
        const rates = hold ? ratesOf(hold) : this.wallets.currentRates();
        const wallet = this.wallets.open(input.userId);
        const usage = chargeFen(input, rates);
        const settled = hold ? settleHold(wallet, hold.amountFen, usage) : chargeUnheld(wallet, usage);
        if (hold) this.wallets.dropHold(hold);
        const charge = settled.chargedFen;
        const now = this.port.now();
        this.q.insertRecord.run({
          id: newId('use'),
          allocationId: input.allocationId,
          deviceId: input.deviceId,
          nodeId: input.nodeId,
          userId: input.userId,
          durationSeconds: input.durationSeconds,
          cpuCores: input.cpuCores,
          memoryMB: input.memoryMB,
          storageMB: input.storageMB,
          allocatedAt: input.allocatedAt,
          releasedAt: input.releasedAt,
          chargeFen: charge,
          ...rates,
          recordedAt: now,
        });
        const updated = this.q.charge.get({
          balanceFen: settled.wallet.balanceFen,
          heldFen: settled.wallet.heldFen,
          chargedTotalFen: wallet.chargedTotalFen + charge,
          chargeCount: wallet.chargeCount + 1,
          now,
          userId: input.userId,
        })!;
        this.q.insertEntry.run({
          id: newId('wle'),
          userId: input.userId,
          amountFen: -charge,
          balanceAfterFen: updated.balanceFen,
          allocationId: input.allocationId,
          at: now,
        });
        this.wallets.noteBalance(input.userId, updated);
        this.q.chargeOfAllocation.run({ chargeFen: charge, now, allocationId: input.allocationId });
        // A usage record means the allocation has ended: should the node's message about it be late or
        // lost, the quota slot comes back now all the same.
        this.endFromUsage(input);
        return { recorded: true, duplicate: false, chargeFen: charge, balanceFen: updated.balanceFen };
      }),
    );
  }

  private endFromUsage(input: UsageInput): void {
    const row = this.allocation.findById(input.allocationId);
    if (!row || (row.status !== 'pending' && row.status !== 'active')) return;
    const expired = row.expiresAt !== null && input.releasedAt >= row.expiresAt;
    this.allocation.applyEnded({
      allocationId: input.allocationId,
      nodeId: input.nodeId ?? row.nodeId ?? '',
      status: expired ? 'expired' : 'released',
      releasedAt: input.releasedAt,
      durationSeconds: input.durationSeconds,
    });
  }

  /** Each record on its own: one bad record does not hold back the others. */
  meterBatch(inputs: UsageInput[]): Outcome<ItemOutcome[]> {
    return toOutcome(() => {
      this.requireTenant();
      return inputs.map((input) => {
        const outcome = this.meter(input);
        return outcome.ok
          ? {
              allocationId: input.allocationId,
              ok: true,
              duplicate: outcome.value.duplicate,
              chargeFen: outcome.value.chargeFen,
            }
          : {
              allocationId: input.allocationId,
              ok: false,
              error: `${outcome.error.code}: ${outcome.error.message}`,
            };
      });
    });
  }

  internalBalance(userId: string): Outcome<InternalBalanceAnswer> {
    return toOutcome(() => {
      this.requireTenant();
      const wallet = this.wallets.of(userId);
      const balanceFen = wallet?.balanceFen ?? 0;
      // What an outside device service may still book: the balance less what running allocations hold.
      const verdict = balanceVerdict(wallet ? balanceFen - wallet.heldFen : null);
      return { ...verdict, balance: balanceFen, balanceFen };
    });
  }

  usageRecordsPresent(allocationIds: string[]): string[] {
    if (allocationIds.length === 0) return [];
    const present: string[] = [];
    for (let i = 0; i < allocationIds.length; i += 500) {
      const chunk = allocationIds.slice(i, i + 500);
      for (const r of this.db
        .select({ id: usageRecords.allocationId })
        .from(usageRecords)
        .where(inArray(usageRecords.allocationId, chunk))
        .all()) {
        present.push(r.id);
      }
    }
    return present;
  }
}

const ratesOf = (hold: HoldRow): Rates => ({
  coreHourMilliFen: hold.coreHourMilliFen,
  memoryGbHourMilliFen: hold.memoryGbHourMilliFen,
  storageGbHourMilliFen: hold.storageGbHourMilliFen,
});
