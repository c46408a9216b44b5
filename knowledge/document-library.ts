/**
 * The corpus as a library admins change: add a file (a new version of a file replaces it, and its
 * passages with it), edit what was detected (title, number, date, issuing body), mark a document
 * replaced by another, remove one. Files live in the corpus folder; their metadata in its
 * `manifest.json`, written whole to a temporary file and renamed, so a reader never sees half.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IndexError } from '../common/index.js';
import { chunkDocument } from './chunk-document.js';
import { loadManifest, MANIFEST_FILE } from './manifest.js';
import { cleanDocumentBytes } from './read-corpus.js';
import type { CleanDocument, DocumentMeta } from './types.js';

/** What a file holds, before it is added. */
export interface DocumentPreview {
  document: CleanDocument;
  /** Distinct sections (heading paths) found. */
  sections: number;
  /** Passages it will be searched as. */
  passages: number;
}

/** The fields an admin may correct. */
export type EditableMeta = Partial<Pick<DocumentMeta, 'title' | 'number' | 'date' | 'issuer'>>;

/** Changes the corpus folder. */
export interface DocumentLibrary {
  /** Reads a file without keeping it; throws DocumentReadError with the reason. */
  preview(file: string, bytes: Buffer): Promise<DocumentPreview>;
  /** Adds or replaces a file with its metadata; returns whether it replaced one of the same name. */
  add(file: string, bytes: Buffer, meta: DocumentMeta): Promise<{ replaced: boolean }>;
  /** Corrects detected metadata; throws IndexError for an unknown file. */
  edit(file: string, changes: EditableMeta): Promise<DocumentMeta>;
  /** Marks a document replaced by another (answers then say so). */
  markReplaced(file: string, replacedBy: string): Promise<DocumentMeta>;
  /** Removes a document and its metadata. */
  remove(file: string): Promise<void>;
}

/** A safe file name for an upload: letters, digits, '.', '_' and '-', the extension kept. */
export function safeFileName(name: string): string {
  const extension = path.extname(name).toLowerCase();
  const stem = path
    .basename(name, path.extname(name))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/gu, '')
    .slice(0, 120);
  return `${stem || 'tai-lieu'}${extension}`;
}

/** A library over a corpus folder. */
export function createDocumentLibrary(corpusDir: string): DocumentLibrary {
  async function writeManifest(entries: Map<string, DocumentMeta>): Promise<void> {
    const target = path.join(corpusDir, MANIFEST_FILE);
    const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    const sorted = [...entries.values()].sort((a, b) => a.file.localeCompare(b.file));
    await writeFile(temporary, `${JSON.stringify(sorted, null, 2)}\n`);
    await rename(temporary, target);
  }

  async function entryOf(file: string): Promise<{ entries: Map<string, DocumentMeta>; meta: DocumentMeta }> {
    const entries = await loadManifest(corpusDir);
    const meta = entries.get(file);
    if (!meta) throw new IndexError(`No document ${JSON.stringify(file)} in the library`);
    return { entries, meta };
  }

  return {
    async preview(file, bytes) {
      const document = await cleanDocumentBytes(file, bytes);
      const chunks = chunkDocument(document);
      return { document, sections: new Set(chunks.map((chunk) => chunk.headingPath.join('\n'))).size, passages: chunks.length };
    },
    async add(file, bytes, meta) {
      await mkdir(corpusDir, { recursive: true });
      const entries = await loadManifest(corpusDir);
      const replaced = entries.has(file);
      const temporary = path.join(corpusDir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
      await writeFile(temporary, bytes);
      await rename(temporary, path.join(corpusDir, file));
      entries.set(file, { ...meta, file });
      await writeManifest(entries);
      return { replaced };
    },
    async edit(file, changes) {
      const { entries, meta } = await entryOf(file);
      const edited = { ...meta, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined && value !== '')) };
      entries.set(file, edited);
      await writeManifest(entries);
      return edited;
    },
    async markReplaced(file, replacedBy) {
      const { entries, meta } = await entryOf(file);
      const edited: DocumentMeta = { ...meta, status: { state: 'replaced', replacedBy } };
      entries.set(file, edited);
      await writeManifest(entries);
      return edited;
    },
    async remove(file) {
      const { entries } = await entryOf(file);
      entries.delete(file);
      await writeManifest(entries);
      await rm(path.join(corpusDir, file), { force: true });
    },
  };
}
