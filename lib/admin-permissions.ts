import type { AdminRole } from './tokens';

/**
 * What each platform admin role may do (SPEC A6). The permission of every admin route is declared in
 * `workers/middleware/admin-access.ts`; a route not declared there is open to super admins only.
 */
export const PERMISSIONS = [
  'companies.read',
  'companies.write',
  'companies.delete',
  'users.read',
  'users.write',
  'plans.read',
  'plans.write',
  'invoices.read',
  'invoices.write',
  'dashboard.read',
  'logs.read',
  'mail.read',
  'mail.write',
  'alerts.read',
  'config.read',
  'config.write',
  'admins.manage',
  'tasks.read',
  'tasks.run',
  'nodes.read',
  'nodes.write',
  'billing.read',
  'billing.write',
  // Backup reads and restore writes every actor's data: no role but super_admin has it.
  'backup.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = [
  'companies.read',
  'users.read',
  'plans.read',
  'dashboard.read',
  'alerts.read',
  'config.read',
];

export const ROLE_PERMISSIONS: Record<AdminRole, readonly Permission[]> = {
  super_admin: PERMISSIONS,
  // Sales sign companies up and look after their people; they see invoices but do not settle them.
  sales: [...READ_ALL, 'companies.write', 'users.write', 'invoices.read'],
  // Finance settles invoices and watches usage billing; support also re-queues stuck usage reports.
  finance: [...READ_ALL, 'invoices.read', 'invoices.write', 'billing.read', 'billing.write'],
  // Support handles staff changes and reads what the platform did and sent.
  support: [
    ...READ_ALL,
    'users.write',
    'logs.read',
    'mail.read',
    'mail.write',
    'tasks.read',
    'nodes.read',
    'billing.read',
    'billing.write',
  ],
};

export function can(role: AdminRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}
