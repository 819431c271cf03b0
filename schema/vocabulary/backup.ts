/**
 * The kinds of actor a backup carries, in the order a backup reads them (a restore writes them in the
 * reverse order, so the Directory, which holds the administrators, comes last). Shared by the API's
 * schemas and the backup's catalog (durable-objects/backup/catalog.ts), which says where each kind's
 * names come from.
 */
export const ACTOR_KINDS = [
  'directory',
  'tenant',
  'device-node',
  'lawyer',
  'legal-client',
  'legal-enterprise',
  'legal-statistics',
  'legal-dispatch',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];
