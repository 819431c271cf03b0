/**
 * Uploaded tables as rows of text cells: CSV (UTF-8, with or without a byte-order mark) or XLSX (a
 * zip of XML parts, read with fflate and a small reader of the few elements a sheet's cells use).
 * The kind is recognised by content, never by name; nothing in a cell is ever evaluated.
 */
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { AppError } from './errors';

export type SheetFormat = 'csv' | 'xlsx';

/** A zip whose parts unpack larger than this is refused (a small file may unpack huge). */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

const unreadable = (message: string) => new AppError(415, 'UNSUPPORTED_FILE', message);

export function sheetFormatOf(bytes: Uint8Array): SheetFormat {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'xlsx' : 'csv';
}

/** The rows of the file's first sheet, every cell as text. */
export function readSheet(bytes: Uint8Array): { format: SheetFormat; rows: string[][] } {
  const format = sheetFormatOf(bytes);
  return { format, rows: format === 'xlsx' ? readXlsx(bytes) : readCsv(bytes) };
}

function readCsv(bytes: Uint8Array): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw unreadable('not CSV text in UTF-8, nor an XLSX workbook');
  }
  if (text.includes('\u0000')) throw unreadable('not CSV text in UTF-8, nor an XLSX workbook');
  // Blank lines are kept (and skipped later) so every row keeps its line number.
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  return parsed.data;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()]!;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return String.fromCodePoint(code);
  });
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

/** The text of every `<t>` of an element (the runs of rich text), phonetic runs left out. */
const textOf = (xml: string) =>
  [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)]
    .map((m) => decodeXml(m[1]!))
    .join('');

/** `B12` → 1, the column's index from 0. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)?.[0] ?? '') n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function readXlsx(bytes: Uint8Array): string[][] {
  let unpacked = 0;
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        const wanted = file.name.startsWith('xl/');
        if (wanted) unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) throw new RangeError('unpacks too large');
        return wanted;
      },
    });
  } catch (err) {
    if (err instanceof RangeError)
      throw new AppError(413, 'FILE_TOO_LARGE', 'the workbook unpacks too large');
    throw unreadable('not a readable XLSX workbook');
  }
  const utf8 = new TextDecoder();
  const part = (name: string) => (parts[name] ? utf8.decode(parts[name]) : null);
  const workbook = part('xl/workbook.xml');
  if (workbook === null) throw unreadable('not a readable XLSX workbook');
  const firstSheet = /<sheet\b[^>]*>/.exec(workbook)?.[0];
  const relId = firstSheet ? attribute(firstSheet, 'r:id') : null;
  const rels = part('xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].find((m) => attribute(m[0], 'Id') === relId);
  const target = rel ? attribute(rel[0], 'Target')! : 'worksheets/sheet1.xml';
  const sheet = part(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  if (sheet === null) throw unreadable('the workbook has no sheet');
  const shared = [...(part('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    textOf(m[1]!),
  );
  const rows: string[][] = [];
  for (const row of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNumber = Number(attribute(row[1]!, 'r') ?? rows.length + 1);
    const cells: string[] = [];
    let next = 0;
    for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attribute(cell[1]!, 'r');
      const at = ref ? columnIndex(ref) : next;
      next = at + 1;
      const body = cell[2] ?? '';
      const type = attribute(cell[1]!, 't');
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let text: string;
      if (type === 'inlineStr') text = textOf(body);
      else if (type === 's') text = shared[Number(value)] ?? '';
      else text = value === undefined ? '' : decodeXml(value);
      while (cells.length < at) cells.push('');
      cells[at] = text;
    }
    // Rows the sheet leaves out are blank rows, so lines keep their numbers.
    while (rows.length < rowNumber - 1) rows.push([]);
    rows.push(cells);
  }
  return rows;
}
