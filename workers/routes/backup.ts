import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Actor } from '../../durable-objects/actor';
import { BACKED_UP_ACTORS, backedUpActor } from '../../durable-objects/backup/catalog';
import { directory } from '../../lib/actors';
import type { Env } from '../../lib/env';
import { unwrap } from '../../lib/errors';
import { log } from '../../lib/log';
import {
  BackupActors,
  ExportPage,
  ExportQuery,
  ImportAnswer,
  ImportBody,
  RedeliverAnswer,
  RedeliverBody,
} from '../../schema/dto/backup';
import { operatorOf } from '../caller';
import type { AppEnv } from '../types';
import { bearer, errors, json, jsonBody, jsonText, maxBodyBytes } from './support';

// SPEC G4. Super administrators only: `backup.run` belongs to no other role.
const tags = ['backup'];

const actors = createRoute({
  method: 'get',
  path: '/api/admin/export/actors',
  tags,
  summary: 'Every kind of actor a backup carries, and where the names of each come from',
  security: bearer,
  responses: { 200: json(BackupActors), 401: errors[401], 403: errors[403] },
});

const exportPage = createRoute({
  method: 'get',
  path: '/api/admin/export',
  tags,
  summary: "A page of one actor's rows, every page of a cursor as of the same moment",
  description:
    'Without a cursor the actor copies all its tables in one transaction into a snapshot it keeps until ' +
    'the last page is read (or 15 minutes pass without a read); `nextCursor` continues it. Tables are ' +
    "read from the actor's own SQLite schema, internal ones (jobs, outbox, inbox, migrations) included.",
  security: bearer,
  request: { query: ExportQuery },
  responses: {
    200: json(ExportPage),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    410: errors[410],
  },
});

const importRows = createRoute({
  method: 'post',
  path: '/api/admin/import',
  tags,
  summary: 'Rows of one actor, staged over one or more calls and written at once by the last',
  description:
    'The first call lists the tables (they must match the server’s, migrations included). The last call ' +
    '(`done`) replaces every table in one transaction — refused with 409 RESTORE_WOULD_DISCARD when the ' +
    'actor holds rows the backup lacks, unless `force` — re-arms the alarm from the restored jobs and ' +
    'restarts the actor.',
  security: bearer,
  // A call carries up to `--rows-per-call` rows (5 000 by default), blobs included.
  ...maxBodyBytes(64 * 1024 * 1024),
  request: { body: jsonBody(ImportBody) },
  responses: {
    200: json(ImportAnswer),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
    410: errors[410],
  },
});

const redeliver = createRoute({
  method: 'post',
  path: '/api/admin/import/redeliver',
  tags,
  summary: 'Sends again what one actor delivered to another since a moment (after restoring the other)',
  security: bearer,
  request: { body: jsonBody(RedeliverBody) },
  responses: { 200: json(RedeliverAnswer), 400: errors[400], 401: errors[401], 403: errors[403] },
});

type AnyActor = Actor<Record<string, unknown>>;

/** The actor of kind `actor` named `key` (the kinds are validated by the routes' schemas). */
function actorStub(env: Env, actor: string, key: string) {
  const namespace = env[backedUpActor(actor)!.binding] as unknown as DurableObjectNamespace<AnyActor>;
  return namespace.get(namespace.idFromName(key));
}

const targetName = (actor: string, key: string) => `${backedUpActor(actor)!.binding}:${key}`;

export const backupRoutes = new OpenAPIHono<AppEnv>()
  .openapi(actors, (c) =>
    c.json({ actors: BACKED_UP_ACTORS.map(({ actor, source }) => ({ actor, ...source })) }, 200),
  )
  .openapi(exportPage, async (c) => {
    const query = c.req.valid('query');
    const page = unwrap(await actorStub(c.env, query.actor, query.key).exportPage(query));
    return jsonText(c, page);
  })
  .openapi(importRows, async (c) => {
    const body = c.req.valid('json');
    const stub = actorStub(c.env, body.actor, body.key);
    const answer = unwrap(await stub.importRows(body));
    c.set('audited', true);
    if (answer.committed) {
      try {
        await stub.restartAfterRestore();
      } catch {
        // The restart is the actor ending itself: its call always breaks off.
      }
      // The Directory itself was just replaced: its log is the backup's, with nothing added.
      if (body.actor !== 'directory') await logImport(c.env, operatorOf(c), body, answer.tables);
    }
    return c.json(answer, 200);
  })
  .openapi(redeliver, async (c) => {
    const body = c.req.valid('json');
    const answer = await actorStub(c.env, body.actor, body.key).redeliverTo(
      targetName(body.to.actor, body.to.key),
      body.since,
    );
    return c.json(answer, 200);
  });

async function logImport(
  env: Env,
  operator: ReturnType<typeof operatorOf>,
  body: { actor: string; key: string; force?: boolean },
  tables: { table: string; rows: number }[] | undefined,
) {
  try {
    await directory(env).logAdminWrite(operator, null, 'backup.import', {
      actor: body.actor,
      key: body.key,
      force: body.force ?? false,
      rows: (tables ?? []).reduce((n, t) => n + t.rows, 0),
    });
  } catch (err) {
    log.error('audit.failed', { path: '/api/admin/import', err: String(err) });
  }
}
