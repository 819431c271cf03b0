/**
 * The rows of a batch debt-collection upload (SPEC D10): a header naming the six columns (English or
 * Chinese), then one debt per row. Pure: each good row comes out as a debt in fen with its line, each
 * bad one as errors naming its line and field; a text cell that a spreadsheet would run as a formula
 * is kept as text.
 */
import { AppError } from '../../../lib/errors';
import { readSheet, type SheetFormat } from '../../../lib/spreadsheet';
import { type BatchRowError, type DebtField, MAX_BATCH_ROWS } from '../../../schema/dto/legal-batches';
import { CASE_TYPE_TERMS } from '../../../schema/dto/legal-catalog';
import { serviceFeeFen } from '../fees';
import { validIdNumber } from './id-numbers';

export interface Debt {
  line: number;
  debtorName: string;
  idNumber: string;
  phone: string;
  amountFen: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  notes: string;
}

/** The header each column is known by, compared without case, spaces, underscores or brackets. */
const COLUMNS: Record<DebtField, string[]> = {
  debtorName: ['debtorname', 'name', 'debtor', '债务人', '债务人姓名', '债务人名称', '姓名'],
  idNumber: [
    'idnumber',
    'id/registrationnumber',
    'registrationnumber',
    'id',
    '证件号码',
    '身份证号',
    '统一社会信用代码',
    '身份证号/统一社会信用代码',
  ],
  phone: ['phone', 'mobile', 'phonenumber', '电话', '手机号', '联系电话'],
  amount: ['amount', 'amountowed', 'amountyuan', '欠款金额', '金额', '欠款金额元'],
  dueDate: ['duedate', '到期日', '到期日期', '还款日'],
  notes: ['notes', 'note', 'remarks', '备注'],
};

/** The template's header, in the order the columns are expected. */
export const TEMPLATE_HEADERS = {
  zh: ['债务人姓名', '证件号码', '联系电话', '欠款金额', '到期日', '备注'],
  en: ['debtor name', 'id number', 'phone', 'amount owed', 'due date', 'notes'],
} as const;

export const MAX_NAME = 100;
export const MAX_NOTES = 500;
export const MAX_DEBT_FEN = 100_000_000_00;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const AMOUNT = /^(\d+)(?:\.(\d{1,2}))?$/;
const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** A spreadsheet date stored as a number of days (XLSX): 1 is 1900-01-01, with Excel's leap-year slip. */
const SERIAL_DATE = /^(\d{1,5})(?:\.0+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_()（）]/g, '');

export type HeaderResult = { columns: Record<DebtField, number> } | { missing: DebtField[] };

/** Which cell of a row holds each field; every column but notes is required. */
export function mapHeader(header: string[]): HeaderResult {
  const names = header.map(normalise);
  const columns = {} as Record<DebtField, number>;
  const missing: DebtField[] = [];
  for (const field of Object.keys(COLUMNS) as DebtField[]) {
    const at = names.findIndex((name) => COLUMNS[field].includes(name));
    if (at >= 0) columns[field] = at;
    else if (field !== 'notes') missing.push(field);
    else columns[field] = -1;
  }
  return missing.length > 0 ? { missing } : { columns };
}

/** Text a spreadsheet would evaluate (`=`, `+`, `-`, `@` first) gets a leading apostrophe: it stays text. */
export function keepAsText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Yuan with at most two decimals (¥ and thousands separators allowed) as exact fen, else null. */
export function parseYuan(text: string): number | null {
  const m = AMOUNT.exec(text.replace(/^(¥|￥)/, '').replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 2026-03-01, 2026/3/1, 2026.3.1, 20260301, or a spreadsheet's day number, as `YYYY-MM-DD`; else null. */
export function parseDueDate(text: string): string | null {
  const serial = SERIAL_DATE.exec(text);
  if (serial) {
    const days = Number(serial[1]);
    if (days < 1) return null;
    return new Date(EXCEL_EPOCH + days * 86_400_000).toISOString().slice(0, 10);
  }
  const m = DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A mainland mobile or landline number, written with or without +86, spaces or dashes, or null. */
export function parsePhone(text: string): string | null {
  const bare = text.replace(/[\s()]/g, '').replace(/^(\+?86)(?=1)/, '');
  if (MOBILE.test(bare)) return bare;
  if (LANDLINE.test(bare)) return bare;
  return null;
}

const isBlank = (row: string[]) => row.every((cell) => cell.trim() === '');

type Check = { value: string } | { rule: string; message: string };

function checkRow(cell: (field: DebtField) => string): Record<DebtField, Check> {
  const name = cell('debtorName');
  const idNumber = cell('idNumber').toUpperCase();
  const phone = parsePhone(cell('phone'));
  const amount = parseYuan(cell('amount'));
  const due = parseDueDate(cell('dueDate'));
  const notes = cell('notes');
  const required = (field: DebtField) => ({ rule: 'required', message: `${field} is required` });
  return {
    debtorName:
      name === ''
        ? required('debtorName')
        : name.length > MAX_NAME
          ? { rule: 'too_long', message: `at most ${MAX_NAME} characters` }
          : { value: keepAsText(name) },
    idNumber:
      idNumber === ''
        ? required('idNumber')
        : validIdNumber(idNumber)
          ? { value: idNumber }
          : {
              rule: 'id_number',
              message:
                'an 18-character ID card number or unified social credit code whose check character matches (15 digits for old IDs)',
            },
    phone:
      cell('phone') === ''
        ? required('phone')
        : phone
          ? { value: phone }
          : { rule: 'phone', message: 'a mainland mobile (11 digits) or landline number' },
    amount:
      cell('amount') === ''
        ? required('amount')
        : amount === null
          ? { rule: 'amount', message: 'an amount in yuan with at most two decimals' }
          : amount === 0 || amount > MAX_DEBT_FEN
            ? { rule: 'amount_range', message: 'more than 0 and at most ¥100 000 000' }
            : { value: String(amount) },
    dueDate:
      cell('dueDate') === ''
        ? required('dueDate')
        : due
          ? { value: due }
          : { rule: 'date', message: 'a calendar date such as 2026-03-01' },
    notes:
      notes.length > MAX_NOTES
        ? { rule: 'too_long', message: `at most ${MAX_NOTES} characters` }
        : { value: keepAsText(notes) },
  };
}

/**
 * The debts of a file's rows (the header being row 1); blank rows are skipped. A row with any bad
 * field is refused whole, with one error per bad field.
 */
export function readDebts(
  rows: string[][],
  columns: Record<DebtField, number>,
): { debts: Debt[]; rowErrors: BatchRowError[] } {
  const debts: Debt[] = [];
  const rowErrors: BatchRowError[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    if (isBlank(row)) return;
    const checks = checkRow((field) => (columns[field] < 0 ? '' : (row[columns[field]] ?? '').trim()));
    const bad = (Object.entries(checks) as [DebtField, Check][]).filter(([, c]) => 'rule' in c);
    if (bad.length > 0) {
      for (const [field, c] of bad) {
        const { rule, message } = c as { rule: string; message: string };
        rowErrors.push({ line, field, rule, message });
      }
      return;
    }
    const value = (field: DebtField) => (checks[field] as { value: string }).value;
    debts.push({
      line,
      debtorName: value('debtorName'),
      idNumber: value('idNumber'),
      phone: value('phone'),
      amountFen: Number(value('amount')),
      dueDate: value('dueDate'),
      notes: value('notes'),
    });
  });
  return { debts, rowErrors };
}

/** What the platform expects to earn from the batch: each debt's collection fee, summed. */
export function estimatedRevenueFen(debts: Debt[]): number {
  return debts.reduce((sum, debt) => sum + serviceFeeFen('debt_collection', debt.amountFen), 0);
}

/** The practice area every debt of a batch is dispatched in. */
export const DEBT_AREA = 'debt' as const;

/** The case description a lawyer is offered for one debt. */
export function debtDescription(debt: Debt): string {
  const terms = CASE_TYPE_TERMS.debt_collection;
  const yuan = (debt.amountFen / 100).toFixed(2);
  const notes = debt.notes ? ` ${debt.notes}` : '';
  return `${terms.nameZh} ${terms.nameEn}: ${debt.debtorName} ¥${yuan}, due ${debt.dueDate}.${notes}`;
}

const refused = (code: string, message: string, rule: string, extra: Record<string, unknown> = {}) =>
  new AppError(400, code, message, { ...extra, fields: [{ path: 'body.file', message, rule }] });

/**
 * The whole file read and checked: an empty file, a missing column, more than MAX_BATCH_ROWS rows or
 * no good row at all refuses the upload (nothing is spent); otherwise the good debts and the bad rows.
 */
export function readDebtFile(bytes: Uint8Array): {
  format: SheetFormat;
  debts: Debt[];
  rowErrors: BatchRowError[];
  estimatedRevenueFen: number;
} {
  const { format, rows } = readSheet(bytes);
  const [header, ...data] = rows;
  if (!header || isBlank(header)) throw refused('BATCH_FILE_EMPTY', 'the file has no header row', 'empty');
  const mapped = mapHeader(header);
  if ('missing' in mapped) {
    throw refused('BATCH_COLUMNS_MISSING', `missing columns: ${mapped.missing.join(', ')}`, 'columns', {
      missing: mapped.missing,
    });
  }
  const filled = data.filter((row) => !isBlank(row)).length;
  if (filled > MAX_BATCH_ROWS) {
    throw new AppError(413, 'BATCH_TOO_MANY_ROWS', `at most ${MAX_BATCH_ROWS} rows in one upload`, {
      maxRows: MAX_BATCH_ROWS,
      rows: filled,
    });
  }
  const { debts, rowErrors } = readDebts(data, mapped.columns);
  if (debts.length === 0) {
    throw refused('BATCH_NO_VALID_ROWS', 'no row of the file is a valid debt', 'no_rows', { rowErrors });
  }
  return { format, debts, rowErrors, estimatedRevenueFen: estimatedRevenueFen(debts) };
}

/** The template to fill in: the header and two example rows, as CSV with a byte-order mark for Excel. */
export function templateCsv(lang: 'zh' | 'en'): string {
  const rows = [
    TEMPLATE_HEADERS[lang],
    [
      '张三',
      '110101199003070011',
      '13800138000',
      '12000.50',
      '2026-03-01',
      lang === 'zh' ? '货款' : 'unpaid goods',
    ],
    ['北京示例商贸有限公司', '91110105MA01ABCD13', '010-66668888', '86000', '2026-04-15', ''],
  ];
  return `\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}
