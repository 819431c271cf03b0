/**
 * Who may act in a marketplace actor: its own person only (an actor is addressed by its person's user
 * id, so this is the second lock on the door), and nobody may change a demo workspace. Pure.
 */
import { AppError } from '../../lib/errors';

/** `company`: a member of a company acting in the company's own actor, vouched for by its tenant actor. */
export type LegalCaller = { kind: 'user' | 'company' | 'admin'; id: string };

export function demoReadOnly(): AppError {
  return new AppError(403, 'DEMO_READ_ONLY', 'this is a demo workspace: it can be looked at, not changed');
}

/** Refuses anyone but the owner (answering as if nothing were there) and, for a write, a demo workspace. */
export function checkOwner(
  owner: { userId: string; demo: boolean } | undefined,
  caller: LegalCaller,
  write: boolean,
  notFound: () => AppError,
): void {
  if (!owner || (caller.kind !== 'admin' && caller.id !== owner.userId)) throw notFound();
  if (write && owner.demo) throw demoReadOnly();
}
