import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassageBatch, PassageStore, type BatchDocument } from './passage-store.js';
import type { AbbreviationTable } from './analyze-vietnamese.js';
import type { Chunk, DocumentMeta } from './types.js';

/**
 * Version of the files under DATA_DIR/index. Raise it whenever their layout or the analyzer's
 * terms change: an index of another version is rebuilt, never read.
 */
export const INDEX_FORMAT = 7;

/** One indexed document: what it was built from and what it became. */
export interface IndexedDocument extends BatchDocument {
  /** Its passages (those of a stored document are decoded each time they are read). */
  readonly chunks: readonly Chunk[];
  /** The batch that holds it, once saved, and its number there. */
  stored?: { batch: PassageBatch; index: number };
}

/** A batch of passages in an index, with the numbers of its documents no longer in use. */
export interface IndexBatch {
  batch: PassageBatch;
  retired: ReadonlySet<number>;
}

/** What `state.json` and the passages batches record about a built index. */
export interface IndexState {
  format: number;
  /** Embedding provider and dimensions the vectors were made with (`none`, 0: no vectors). */
  provider: string;
  dimensions: number;
  builtAt: string;
  /** The documents in use. */
  documents: IndexedDocument[];
  /** The passages batches, in position order. */
  batches: IndexBatch[];
}

/** What `state.json` holds: the header, and each batch's file with its retired documents. */
interface StoredState extends Omit<IndexState, 'documents' | 'batches'> {
  batches: { file: string; first: number; retired: number[] }[];
}

const STATE_FILE = 'state.json';

/** The file the `ordinal`-th batch is saved in (batches are only ever added after the others). */
function batchFile(ordinal: number): string {
  return `passages-${ordinal}.bin`;
}

/** A stored document: its record read from its batch, its passages decoded when asked for. */
class StoredDocument implements IndexedDocument {
  constructor(
    private readonly batch: PassageBatch,
    private readonly index: number,
  ) {}

  private get record(): BatchDocument {
    return this.batch.documents[this.index]!;
  }

  get meta(): DocumentMeta {
    return this.record.meta;
  }

  get contentHash(): string {
    return this.record.contentHash;
  }

  get abbreviations(): AbbreviationTable {
    return this.record.abbreviations;
  }

  get position(): number {
    return this.record.position;
  }

  get passages(): number {
    return this.record.passages;
  }

  get stored(): { batch: PassageBatch; index: number } {
    return { batch: this.batch, index: this.index };
  }

  get chunks(): Chunk[] {
    const { position, passages } = this.record;
    return Array.from({ length: passages }, (_, i) => this.batch.at(position - this.batch.first + i));
  }
}

/** The documents in use of some batches. */
export function documentsOf(batches: readonly IndexBatch[]): IndexedDocument[] {
  return batches.flatMap(({ batch, retired }) => batch.documents.flatMap((_, index) => (retired.has(index) ? [] : [new StoredDocument(batch, index)])));
}

/** The passages of some batches, by position. */
export function passagesOf(batches: readonly IndexBatch[]): PassageStore {
  return new PassageStore(batches.map(({ batch }) => batch));
}

/** Reads the state of the index in `directory`, or undefined when there is none or it cannot be used. */
export async function readIndexState(directory: string): Promise<IndexState | undefined> {
  try {
    const stored = JSON.parse(await readFile(path.join(directory, STATE_FILE), 'utf8')) as Partial<StoredState>;
    if (stored.format !== INDEX_FORMAT || !Array.isArray(stored.batches)) return undefined;
    const batches = await Promise.all(
      stored.batches.map(async ({ file, first, retired }) => ({
        batch: PassageBatch.decode(first, await readFile(path.join(directory, file))),
        retired: new Set(retired),
      })),
    );
    const { format, provider, dimensions, builtAt } = stored as StoredState;
    return { format, provider, dimensions, builtAt, batches, documents: documentsOf(batches) };
  } catch {
    return undefined;
  }
}

/**
 * Writes a whole index through `write(temporaryDirectory, current)` and then swaps it in, so that
 * a crash half-way leaves the previous index whole. `current` is the index folder being replaced:
 * files that did not change are linked from it, not written again. A batch that `current`
 * already holds (`saved`) is linked; the others are written.
 */
export async function replaceIndexDirectory(
  directory: string,
  state: Omit<IndexState, 'documents'>,
  saved: ReadonlySet<PassageBatch>,
  write: (target: string, current: string) => Promise<void>,
): Promise<void> {
  const staging = `${directory}.staging-${process.pid}`;
  const retired = `${directory}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await write(staging, directory);
  for (const [ordinal, { batch }] of state.batches.entries()) {
    const file = batchFile(ordinal);
    const linked = saved.has(batch)
      ? await link(path.join(directory, file), path.join(staging, file)).then(
          () => true,
          () => false,
        )
      : false;
    if (!linked) await writeFile(path.join(staging, file), batch.bytes);
  }
  const { format, provider, dimensions, builtAt } = state;
  const stored: StoredState = {
    format,
    provider,
    dimensions,
    builtAt,
    batches: state.batches.map(({ batch, retired: gone }, ordinal) => ({ file: batchFile(ordinal), first: batch.first, retired: [...gone] })),
  };
  await writeFile(path.join(staging, STATE_FILE), JSON.stringify(stored));
  await rm(retired, { recursive: true, force: true });
  await rename(directory, retired).catch(() => undefined);
  await rename(staging, directory);
  await rm(retired, { recursive: true, force: true });
}
