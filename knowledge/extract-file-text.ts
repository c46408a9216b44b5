/**
 * The text of a document file: .txt/.md/.html as strict UTF-8; .pdf through pdfjs-dist (lines
 * rebuilt from the text layer, running headers, footers and page numbers removed; a PDF without a
 * text layer, such as a scan, is refused: there is no OCR); .docx through mammoth. Size and page
 * limits are checked first. Every refusal is a {@link DocumentReadError} with the reason.
 */
import { DocumentReadError } from '../common/index.js';
import type { PageFormat } from './clean-page.js';

/** The file types read, and the format their text is cleaned as. */
export const DOCUMENT_FORMATS: ReadonlyMap<string, PageFormat> = new Map([
  ['.txt', 'txt'],
  ['.md', 'md'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.pdf', 'txt'],
  ['.docx', 'txt'],
]);

/** Limits of one file. */
export const FILE_LIMITS = { maxBytes: 20 * 1024 * 1024, maxPages: 1000 } as const;

/** Fewer letters than this in a whole PDF means no text layer. */
const MIN_LETTERS = 20;

const reasonOf = (error: unknown) => new Error(error instanceof Error ? error.message.split('\n')[0] : String(error));

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

async function pdfText(file: string, bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    document = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 })
      .promise;
  } catch (error) {
    throw new DocumentReadError(file, new Error(`not a readable PDF (${reasonOf(error).message})`));
  }
  try {
    if (document.numPages > FILE_LIMITS.maxPages) throw new DocumentReadError(file, new Error(`${document.numPages} pages, more than ${FILE_LIMITS.maxPages}`));
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
    if (letters < MIN_LETTERS) throw new DocumentReadError(file, new Error('no text layer (a scanned PDF?): text recognition (OCR) is not supported'));
    return withoutPageFurniture(pages);
  } finally {
    await document.destroy();
  }
}

async function docxText(file: string, bytes: Buffer): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  try {
    // Paragraphs come out separated by blank lines.
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (error) {
    throw new DocumentReadError(file, new Error(`not a readable Word (.docx) file (${reasonOf(error).message})`));
  }
}

/**
 * The raw text of a file and the format to clean it as. Throws {@link DocumentReadError} for an
 * unsupported type, a file over the limits, text that is not UTF-8, or a PDF/Word file that
 * cannot be read or holds no text.
 */
export async function extractFileText(file: string, bytes: Buffer): Promise<{ raw: string; format: PageFormat }> {
  const extension = file.slice(file.lastIndexOf('.')).toLowerCase();
  const format = file.includes('.') ? DOCUMENT_FORMATS.get(extension) : undefined;
  if (!format)
    throw new DocumentReadError(file, new Error(`unsupported file type ${file.includes('.') ? extension : '(none)'}: send .pdf, .docx, .txt, .md or .html`));
  if (bytes.length > FILE_LIMITS.maxBytes)
    throw new DocumentReadError(file, new Error(`${(bytes.length / 1048576).toFixed(1)} MB, more than ${FILE_LIMITS.maxBytes / 1048576} MB`));
  if (extension === '.pdf') return { raw: await pdfText(file, bytes), format };
  if (extension === '.docx') return { raw: await docxText(file, bytes), format };
  try {
    return { raw: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format };
  } catch {
    throw new DocumentReadError(file, new Error('not valid UTF-8'));
  }
}
