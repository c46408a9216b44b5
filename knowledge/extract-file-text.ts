/**
 * The text of a document file: .txt/.md/.html as strict UTF-8; .pdf and .docx in the reading
 * process (pdf-and-word-text.ts, text-reading-process.ts), within a time budget and a memory limit,
 * a .docx only once its zip archive declares no more than 50 MB decompressed (zip-bomb-check.ts).
 * What a PDF or Word file gave is kept by content hash (text-cache.ts): an unchanged file is not
 * read again. Size and page limits are checked first. Every refusal is a {@link DocumentReadError}
 * with the reason.
 */
import { DocumentReadError } from '../common/index.js';
import type { PageFormat } from './clean-page.js';
import { TextCache } from './text-cache.js';
import { READING_LIMITS, readingProcessStats, readInProcess, type ReadingLimits } from './text-reading-process.js';
import { declaredSizeRefusal } from './zip-bomb-check.js';

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

/** How PDF and Word files are read; each field defaults to {@link READING_LIMITS} (30 s, 512 MB). */
export type ExtractOptions = Partial<ReadingLimits>;

/** Readings of PDF and Word files, shared by the whole process (corpus reloads and uploads). */
const cache = new TextCache();

/**
 * What reading PDF and Word files cost since the process started: reading processes started, files
 * read in them, and files whose reading came from the cache instead.
 */
export function documentReadingStats(): { processesStarted: number; filesRead: number; cacheHits: number } {
  return { ...readingProcessStats(), cacheHits: cache.stats.hits };
}

async function readPdfOrWord(file: string, kind: 'pdf' | 'docx', bytes: Buffer, options: ExtractOptions): Promise<string> {
  const limits = { ...READING_LIMITS, ...options };
  const key = TextCache.keyOf(bytes, `${kind}:${limits.timeoutMs}:${limits.maxMemoryMb}:${FILE_LIMITS.maxPages}`);
  let reading = cache.get(key);
  if (!reading) {
    try {
      reading = await readInProcess({ kind, bytes, maxPages: FILE_LIMITS.maxPages }, limits);
    } catch (error) {
      throw new DocumentReadError(file, error);
    }
    cache.set(key, reading);
  }
  if ('refused' in reading) throw new DocumentReadError(file, new Error(reading.refused));
  return reading.raw;
}

/**
 * The raw text of a file and the format to clean it as. Throws {@link DocumentReadError} for an
 * unsupported type, a file over the limits, text that is not UTF-8, or a PDF/Word file that
 * cannot be read, holds no text, is a decompression bomb, or takes more time or memory than allowed.
 */
export async function extractFileText(file: string, bytes: Buffer, options: ExtractOptions = {}): Promise<{ raw: string; format: PageFormat }> {
  const extension = file.slice(file.lastIndexOf('.')).toLowerCase();
  const format = file.includes('.') ? DOCUMENT_FORMATS.get(extension) : undefined;
  if (!format)
    throw new DocumentReadError(file, new Error(`unsupported file type ${file.includes('.') ? extension : '(none)'}: send .pdf, .docx, .txt, .md or .html`));
  if (bytes.length > FILE_LIMITS.maxBytes)
    throw new DocumentReadError(file, new Error(`${(bytes.length / 1048576).toFixed(1)} MB, more than ${FILE_LIMITS.maxBytes / 1048576} MB`));
  if (extension === '.pdf') return { raw: await readPdfOrWord(file, 'pdf', bytes, options), format };
  if (extension === '.docx') {
    const refused = declaredSizeRefusal(bytes);
    if (refused) throw new DocumentReadError(file, new Error(`not a readable Word (.docx) file (${refused})`));
    return { raw: await readPdfOrWord(file, 'docx', bytes, options), format };
  }
  try {
    return { raw: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format };
  } catch {
    throw new DocumentReadError(file, new Error('not valid UTF-8'));
  }
}
