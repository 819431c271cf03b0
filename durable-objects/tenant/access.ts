import { AppError } from '../../lib/errors';

/** Who is calling a tenant actor: checked by the worker's token verification, trusted here. */
export type Caller = { kind: 'admin'; id: string } | { kind: 'user'; id: string };

export interface MemberRecord {
  role: 'admin' | 'member';
  status: 'active' | 'disabled' | 'pending';
}

export type Need = 'member' | 'admin';

/**
 * The tenant-scoped access rule, pure: platform admins may act in any tenant; users only where
 * their membership is active, and as tenant admins only with the admin role.
 */
export function authorize(caller: Caller, member: MemberRecord | undefined, need: Need): void {
  if (caller.kind === 'admin') return;
  if (member?.status !== 'active') {
    throw new AppError(403, 'NOT_A_MEMBER', 'you are not an active member of this company');
  }
  if (need === 'admin' && member.role !== 'admin') {
    throw new AppError(403, 'TENANT_ADMIN_REQUIRED', 'only a company administrator may do this');
  }
}
