import { z } from '@hono/zod-openapi';
import { ACTOR_KINDS } from '../vocabulary/backup';
import { integer, queryInteger, text, verbatimText } from './common';

const ActorKind = z
  .enum(ACTOR_KINDS)
  .openapi({ description: 'The kind of actor (see GET /api/admin/export/actors)' });
const ActorKey = text().min(1).max(128).openapi({ description: 'Its name: the company code, node id …' });

export const BackupCell = z
  .union([verbatimText(), z.number(), z.null(), z.object({ base64: text() })])
  .openapi('BackupCell', { description: 'One SQLite value; a blob travels as `{base64}`' });

export const BackupActors = z
  .object({
    actors: z.array(
      z.object({
        actor: z.string(),
        keys: z.array(z.string()).optional().openapi({ description: 'Fixed names' }),
        keysFrom: z
          .object({ actor: z.string(), table: z.string(), column: z.string() })
          .optional()
          .openapi({ description: "The names are this column of that actor's table, in the same backup" }),
      }),
    ),
  })
  .openapi('BackupActors');

export const ExportQuery = z.object({
  actor: ActorKind,
  key: ActorKey,
  cursor: text()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'The previous page’s nextCursor; omit it to take a new snapshot' }),
  limit: queryInteger(1, 10_000).default(2_000).openapi({ description: 'Rows per page', default: 2_000 }),
});

const BackupTable = z.object({
  name: z.string(),
  sql: z.string().openapi({ description: 'Its CREATE TABLE statement' }),
  columns: z.array(
    z.object({ name: z.string(), type: z.string(), notNull: z.boolean(), primaryKey: z.number().int() }),
  ),
  rows: z.number().int(),
});

export const ExportPage = z
  .object({
    actor: z.string(),
    key: z.string(),
    snapshot: z.object({
      id: z.string(),
      takenAt: z
        .number()
        .int()
        .openapi({ description: "The snapshot's moment, on the actor's clock (epoch ms)" }),
      tables: z.array(BackupTable),
    }),
    chunks: z.array(z.object({ table: z.string(), rows: z.array(z.array(BackupCell)) })),
    nextCursor: z.string().nullable().openapi({ description: 'null on the last page' }),
  })
  .openapi('ExportPage');

export const ImportBody = z
  .object({
    actor: ActorKind,
    key: ActorKey,
    importId: text().min(1).max(64).optional().openapi({ description: 'Absent on the first call' }),
    part: integer(0, 1_000_000).openapi({ description: 'Number of this call in the import, from 0' }),
    tables: z
      .array(z.object({ name: text().min(1).max(200), columns: z.array(text().min(1).max(200)).min(1) }))
      .optional()
      .openapi({
        description: "Every table of the backup's actor with its columns; required on the first call",
      }),
    chunks: z.array(z.object({ table: text().min(1).max(200), rows: z.array(z.array(BackupCell)) })),
    done: z.boolean().openapi({ description: 'The last call: check, then replace every table at once' }),
    force: z.boolean().optional().openapi({ description: 'Replace rows the backup does not have' }),
    redeliverSince: z
      .number()
      .int()
      .min(0)
      .nullable()
      .optional()
      .openapi({ description: 'When the backup began: messages delivered since are sent again' }),
  })
  .openapi('ImportBody');

export const ImportAnswer = z
  .object({
    importId: z.string(),
    staged: z.number().int(),
    committed: z.boolean(),
    tables: z.array(z.object({ table: z.string(), rows: z.number().int() })).optional(),
    redelivered: z.number().int().optional(),
  })
  .openapi('ImportAnswer');

export const RedeliverBody = z
  .object({
    actor: ActorKind,
    key: ActorKey,
    to: z.object({ actor: ActorKind, key: ActorKey }),
    since: z.number().int().min(0),
  })
  .openapi('RedeliverBody');

export const RedeliverAnswer = z.object({ requeued: z.number().int() }).openapi('RedeliverAnswer');
