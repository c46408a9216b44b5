/**
 * Page cleaning: a scraped web page (HTML), a Markdown file or plain text (including text extracted
 * from a PDF) becomes display text. The wording is kept as written; what goes is what the page
 * added around it: encoding defects (decomposed accents, the look-alike `Ð`), page furniture
 * (comment boxes, related-news lists, view counters, share buttons, hotline adverts) and layout
 * artefacts of PDFs (hard line wraps, page numbers, repeated page headers).
 */
import { convert, type HtmlToTextOptions } from 'html-to-text';
import { joinWrappedLines, isHardWrapped, removePageArtefacts } from './rejoin-wrapped-lines.js';
import { countWords } from './split-sentences.js';

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
    ...['script', 'style', 'nav', 'noscript', 'template', 'iframe', 'svg', 'form', 'button', 'img', 'hr'].map((selector) => ({ selector, format: 'skip' })),
    { selector: 'a', options: { ignoreHref: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      format: 'heading',
      options: { ...BLOCK_BREAKS, uppercase: false },
    })),
    ...['div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'table', 'tr', 'p'].map((selector) => ({
      selector,
      format: 'block',
      options: BLOCK_BREAKS,
    })),
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
  const text = line
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[-=_~*]{3,}\s*/, '');
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
const TAIL_MARKERS =
  /^(?:các tin khác|tin khác|tin liên quan|bài viết liên quan|tin cùng chuyên mục|các tin mới hơn|các tin cũ hơn|tin mới hơn|tin cũ hơn)\s*:?$/iu;

/** Share, print and font-size buttons, alone or in a row ("A+ | A | A-", "Chia sẻ | In | Email"). */
const BUTTON_WORDS = new Set([
  'a+',
  'a',
  'a-',
  'chia sẻ',
  'share',
  'in',
  'in bài',
  'in bài viết',
  'bản in',
  'print',
  'email',
  'e-mail',
  'gửi email',
  'gửi bài',
  'gửi bài viết',
  'lưu',
  'lưu bài',
  'lưu bài viết',
  'facebook',
  'twitter',
  'zalo',
  'tweet',
  'like',
  'thích',
  'phóng to',
  'thu nhỏ',
  'cỡ chữ',
  'tải về',
  'download',
]);

function isButtonRow(line: string): boolean {
  const parts = line
    .toLowerCase()
    .split(/\s*[|•·/]\s*/)
    .filter(Boolean);
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

function collapseBlankLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line || (out.length > 0 && out.at(-1) !== '')) out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  return out;
}
