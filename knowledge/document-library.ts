/**
 * The corpus as a library admins change: add a file (a new version of a file replaces it, and its
 * passages with it), edit what was detected (title, number, date, issuing body), mark a document
 * replaced by another, remove one. Files live in the corpus folder; their metadata in its
 * `manifest.json`, written whole to a temporary file and renamed, so a reader never sees half.
 * Changes in one process run one at a time; the bot runs one process that changes documents.
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
  /**
   * Corrects detected metadata. `current` is what is known of a file the manifest does not list
   * (one dropped into the folder by hand); without either, throws IndexError.
   */
  edit(file: string, changes: EditableMeta, current?: DocumentMeta): Promise<DocumentMeta>;
  /** Marks a document replaced by another (answers then say so); `current` as for {@link edit}. */
  markReplaced(file: string, replacedBy: string, current?: DocumentMeta): Promise<DocumentMeta>;
  /** Removes a document (the file first) and its metadata. */
  remove(file: string): Promise<void>;
}

/** A safe file name for an upload: letters, digits, '.', '_' and '-', the extension kept. */
export function safeFileName(name: string): string {
  const extension = path.extname(name).toLowerCase();
  const stem = path
    .basename(name, path.extname(name))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/gu, '');
  // The corpus reader skips README files: an upload must not become one.
  const safe = !stem || /^readme/iu.test(stem) ? `tai-lieu-${stem}`.replace(/-$/u, '') : stem;
  return `${withinBytes(safe, MAX_NAME_BYTES - Buffer.byteLength(extension))}${extension}`;
}

/** Longest file name most file systems accept, in bytes. */
const MAX_NAME_BYTES = 255;

/** `text` cut on whole characters (code points) to at most 120 of them and `bytes` bytes of UTF-8. */
function withinBytes(text: string, bytes: number): string {
  let kept = '';
  for (const character of [...text].slice(0, 120)) {
    if (Buffer.byteLength(kept + character) > bytes) break;
    kept += character;
  }
  return kept;
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

  async function entryOf(file: string, current?: DocumentMeta): Promise<{ entries: Map<string, DocumentMeta>; meta: DocumentMeta }> {
    const entries = await loadManifest(corpusDir);
    const meta = entries.get(file) ?? current;
    if (!meta) throw new IndexError(`No document ${JSON.stringify(file)} in the library`);
    return { entries, meta };
  }

  // Changes run one at a time: each reads the manifest the previous one wrote.
  let queue: Promise<unknown> = Promise.resolve();
  function serialized<T>(change: () => Promise<T>): Promise<T> {
    const next = queue.then(change);
    queue = next.catch(() => undefined);
    return next;
  }

  const library: DocumentLibrary = {
    async preview(file, bytes) {
      const document = await cleanDocumentBytes(file, bytes);
      const chunks = chunkDocument(document);
      return { document, sections: new Set(chunks.map((chunk) => chunk.headingPath.join('\n'))).size, passages: chunks.length };
    },
    add: (file, bytes, meta) =>
      serialized(async () => {
        await mkdir(corpusDir, { recursive: true });
        const entries = await loadManifest(corpusDir);
        const replaced = entries.has(file);
        const temporary = path.join(corpusDir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
        await writeFile(temporary, bytes);
        await rename(temporary, path.join(corpusDir, file));
        entries.set(file, { ...meta, file });
        await writeManifest(entries);
        return { replaced };
      }),
    edit: (file, changes, current) =>
      serialized(async () => {
        const { entries, meta } = await entryOf(file, current);
        const edited = { ...meta, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined && value !== '')) };
        entries.set(file, edited);
        await writeManifest(entries);
        return edited;
      }),
    markReplaced: (file, replacedBy, current) =>
      serialized(async () => {
        const { entries, meta } = await entryOf(file, current);
        const edited: DocumentMeta = { ...meta, status: { state: 'replaced', replacedBy } };
        entries.set(file, edited);
        await writeManifest(entries);
        return edited;
      }),
    remove: (file) =>
      serialized(async () => {
        // The file first: a crash in between leaves a manifest entry without a file (warned about), never a document back.
        await rm(path.join(corpusDir, file), { force: true });
        const entries = await loadManifest(corpusDir);
        if (entries.delete(file)) await writeManifest(entries);
      }),
  };
  return library;
}
