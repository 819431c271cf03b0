import { createMiddleware } from 'hono/factory';
import { AppError, unwrap } from '../../lib/errors';
import { sha256Hex } from '../../lib/hash';
import { lawyerActor } from '../legal-actors';
import type { AppEnv } from '../types';
import { marketplacePerson } from './legal';

/**
 * After `authenticated`, on the lawyer's own routes: a lawyer's API key (enterprise) is checked by the
 * lawyer's actor (its hash, unrevoked, unexpired, membership still with API access); anything else is a
 * marketplace person as everywhere in the marketplace.
 */
export const lawyerPersonOrKey = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.get('principal');
  if (p.kind !== 'user' || !p.apiKey) return marketplacePerson(c, next);
  const token = c.req.header('authorization')!.slice(7).trim();
  unwrap(await lawyerActor(c.env, p.sub).checkApiKey(p.apiKey, await sha256Hex(token)));
  await next();
});

/** The workspace's own settings (keys, white-label, referral, heartbeats) are changed by the person, not by a key. */
export const notWithApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const p = c.get('principal');
  if (p.kind === 'user' && p.apiKey)
    throw new AppError(403, 'API_KEY_NOT_ALLOWED', 'an API key cannot be used here; sign in');
  await next();
});
