// What the three backup commands share on the command line: flags with help, progress bars, signals.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';

/**
 * Parses `argv` against `flags` ({ name: { type, short?, default?, help, value? } }). Prints `usage`
 * and every flag's help and exits 0 on --help; exits 2 naming the flag on a bad one.
 */
export function parseCommandLine(argv, { usage, flags, positionals = false }) {
  const options = { help: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = { type: flag.type };
    if (flag.short) options[name].short = flag.short;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: positionals, strict: true });
  } catch (err) {
    console.error(`${err.message}\n\n${helpText(usage, flags)}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(helpText(usage, flags));
    process.exit(0);
  }
  const values = {};
  for (const [name, flag] of Object.entries(flags)) values[name] = parsed.values[name] ?? flag.default;
  return { values, positionals: parsed.positionals };
}

function helpText(usage, flags) {
  const rows = Object.entries(flags).map(([name, flag]) => {
    const left = `  ${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.type === 'string' ? ` <${flag.value ?? 'value'}>` : ''}`;
    const fallback =
      flag.default !== undefined && flag.default !== false ? ` (default: ${flag.default})` : '';
    return [left, `${flag.help}${fallback}`];
  });
  rows.push(['  -h, --help', 'Show this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return `${usage}\n\nOptions:\n${rows.map(([left, right]) => left.padEnd(width) + right).join('\n')}`;
}

/** Exits with a message (and status 1) instead of a stack trace for the errors a user can act on. */
export class UserError extends Error {}

export async function runCommand(main) {
  try {
    await main();
  } catch (err) {
    if (err instanceof UserError) {
      console.error(`error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * One progress bar per phase (cli-progress), drawn only on a terminal and never with --quiet; every
 * phase also ends with one plain line, so logs and CI keep a record.
 */
export function progress({ quiet }) {
  const draw = !quiet && process.stderr.isTTY;
  const multi = draw
    ? new cliProgress.MultiBar(
        {
          format:
            ' {phase} [{bar}] {value}/{total} {unit} | {rows} rows | {rate} rows/s | {duration_formatted}',
          hideCursor: true,
          clearOnComplete: false,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  return {
    phase(phase, total, unit = 'actors') {
      const started = Date.now();
      let rows = 0;
      const bar = multi?.create(total, 0, { phase: phase.padEnd(12), unit, rows: 0, rate: 0 });
      const payload = () => ({
        rows,
        rate: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)),
      });
      return {
        grow(by) {
          total += by;
          bar?.setTotal(total);
        },
        tick(addedRows = 0, steps = 1) {
          rows += addedRows;
          bar?.increment(steps, payload());
        },
        rows(addedRows) {
          rows += addedRows;
          bar?.update(payload());
        },
        done() {
          bar?.update(payload());
          bar?.stop();
          const seconds = (Date.now() - started) / 1000;
          if (!quiet && !draw) {
            console.error(
              `${phase}: ${total} ${unit}, ${rows} rows in ${seconds.toFixed(1)} s (${payload().rate} rows/s)`,
            );
          }
          return { rows, seconds };
        },
      };
    },
    stop() {
      multi?.stop();
    },
  };
}

/** Runs `fn` over `items` with at most `limit` at once; the first failure stops the rest and is thrown. */
export async function eachLimit(items, limit, fn) {
  let next = 0;
  let failed = null;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failed;
}

/** Calls `cleanup` once on SIGINT/SIGTERM, then exits 130/143: an interrupted run leaves nothing half-done. */
export function onInterrupt(cleanup) {
  let stopping = false;
  const handler = (signal) => async () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping`);
    try {
      await cleanup();
    } finally {
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
  };
  const int = handler('SIGINT');
  const term = handler('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return () => {
    process.off('SIGINT', int);
    process.off('SIGTERM', term);
  };
}
