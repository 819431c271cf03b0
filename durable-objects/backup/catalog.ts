import type { ActorBinding } from '../../lib/env';
import { PRACTICE_AREAS } from '../../schema/dto/legal-catalog';

/**
 * Where the names of one kind of actor come from: fixed names, or one column of a table that another
 * actor (exported before it) holds — read from that actor's rows in the same backup, so the backup
 * never names an actor its Directory did not know at its own moment.
 */
export type KeySource = { keys: string[] } | { keysFrom: { actor: string; table: string; column: string } };

export interface BackedUpActor {
  actor: string;
  binding: ActorBinding;
  source: KeySource;
}

/**
 * Every kind of actor a backup carries, in the order a backup reads them (a restore writes them in the
 * reverse order, so the Directory, which holds the administrators, comes last). A module that adds an
 * actor kind, or an index of actors to the Directory, adds or edits one line here.
 */
export const BACKED_UP_ACTORS: readonly BackedUpActor[] = [
  { actor: 'directory', binding: 'DIRECTORY', source: { keys: ['global'] } },
  {
    actor: 'tenant',
    binding: 'TENANT',
    source: { keysFrom: { actor: 'directory', table: 'tenants', column: 'code' } },
  },
  {
    actor: 'device-node',
    binding: 'DEVICE_NODE',
    source: { keysFrom: { actor: 'directory', table: 'device_nodes', column: 'node_id' } },
  },
  // The legal marketplace: a lawyer's actor exists once they ask for certification; a marketplace user's
  // once they choose that identity (keys from every marketplace account: the others' actors hold
  // nothing). The dispatchers are one per practice area. The demo workspaces are generated on demand.
  {
    actor: 'lawyer',
    binding: 'LAWYER',
    source: { keysFrom: { actor: 'directory', table: 'lawyer_certifications', column: 'user_id' } },
  },
  {
    actor: 'legal-client',
    binding: 'LEGAL_CLIENT',
    source: { keysFrom: { actor: 'directory', table: 'legal_accounts', column: 'user_id' } },
  },
  { actor: 'legal-dispatch', binding: 'DISPATCH', source: { keys: [...PRACTICE_AREAS] } },
];

export const ACTOR_KINDS = BACKED_UP_ACTORS.map((a) => a.actor) as [string, ...string[]];

export function backedUpActor(actor: string): BackedUpActor | undefined {
  return BACKED_UP_ACTORS.find((a) => a.actor === actor);
}
