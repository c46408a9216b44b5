/**
 * The passages of an index, found by position (the lexical index's) or by id
 * (`${file}#${ordinal}`), each decoded from its batch when asked for: none is held as an object.
 */
import type { BatchDocument, PassageStore } from './passage-store.js';
import type { Chunk } from './types.js';

/** Passages by position and by id. */
export interface PassageLookup {
  /** The passage at a lexical position, or undefined. */
  at(position: number): Chunk | undefined;
  /** The lexical position of a passage id, or undefined. */
  positionOf(id: string): number | undefined;
}

/** Every passage of the documents in use, as a read-only map from id to passage. */
export class IndexedPassages implements ReadonlyMap<string, Chunk>, PassageLookup {
  private readonly documents: ReadonlyMap<string, BatchDocument>;

  constructor(
    documents: readonly BatchDocument[],
    private readonly store: PassageStore,
  ) {
    this.documents = new Map(documents.map((document) => [document.meta.file, document]));
  }

  get size(): number {
    let size = 0;
    for (const document of this.documents.values()) size += document.passages;
    return size;
  }

  at(position: number): Chunk | undefined {
    return this.store.at(position);
  }

  positionOf(id: string): number | undefined {
    const hash = id.lastIndexOf('#');
    const document = hash < 0 ? undefined : this.documents.get(id.slice(0, hash));
    const ordinal = Number(id.slice(hash + 1));
    if (!document || !Number.isInteger(ordinal) || ordinal < 0 || ordinal >= document.passages) return undefined;
    return document.position + ordinal;
  }

  get(id: string): Chunk | undefined {
    const position = this.positionOf(id);
    return position === undefined ? undefined : this.store.at(position);
  }

  has(id: string): boolean {
    return this.positionOf(id) !== undefined;
  }

  *entries(): MapIterator<[string, Chunk]> {
    for (const document of this.documents.values()) {
      for (let i = 0; i < document.passages; i += 1) {
        const chunk = this.store.at(document.position + i)!;
        yield [chunk.id, chunk];
      }
    }
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<Chunk> {
    for (const [, chunk] of this.entries()) yield chunk;
  }

  forEach(visit: (chunk: Chunk, id: string, map: ReadonlyMap<string, Chunk>) => void): void {
    for (const [id, chunk] of this.entries()) visit(chunk, id, this);
  }

  [Symbol.iterator](): MapIterator<[string, Chunk]> {
    return this.entries();
  }
}
