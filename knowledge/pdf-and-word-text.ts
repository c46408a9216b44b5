/**
 * The text of a PDF (pdfjs-dist: lines rebuilt from the text layer, running headers, footers and
 * page numbers removed; a PDF without a text layer, such as a scan, is refused: there is no OCR)
 * and of a Word file (mammoth, once the archive is checked against decompression bombs). Runs in
 * the reading process (extract-text-worker.ts); every refusal is an Error whose message is the reason.
 */
import mammoth from 'mammoth';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// Loaded with the process, not at the first PDF (pdf.js then runs its worker in this thread: globalThis.pdfjsWorker).
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { inflatedSizeRefusal } from './zip-bomb-check.js';

/** Fewer letters than this in a whole PDF means no text layer. */
const MIN_LETTERS = 20;

const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/** One line of a PDF page, with where it sits. */
interface PdfLine {
  text: string;
  y: number;
}

/** The lines of one page: text items grouped by baseline, top to bottom. */
function pageLines(items: readonly { str: string; transform: number[]; hasEOL?: boolean }[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  for (const item of items) {
    const y = Math.round(item.transform[5] ?? 0);
    if (!current || Math.abs(current.y - y) > 2) {
      current = { text: '', y };
      lines.push(current);
    }
    current.text += item.str;
    if (item.hasEOL) current = undefined;
  }
  return lines.map((line) => ({ ...line, text: line.text.replace(/\s+/gu, ' ').trim() })).filter((line) => line.text !== '');
}

/** A page number line: "3", "- 3 -", "Trang 3", "3/12". */
const PAGE_NUMBER = /^(?:[-–]\s*)?(?:trang\s+)?\d{1,4}(?:\s*\/\s*\d{1,4})?(?:\s*[-–])?$/iu;

/**
 * The pages' text with page furniture removed: page numbers, and lines repeated at the top or the
 * bottom of at least half the pages (running headers and footers).
 */
function withoutPageFurniture(pages: readonly string[][]): string {
  const edgeCounts = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((line) => line.replace(/\d+/gu, '#')));
    for (const edge of edges) edgeCounts.set(edge, (edgeCounts.get(edge) ?? 0) + 1);
  }
  const repeated = (line: string) => pages.length >= 3 && (edgeCounts.get(line.replace(/\d+/gu, '#')) ?? 0) >= pages.length / 2;
  return pages
    .map((lines) => lines.filter((line, index) => !PAGE_NUMBER.test(line) && !((index < 2 || index >= lines.length - 2) && repeated(line))).join('\n'))
    .join('\n');
}

/** The text of a PDF of at most `maxPages` pages; throws an Error with the reason it is refused. */
export async function pdfText(bytes: Uint8Array, maxPages: number): Promise<string> {
  let document;
  try {
    document = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    throw new Error(`not a readable PDF (${firstLine(error)})`);
  }
  try {
    if (document.numPages > maxPages) throw new Error(`${document.numPages} pages, more than ${maxPages}`);
    const pages: string[][] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(pageLines(content.items.filter((item): item is typeof item & { str: string; transform: number[] } => 'str' in item)).map((line) => line.text));
      page.cleanup();
    }
    const letters = pages
      .flat()
      .join('')
      .replace(/[^\p{L}]/gu, '').length;
    if (letters < MIN_LETTERS) throw new Error('no text layer (a scanned PDF?): text recognition (OCR) is not supported');
    return withoutPageFurniture(pages);
  } finally {
    await document.destroy();
  }
}

/** The text of a Word (.docx) file, paragraphs separated by blank lines; throws an Error with the reason it is refused. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const refused = inflatedSizeRefusal(bytes);
  if (refused) throw new Error(`not a readable Word (.docx) file (${refused})`);
  try {
    return (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (error) {
    throw new Error(`not a readable Word (.docx) file (${firstLine(error)})`);
  }
}
