/**
 * Document metadata: the corpus manifest (`manifest.json`, facts taken from each text by hand) and,
 * for files it does not list, what can be read off the text itself: the title, number (số hiệu),
 * date, issuing body and kind of an official Party document's header, or a web article's furniture.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { canonicalizeVietnamese, IndexError } from '../common/index.js';
import type { PageMetadata } from './clean-page.js';
import { isAllCapsLine, lineMarker } from './line-markers.js';
import { countWords } from './split-sentences.js';
import type { DocumentKind, DocumentMeta } from './types.js';

/** Name of the manifest file inside a corpus folder. */
export const MANIFEST_FILE = 'manifest.json';

const citedSchema = z
  .object({
    name: z.string().min(1),
    number: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
    replacedBy: z.string().min(1).optional(),
  })
  .strict();

const statusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('in-force') }).strict(),
  z.object({ state: z.literal('replaced'), replacedBy: z.string().min(1), note: z.string().optional() }).strict(),
]);

/** The shape of a document's metadata, in the manifest and wherever it is stored. */
export const documentMetaSchema = z
  .object({
    file: z.string().min(1),
    title: z.string().min(1),
    kind: z.enum(['regulation', 'guidance', 'article', 'lesson']),
    number: z.string().min(1).optional(),
    issuer: z.string().min(1).optional(),
    date: z
      .string()
      .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'an ISO date: YYYY, YYYY-MM or YYYY-MM-DD')
      .optional(),
    dateText: z.string().min(1).optional(),
    status: statusSchema,
    cites: z.array(citedSchema).optional(),
    replaces: z.array(z.string().min(1)).optional(),
  })
  .strict();

/**
 * Reads `manifest.json` of a corpus folder into a map from file name to metadata. A missing
 * manifest is an empty map; unreadable JSON, an entry of the wrong shape or a file listed twice
 * throws {@link IndexError} naming the manifest file.
 */
export async function loadManifest(corpusDir: string): Promise<Map<string, DocumentMeta>> {
  const file = path.join(corpusDir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new IndexError(`Cannot read manifest ${file}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new IndexError(`Malformed manifest ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = z.array(documentMetaSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new IndexError(`Malformed manifest ${file}${where}: ${issue?.message ?? 'invalid entry'}`);
  }
  const entries = new Map<string, DocumentMeta>();
  for (const meta of parsed.data) {
    if (entries.has(meta.file)) throw new IndexError(`Malformed manifest ${file}: ${meta.file} is listed twice`);
    entries.set(meta.file, meta);
  }
  return entries;
}

/** Header words naming an official document's type, and the kind each one is. */
const DOCUMENT_TYPES: ReadonlyArray<[RegExp, DocumentKind]> = [
  [/^(?:QUY ĐỊNH|QUY CHẾ|ĐIỀU LỆ|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|KẾT LUẬN)(?=\s|$)/u, 'regulation'],
  [/^HƯỚNG DẪN(?=\s|$)/u, 'guidance'],
];

/** A document number (số hiệu): "294-QĐ/TW", "06-HD/TW", "37-HD/BTGDVTW", "12- HD/BTCTW". */
const DOCUMENT_NUMBER = /(\d{1,4}[a-z]?)\s*-\s*(\p{Lu}{1,8}(?:\/\p{Lu}[\p{Lu}&]*)+)/u;

/** The header line giving the number: "Số 294-QĐ/TW". */
const NUMBER_LINE = /^Số(?!\p{L})/u;

/** Lines of the header that are not the issuer: the national motto, number, place and date. */
const HEADER_STOP = /^(?:ĐẢNG CỘNG SẢN|CỘNG HÒA|CỘNG HOÀ|Số(?!\p{L})|Hà Nội|TP\.|Thành phố|\S+,\s*ngày|ngày)/u;

/** Proper names that keep their capitals when a title in capitals is written in sentence case. */
const PROPER_NAMES = [
  'Ban Chấp hành Trung ương',
  'Ban Bí thư',
  'Bộ Chính trị',
  'Ban Tổ chức',
  'Ban Tuyên giáo và Dân vận',
  'Đảng Cộng sản Việt Nam',
  'Điều lệ Đảng',
  'Huy hiệu Đảng',
  'Đoàn Thanh niên Cộng sản Hồ Chí Minh',
  'Mặt trận Tổ quốc',
  'Nhà nước',
  'Trung ương',
  'Việt Nam',
  'Hà Nội',
  'Hồ Chí Minh',
  'Thành ủy',
  'Tỉnh ủy',
  'Huyện ủy',
];

/**
 * Infers the metadata of a corpus file the manifest does not list, from its cleaned text and what
 * the page furniture said (see `extractPageMetadata`). An official document's header gives the
 * issuer ("BAN CHẤP HÀNH TRUNG ƯƠNG"), number ("Số 294-QĐ/TW"), date ("Hà Nội, ngày 26 tháng 5 năm
 * 2025") and type ("QUY ĐỊNH" → regulation, "HƯỚNG DẪN" → guidance); otherwise the first line is
 * the title, "Bài N" makes a lesson and anything else an article. Status is in force: a document
 * does not say that it has been replaced.
 */
export function inferDocumentMeta(file: string, cleanedText: string, pageMeta: PageMetadata = {}): DocumentMeta {
  const lines = cleanedText
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const typeIndex = lines.slice(0, 30).findIndex((line) => DOCUMENT_TYPES.some(([pattern]) => pattern.test(line)));
  return typeIndex >= 0 ? officialMeta(file, lines, typeIndex, pageMeta) : articleMeta(file, lines, pageMeta);
}

/** An official document: everything above its type line ("QUY ĐỊNH") is the header. */
function officialMeta(file: string, lines: string[], typeIndex: number, pageMeta: PageMetadata): DocumentMeta {
  const header = lines.slice(0, typeIndex);
  const typeLine = lines[typeIndex] ?? '';
  const [pattern, kind = 'article'] = DOCUMENT_TYPES.find(([candidate]) => candidate.test(typeLine)) ?? [];
  const typeWord = pattern?.exec(typeLine)?.[0] ?? typeLine;
  const numbered = header.find((line) => NUMBER_LINE.test(line) && DOCUMENT_NUMBER.test(line));
  const number = formatNumber(DOCUMENT_NUMBER.exec(numbered ?? header.join('\n')));
  const meta: DocumentMeta = {
    file,
    title: officialTitle(typeWord, number, subjectOf(lines, typeIndex, typeWord)),
    kind,
    status: { state: 'in-force' },
  };
  if (number) meta.number = number;
  const issuer = issuerOf(header);
  if (issuer) meta.issuer = issuer;
  return withDate(meta, findDate(header.join('\n')) ?? pageDate(pageMeta));
}

/**
 * A web article or lesson: the first line is the title; the number only from a "Số ..." line near
 * the top (numbers in the body are citations); the date and author only from the page furniture.
 */
function articleMeta(file: string, lines: string[], pageMeta: PageMetadata): DocumentMeta {
  const first = lines[0] ?? file;
  let title = countWords(first) <= 30 ? first : `${first.split(/\s+/).slice(0, 12).join(' ')}…`;
  if (isAllCapsLine(title)) title = sentenceCase(title);
  const kind = /^bài\s+\d+/iu.test(first) ? 'lesson' : 'article';
  const meta: DocumentMeta = { file, title, kind, status: { state: 'in-force' } };
  const numberLine = lines.slice(0, 5).find((line) => NUMBER_LINE.test(line));
  const number = formatNumber(DOCUMENT_NUMBER.exec(numberLine ?? ''));
  if (number) meta.number = number;
  if (pageMeta.author) meta.issuer = pageMeta.author;
  return withDate(meta, pageDate(pageMeta));
}

/** Sets the ISO date, and the date as written when it is not a full date. */
function withDate(meta: DocumentMeta, found: FoundDate | undefined): DocumentMeta {
  if (found?.iso) meta.date = found.iso;
  if (found && found.iso?.length !== 10) meta.dateText = found.text;
  return meta;
}

function formatNumber(match: RegExpExecArray | null): string | undefined {
  return match ? `${match[1]}-${match[2]}` : undefined;
}

interface FoundDate {
  iso?: string;
  text: string;
}

function findDate(header: string): FoundDate | undefined {
  const full = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(header);
  if (full) return { iso: isoDate(full[3], full[2], full[1]), text: full[0] };
  const month = /tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(header);
  if (month) return { iso: isoDate(month[2], month[1]), text: month[0] };
  const numeric = /(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/u.exec(header);
  if (numeric) return { iso: isoDate(numeric[3], numeric[2], numeric[1]), text: numeric[0] };
  return undefined;
}

function pageDate(pageMeta: PageMetadata): FoundDate | undefined {
  if (pageMeta.date) return { iso: pageMeta.date, text: pageMeta.dateText ?? pageMeta.date };
  return pageMeta.dateText ? { text: pageMeta.dateText } : undefined;
}

function isoDate(year = '', month = '', day?: string): string {
  const parts = [year, month.padStart(2, '0')];
  if (day) parts.push(day.padStart(2, '0'));
  return parts.join('-');
}

/** The subject under the type line: "QUY ĐỊNH" / "THI HÀNH ĐIỀU LỆ ĐẢNG", or on the same line. */
function subjectOf(lines: string[], typeIndex: number, typeWord: string): string {
  const sameLine = (lines[typeIndex] ?? '').slice(typeWord.length).trim();
  if (sameLine) return sameLine;
  const subject: string[] = [];
  for (const line of lines.slice(typeIndex + 1, typeIndex + 5)) {
    if (lineMarker(line)) break;
    if (!/\p{Ll}/u.test(line)) {
      subject.push(line);
      continue;
    }
    if (subject.length === 0 && countWords(line) <= 25 && !/[.;:]$/.test(line)) subject.push(line);
    break;
  }
  return subject.join(' ');
}

function officialTitle(typeWord: string, number: string | undefined, subject: string): string {
  const type = sentenceCase(typeWord);
  if (!subject) return [type, number].filter(Boolean).join(' ');
  const written = /\p{Ll}/u.test(subject) ? subject : subject.toLowerCase();
  const lowered = written.charAt(0).toLowerCase() + written.slice(1);
  return restoreProperNames(canonicalizeVietnamese([type, number, lowered].filter(Boolean).join(' ')));
}

/**
 * The issuing body from the header lines above the motto: "BAN CHẤP HÀNH TRUNG ƯƠNG" →
 * "Ban Chấp hành Trung ương"; a parent and a body ("THÀNH ỦY HÀ NỘI" / "BAN TỔ CHỨC") →
 * "Ban Tổ chức Thành ủy Hà Nội".
 */
function issuerOf(header: string[]): string | undefined {
  const lines: string[] = [];
  for (const line of header) {
    if (HEADER_STOP.test(line) || /\p{Ll}/u.test(line)) break;
    lines.push(line);
  }
  const bodies = lines.join(' ').split(/\s+(?=BAN\s)/u);
  const body = bodies.at(-1);
  if (!body) return undefined;
  const parent = bodies.length > 1 ? bodies[0]?.replace(/^BAN CHẤP HÀNH\s+/u, '') : undefined;
  return sentenceCase([body, parent].filter(Boolean).join(' '));
}

/** "BÀI 8: CÔNG TÁC CỦA CẤP ỦY" → "Bài 8: Công tác của cấp ủy", proper names kept capitalised. */
function sentenceCase(text: string): string {
  const lower = canonicalizeVietnamese(text).toLowerCase();
  const capitalised = lower.replace(/(^|[:.]\s+)(\p{Ll})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase());
  return restoreProperNames(capitalised);
}

function restoreProperNames(text: string): string {
  // Roman numerals after "lần thứ", "khóa", "chương", "phần" stay in capitals ("khóa XIII").
  let result = text.replace(
    /(?<!\p{L})(lần thứ|khóa|chương|phần)\s+([ivxlc]+)(?!\p{L})/giu,
    (_match, word: string, numeral: string) => `${word} ${numeral.toUpperCase()}`,
  );
  for (const name of PROPER_NAMES) result = result.replace(new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'giu'), name);
  return result.charAt(0).toUpperCase() + result.slice(1);
}
