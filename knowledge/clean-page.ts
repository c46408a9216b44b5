/**
 * Page cleaning: a scraped web page (HTML), a Markdown file or plain text (including text extracted
 * from a PDF) becomes display text. The wording is kept as written; what goes is what the page
 * added around it: encoding defects (decomposed accents, the look-alike `Ð`), page furniture
 * (comment boxes, related-news lists, view counters, share buttons, hotline adverts) and layout
 * artefacts of PDFs (hard line wraps, page numbers, repeated page headers).
 */
import { convert, type HtmlToTextOptions } from 'html-to-text';

/** Source formats {@link cleanPageText} reads. */
export type PageFormat = 'txt' | 'md' | 'html';

/** What a page's furniture says that is worth keeping in the manifest. */
export interface PageMetadata {
  /** Posting or update date, ISO 8601 (YYYY-MM-DD), when the page gives a full date. */
  date?: string;
  /** The posting date as written, e.g. "26/08/2013" or "05/04" (no year). */
  dateText?: string;
  /** Author or publishing body ("Tác giả: ..."). */
  author?: string;
}

/** Kinds of numbering, labels and bullets that open a structural unit at the start of a line. */
export type MarkerKind =
  | 'part'
  | 'chapter'
  | 'section'
  | 'article'
  | 'clause'
  | 'upper-letter'
  | 'roman'
  | 'number'
  | 'paren-number'
  | 'letter'
  | 'enumeration'
  | 'bullet';

/** The structural marker a line starts with: "Chương II", "Điều 5.", "1.2.", "a)", "- ", "Một là,". */
export interface LineMarker {
  kind: MarkerKind;
  /** Numbering depth: 2 for "1.2.", 3 for "1.2.3."; 1 for every other kind. */
  depth: number;
  /** The marker as written ("1.2.", "Điều 5", "-"). */
  label: string;
  /** The line after the marker, trimmed (empty for a bare label such as "Chương I"). */
  rest: string;
}

const ORDINAL_WORDS = 'Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười(?: một| hai| ba| bốn| lăm| năm)?';
const RANK_WORDS = 'nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười';
const NOT_WORD = '(?![\\p{L}\\p{N}])';
/** After "Điều 5", "Khoản 2", "Mục 3": the end of the line or punctuation; "Điều 3 Điều lệ Đảng" is a citation. */
const LABEL_END = '(?=\\s*(?:$|[.:–-]))';

/** Marker patterns, most specific first; group 1 is the label, group 2 the numbering when depth matters. */
const MARKER_PATTERNS: ReadonlyArray<{ kind: MarkerKind; pattern: RegExp }> = [
  { kind: 'part', pattern: new RegExp(`^((?:PHẦN|Phần)\\s+(?:THỨ\\s+\\p{Lu}+|thứ\\s+\\p{Ll}+|[IVXLC]+|\\d+)${NOT_WORD})`, 'u') },
  { kind: 'chapter', pattern: new RegExp(`^((?:CHƯƠNG|Chương)\\s+(?:[IVXLC]+|\\d+)${NOT_WORD})`, 'u') },
  { kind: 'section', pattern: new RegExp(`^((?:MỤC|Mục)\\s+(?:[IVXLC]+|\\d+))${LABEL_END}`, 'u') },
  { kind: 'article', pattern: new RegExp(`^((?:ĐIỀU|Điều)\\s+\\d+[a-z]?)${LABEL_END}`, 'u') },
  { kind: 'clause', pattern: new RegExp(`^((?:KHOẢN|Khoản)\\s+\\d+)${LABEL_END}`, 'u') },
  // Single I, V and X are numerals; single C, D, L and M are letters ("A.", "B.", "C." headings).
  { kind: 'roman', pattern: /^((?:[IVX]|[IVXLC]{2,})\.)(?=\s|$)/u },
  { kind: 'upper-letter', pattern: /^([A-Z]\.)(?=\s)/u },
  // Sub-numbers have one or two digits: "32.015 đảng viên" is a number, not numbering.
  { kind: 'number', pattern: /^((\d{1,3}(?:\.\d{1,2})*)\.)(?=\s|$)/u },
  { kind: 'number', pattern: /^((\d{1,3}(?:\.\d{1,2})+))(?=\s)/u },
  { kind: 'paren-number', pattern: /^(\(\d{1,3}\)|\d{1,3}\))(?=\s)/u },
  { kind: 'letter', pattern: /^(\(?[a-zđ]\))(?=\s)/u },
  { kind: 'enumeration', pattern: new RegExp(`^((?:${ORDINAL_WORDS})\\s+là|Thứ\\s+(?:${RANK_WORDS}))\\s*(?=[,:])`, 'u') },
  // A dash followed by a lower-case word continues a wrapped line ("kinh tế\n- xã hội").
  { kind: 'bullet', pattern: /^([-–—•*+·●○▪◦])(?=\s*(?:$|[^\s\p{Ll}]))/u },
];

/** The structural marker a line starts with, if any. */
export function lineMarker(line: string): LineMarker | undefined {
  for (const { kind, pattern } of MARKER_PATTERNS) {
    const match = pattern.exec(line);
    if (!match?.[1]) continue;
    const depth = kind === 'number' && match[2] ? match[2].split('.').length : 1;
    const rest = line.slice(match[0].length).replace(/^[\s,]+/, '').trim();
    return { kind, depth, label: match[1], rest };
  }
  return undefined;
}

/** True for a line written in capitals: at least two words, no lower-case letter ("QUY ĐỊNH"). */
export function isAllCapsLine(line: string): boolean {
  if (/\p{Ll}/u.test(line) || /[,;]$/.test(line)) return false;
  const words = line.split(/\s+/).filter((word) => /\p{Lu}/u.test(word));
  return words.length >= 2 && (line.match(/\p{Lu}/gu)?.length ?? 0) >= 4;
}

/** True when a line opens a structural unit: numbering, a label, a bullet, or an ALL-CAPS heading. */
export function isStructuralStart(line: string): boolean {
  return lineMarker(line) !== undefined || isAllCapsLine(line);
}

/** Converts a page to display text: furniture removed, wording kept, one paragraph per line. */
export function cleanPageText(raw: string, format: PageFormat): string {
  const text = format === 'html' ? htmlToPlainText(raw) : format === 'md' ? markdownToPlainText(raw) : raw;
  let lines = removeFurniture(normalizeCharacters(text).split('\n').map(tidyLine));
  if (isHardWrapped(lines)) lines = joinWrappedLines(removePageArtefacts(lines));
  return collapseBlankLines(lines.filter((line) => !isAdvert(line))).join('\n');
}

/** "Cập nhật ngày: ...", "Ngày đăng: ..." up to the next label on the same line (group 1). */
const POSTED_AT =
  /(?:cập nhật(?: ngày| lúc)?|ngày cập nhật|ngày đăng|đăng ngày|đăng lúc|ngày xuất bản)\s*:?\s*([^\n]*?)(?=lượt xem|lượt đọc|người đăng|tác giả|\n|$)/iu;

/**
 * Reads what a page's furniture says before it is removed: the posting date ("Cập nhật ngày:
 * 26/08/2013 04:57:17" → 2013-08-26; "Ngày đăng: 14:23 | 05/04" → dateText "05/04") and the
 * author ("Tác giả: ..."). Works on raw text, Markdown or HTML.
 */
export function extractPageMetadata(raw: string): PageMetadata {
  const text = normalizeCharacters(raw.replace(/<[^>]*>/g, '\n'));
  const meta: PageMetadata = {};
  const posted = POSTED_AT.exec(text)?.[1];
  if (posted) {
    const [fullText, day = '', month = '', year] = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(posted) ?? [];
    const [partialText, partialDay, partialMonth] = /(?<![\d:])(\d{1,2})\/(\d{1,2})(?![\d/:])/.exec(posted) ?? [];
    if (fullText && isDayMonth(Number(day), Number(month))) {
      meta.date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      meta.dateText = fullText;
    } else if (partialText && isDayMonth(Number(partialDay), Number(partialMonth))) {
      meta.dateText = partialText;
    }
  }
  const author = /^[ \t]*(?:tác giả|người viết|bài và ảnh)\s*:\s*(.+?)\s*$/imu.exec(text)?.[1];
  if (author) meta.author = author;
  return meta;
}

function isDayMonth(day: number, month: number): boolean {
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

const BLOCK_BREAKS = { leadingLineBreaks: 2, trailingLineBreaks: 2 };

/** html-to-text settings: no wrapping, no link targets, headings as written, blocks as paragraphs. */
const HTML_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    ...['script', 'style', 'nav', 'noscript', 'template', 'iframe', 'svg', 'form', 'button', 'img', 'hr'].map(
      (selector) => ({ selector, format: 'skip' }),
    ),
    { selector: 'a', options: { ignoreHref: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      format: 'heading',
      options: { ...BLOCK_BREAKS, uppercase: false },
    })),
    ...['div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'table', 'tr', 'p'].map(
      (selector) => ({ selector, format: 'block', options: BLOCK_BREAKS }),
    ),
    ...['td', 'th'].map((selector) => ({ selector, format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } })),
    { selector: 'ul', options: { itemPrefix: '- ' } },
  ],
};

function htmlToPlainText(html: string): string {
  return convert(html, HTML_OPTIONS);
}

/** Markdown to text: markers of headings, emphasis, code, links, quotes and tables removed. */
function markdownToPlainText(markdown: string): string {
  const lines: string[] = [];
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) continue;
    if (/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue; // table rule or ---
    if (/^\s*([*_=])(?:\s*\1){2,}\s*$/.test(line)) continue; // *** ___ === rules
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(line)) continue; // link reference definitions
    const text = line
      .replace(/^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/, '$1')
      .replace(/^\s*>\s?/, '')
      .replace(/^(\s*)\*\s+/, (_match, indent: string) => (indent.length >= 2 ? '+ ' : '- '))
      .replace(/^\s*\|(.*)\|\s*$/, (_match, cells: string) => cells.replace(/\|/g, ' '))
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])/g, '$1')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<\/?[a-zA-Z][^>]*>/g, '')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(?<![\p{L}\p{N}*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1')
      .replace(/(?<![\p{L}\p{N}_\\])_(?=\S)([^_\n]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1')
      .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1');
    lines.push(text);
  }
  return lines.join('\n');
}

/** NFC, `Ð`/`ð` (a look-alike defect) as `Đ`/`đ`, exotic spaces as spaces, invisible characters gone. */
function normalizeCharacters(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\u00D0/g, '\u0110')
    .replace(/\u00F0/g, '\u0111')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
}

/** Whitespace collapsed, indentation trimmed, decorative rules ("-----", "*") removed. */
function tidyLine(line: string): string {
  const text = line.replace(/\s+/g, ' ').trim().replace(/^[-=_~*]{3,}\s*/, '');
  return /^[-=_~*•·.\s]*$/.test(text) ? '' : text;
}

/** Whole lines that are page widgets, navigation or counters. */
const FURNITURE_LINES: readonly RegExp[] = [
  /^post a comment$/i,
  /^\d+ comments?$/i,
  /^(?:gửi |viết )?bình luận(?: của bạn)?(?: \(\d+\))?:?$/iu,
  /^(?:ý kiến bạn đọc|phản hồi|chi tiết tin|mới nhất|tin mới nhất|xem nhiều nhất|đọc nhiều nhất|tin nổi bật)$/iu,
  /^[<«‹←]*\s*(?:trở về|quay lại|quay về)(?: trang trước)?\s*[>»›]*$/iu,
  /^(?:về|lên) đầu trang$/iu,
  /^(?:người đăng|ngày đăng|đăng ngày|đăng lúc|ngày cập nhật|cập nhật(?: ngày| lúc)?|lượt xem|lượt đọc|số lượt xem|lượt truy cập)\s*:/iu,
  /^(?:\d[\d.,]* (?:lượt xem|lượt đọc|views?)|(?:lượt xem|views?):? \d[\d.,]*)$/iu,
];

/** Headings of related-news lists: the list after them is furniture too. */
const TAIL_MARKERS = /^(?:các tin khác|tin khác|tin liên quan|bài viết liên quan|tin cùng chuyên mục|các tin mới hơn|các tin cũ hơn|tin mới hơn|tin cũ hơn)\s*:?$/iu;

/** Share, print and font-size buttons, alone or in a row ("A+ | A | A-", "Chia sẻ | In | Email"). */
const BUTTON_WORDS = new Set([
  'a+', 'a', 'a-', 'chia sẻ', 'share', 'in', 'in bài', 'in bài viết', 'bản in', 'print', 'email', 'e-mail',
  'gửi email', 'gửi bài', 'gửi bài viết', 'lưu', 'lưu bài', 'lưu bài viết', 'facebook', 'twitter', 'zalo',
  'tweet', 'like', 'thích', 'phóng to', 'thu nhỏ', 'cỡ chữ', 'tải về', 'download',
]);

function isButtonRow(line: string): boolean {
  const parts = line.toLowerCase().split(/\s*[|•·/]\s*/).filter(Boolean);
  return parts.length > 0 && parts.every((part) => BUTTON_WORDS.has(part));
}

/** Removes widget lines; a related-news heading near the end takes the short lines after it along. */
function removeFurniture(lines: string[]): string[] {
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (TAIL_MARKERS.test(line)) {
      const after = lines.slice(index + 1).filter(Boolean);
      if (index >= lines.length / 2 && after.every((rest) => countWords(rest) <= 25)) break;
      continue;
    }
    if (FURNITURE_LINES.some((pattern) => pattern.test(line)) || isButtonRow(line)) continue;
    kept.push(line);
  }
  return kept;
}

const HOTLINE = /hotline|tổng đài|đường dây nóng|\b1[89]00[\s.]?\d{3,4}/iu;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/u;
const SUPPORT_OFFER = /quý khách|hỗ trợ|tư vấn|giải đáp|liên hệ/iu;

/** A paragraph offering a hotline or an e-mail address for support: an advert, not content. */
function isAdvert(paragraph: string): boolean {
  return (HOTLINE.test(paragraph) || EMAIL.test(paragraph)) && SUPPORT_OFFER.test(paragraph) && countWords(paragraph) <= 80;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Sentence-final punctuation, possibly followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?:;…]["”’»)\]]*$/u;

/** Typical full-line width: the 90th percentile of line lengths. */
function lineWidth(lines: string[]): number {
  const lengths = lines.filter(Boolean).map((line) => line.length).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 0;
}

/**
 * A document is hard-wrapped (text from a PDF) when its lines cluster below one narrow maximum
 * width, many of them stop mid-sentence and many start in lower case (continuing the line above).
 * Web pages with one paragraph per line have widely varying lengths and end their lines with
 * punctuation.
 */
function isHardWrapped(lines: string[]): boolean {
  const text = lines.filter(Boolean);
  if (text.length < 10) return false;
  const width = lineWidth(text);
  const share = (test: (line: string) => boolean): number => text.filter(test).length / text.length;
  return (
    width <= 160 &&
    share((line) => line.length >= 0.7 * width) >= 0.3 &&
    share((line) => !SENTENCE_END.test(line)) >= 0.35 &&
    share((line) => /^\p{Ll}/u.test(line)) >= 0.1
  );
}

const PAGE_NUMBER = /^(?:(?:trang|page) )?[-–]? ?\d{1,3}(?: ?(?:\/|of|trên) ?\d{1,3})? ?[-–]?$/iu;

/**
 * Drops standalone page numbers and lines repeated on several pages (running headers and footers):
 * short lines, not structural, that occur three times or more with only their digits changing.
 */
function removePageArtefacts(lines: string[]): string[] {
  const key = (line: string): string => line.replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const line of lines) if (line) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
  const isRunningHeader = (line: string): boolean =>
    (counts.get(key(line)) ?? 0) >= 3 && countWords(line) <= 15 && /^[\p{Lu}\d]/u.test(line) && !isStructuralStart(line);
  return lines.filter((line) => !line || (!PAGE_NUMBER.test(line) && !isRunningHeader(line)));
}

/** A numbered heading ("IV. CHUYỂN GIAO ...", "A. CÔNG TÁC ...") whose capitals may wrap. */
function isNumberedHeading(paragraph: string): boolean {
  const kind = lineMarker(paragraph)?.kind;
  return kind === 'roman' || kind === 'upper-letter' || kind === 'number';
}

/**
 * Joins the lines of hard-wrapped paragraphs. A line continues the previous one unless it opens a
 * structural unit (numbering, bullet, label, capitals heading) or the previous line ended a
 * sentence, ended short of the full width, or was a capitals heading. Blank lines always separate.
 */
function joinWrappedLines(lines: string[]): string[] {
  const width = lineWidth(lines);
  const text = lines.filter(Boolean);
  const blankSeparated = lines.length - text.length >= 0.1 * text.length;
  const paragraphs: string[] = [];
  let last = ''; // last physical line of the paragraph being built
  let physicalLines = 0;
  let startsBlock = true; // the paragraph's first line follows a blank line or the start
  let afterBlank = true;
  for (const line of lines) {
    if (!line) {
      paragraphs.push('');
      afterBlank = true;
      last = '';
      continue;
    }
    const paragraph = paragraphs.at(-1) ?? '';
    const joinable =
      last !== '' &&
      continuesLine(paragraph, last, line, {
        width,
        indentedFirstLine: blankSeparated && startsBlock && physicalLines === 1,
      });
    if (joinable) {
      paragraphs[paragraphs.length - 1] = `${paragraph} ${line}`;
      physicalLines += 1;
    } else {
      paragraphs.push(line);
      physicalLines = 1;
      startsBlock = afterBlank;
    }
    last = line;
    afterBlank = false;
  }
  return paragraphs;
}

function continuesLine(
  paragraph: string,
  last: string,
  next: string,
  layout: { width: number; indentedFirstLine: boolean },
): boolean {
  if (!/[\p{L}\p{N}]/u.test(last) || !/[\p{L}\p{N}]/u.test(next)) return false;
  if (isAllCapsLine(last)) {
    const wraps = isNumberedHeading(paragraph) || last.length >= 0.8 * layout.width;
    return wraps && !SENTENCE_END.test(last) && !lineMarker(next) && /^\p{Lu}{2,}/u.test(next);
  }
  if (isStructuralStart(next)) return false;
  // A sentence never starts in lower case, whatever the line above ended with.
  if (/^\p{Ll}/u.test(next)) return true;
  if (SENTENCE_END.test(last)) return false;
  if (/^[\p{N}("“'[]/u.test(next)) return true;
  return last.length >= 0.8 * layout.width || (layout.indentedFirstLine && last.length >= 0.4 * layout.width);
}

function collapseBlankLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line || (out.length > 0 && out.at(-1) !== '')) out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  return out;
}
