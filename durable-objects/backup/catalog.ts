import type { ActorBinding } from '../../lib/env';
import { INDUSTRIES } from '../../lib/industries';
import { PRACTICE_AREAS } from '../../schema/dto/legal-catalog';
import { industryStatsActor, PLATFORM_STATS_ACTOR } from '../../schema/dto/legal-messages';
import { ACTOR_KINDS, type ActorKind } from '../../schema/vocabulary/backup';

/**
 * Where the names of one kind of actor come from: fixed names, or one column of a table that another
 * actor (exported before it) holds — read from that actor's rows in the same backup, so the backup
 * never names an actor its Directory did not know at its own moment.
 */
export type KeySource = { keys: string[] } | { keysFrom: { actor: string; table: string; column: string } };

export interface BackedUpActor {
  actor: ActorKind;
  binding: ActorBinding;
  source: KeySource;
}

/**
 * Where each kind of actor (schema/vocabulary/backup.ts, which also gives the order) lives and where its
 * names come from. A module that adds an actor kind adds it there and one entry here; one that adds an
 * index of actors to the Directory edits its entry.
 */
const SOURCES: Record<ActorKind, Omit<BackedUpActor, 'actor'>> = {
  directory: { binding: 'DIRECTORY', source: { keys: ['global'] } },
  tenant: {
    binding: 'TENANT',
    source: { keysFrom: { actor: 'directory', table: 'tenants', column: 'code' } },
  },
  'device-node': {
    binding: 'DEVICE_NODE',
    source: { keysFrom: { actor: 'directory', table: 'device_nodes', column: 'node_id' } },
  },
  // The legal marketplace: a lawyer's actor exists once they ask for certification; a marketplace user's
  // once they choose that identity (keys from every marketplace account: the others' actors hold
  // nothing). The dispatchers are one per practice area. The demo workspaces are generated on demand.
  lawyer: {
    binding: 'LAWYER',
    source: { keysFrom: { actor: 'directory', table: 'lawyer_certifications', column: 'user_id' } },
  },
  'legal-client': {
    binding: 'LEGAL_CLIENT',
    source: { keysFrom: { actor: 'directory', table: 'legal_accounts', column: 'user_id' } },
  },
  // A company's marketplace client actor is named by the company's id; the platform's collection
  // statistics are one more client actor, and each industry's (the report's benchmark) one more.
  'legal-enterprise': {
    binding: 'LEGAL_CLIENT',
    source: { keysFrom: { actor: 'directory', table: 'tenants', column: 'id' } },
  },
  'legal-statistics': {
    binding: 'LEGAL_CLIENT',
    source: { keys: [PLATFORM_STATS_ACTOR, ...INDUSTRIES.map(industryStatsActor)] },
  },
  'legal-dispatch': { binding: 'DISPATCH', source: { keys: [...PRACTICE_AREAS] } },
};

/** Every kind of actor a backup carries, in the order a backup reads them. */
export const BACKED_UP_ACTORS: readonly BackedUpActor[] = ACTOR_KINDS.map((actor) => ({
  actor,
  ...SOURCES[actor],
}));

export function backedUpActor(actor: string): BackedUpActor | undefined {
  return BACKED_UP_ACTORS.find((a) => a.actor === actor);
}
