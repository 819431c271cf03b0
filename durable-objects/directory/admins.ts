import { asc, count, eq } from 'drizzle-orm';
import { AppError, fieldError, type Outcome } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AdminRole } from '../../lib/tokens';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type { AdminAccount } from '../../schema/dto/platform-console';
import type { Db, DirectoryHost, Operator } from './host';
import { storedFields } from './operation-log';
import { adminView } from './views';

const { admins } = schema;

/** What admin accounts need from the Directory; the environment is asked each time (tests change it). */
export type AdminsHost = Pick<DirectoryHost, 'db' | 'now' | 'write' | 'env' | 'logOperation'>;

/** The platform's admin accounts: their roles and status, created and changed by a super admin. */
/** What an admin account may have changed (the worker hashes a new password before it gets here). */
export interface AdminPatch {
  role?: AdminRole;
  status?: 'active' | 'disabled';
  passwordHash?: string;
  name?: string;
  email?: string;
}

export class Admins {
  constructor(private readonly host: AdminsHost) {}

  private get db(): Db {
    return this.host.db;
  }

  /** The admin's current role and status; the admin routes check them on every request. */
  adminAccess(adminId: string): { username: string; role: AdminRole; status: 'active' | 'disabled' } | null {
    const row = this.db.select().from(admins).where(eq(admins.id, adminId)).get();
    return row ? { username: row.username, role: row.role, status: row.status } : null;
  }

  listAdmins(page: number, pageSize: number): Page<AdminAccount> {
    const total = this.db.select({ n: count() }).from(admins).get()!.n;
    const items = this.db
      .select()
      .from(admins)
      .orderBy(asc(admins.createdAt), asc(admins.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .all()
      .map(adminView);
    return { items, total, page, pageSize };
  }

  private envSuperAdmin(): string {
    return (this.host.env().SUPERADMIN_USERNAME ?? 'admin').toLowerCase();
  }

  async createAdmin(
    input: { username: string; passwordHash: string; role: AdminRole; name?: string; email?: string },
    operator: Operator,
  ): Promise<Outcome<AdminAccount>> {
    return this.host.write(() => {
      const username = input.username.toLowerCase();
      if (
        username === this.envSuperAdmin() ||
        this.db.select({ id: admins.id }).from(admins).where(eq(admins.username, username)).get()
      ) {
        throw fieldError(409, 'USERNAME_TAKEN', 'body.username', `admin username ${username} is taken`);
      }
      const now = this.host.now();
      const row = this.db
        .insert(admins)
        .values({
          id: newId('adm'),
          username,
          passwordHash: input.passwordHash,
          role: input.role,
          name: input.name ?? null,
          email: input.email?.toLowerCase() ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      this.host.logOperation(operator, null, 'admin.create', { adminId: row.id, username, role: row.role });
      return adminView(row);
    });
  }

  async updateAdmin(id: string, patch: AdminPatch, operator: Operator): Promise<Outcome<AdminAccount>> {
    return this.host.write(() => {
      const current = this.db.select().from(admins).where(eq(admins.id, id)).get();
      if (!current) throw new AppError(404, 'ADMIN_NOT_FOUND', 'no admin with that id');
      const demotes = (patch.role && patch.role !== current.role) || patch.status === 'disabled';
      if (demotes && current.username === this.envSuperAdmin()) {
        throw new AppError(
          409,
          'ENV_SUPER_ADMIN',
          'the super admin of the environment cannot be demoted or disabled',
        );
      }
      if (demotes && id === operator.adminId) {
        throw new AppError(409, 'CANNOT_CHANGE_SELF', 'you cannot demote or disable yourself');
      }
      const row = this.db
        .update(admins)
        .set({ ...patch, email: patch.email?.toLowerCase() ?? current.email, updatedAt: this.host.now() })
        .where(eq(admins.id, id))
        .returning()
        .get()!;
      this.host.logOperation(operator, null, 'admin.update', {
        adminId: id,
        ...storedFields(patch, row, ['passwordHash']),
        passwordChanged: !!patch.passwordHash,
      });
      return adminView(row);
    });
  }
}
