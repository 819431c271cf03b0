// `npm run restore`: writes a backup back into a Keel server — all of it into an empty server, or one
// company into a running one.
import { pathToFileURL } from 'node:url';
import { ApiError, connect, SERVER_FLAGS } from './api.mjs';
import { eachLimit, onInterrupt, parseCommandLine, progress, runCommand, UserError } from './cli.mjs';
import { BackupReader, toCell } from './store.mjs';

const USAGE = `Usage: npm run restore -- --from <backup> [options]

Restores a backup made by \`npm run backup\` (an incremental one with the backups it builds on). Without
--company the server must be empty (no companies, nodes or lawyers): every actor is restored, the
Directory last. With --company only that company's actor is restored, into a running server; it is
refused when the company holds data the backup lacks (newer data), unless --force. Each actor is written
in one transaction at its last call, re-arms its timed jobs and resends messages that may not have
reached their receivers.`;

export const RESTORE_FLAGS = {
  ...SERVER_FLAGS,
  from: {
    type: 'string',
    value: 'backup',
    help: 'The backup: file:<path>, a path, or a libSQL/Turso URL (required)',
  },
  'auth-token': { type: 'string', help: 'The libSQL auth token of a remote --from (env LIBSQL_AUTH_TOKEN)' },
  company: {
    type: 'string',
    value: 'code',
    help: 'Restore only this company (its tenant actor) into a running server',
  },
  force: {
    type: 'boolean',
    default: false,
    help: 'Restore into a server that is not empty, or over a company that holds newer data (that data is lost)',
  },
  'rows-per-call': { type: 'string', value: 'rows', default: '5000', help: 'Rows sent per import call' },
  concurrency: { type: 'string', value: 'n', default: '4', help: 'Actors restored at once' },
  quiet: { type: 'boolean', short: 'q', default: false, help: 'No progress bars or summary' },
};

/** Messages older than this are forgotten by their receivers (MESSAGE_RETENTION_MS): never sent twice. */
const MESSAGE_RETENTION_MS = 90 * 86_400_000;
const fromUrl = (from) => (/^[a-z]+:/.test(from) ? from : `file:${from}`);
const positive = (name, text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${name} must be a positive whole number`);
  return n;
};

export async function restore(values) {
  if (!values.from) throw new UserError('--from is required (see --help)');
  const rowsPerCall = positive('rows-per-call', values['rows-per-call']);
  const concurrency = positive('concurrency', values.concurrency);
  const reader = await BackupReader.open(
    fromUrl(values.from),
    values['auth-token'] ?? process.env.LIBSQL_AUTH_TOKEN,
  );
  const bars = progress(values);
  const stopListening = onInterrupt(() => reader.close());
  const startedAt = Date.now();
  try {
    const { api } = await connect(values);
    const { actors: kinds } = await api('GET', '/api/admin/export/actors');
    const order = kinds.map((k) => k.actor).reverse();
    const unknown = [...new Set(reader.actors.map((a) => a.actor))].filter((a) => !order.includes(a));
    if (unknown.length)
      throw new UserError(
        `this server has no actors of kind ${unknown.join(', ')}: restore with the version that made the backup`,
      );
    const send = (actor, options) => importActor({ api, reader, actor, rowsPerCall, ...options });
    let restored;
    if (values.company) {
      restored = await restoreCompany({
        api,
        reader,
        kinds,
        code: values.company,
        force: values.force,
        send,
        bars,
      });
    } else {
      await requireEmptyServer(api, kinds, values.force);
      restored = { actors: 0, rows: 0 };
      for (const kind of order) {
        const actors = reader.actors.filter((a) => a.actor === kind);
        if (actors.length === 0) continue;
        const bar = bars.phase(kind, actors.length);
        await eachLimit(actors, concurrency, async ({ key }) => {
          // The Directory of an empty server holds its seeded plans and the signed-in administrator: replaced.
          const rows = await send(kind, {
            key,
            force: values.force || kind === 'directory',
            redeliverSince: reader.earliestSnapshotAt,
          });
          restored.actors++;
          restored.rows += rows;
          bar.tick(rows);
        });
        bar.done();
      }
    }
    return { ...restored, seconds: (Date.now() - startedAt) / 1000 };
  } finally {
    bars.stop();
    stopListening();
    reader.close();
  }
}

/** A full restore goes into a server whose Directory knows no actor yet (unless forced). */
async function requireEmptyServer(api, kinds, force) {
  const page = await api('GET', '/api/admin/export?actor=directory&key=global&limit=1');
  const counts = new Map(page.snapshot.tables.map((t) => [t.name, t.rows]));
  const held = kinds
    .filter((k) => k.keysFrom && (counts.get(k.keysFrom.table) ?? 0) > 0)
    .map((k) => `${counts.get(k.keysFrom.table)} ${k.actor}`);
  if (held.length > 0 && !force) {
    throw new UserError(
      `the server is not empty (${held.join(', ')}): restore into a fresh server, or one company with --company, or pass --force to replace everything`,
    );
  }
}

async function restoreCompany({ api, reader, kinds, code, force, send, bars }) {
  const inBackup = reader.actors.find((a) => a.actor === 'tenant' && a.key === code);
  if (!inBackup) throw new UserError(`the backup holds no company ${code}`);
  const found = await api('GET', `/api/admin/companies?${new URLSearchParams({ q: code, pageSize: '200' })}`);
  if (!found.items.some((c) => c.code === code) && !force) {
    throw new UserError(
      `the server has no company ${code}: restore the whole backup into a fresh server, or pass --force`,
    );
  }
  // Messages delivered since the backup began may have changed the company after its snapshot; they are
  // sent again both ways, while every receiver still remembers the ones it applied.
  const fresh = Date.now() - reader.earliestSnapshotAt < MESSAGE_RETENTION_MS;
  if (!fresh)
    console.error('the backup is older than the message retention: messages since it are not resent');
  const since = fresh ? reader.earliestSnapshotAt : null;
  const bar = bars.phase('tenant', 1);
  let rows;
  try {
    rows = await send('tenant', { key: code, force, redeliverSince: since });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'RESTORE_WOULD_DISCARD') {
      const tables = (err.details?.tables ?? []).map((t) => `${t.table} (${t.rows})`).join(', ');
      throw new UserError(
        `company ${code} holds data the backup lacks — ${tables}; pass --force to replace it`,
      );
    }
    throw err;
  }
  bar.tick(rows);
  bar.done();
  if (since !== null) {
    for (const sender of reader.actors.filter(
      (a) => a.actor !== 'tenant' && kinds.some((k) => k.actor === a.actor),
    )) {
      await api('POST', '/api/admin/import/redeliver', {
        actor: sender.actor,
        key: sender.key,
        to: { actor: 'tenant', key: code },
        since,
      });
    }
  }
  return { actors: 1, rows };
}

/** Sends one actor's rows in calls of at most `rowsPerCall`; the last call commits. Answers the rows sent. */
async function importActor({ api, reader, actor, key, rowsPerCall, force, redeliverSince }) {
  const tables = reader.tablesOf(actor);
  const calls = [[]];
  let room = rowsPerCall;
  let total = 0;
  for (const table of tables) {
    const rows = (await reader.rowsOf(actor, key, table.name)).map((row) => row.map(toCell));
    total += rows.length;
    for (let i = 0; i < rows.length; ) {
      if (room === 0) {
        calls.push([]);
        room = rowsPerCall;
      }
      const slice = rows.slice(i, i + room);
      calls.at(-1).push({ table: table.name, rows: slice });
      room -= slice.length;
      i += slice.length;
    }
  }
  let importId;
  for (const [part, chunks] of calls.entries()) {
    const answer = await api('POST', '/api/admin/import', {
      actor,
      key,
      importId,
      part,
      tables:
        part === 0 ? tables.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) })) : undefined,
      chunks,
      done: part === calls.length - 1,
      force,
      redeliverSince,
    });
    importId = answer.importId;
  }
  return total;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCommand(async () => {
    const { values } = parseCommandLine(process.argv.slice(2), { usage: USAGE, flags: RESTORE_FLAGS });
    const summary = await restore(values);
    if (!values.quiet) {
      const rate = Math.round(summary.rows / Math.max(summary.seconds, 0.001));
      console.log(
        `restored ${summary.actors} actors, ${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${rate} rows/s)`,
      );
    }
  });
}
