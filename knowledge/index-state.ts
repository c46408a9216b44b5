import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AbbreviationTable } from './analyze-vietnamese.js';
import type { Chunk, DocumentMeta } from './types.js';

/**
 * Version of the files under DATA_DIR/index. Raise it whenever their layout or the analyzer's
 * terms change: an index of another version is rebuilt, never read.
 */
export const INDEX_FORMAT = 5;

/** One indexed document: what it was built from and what it became. */
export interface IndexedDocument {
  meta: DocumentMeta;
  contentHash: string;
  /** Abbreviations the document defines for itself ("chi bộ (CB)"). */
  abbreviations: AbbreviationTable;
  chunks: Chunk[];
}

/** What `state.json` records about a built index. */
export interface IndexState {
  format: number;
  /** Embedding provider and dimensions the vectors were made with. */
  provider: string;
  dimensions: number;
  builtAt: string;
  documents: IndexedDocument[];
}

const STATE_FILE = 'state.json';

/** Reads the state of the index in `directory`, or undefined when there is none or it cannot be used. */
export async function readIndexState(directory: string): Promise<IndexState | undefined> {
  let raw: string;
  try {
    raw = await readFile(path.join(directory, STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(raw) as Partial<IndexState>;
    return state.format === INDEX_FORMAT && Array.isArray(state.documents) ? (state as IndexState) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a whole index through `write(temporaryDirectory)` and then swaps it in, so that a
 * crash half-way leaves the previous index whole.
 */
export async function replaceIndexDirectory(directory: string, state: IndexState, write: (target: string) => Promise<void>): Promise<void> {
  const staging = `${directory}.staging-${process.pid}`;
  const retired = `${directory}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await write(staging);
  await writeFile(path.join(staging, STATE_FILE), JSON.stringify(state));
  await rm(retired, { recursive: true, force: true });
  await rename(directory, retired).catch(() => undefined);
  await rename(staging, directory);
  await rm(retired, { recursive: true, force: true });
}
