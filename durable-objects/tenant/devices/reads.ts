import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import { AppError, type Outcome, toOutcome } from '../../../lib/errors';
import type { Page } from '../../../schema/dto/common';
import type {
  AllocationListQuery,
  Balance,
  TenantAllocation,
  UsageRecordView,
} from '../../../schema/dto/devices';
import * as schema from '../../../schema/tenant';
import { newestWrittenFirst } from '../../write-order';
import type { Caller } from '../access';
import type { TenantPort } from '../port';
import { allocationView, balanceView, usageView } from './views';
import type { Wallets } from './wallets';

const { deviceAllocations, wallets, walletHolds, usageRecords } = schema;

/**
 * What members see of devices and billing: a member reads their own allocations, usage and balance;
 * tenant and platform admins may name any user, and their lists cover the whole company unless they do.
 */
export class DeviceReads {
  constructor(
    private readonly port: Pick<TenantPort, 'db' | 'access' | 'isAdmin'>,
    private readonly book: Wallets,
  ) {}

  private get db() {
    return this.port.db;
  }

  /** Whose data a read is about (null: the whole company). */
  private subject(caller: Caller, forUser: string | undefined, list: boolean): string | null {
    const admin = this.port.isAdmin(caller);
    if (forUser) {
      if (forUser !== caller.id && !admin) {
        throw new AppError(
          403,
          'TENANT_ADMIN_REQUIRED',
          "only a company administrator may see another user's data",
        );
      }
      return forUser;
    }
    if (list && admin) return null;
    if (caller.kind === 'admin') {
      throw new AppError(400, 'VALIDATION_FAILED', 'query.userId: required for platform administrators', {
        fields: [{ path: 'query.userId', message: 'required' }],
      });
    }
    return caller.id;
  }

  allocations(caller: Caller, query: AllocationListQuery): Outcome<Page<TenantAllocation>> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const userId = this.subject(caller, query.userId, true);
      const filters: SQL[] = [];
      if (userId) filters.push(eq(deviceAllocations.userId, userId));
      if (query.status) filters.push(eq(deviceAllocations.status, query.status));
      const where = filters.length ? and(...filters) : undefined;
      const total = this.db.select({ n: count() }).from(deviceAllocations).where(where).get()!.n;
      const items = this.db
        .select({ a: deviceAllocations, hold: walletHolds.amountFen })
        .from(deviceAllocations)
        .leftJoin(walletHolds, eq(walletHolds.allocationId, deviceAllocations.id))
        .where(where)
        .orderBy(desc(deviceAllocations.createdAt), newestWrittenFirst(deviceAllocations))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .all()
        .map(({ a, hold }) => allocationView(a, hold));
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  balance(caller: Caller, forUser?: string): Outcome<Balance> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const userId = this.subject(caller, forUser, false)!;
      return balanceView(userId, this.book.of(userId));
    });
  }

  usage(
    caller: Caller,
    query: { page: number; pageSize: number; userId?: string },
  ): Outcome<Page<UsageRecordView>> {
    return toOutcome(() => {
      this.port.access(caller, 'member');
      const userId = this.subject(caller, query.userId, true);
      const where = userId ? eq(usageRecords.userId, userId) : undefined;
      const total = this.db.select({ n: count() }).from(usageRecords).where(where).get()!.n;
      const items = this.db
        .select()
        .from(usageRecords)
        .where(where)
        .orderBy(desc(usageRecords.recordedAt), newestWrittenFirst(usageRecords))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .all()
        .map(usageView);
      return { items, total, page: query.page, pageSize: query.pageSize };
    });
  }

  wallets(caller: Caller, page: number, pageSize: number): Outcome<Page<Balance>> {
    return toOutcome(() => {
      this.port.access(caller, 'admin');
      const total = this.db.select({ n: count() }).from(wallets).get()!.n;
      const items = this.db
        .select()
        .from(wallets)
        .orderBy(asc(wallets.createdAt), asc(wallets.userId))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all()
        .map((w) => balanceView(w.userId, w));
      return { items, total, page, pageSize };
    });
  }
}
