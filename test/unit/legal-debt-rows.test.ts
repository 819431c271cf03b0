import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  debtDescription,
  estimatedRevenueFen,
  keepAsText,
  mapHeader,
  parseDueDate,
  parsePhone,
  parseYuan,
  readDebtFile,
  readDebts,
  TEMPLATE_HEADERS,
  templateCsv,
} from '../../durable-objects/legal/client/debt-rows';
import { serviceFeeFen } from '../../durable-objects/legal/fees';
import { AppError } from '../../lib/errors';
import { decodeXml, MAX_UNPACKED_BYTES, readSheet } from '../../lib/spreadsheet';
import { buildXlsx, debtCsv } from '../xlsx';

const bytes = (text: string) => new TextEncoder().encode(text);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
};
const HEADER = [...TEMPLATE_HEADERS.en];
const GOOD = ['Zhang San', '110101199003070011', '138 0013 8000', '¥12000.5', '2026/3/1', 'goods'];

describe('the header', () => {
  it('is found in any order, English or Chinese, notes optional', () => {
    const mapped = mapHeader(['备注', 'Amount (yuan)', 'Due_Date', '债务人姓名', '身份证号', '联系电话']);
    expect(mapped).toEqual({
      columns: { debtorName: 3, idNumber: 4, phone: 5, amount: 1, dueDate: 2, notes: 0 },
    });
    expect(mapHeader(HEADER.slice(0, 5))).toMatchObject({ columns: { notes: -1 } });
    expect(mapHeader(['name', 'phone'])).toEqual({ missing: ['idNumber', 'amount', 'dueDate'] });
  });
});

describe('cells', () => {
  it('amounts are exact fen', () => {
    expect(parseYuan('12000.5')).toBe(1_200_050);
    expect(parseYuan('￥1,234.05')).toBe(123_405);
    expect(parseYuan('12.345')).toBeNull();
    expect(parseYuan('-5')).toBeNull();
  });

  it('due dates are calendar dates, or a spreadsheet day number', () => {
    expect(parseDueDate('2026-03-01')).toBe('2026-03-01');
    expect(parseDueDate('2026.3.1')).toBe('2026-03-01');
    expect(parseDueDate('20260301')).toBe('2026-03-01');
    expect(parseDueDate('46082')).toBe('2026-03-01');
    expect(parseDueDate('46082.0')).toBe('2026-03-01');
    expect(parseDueDate('0')).toBeNull();
    expect(parseDueDate('2026-02-30')).toBeNull();
    expect(parseDueDate('next week')).toBeNull();
  });

  it('phones are mainland mobiles or landlines', () => {
    expect(parsePhone('+86 138-0013-8000'.replace(/-/g, ''))).toBe('13800138000');
    expect(parsePhone('010-66668888')).toBe('010-66668888');
    expect(parsePhone('10086')).toBeNull();
  });

  it('text that a spreadsheet would run is kept as text', () => {
    for (const start of ['=', '+', '-', '@'])
      expect(keepAsText(`${start}HYPERLINK("x")`)).toBe(`'${start}HYPERLINK("x")`);
    expect(keepAsText('Zhang San')).toBe('Zhang San');
  });
});

describe('rows', () => {
  const { columns } = mapHeader(HEADER) as { columns: Parameters<typeof readDebts>[1] };

  it('keep good rows and report each bad field by line', () => {
    const rows = [
      GOOD,
      [],
      ['', 'X12', '10086', 'abc', '2026-02-30', 'n'.repeat(501)],
      ['=cmd|calc', '91110105MA01ABCD13', '13800138000', '0', '2026-03-01', '@SUM(A1)'],
      ['n'.repeat(101), '110101199003070011', '', '', '', ''],
      ['@evil', '110101199003070011', '13800138000', '1', '2026-03-01', '-2+3'],
      ['only a name'],
    ];
    const { debts, rowErrors } = readDebts(rows, columns);
    expect(debts).toEqual([
      {
        line: 2,
        debtorName: 'Zhang San',
        idNumber: '110101199003070011',
        phone: '13800138000',
        amountFen: 1_200_050,
        dueDate: '2026-03-01',
        notes: 'goods',
      },
      {
        line: 7,
        debtorName: "'@evil",
        idNumber: '110101199003070011',
        phone: '13800138000',
        amountFen: 100,
        dueDate: '2026-03-01',
        notes: "'-2+3",
      },
    ]);
    expect(rowErrors.map((e) => `${e.line}:${e.field}:${e.rule}`)).toEqual([
      '4:debtorName:required',
      '4:idNumber:id_number',
      '4:phone:phone',
      '4:amount:amount',
      '4:dueDate:date',
      '4:notes:too_long',
      '5:amount:amount_range',
      '6:debtorName:too_long',
      '6:phone:required',
      '6:amount:required',
      '6:dueDate:required',
      '8:idNumber:required',
      '8:phone:required',
      '8:amount:required',
      '8:dueDate:required',
    ]);
  });

  it('read a file without the notes column as rows without notes', () => {
    const noNotes = mapHeader(HEADER.slice(0, 5)) as { columns: Parameters<typeof readDebts>[1] };
    expect(readDebts([GOOD.slice(0, 5)], noNotes.columns).debts[0]).toMatchObject({ line: 2, notes: '' });
  });

  it('estimate revenue as the collection fee of each debt, and describe each case', () => {
    const { debts } = readDebts([GOOD, [...GOOD.slice(0, 3), '300000', '2026-03-01', '']], columns);
    expect(estimatedRevenueFen(debts)).toBe(
      serviceFeeFen('debt_collection', 1_200_050) + serviceFeeFen('debt_collection', 30_000_000),
    );
    expect(debtDescription(debts[0]!)).toBe(
      '债务催收 Debt collection: Zhang San ¥12000.50, due 2026-03-01. goods',
    );
    expect(debtDescription(debts[1]!)).toBe(
      '债务催收 Debt collection: Zhang San ¥300000.00, due 2026-03-01.',
    );
  });
});

describe('files', () => {
  it('read CSV with a byte-order mark, keeping line numbers across blank lines', () => {
    const read = readDebtFile(bytes(`\uFEFF${HEADER.join(',')}\n\n${GOOD.join(',')}\nbad,row\n`));
    expect(read.format).toBe('csv');
    expect(read.debts.map((d) => d.line)).toEqual([3]);
    expect(read.rowErrors[0]).toMatchObject({ line: 4, field: 'idNumber' });
  });

  it('read XLSX: shared and inline strings, numbers, dates as day numbers, formulas as their value', () => {
    for (const inline of [false, true]) {
      const file = buildXlsx(
        [
          HEADER,
          ['Li & Sons', '110101199003070011', 13800138000, 12000.5, 46082, null],
          [
            { formula: 'CONCAT("=","1")', cached: '=1' },
            '110101199003070011',
            '13800138000',
            '5',
            '2026-03-01',
            'x',
          ],
        ],
        { inline, sheetPath: inline ? '/xl/worksheets/debts.xml' : undefined },
      );
      const read = readDebtFile(file);
      expect(read.format).toBe('xlsx');
      expect(read.debts).toMatchObject([
        {
          line: 2,
          debtorName: 'Li & Sons',
          phone: '13800138000',
          amountFen: 1_200_050,
          dueDate: '2026-03-01',
          notes: '',
        },
        { line: 3, debtorName: "'=1", amountFen: 500 },
      ]);
    }
  });

  it('read sparse sheets: cells without a reference follow the one before, missing rows are blank', () => {
    const ns = 'xmlns="x"';
    const sheet = `<worksheet ${ns}><sheetData><row r="1"><c t="inlineStr"><is><t>a</t></is></c><c r="C1"><v>3</v></c><c/></row><row r="3"/><row><c t="inlineStr"><is><r><t>b</t></r><rPh><t>p</t></rPh><r><t>&#x41;&#66;</t></r></is></c></row></sheetData></worksheet>`;
    const file = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets/></workbook>'),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    });
    expect(readSheet(file).rows).toEqual([['a', '', '3', ''], [], [], ['bAB']]);
  });

  it('refuse what is not a table, an empty file, missing columns, no good row, or more than 10 000 rows', () => {
    expect(refusal(() => readDebtFile(new Uint8Array([0xff, 0xfe, 0x00])))).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_FILE',
    });
    expect(refusal(() => readDebtFile(bytes('a\u0000b')))).toMatchObject({ status: 415 });
    expect(refusal(() => readDebtFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])))).toMatchObject({
      status: 415,
    });
    expect(refusal(() => readDebtFile(zipSync({ 'xl/other.xml': strToU8('<x/>') })))).toMatchObject({
      status: 415,
    });
    const noSheet = zipSync({ 'xl/workbook.xml': strToU8('<workbook><sheets/></workbook>') });
    expect(refusal(() => readDebtFile(noSheet))).toMatchObject({
      status: 415,
      message: 'the workbook has no sheet',
    });
    expect(refusal(() => readDebtFile(bytes('')))).toMatchObject({ status: 400, code: 'BATCH_FILE_EMPTY' });
    const missing = refusal(() => readDebtFile(bytes('name,phone\nx,y\n')));
    expect(missing).toMatchObject({ status: 400, code: 'BATCH_COLUMNS_MISSING' });
    expect(missing.details).toMatchObject({ missing: ['idNumber', 'amount', 'dueDate'] });
    expect((missing.details as any).fields[0].path).toBe('body.file');
    const none = refusal(() => readDebtFile(bytes(debtCsv(3, () => true))));
    expect(none).toMatchObject({ status: 400, code: 'BATCH_NO_VALID_ROWS' });
    expect((none.details as any).rowErrors.length).toBeGreaterThan(0);
    expect(readDebtFile(bytes(debtCsv(10_000))).debts).toHaveLength(10_000);
    expect(refusal(() => readDebtFile(bytes(debtCsv(10_001))))).toMatchObject({
      status: 413,
      code: 'BATCH_TOO_MANY_ROWS',
    });
  });

  it('refuse a workbook that unpacks too large', () => {
    const huge = zipSync(
      { 'xl/worksheets/sheet1.xml': new Uint8Array(MAX_UNPACKED_BYTES + 1) },
      { level: 9 },
    );
    expect(refusal(() => readSheet(huge))).toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
  });

  it('decode XML entities', () => {
    expect(decodeXml('&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#20013;&#x6587;')).toBe(
      `<a> & "b" 'c' 中文`,
    );
  });

  it('offer a template that reads back as two good rows', () => {
    for (const lang of ['zh', 'en'] as const) {
      const read = readDebtFile(bytes(templateCsv(lang)));
      expect(read.rowErrors).toEqual([]);
      expect(read.debts).toHaveLength(2);
    }
  });
});
