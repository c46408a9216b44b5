/**
 * Reading the corpus folder: each .txt, .md, .html/.htm, .pdf and .docx file directly in it is read
 * (extract-file-text.ts), cleaned, and given its manifest entry (or inferred metadata). A file
 * that cannot be read, is over the limits, holds no text or nothing after cleaning is skipped with
 * a warning naming it and the reason; the rest is read. PDF and Word files are read in a child
 * process within time and memory limits, and an unchanged one is not read again at the next reload.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DocumentReadError, IndexError, type Logger } from '../common/index.js';
import { cleanPageText, extractPageMetadata } from './clean-page.js';
import { DOCUMENT_FORMATS, extractFileText, type ExtractOptions } from './extract-file-text.js';
import { inferDocumentMeta, loadManifest } from './manifest.js';
import type { CleanDocument, DocumentMeta } from './types.js';

/** What {@link readCorpus} read, and the files it skipped with the reason. */
export interface CorpusReadResult {
  documents: CleanDocument[];
  skipped: { file: string; reason: string }[];
}

/**
 * Reads every .txt, .md, .html, .htm, .pdf and .docx file directly in `corpusDir`, sorted by file name; README
 * files are not documents (nor is `manifest.json`). Files the manifest does not list get inferred metadata. `options`
 * are the limits of reading one PDF or Word file. Throws {@link IndexError} when the folder cannot be listed or the
 * manifest is malformed.
 */
export async function readCorpus(corpusDir: string, logger: Logger, options: ExtractOptions = {}): Promise<CorpusReadResult> {
  const manifest = await loadManifest(corpusDir);
  const files = await listDocumentFiles(corpusDir);
  const documents: CleanDocument[] = [];
  const skipped: CorpusReadResult['skipped'] = [];
  for (const file of files) {
    try {
      documents.push(await readCorpusFile(path.join(corpusDir, file), manifest.get(file), options));
    } catch (error) {
      if (!(error instanceof DocumentReadError)) throw error;
      const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
      skipped.push({ file, reason });
      logger.warn({ file, reason }, `Skipping unreadable corpus file: ${file} (${reason})`);
    }
  }
  for (const file of manifest.keys()) {
    if (!files.includes(file)) logger.warn({ file }, `Manifest lists a file the corpus does not have: ${file}`);
  }
  logger.info({ corpusDir, documents: documents.length, skipped: skipped.length }, 'Read corpus');
  return { documents, skipped };
}

/** Reads one corpus file (see {@link cleanDocumentBytes}); throws {@link DocumentReadError} naming the file when it cannot be read. */
export async function readCorpusFile(filePath: string, manifestEntry?: DocumentMeta, options: ExtractOptions = {}): Promise<CleanDocument> {
  const file = path.basename(filePath);
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new DocumentReadError(file, error);
  }
  return cleanDocumentBytes(file, bytes, manifestEntry, options);
}

/**
 * A document from a file's bytes (an upload, or a corpus file): text extracted and cleaned,
 * metadata from `manifestEntry` or inferred from the text. `contentHash` is the SHA-256 of the raw
 * bytes and the metadata's JSON, so a changed manifest entry re-indexes the document too. Throws
 * {@link DocumentReadError} with the reason (unsupported type, over the limits, not UTF-8, no text).
 */
export async function cleanDocumentBytes(file: string, bytes: Buffer, manifestEntry?: DocumentMeta, options: ExtractOptions = {}): Promise<CleanDocument> {
  const { raw, format } = await extractFileText(file, bytes, options);
  const text = cleanPageText(raw, format);
  if (!text) throw new DocumentReadError(file, new Error('no text left after cleaning'));
  const meta = manifestEntry ?? inferDocumentMeta(file, text, extractPageMetadata(raw));
  const contentHash = createHash('sha256').update(bytes).update(JSON.stringify(meta)).digest('hex');
  return { meta, text, contentHash };
}

async function listDocumentFiles(corpusDir: string): Promise<string[]> {
  const entries = await readdir(corpusDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new IndexError(`Cannot list corpus folder ${corpusDir}`, { cause: error });
  });
  return entries
    .filter((entry) => entry.isFile() && DOCUMENT_FORMATS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .filter((name) => !/^readme(?:\.|$)/i.test(name))
    .sort();
}
