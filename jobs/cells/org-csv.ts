/**
 * The organisation as a spreadsheet: UTF-8 CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF,
 * an optional byte-order mark) with a header row `id,name,kind,parent`, in any column order.
 */
import { AppError } from '../../common/index.js';

/** One unit of the spreadsheet; `parent` is empty for a unit directly under the root. */
export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  parent: string;
  /** The row's line in the file (the header is line 1), for error messages. */
  line: number;
}

/** The columns, in the order `org export` writes them. */
export const UNIT_COLUMNS = ['id', 'name', 'kind', 'parent'] as const;

/** An id as the spreadsheet may give it: letters, digits, ".", "_" and "-", at most 64; stored lower case. */
const UNIT_ID = /^[\p{L}\p{N}._-]{1,64}$/u;

/** A spreadsheet that cannot be read, with the line at fault (the message is for the committee's staff). */
export class UnitCsvError extends AppError {}

/** The records of a CSV text, each with the line it starts on. */
function records(text: string): Array<{ fields: string[]; line: number }> {
  const rows: Array<{ fields: string[]; line: number }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/u, '');
  for (let at = 0; at < body.length; at += 1) {
    const char = body[at]!;
    if (quoted) {
      if (char === '"' && body[at + 1] === '"') {
        field += '"';
        at += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[at + 1] === '\n') at += 1;
      fields.push(field);
      if (fields.some((value) => value.trim() !== '')) rows.push({ fields, line: start });
      fields = [];
      field = '';
      line += 1;
      start = line;
    } else field += char;
  }
  if (quoted) throw new UnitCsvError(`Dòng ${start}: thiếu dấu " đóng`);
  fields.push(field);
  if (fields.some((value) => value.trim() !== '')) rows.push({ fields, line: start });
  return rows;
}

/**
 * The units of a spreadsheet. Throws {@link UnitCsvError} naming the line for a missing column, an
 * empty id or name, an id with other characters, or an id given twice.
 */
export function parseUnitsCsv(text: string): UnitRow[] {
  const [header, ...rows] = records(text);
  if (!header) throw new UnitCsvError('Tệp trống: cần dòng tiêu đề id,name,kind,parent');
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const column = Object.fromEntries(UNIT_COLUMNS.map((name) => [name, names.indexOf(name)])) as Record<(typeof UNIT_COLUMNS)[number], number>;
  const missing = UNIT_COLUMNS.filter((name) => column[name] < 0);
  if (missing.length > 0) throw new UnitCsvError(`Dòng 1: thiếu cột ${missing.join(', ')} (cần id,name,kind,parent)`);
  const seen = new Map<string, number>();
  return rows.map(({ fields, line }) => {
    const value = (name: (typeof UNIT_COLUMNS)[number]) => (fields[column[name]] ?? '').trim();
    const row: UnitRow = {
      id: value('id').toLowerCase(),
      name: value('name').replace(/\s+/gu, ' '),
      kind: value('kind'),
      parent: value('parent').toLowerCase(),
      line,
    };
    if (!row.id || !row.name) throw new UnitCsvError(`Dòng ${line}: thiếu ${row.id ? 'tên (name)' : 'mã (id)'}`);
    if (!UNIT_ID.test(row.id)) throw new UnitCsvError(`Dòng ${line}: mã "${row.id}" chỉ được có chữ, số và . _ -`);
    const earlier = seen.get(row.id);
    if (earlier !== undefined) throw new UnitCsvError(`Dòng ${line}: mã "${row.id}" đã có ở dòng ${earlier}`);
    seen.set(row.id, line);
    return row;
  });
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/** The units as a spreadsheet with the header row, one line each, ending with a line break. */
export function formatUnitsCsv(units: ReadonlyArray<Omit<UnitRow, 'line'>>): string {
  const lines = [UNIT_COLUMNS.join(','), ...units.map((unit) => UNIT_COLUMNS.map((name) => csvField(unit[name])).join(','))];
  return `${lines.join('\n')}\n`;
}
