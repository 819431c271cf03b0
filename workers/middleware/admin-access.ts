import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { directory } from '../../lib/actors';
import { can, type Permission } from '../../lib/admin-permissions';
import { AppError } from '../../lib/errors';
import { log } from '../../lib/log';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';

/**
 * The permission every admin route needs (SPEC A6), in one table. First match wins; an admin route
 * that is not listed is open to super admins only, so a new route is never open by accident.
 * Modules add their routes here.
 */
export const ADMIN_ROUTE_PERMISSIONS: [method: string, path: RegExp, permission: Permission | null][] = [
  ['GET', /^\/api\/admin\/me$/, null],
  ['GET', /^\/api\/admin\/companies(\/[^/]+)?$/, 'companies.read'],
  ['POST', /^\/api\/admin\/companies$/, 'companies.write'],
  ['PUT', /^\/api\/admin\/companies\/[^/]+$/, 'companies.write'],
  ['POST', /^\/api\/admin\/companies\/[^/]+\/generate-onboarding$/, 'companies.write'],
  ['PUT', /^\/api\/admin\/companies\/[^/]+\/legal-package$/, 'companies.write'], // legal
  ['DELETE', /^\/api\/admin\/companies\/[^/]+$/, 'companies.delete'],
  ['GET', /^\/api\/admin\/company-code-suggestion$/, 'companies.read'],
  ['GET', /^\/api\/admin\/companies\/[^/]+\/discounts$/, 'companies.read'],
  ['POST', /^\/api\/admin\/companies\/[^/]+\/discounts$/, 'companies.write'],
  ['DELETE', /^\/api\/admin\/companies\/[^/]+\/discounts\/[^/]+$/, 'companies.write'],
  ['GET', /^\/api\/admin\/discount-rules$/, 'plans.read'],
  ['POST', /^\/api\/admin\/discount-rules$/, 'plans.write'],
  ['PUT', /^\/api\/admin\/discount-rules\/[^/]+$/, 'plans.write'],
  ['GET', /^\/api\/admin\/users(\/[^/]+)?$/, 'users.read'],
  ['POST', /^\/api\/admin\/users$/, 'users.write'],
  ['PUT', /^\/api\/admin\/users\/[^/]+$/, 'users.write'],
  ['POST', /^\/api\/admin\/users\/[^/]+\/companies$/, 'users.write'],
  ['DELETE', /^\/api\/admin\/users\/[^/]+\/companies\/[^/]+$/, 'users.write'],
  ['GET', /^\/api\/admin\/plans(\/[^/]+)?$/, 'plans.read'],
  ['POST', /^\/api\/admin\/plans$/, 'plans.write'],
  ['PUT', /^\/api\/admin\/plans\/[^/]+$/, 'plans.write'],
  ['GET', /^\/api\/admin\/invoices(\/[^/]+)?$/, 'invoices.read'],
  ['POST', /^\/api\/admin\/invoices\/[^/]+\/(mark-paid|cancel)$/, 'invoices.write'],
  ['GET', /^\/api\/admin\/(payment-proofs|fapiao-requests)$/, 'invoices.read'],
  ['GET', /^\/api\/admin\/payment-proofs\/[^/]+\/file$/, 'invoices.read'],
  ['POST', /^\/api\/admin\/payment-proofs\/[^/]+\/(accept|reject)$/, 'invoices.write'],
  ['POST', /^\/api\/admin\/fapiao-requests\/[^/]+\/(issue|reject)$/, 'invoices.write'],
  ['GET', /^\/api\/admin\/dashboard$/, 'dashboard.read'],
  ['GET', /^\/api\/admin\/logs$/, 'logs.read'],
  ['GET', /^\/api\/admin\/system-config$/, 'config.read'],
  ['PUT', /^\/api\/admin\/system-config$/, 'config.write'],
  ['GET', /^\/api\/admin\/mail$/, 'mail.read'],
  ['POST', /^\/api\/admin\/mail\/[^/]+\/retry$/, 'mail.write'],
  ['GET', /^\/api\/admin\/alerts$/, 'alerts.read'],
  ['GET', /^\/api\/admin\/incidents$/, 'alerts.read'],
  ['GET', /^\/api\/admin\/admins$/, 'admins.manage'],
  ['POST', /^\/api\/admin\/admins$/, 'admins.manage'],
  ['PUT', /^\/api\/admin\/admins\/[^/]+$/, 'admins.manage'],
  ['GET', /^\/api\/admin\/tasks(\/history)?$/, 'tasks.read'],
  ['POST', /^\/api\/admin\/tasks\/[^/]+\/run$/, 'tasks.run'],
  ['GET', /^\/api\/admin\/nodes(\/[^/]+)?$/, 'nodes.read'],
  ['POST', /^\/api\/admin\/nodes$/, 'nodes.write'],
  ['POST', /^\/api\/admin\/nodes\/[^/]+\/devices$/, 'nodes.write'],
  ['PATCH', /^\/api\/admin\/nodes\/[^/]+\/devices\/[^/]+$/, 'nodes.write'],
  ['GET', /^\/api\/admin\/billing\/(outbox|dead-letters)$/, 'billing.read'],
  ['POST', /^\/api\/admin\/billing\/(dead-letters\/[^/]+\/requeue|requeue-dead-letters)$/, 'billing.write'],
  ['GET', /^\/api\/admin\/lawyer-certifications(\/[^/]+(\/file)?)?$/, 'lawyers.read'], // legal
  ['POST', /^\/api\/admin\/lawyer-certifications\/[^/]+\/(approve|reject)$/, 'lawyers.write'], // legal
  ['GET', /^\/api\/admin\/legal\/notices$/, 'lawyers.read'],
  ['GET', /^\/api\/admin\/export(\/actors)?$/, 'backup.run'],
  ['POST', /^\/api\/admin\/import(\/redeliver)?$/, 'backup.run'],
];

/** The permission a request needs: a listed one, null (any admin), or undefined (super admins only). */
export function permissionFor(method: string, path: string): Permission | null | undefined {
  const rule = ADMIN_ROUTE_PERMISSIONS.find(([m, p]) => m === method && p.test(path));
  return rule ? rule[2] : undefined;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After `authenticated`: the one permission check of every admin route. The token only says who is
 * asking; what they may do comes from their *current* role and status in the Directory (so a disabled,
 * demoted or promoted admin is treated as such at once, whatever role the token was signed with),
 * checked against the route's permission. Every successful write is then recorded in the operation log
 * unless the route did.
 */
export const adminAccess = createMiddleware<AppEnv>(async (c, next) => {
  const principal = c.get('principal');
  if (principal.kind !== 'admin')
    throw new AppError(403, 'ADMIN_REQUIRED', 'a platform administrator token is required');
  const dir = directory(c.env);
  const admin = await dir.adminAccess(principal.sub);
  if (!admin) throw new AppError(401, 'UNAUTHENTICATED', 'this admin account no longer exists');
  if (admin.status !== 'active') throw new AppError(403, 'ADMIN_DISABLED', 'this admin account is disabled');
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  const permission = permissionFor(method, c.req.path);
  const allowed =
    admin.role === 'super_admin' ||
    permission === null ||
    (permission !== undefined && can(admin.role, permission));
  if (!allowed) {
    throw new AppError(403, 'PERMISSION_DENIED', `the ${admin.role} role may not do this`, {
      role: admin.role,
      permission: permission ?? 'super_admin',
    });
  }
  c.set('adminRole', admin.role);
  await next();
  if (SAFE.has(c.req.method) || c.res.status >= 400 || c.get('audited')) return;
  try {
    await dir.logAdminWrite(operatorOf(c), null, `http.${c.req.method.toLowerCase()}`, {
      path: c.req.path,
      status: c.res.status,
    });
  } catch (err) {
    // The write happened; losing its log line must not turn it into an error for the caller.
    log.error('audit.failed', { path: c.req.path, err: String(err) });
  }
});

/**
 * For a route whose write happened outside the Directory (a device node, a task run): records it in the
 * operation log with what was stored, in place of the generic entry. The write already happened, so a
 * log that cannot be written is reported, not answered as an error.
 */
export async function logAdminAction(
  c: Context<AppEnv>,
  tenantId: string | null,
  action: string,
  detail: unknown,
): Promise<void> {
  c.set('audited', true);
  try {
    await directory(c.env).logAdminWrite(operatorOf(c), tenantId, action, detail);
  } catch (err) {
    log.error('audit.failed', { path: c.req.path, err: String(err) });
  }
}
