import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  delimiterOf,
  parseFen,
  parseStatement,
  parseWhen,
} from '../../durable-objects/tenant/cards/statement';
import { MAX_STATEMENT_ROWS } from '../../schema/dto/cards';

describe('statement cells', () => {
  it('read days and times as statements write them', () => {
    expect(parseWhen('2025-03-01')).toEqual({ day: '2025-03-01', minutes: null });
    expect(parseWhen(' 2025/3/1 ')).toEqual({ day: '2025-03-01', minutes: null });
    expect(parseWhen('20250301')).toEqual({ day: '2025-03-01', minutes: null });
    expect(parseWhen('2025.03.01 14:30')).toEqual({ day: '2025-03-01', minutes: 870 });
    expect(parseWhen('2025-03-01T08:05:59')).toEqual({ day: '2025-03-01', minutes: 485 });
    for (const bad of [
      '',
      'yesterday',
      '2025-02-30',
      '2025-13-01',
      '2025-03-01 24:00',
      '2025-03-01 10:60',
      '2025-03-01 10:00:61',
      '01/03/2025',
    ])
      expect(parseWhen(bad), bad).toBeNull();
  });

  it('read yuan exactly as fen, with ¥, thousands commas and signs', () => {
    expect(parseFen('128')).toBe(12_800);
    expect(parseFen('¥1,234.5')).toBe(123_450);
    expect(parseFen('￥ 0.05')).toBe(5);
    expect(parseFen('CNY 10.10')).toBe(1_010);
    expect(parseFen('rmb12')).toBe(1_200);
    expect(parseFen('-20.00')).toBe(-2_000);
    expect(parseFen('+3')).toBe(300);
    for (const bad of ['', 'abc', '1.234', '1e3', '12.', '$5']) expect(parseFen(bad), bad).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (fen) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(parseFen(text)).toBe(fen);
        expect(parseFen(Number(text).toLocaleString('en-US', { minimumFractionDigits: 2 }))).toBe(fen);
      }),
    );
  });

  it('take the separator the header uses', () => {
    expect(delimiterOf('date;amount;description\n')).toBe(';');
    expect(delimiterOf('\n\ndate\tamount\n')).toBe('\t');
    expect(delimiterOf('date|amount|x\n')).toBe('|');
    expect(delimiterOf('date,amount\n')).toBe(',');
    expect(delimiterOf('date\n')).toBe(',');
  });
});

describe('parseStatement', () => {
  it('reads every good row and reports every bad one by its line, whatever the column order', () => {
    const csv = [
      'Description,Amount,Date',
      'Coffee,12.50,2025-03-01',
      '',
      'Refund,-12.50,2025-03-02',
      'Dinner,not money,2025-03-02',
      'Taxi,35,someday',
      `"Long, quoted",1,2025-03-03`,
      `"two`,
      `lines",2,2025-03-04`,
      'Huge,100000001,2025-03-05',
      `${'x'.repeat(201)},1,2025-03-05`,
    ].join('\r\n');
    const { rows, errors } = parseStatement(csv);
    expect(rows.map((r) => [r.line, r.description, r.amountFen, r.day])).toEqual([
      [2, 'Coffee', 1_250, '2025-03-01'],
      [7, 'Long, quoted', 100, '2025-03-03'],
      [8, 'two\r\nlines', 200, '2025-03-04'],
    ]);
    expect(errors.map((e) => [e.line, e.field, e.rule])).toEqual([
      [4, 'amount', 'not_a_purchase'],
      [5, 'amount', 'invalid_format'],
      [6, 'date', 'invalid_format'],
      [10, 'amount', 'too_big'],
      [11, 'description', 'too_big'],
    ]);
  });

  it("knows the Chinese banks' headers, without a description column too", () => {
    const { rows } = parseStatement('\uFEFF交易日期,交易金额,交易摘要\n2025-03-01 09:15,¥88.00,星巴克\n');
    expect(rows).toEqual([
      { line: 2, day: '2025-03-01', minutes: 555, amountFen: 8_800, description: '星巴克', occurrence: 0 },
    ]);
    expect(parseStatement('日期\t金额\n2025-03-01\t1\n').rows[0]).toMatchObject({
      amountFen: 100,
      description: '',
    });
    // A row shorter than the header lacks its last cells: a missing description is empty, a missing amount is refused.
    const short = parseStatement('date,amount,description\n2025-03-01,5\n2025-03-02\n');
    expect(short.rows).toEqual([expect.objectContaining({ amountFen: 500, description: '' })]);
    expect(short.errors).toEqual([
      expect.objectContaining({ line: 3, field: 'amount', rule: 'invalid_format' }),
    ]);
  });

  it('counts identical rows apart, so two equal coffees on one day are two purchases with their own keys', () => {
    const { rows } = parseStatement(
      'date,amount,description\n2025-03-01,5,Coffee\n2025-03-01 10:00,5,Coffee\n2025-03-01,5,Tea\n2025-03-01,5,Coffee\n',
    );
    expect(rows.map((r) => [r.description, r.occurrence])).toEqual([
      ['Coffee', 0],
      ['Coffee', 1],
      ['Tea', 0],
      ['Coffee', 2],
    ]);
  });

  it('reports a broken quote on its row and goes on', () => {
    const { rows, errors } = parseStatement('date,amount\n2025-03-01,1\n2025-03-02,"2\n');
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ line: 3, field: null, rule: 'malformed' })]);
  });

  it('refuses a file without date and amount columns, naming them', () => {
    expect(() => parseStatement('when,how much\n2025-03-01,1\n')).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'STATEMENT_COLUMNS',
        details: expect.objectContaining({
          fields: [
            expect.objectContaining({ path: 'body.date', rule: 'missing_column' }),
            expect.objectContaining({ path: 'body.amount', rule: 'missing_column' }),
          ],
        }),
      }),
    );
    expect(() => parseStatement('')).toThrow(expect.objectContaining({ code: 'STATEMENT_COLUMNS' }));
    expect(() => parseStatement('date,x\n')).toThrow('no amount column');
  });

  it(`refuses more than ${MAX_STATEMENT_ROWS} rows`, () => {
    const csv = `date,amount\n${'2025-03-01,1\n'.repeat(MAX_STATEMENT_ROWS + 1)}`;
    expect(() => parseStatement(csv)).toThrow(
      expect.objectContaining({ status: 413, code: 'STATEMENT_TOO_LARGE' }),
    );
    expect(parseStatement(`date,amount\n${'2025-03-01,1\n'.repeat(MAX_STATEMENT_ROWS)}`).rows).toHaveLength(
      MAX_STATEMENT_ROWS,
    );
  });

  it('any statement it writes itself reads back row for row', () => {
    const row = fc.record({
      day: fc.integer({ min: 1, max: 28 }).map((d) => `2025-02-${String(d).padStart(2, '0')}`),
      fen: fc.integer({ min: 1, max: 1e9 }),
      description: fc.string({ maxLength: 30 }).map((s) => s.trim()),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (items) => {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const csv = [
          'date,amount,description',
          ...items.map((r) => `${r.day},${(r.fen / 100).toFixed(2)},${quote(r.description)}`),
        ].join('\n');
        const { rows, errors } = parseStatement(csv);
        expect(errors).toEqual([]);
        expect(rows.map((r) => [r.day, r.amountFen, r.description])).toEqual(
          items.map((r) => [r.day, r.fen, r.description]),
        );
      }),
    );
  });
});
