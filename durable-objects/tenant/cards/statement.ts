import Papa from 'papaparse';
import { AppError } from '../../../lib/errors';
import {
  isCalendarDate,
  MAX_DESCRIPTION,
  MAX_STATEMENT_ROWS,
  MAX_TRANSACTION_FEN,
  type RowError,
} from '../../../schema/dto/cards';
import { type Day, formatDay } from './dates';

/**
 * A card statement as CSV (SPEC C2): a header naming the columns, then one purchase per row. Pure:
 * the rows come out as days and fen, each bad row as an error naming its line, and each row carries
 * its occurrence among rows of the file with the same day, amount and description: with those, the
 * key by which a row imported before is recognised (two identical coffees on one day stay two).
 */

export interface StatementRow {
  line: number;
  day: Day;
  /** Minutes after midnight, when the statement gives a time. */
  minutes: number | null;
  amountFen: number;
  description: string;
  /** How many rows of the same day, amount and description came before this one in the file (0 for the first). */
  occurrence: number;
}

/** Header names each column is known by (lower case), English and the Chinese banks' own. */
const COLUMNS = {
  date: ['date', 'transaction date', 'trans date', 'posted date', '交易日期', '交易时间', '日期', '记账日期'],
  amount: ['amount', 'amount (cny)', 'amount(cny)', '金额', '交易金额', '人民币金额', '记账金额'],
  description: [
    'description',
    'details',
    'merchant',
    'memo',
    '描述',
    '摘要',
    '交易描述',
    '交易摘要',
    '商户名称',
    '交易说明',
  ],
} as const;
type Column = keyof typeof COLUMNS;

const DATE_TIME = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const AMOUNT = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

function rowError(line: number, field: Column | null, rule: string, message: string): RowError {
  return { line, field, rule, message };
}

/** A day and time as statements write them: 2025-03-01, 2025/3/1, 20250301, with an optional 14:30[:15]. */
export function parseWhen(text: string): { day: Day; minutes: number | null } | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const day = formatDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!isCalendarDate(day)) return null;
  if (m[4] === undefined) return { day, minutes: null };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  if (hour > 23 || minute > 59 || Number(m[6] ?? 0) > 59) return null;
  return { day, minutes: hour * 60 + minute };
}

/** Yuan as statements write them (¥1,234.50, 1234.5, -20) in exact fen, or null when it is no amount. */
export function parseFen(text: string): number | null {
  const bare = text
    .trim()
    .replace(/^(¥|￥|CNY|RMB)\s*/i, '')
    .replace(/,/g, '');
  const m = AMOUNT.exec(bare);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

function columnsOf(header: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  header.forEach((cell, index) => {
    const name = cell
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    for (const column of Object.keys(COLUMNS) as Column[]) {
      if (found[column] === undefined && (COLUMNS[column] as readonly string[]).includes(name))
        found[column] = index;
    }
  });
  return found;
}

/** The separator the header uses most of: comma, tab, semicolon or bar (comma when it uses none). */
export function delimiterOf(text: string): string {
  const header = text.split('\n').find((l) => l.trim() !== '') ?? '';
  let best = ',';
  let most = 0;
  for (const candidate of [',', '\t', ';', '|']) {
    const count = header.split(candidate).length - 1;
    if (count > most) [best, most] = [candidate, count];
  }
  return best;
}

export function parseStatement(text: string): { rows: StatementRow[]; errors: RowError[] } {
  const result = Papa.parse<string[]>(text, { delimiter: delimiterOf(text) });
  const problems = new Map<number, string>();
  // Every error names its row (a delimiter we name cannot go undetected).
  for (const e of result.errors) problems.set(Number(e.row), e.message);
  // The line a row starts on: each row before it took one line, plus the breaks inside its quoted cells.
  let line = 1;
  const parsed = result.data.map((cells, index) => {
    const row = { cells, line, problem: problems.get(index) ?? null };
    line += 1 + cells.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    return row;
  });
  const nonEmpty = parsed.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...body] = nonEmpty;
  const columns = columnsOf(header?.cells ?? []);
  const missing = (['date', 'amount'] as const).filter((c) => columns[c] === undefined);
  if (missing.length) {
    throw new AppError(
      400,
      'STATEMENT_COLUMNS',
      `the statement's header names no ${missing.join(' or ')} column`,
      {
        fields: missing.map((c) => ({
          path: `body.${c}`,
          message: 'no such column in the header',
          rule: 'missing_column',
        })),
        expected: COLUMNS,
      },
    );
  }
  if (body.length > MAX_STATEMENT_ROWS) {
    throw new AppError(413, 'STATEMENT_TOO_LARGE', `a statement has at most ${MAX_STATEMENT_ROWS} rows`, {
      rows: body.length,
      maximum: MAX_STATEMENT_ROWS,
    });
  }
  const rows: StatementRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const row of body) {
    const cell = (c: Column) => (columns[c] === undefined ? '' : (row.cells[columns[c]] ?? '').trim());
    if (row.problem) {
      errors.push(rowError(row.line, null, 'malformed', row.problem));
      continue;
    }
    const when = parseWhen(cell('date'));
    if (!when) {
      errors.push(
        rowError(row.line, 'date', 'invalid_format', `"${cell('date')}" is not a date (YYYY-MM-DD [HH:mm])`),
      );
      continue;
    }
    const amountFen = parseFen(cell('amount'));
    if (amountFen === null) {
      errors.push(
        rowError(row.line, 'amount', 'invalid_format', `"${cell('amount')}" is not an amount in yuan`),
      );
      continue;
    }
    if (amountFen <= 0) {
      errors.push(
        rowError(
          row.line,
          'amount',
          'not_a_purchase',
          'only purchases count: refunds and repayments are left out',
        ),
      );
      continue;
    }
    if (amountFen > MAX_TRANSACTION_FEN) {
      errors.push(rowError(row.line, 'amount', 'too_big', `at most ${MAX_TRANSACTION_FEN / 100} yuan`));
      continue;
    }
    const description = cell('description');
    if (description.length > MAX_DESCRIPTION) {
      errors.push(rowError(row.line, 'description', 'too_big', `at most ${MAX_DESCRIPTION} characters`));
      continue;
    }
    const key = `${when.day}|${amountFen}|${description}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    rows.push({ line: row.line, ...when, amountFen, description, occurrence });
  }
  return { rows, errors };
}
