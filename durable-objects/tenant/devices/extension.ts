import { eq } from 'drizzle-orm';
import { deviceNode } from '../../../lib/actors';
import { billingConfig } from '../../../lib/billing-config';
import { AppError, type Outcome, toOutcomeAsync } from '../../../lib/errors';
import { iso } from '../../../lib/iso';
import type { ExtendAnswer } from '../../../schema/dto/devices';
import * as schema from '../../../schema/tenant';
import type { NodeAllocation } from '../../device-node/node-types';
import { MEMBER_MAIL_MESSAGE, type MemberMailMessage } from '../../directory/mail-queue';
import type { Caller } from '../access';
import { holdFen } from '../billing/holds';

import type { TenantPort } from '../port';
import { type DeviceAllocation, insufficientBalance } from './allocation';
import { deviceMails } from './device-mails';
import type { Wallets } from './wallets';

const { deviceAllocations } = schema;

export type ExtensionPort = Pick<
  TenantPort,
  'db' | 'env' | 'now' | 'tx' | 'access' | 'isAdmin' | 'audit' | 'send' | 'profile'
>;

/**
 * Extending an allocation before it ends (续期, issue #22 item 7): the hold grows by the price of the
 * added minutes at the rates of now, or the extension is refused with 402 and what is missing; then the
 * device node moves the end. And the notice ten minutes before an allocation ends, once per end.
 */
export class DeviceExtension {
  constructor(
    private readonly port: ExtensionPort,
    private readonly wallets: Wallets,
    private readonly allocation: Pick<DeviceAllocation, 'scheduleNotice' | 'checkRemoteBalance'>,
  ) {}

  extend(caller: Caller, allocationId: string, minutes: number): Promise<Outcome<ExtendAnswer>> {
    return toOutcomeAsync(async () => {
      const config = billingConfig(this.port.env);
      const builtIn = !config.serviceUrl;
      // An external billing service holds nothing: its balance check decides, as for an allocation.
      const profile = this.port.profile();
      if (!builtIn && profile)
        await this.allocation.checkRemoteBalance(profile.code, caller.id, config.allowOnError);
      const reserved = this.port.tx(() => {
        this.port.access(caller, 'member');
        const row = this.db
          .select()
          .from(deviceAllocations)
          .where(eq(deviceAllocations.id, allocationId))
          .get();
        if (!row || !(this.port.isAdmin(caller) || row.userId === caller.id))
          throw new AppError(404, 'ALLOCATION_NOT_FOUND', 'no such allocation in this company');
        if (
          row.status !== 'active' ||
          !row.nodeId ||
          row.expiresAt === null ||
          row.expiresAt <= this.port.now()
        )
          throw new AppError(
            409,
            'ALLOCATION_ENDED',
            'the allocation has ended; it can no longer be extended',
          );
        const hold = builtIn ? this.wallets.holdOf(allocationId) : undefined;
        let extraFen = 0;
        if (hold) {
          const shape = {
            cpuCores: row.cpuCores ?? 0,
            memoryMB: row.memoryMB ?? 0,
            storageMB: row.storageMB ?? 0,
          };
          extraFen = holdFen(minutes, shape, this.wallets.currentRates());
          const verdict = this.wallets.extendHold(hold, extraFen);
          if (!verdict.ok) throw insufficientBalance(verdict, this.wallets.of(row.userId));
        }
        return { row, extraFen, target: row.expiresAt + minutes * 60_000 };
      });
      const { row, extraFen, target } = reserved;
      // An external billing service holds nothing: its balance check decides, as for an allocation.
      const code = this.port.profile()?.code;
      if (!builtIn && code) await this.allocation.checkRemoteBalance(code, row.userId, config.allowOnError);
      const outcome = (await deviceNode(this.port.env, row.nodeId!).extendAllocation(
        allocationId,
        target,
      )) as Outcome<NodeAllocation>;
      if (!outcome.ok) {
        // The node said no (the allocation ended meanwhile): the extra hold goes back.
        this.port.tx(() => this.wallets.shrinkHold(allocationId, extraFen));
        throw AppError.from(outcome.error);
      }
      return this.port.tx(() => {
        const expiresAt = outcome.value.expiresAt;
        const updated = this.db
          .update(deviceAllocations)
          .set({
            expiresAt,
            durationMinutes: row.durationMinutes + minutes,
            updatedAt: this.port.now(),
          })
          .where(eq(deviceAllocations.id, allocationId))
          .returning()
          .get()!;
        this.allocation.scheduleNotice(updated);
        this.port.audit(caller, 'device.extend', { allocationId, minutes, extraHoldFen: extraFen });
        return {
          allocationId,
          expiresAt: iso(expiresAt),
          durationMinutes: updated.durationMinutes,
          extraHoldFen: extraFen,
          holdFen: this.wallets.holdOf(allocationId)?.amountFen ?? 0,
        };
      });
    });
  }

  /** A job: tells the user their allocation ends in ten minutes, unless it has ended or moved meanwhile. */
  noticeDue(allocationId: string, payload: unknown): void {
    this.port.tx(() => {
      const row = this.db
        .select()
        .from(deviceAllocations)
        .where(eq(deviceAllocations.id, allocationId))
        .get();
      const profile = this.port.profile();
      const expiresAt = (payload as { expiresAt?: number } | null)?.expiresAt;
      if (!row || !profile || row.status !== 'active' || row.expiresAt !== expiresAt) return;
      const message: MemberMailMessage = {
        tenantId: profile.tenantId,
        userId: row.userId,
        content: deviceMails.expiring({
          company: profile.name,
          deviceId: row.deviceId ?? row.id,
          expiresAt: iso(row.expiresAt),
        }),
      };
      this.port.send({
        to: { binding: 'DIRECTORY', name: 'global' },
        type: MEMBER_MAIL_MESSAGE,
        payload: message,
        key: `device-expiring:${row.id}:${row.expiresAt}`,
      });
    });
  }

  private get db() {
    return this.port.db;
  }
}
