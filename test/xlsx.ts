import { strToU8, zipSync } from 'fflate';
import { cardCheckCharacter } from '../durable-objects/legal/client/id-numbers';

/** A resident card number with its check character, distinct for serials 0–9 999. */
export function residentId(serial: number): string {
  const first17 = `1101011990030${String(serial % 10_000).padStart(4, '0')}`;
  return first17 + cardCheckCharacter(first17);
}

/** Escapes text for an XML element. */
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const column = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : column(Math.floor(i / 26) - 1) + column(i % 26);

/**
 * A minimal XLSX workbook as Excel writes one: strings in the shared table (or inline), numbers as
 * numbers, a cell may be a formula with its cached value. Enough to test the reader against.
 */
export function buildXlsx(
  rows: (string | number | { formula: string; cached: string } | null)[][],
  options: { inline?: boolean; sheetPath?: string } = {},
): Uint8Array {
  const shared: string[] = [];
  const sheetRows = rows
    .map((row, r) => {
      const cells = row
        .map((cell, c) => {
          const ref = `${column(c)}${r + 1}`;
          if (cell === null) return '';
          if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
          if (typeof cell === 'object')
            return `<c r="${ref}" t="str"><f>${xml(cell.formula)}</f><v>${xml(cell.cached)}</v></c>`;
          if (options.inline) return `<c r="${ref}" t="inlineStr"><is><t>${xml(cell)}</t></is></c>`;
          shared.push(cell);
          return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const sheetPath = options.sheetPath ?? 'worksheets/sheet1.xml';
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Debts" sheetId="1" r:id="rId7"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships><Relationship Id="rId7" Type="worksheet" Target="${sheetPath}"/></Relationships>`,
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0"?><sst ${ns}>${shared.map((s) => `<si><t xml:space="preserve">${xml(s)}</t></si>`).join('')}</sst>`,
    ),
    [sheetPath.startsWith('/') ? sheetPath.slice(1) : `xl/${sheetPath}`]: strToU8(
      `<?xml version="1.0"?><worksheet ${ns}><sheetData>${sheetRows}</sheetData></worksheet>`,
    ),
  });
}

/** The template's header and `count` good debts, CSV text. */
export function debtCsv(count: number, bad: (i: number) => boolean = () => false): string {
  const lines = ['债务人姓名,证件号码,联系电话,欠款金额,到期日,备注'];
  for (let i = 0; i < count; i++) {
    const amount = `${1000 + (i % 500)}.50`;
    lines.push(
      bad(i)
        ? `债务人${i},12345,10086,abc,2026-02-30,`
        : `债务人${i},${residentId(i)},1380013${String(i % 10_000).padStart(4, '0')},${amount},2026-03-01,第${i}笔`,
    );
  }
  return `${lines.join('\n')}\n`;
}
