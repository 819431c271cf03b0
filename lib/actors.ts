import { BoundedCache } from './bounded-cache';
import type { Env } from './env';

/** The one Directory. Only admin, sign-in and sweep paths reach it; tenant requests never do. */
export function directory(env: Env) {
  return env.DIRECTORY.get(env.DIRECTORY.idFromName('global'));
}

/** Ids by company code: `idFromName` hashes the name on every call, and every tenant request needs one. */
const tenantIds = new BoundedCache<string, DurableObjectId>(10_000);

/** The actor of the company with code `code`. */
export function tenantActor(env: Env, code: string) {
  return env.TENANT.get(tenantIds.get(code, () => env.TENANT.idFromName(code)));
}

/** The actor of device node `nodeId`. */
export function deviceNode(env: Env, nodeId: string) {
  return env.DEVICE_NODE.get(env.DEVICE_NODE.idFromName(nodeId));
}
