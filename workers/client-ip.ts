import type { Context } from 'hono';
import type { AppEnv } from './types';

/**
 * The client's address as the platform saw it. Cloudflare's edge sets `CF-Connecting-IP` and overwrites
 * whatever the client sent; locally, workerd's entry (miniflare, which `wrangler dev` runs behind its
 * proxy) sets it from the socket's peer address. `X-Forwarded-For` is never read: any client can write
 * it, so trusting it would let a stranger choose whose throttle they fill and what the log records.
 */
export function clientIp(c: Context<AppEnv>): string | null {
  return c.req.header('cf-connecting-ip') || null;
}
