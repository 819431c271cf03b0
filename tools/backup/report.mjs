// `npm run report -- <name>`: runs a named report (reports.mjs) over a backup and prints a table.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { ROOT } from '../server.mjs';
import { parseCommandLine, runCommand, UserError } from './cli.mjs';
import { REPORTS } from './reports.mjs';
import { BackupReader, materialize } from './store.mjs';

const USAGE = `Usage: npm run report -- <name> [options]

Runs a named SQL report over a backup (an incremental one with the backups it builds on) and prints it.
Reports:
${REPORTS.map((r) => `  ${r.name.padEnd(22)}${r.description}`).join('\n')}`;

export const REPORT_FLAGS = {
  from: {
    type: 'string',
    value: 'backup',
    help: 'The backup (default: the newest complete backups/keel-*.db)',
  },
  'auth-token': { type: 'string', help: 'The libSQL auth token of a remote --from (env LIBSQL_AUTH_TOKEN)' },
  format: { type: 'string', value: 'table|csv', default: 'table', help: 'Output format' },
};

const DEFAULT_TIMEZONE = 'Asia/Shanghai';

/** Runs report `name` over the backup at `from`; answers its columns and rows. */
export async function runReport(name, { from, authToken } = {}) {
  const report = REPORTS.find((r) => r.name === name);
  if (!report) throw new UserError(`no report ${name}; there are: ${REPORTS.map((r) => r.name).join(', ')}`);
  const reader = await BackupReader.open(from ?? newestBackup(), authToken ?? process.env.LIBSQL_AUTH_TOKEN);
  const copy = await materialize(reader);
  const client = createClient({ url: copy.url, authToken: reader.base ? undefined : authToken });
  try {
    const timezone = await platformTimezone(client);
    const sql = report.months
      ? `WITH months(month, start_at, end_at) AS (VALUES ${monthRows(timezone)}) ${report.sql}`
      : report.sql;
    let result;
    try {
      result = await client.execute(sql);
    } catch (err) {
      const missing = /no such table: (\S+)/.exec(err.message);
      if (missing)
        throw new UserError(
          `this backup has no table ${missing[1]}: no actor of that kind held data when it was made, or it predates that module`,
        );
      throw err;
    }
    return {
      columns: result.columns,
      rows: result.rows.map((r) => result.columns.map((_, i) => r[i])),
      timezone,
    };
  } finally {
    client.close();
    reader.close();
    copy.cleanup();
  }
}

function newestBackup() {
  const dir = join(ROOT, 'backups');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^keel-.*\.db$/.test(f))
        .sort()
    : [];
  if (files.length === 0) throw new UserError('no backups/keel-*.db here: pass --from');
  return pathToFileURL(join(dir, files.at(-1))).href;
}

async function platformTimezone(client) {
  try {
    const row = (
      await client.execute("SELECT value FROM directory__system_config WHERE key = 'platformTimezone'")
    ).rows[0];
    return row ? JSON.parse(row.value) : DEFAULT_TIMEZONE;
  } catch {
    return DEFAULT_TIMEZONE;
  }
}

/** `('2026-01', start, end), …`: ten years back to two years ahead, each month's bounds in `timezone`. */
export function monthRows(timezone, now = Date.now()) {
  const [y, m] = monthOf(now, timezone);
  const rows = [];
  for (let i = -120; i <= 24; i++) {
    const index = y * 12 + (m - 1) + i;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const start = monthStartAt(year, month, timezone);
    const end = monthStartAt(Math.floor((index + 1) / 12), ((index + 1) % 12) + 1, timezone);
    rows.push(`('${year}-${String(month).padStart(2, '0')}', ${start}, ${end})`);
  }
  return rows.join(', ');
}

function monthOf(at, timezone) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  return [
    Number(parts.find((p) => p.type === 'year').value),
    Number(parts.find((p) => p.type === 'month').value),
  ];
}

/** The time zone's UTC offset (ms) at instant `at`. */
function offsetAt(at, timezone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return local - Math.floor(at / 1000) * 1000;
}

/** 00:00 on the 1st of `year`-`month` in `timezone`, as epoch ms. */
function monthStartAt(year, month, timezone) {
  const wall = Date.UTC(year, month - 1, 1);
  const first = wall - offsetAt(wall, timezone);
  return wall - offsetAt(first, timezone);
}

/** The rows as an aligned text table (numbers right-aligned) or as CSV. */
export function formatReport({ columns, rows }, format) {
  if (format === 'csv') {
    const cell = (v) => {
      const text = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\n');
  }
  if (format !== 'table') throw new UserError(`--format is table or csv, not ${format}`);
  const text = rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : String(v))));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((row) => row[i].length)));
  const numeric = columns.map(
    (_, i) => rows.length > 0 && rows.every((row) => row[i] === null || typeof row[i] === 'number'),
  );
  const line = (row) =>
    row
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...text.map(line),
    `(${rows.length} rows)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCommand(async () => {
    const { values, positionals } = parseCommandLine(process.argv.slice(2), {
      usage: USAGE,
      flags: REPORT_FLAGS,
      positionals: true,
    });
    if (positionals.length !== 1)
      throw new UserError(`name one report (see --help): ${REPORTS.map((r) => r.name).join(', ')}`);
    if (!['table', 'csv'].includes(values.format))
      throw new UserError(`--format is table or csv, not ${values.format}`);
    const from = values.from && !/^[a-z]+:/.test(values.from) ? `file:${values.from}` : values.from;
    const result = await runReport(positionals[0], { from, authToken: values['auth-token'] });
    console.log(formatReport(result, values.format));
  });
}
