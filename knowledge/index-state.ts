import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AbbreviationTable } from './analyze-vietnamese.js';
import type { Chunk, DocumentMeta } from './types.js';

/**
 * Version of the files under DATA_DIR/index. Raise it whenever their layout or the analyzer's
 * terms change: an index of another version is rebuilt, never read.
 */
export const INDEX_FORMAT = 6;

/** One indexed document: what it was built from and what it became. */
export interface IndexedDocument {
  meta: DocumentMeta;
  contentHash: string;
  /** Abbreviations the document defines for itself ("chi bộ (CB)"). */
  abbreviations: AbbreviationTable;
  chunks: Chunk[];
  /** Position of its first passage in the lexical index; the others follow it. */
  position: number;
}

/** A document as `state.json` records it: its passages are in a passages file. */
type StoredDocument = Omit<IndexedDocument, 'chunks'> & { passages: number };

/** What `state.json` records about a built index. */
export interface IndexState {
  format: number;
  /** Embedding provider and dimensions the vectors were made with (`none`, 0: no vectors). */
  provider: string;
  dimensions: number;
  builtAt: string;
  documents: IndexedDocument[];
}

/**
 * Passages files: each holds the passages of the positions from `first` on, in order. A full
 * build writes one; each change adds one for the documents it indexed, the older ones kept.
 */
interface PassagesFile {
  file: string;
  first: number;
}

interface StoredState extends Omit<IndexState, 'documents'> {
  passages: PassagesFile[];
  documents: StoredDocument[];
}

const STATE_FILE = 'state.json';

/** Reads the state of the index in `directory`, or undefined when there is none or it cannot be used. */
export async function readIndexState(directory: string): Promise<IndexState | undefined> {
  try {
    const stored = JSON.parse(await readFile(path.join(directory, STATE_FILE), 'utf8')) as Partial<StoredState>;
    if (stored.format !== INDEX_FORMAT || !Array.isArray(stored.documents) || !Array.isArray(stored.passages)) return undefined;
    const byPosition: Chunk[] = [];
    for (const { file, first } of stored.passages) {
      const chunks = JSON.parse(await readFile(path.join(directory, file), 'utf8')) as Chunk[];
      chunks.forEach((chunk, i) => {
        byPosition[first + i] = chunk;
      });
    }
    const documents = stored.documents.map(({ passages, ...document }) => {
      const chunks = byPosition.slice(document.position, document.position + passages);
      if (chunks.length !== passages || chunks.includes(undefined as unknown as Chunk)) throw new TypeError('Passages missing');
      return { ...document, chunks };
    });
    return { ...(stored as StoredState), documents };
  } catch {
    return undefined;
  }
}

/**
 * Writes a whole index through `write(temporaryDirectory, current)` and then swaps it in, so that
 * a crash half-way leaves the previous index whole. `current` is the index folder being replaced:
 * files that did not change are linked from it, not written again. Passages already saved in
 * `current` (positions below `savedPositions`) are kept; the others are written in a new file.
 */
export async function replaceIndexDirectory(
  directory: string,
  state: IndexState,
  savedPositions: number,
  write: (target: string, current: string) => Promise<void>,
): Promise<void> {
  const staging = `${directory}.staging-${process.pid}`;
  const retired = `${directory}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await write(staging, directory);
  const kept = savedPositions > 0 ? await keptPassages(directory, staging, savedPositions) : [];
  const fresh = state.documents.flatMap((document) => document.chunks.map((chunk, i) => ({ chunk, position: document.position + i })));
  const added = fresh.filter(({ position }) => position >= savedPositions).sort((x, y) => x.position - y.position);
  const passages = [...kept];
  if (added.length > 0) {
    const first = added[0]!.position;
    const file = `passages-${first}.json`;
    if (added.at(-1)!.position !== first + added.length - 1) throw new RangeError('New passages must have consecutive positions');
    await writeFile(path.join(staging, file), JSON.stringify(added.map(({ chunk }) => chunk)));
    passages.push({ file, first });
  }
  const stored: StoredState = {
    ...state,
    passages,
    documents: state.documents.map(({ chunks, ...document }) => ({ ...document, passages: chunks.length })),
  };
  await writeFile(path.join(staging, STATE_FILE), JSON.stringify(stored));
  await rm(retired, { recursive: true, force: true });
  await rename(directory, retired).catch(() => undefined);
  await rename(staging, directory);
  await rm(retired, { recursive: true, force: true });
}

/** Links the passages files of `current` into `staging`; returns them. */
async function keptPassages(current: string, staging: string, below: number): Promise<PassagesFile[]> {
  const stored = JSON.parse(await readFile(path.join(current, STATE_FILE), 'utf8')) as StoredState;
  const kept = stored.passages.filter(({ first }) => first < below);
  for (const { file } of kept) await link(path.join(current, file), path.join(staging, file));
  return kept;
}
