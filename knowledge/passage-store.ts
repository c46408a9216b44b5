/**
 * Passages kept compactly: a batch is the passages of some documents, at consecutive positions,
 * in one buffer (each passage's JSON, UTF-8, found by its offset) decoded only when asked for,
 * with the records of those documents. A full build makes one batch; each change adds one for
 * the documents it indexed. The same bytes are the batch's file under the index folder.
 */
import type { AbbreviationTable } from './analyze-vietnamese.js';
import type { Chunk, DocumentMeta } from './types.js';

/** What a batch records of one of its documents. */
export interface BatchDocument {
  meta: DocumentMeta;
  contentHash: string;
  /** Abbreviations the document defines for itself ("chi bộ (CB)"). */
  abbreviations: AbbreviationTable;
  /** Position of its first passage; the others follow it. */
  position: number;
  /** How many passages it has. */
  passages: number;
}

/** "PCAB": passages of the chat assistant, a batch. */
const MAGIC = 0x50434142;
/** Magic, document records' length, passages, reserved: four 32-bit words. */
const HEADER_WORDS = 4;

/** The passages of some documents at positions `first`, `first + 1`, ... */
export class PassageBatch {
  private constructor(
    /** Position of the batch's first passage. */
    readonly first: number,
    /** Its documents, in position order. */
    readonly documents: readonly BatchDocument[],
    private readonly offsets: Uint32Array,
    private readonly body: Buffer,
    /** The batch as a file. */
    readonly bytes: Buffer,
  ) {}

  /** Number of passages. */
  get count(): number {
    return this.offsets.length - 1;
  }

  /** Passage `index` of the batch (position `first + index`), decoded now. */
  at(index: number): Chunk {
    if (index < 0 || index >= this.count) throw new RangeError(`No passage ${index} in a batch of ${this.count}`);
    return JSON.parse(this.body.toString('utf8', this.offsets[index], this.offsets[index + 1])) as Chunk;
  }

  /** A batch of `documents` (positions from `first`, in order) and their passages. */
  static encode(first: number, documents: readonly (BatchDocument & { chunks: readonly Chunk[] })[]): PassageBatch {
    const records = Buffer.from(
      JSON.stringify(documents.map(({ meta, contentHash, abbreviations, position, passages }) => ({ meta, contentHash, abbreviations, position, passages }))),
    );
    const count = documents.reduce((sum, document) => sum + document.chunks.length, 0);
    const offsetsAt = HEADER_WORDS * 4 + records.length + ((4 - (records.length % 4)) % 4);
    const bodyAt = offsetsAt + (count + 1) * 4;
    // Each passage is written straight into the batch's bytes (room for twice its text and its
    // headings): no string of them all is made.
    const room = documents.reduce(
      (sum, document) => sum + document.chunks.reduce((size, chunk) => size + (chunk.text.length + chunk.headingPath.join('').length) * 2 + 128, 0),
      0,
    );
    let bytes = Buffer.alloc(bodyAt + room);
    let at = bodyAt;
    let index = 0;
    for (const document of documents) {
      for (const chunk of document.chunks) {
        const json = JSON.stringify(chunk);
        const size = Buffer.byteLength(json);
        if (at + size > bytes.length) {
          const larger = Buffer.alloc(Math.max(bytes.length * 2, at + size));
          bytes.copy(larger, 0, 0, at);
          bytes = larger;
        }
        bytes.write(json, at);
        at += size;
        index += 1;
        bytes.writeUInt32LE(at - bodyAt, offsetsAt + index * 4);
      }
    }
    Uint32Array.of(MAGIC, records.length, count, 0).forEach((word, i) => bytes.writeUInt32LE(word, i * 4));
    records.copy(bytes, HEADER_WORDS * 4);
    // The room left over was never written: its zeroed pages take no memory.
    return PassageBatch.decode(first, bytes.subarray(0, at));
  }

  /** Reads a batch's bytes; throws when they are not a batch or are cut short. */
  static decode(first: number, bytes: Buffer): PassageBatch {
    const word = (at: number) => bytes.readUInt32LE(at * 4);
    if (bytes.length < HEADER_WORDS * 4 || word(0) !== MAGIC) throw new TypeError('Not a passages batch');
    const recordsLength = word(1);
    const count = word(2);
    const offsetsAt = HEADER_WORDS * 4 + recordsLength + ((4 - (recordsLength % 4)) % 4);
    const bodyAt = offsetsAt + (count + 1) * 4;
    if (bodyAt > bytes.length) throw new TypeError('Passages batch cut short');
    const offsets = new Uint32Array(count + 1);
    for (let i = 0; i <= count; i += 1) offsets[i] = bytes.readUInt32LE(offsetsAt + i * 4);
    const body = bytes.subarray(bodyAt);
    if (offsets[count] !== body.length) throw new TypeError('Passages batch cut short');
    const documents = JSON.parse(bytes.toString('utf8', HEADER_WORDS * 4, HEADER_WORDS * 4 + recordsLength)) as BatchDocument[];
    return new PassageBatch(first, documents, offsets, body, bytes);
  }
}

/** Passages kept decoded, the earliest decoded dropped first: a small corpus stays decoded whole. */
const DECODED_PASSAGES = 4096;

/**
 * Every passage by position, over batches in position order; a position no batch holds has none.
 * The passages read last are kept decoded (at most {@link DECODED_PASSAGES}).
 */
export class PassageStore {
  private readonly decoded = new Map<number, Chunk>();

  constructor(readonly batches: readonly PassageBatch[]) {}

  /** The passage at a position, or undefined. */
  at(position: number): Chunk | undefined {
    let chunk = this.decoded.get(position);
    if (chunk === undefined) {
      chunk = this.decode(position);
      if (chunk === undefined) return undefined;
      if (this.decoded.size >= DECODED_PASSAGES) this.decoded.delete(this.decoded.keys().next().value!);
      this.decoded.set(position, chunk);
    }
    return chunk;
  }

  private decode(position: number): Chunk | undefined {
    const { batches } = this;
    let low = 0;
    let high = batches.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (batches[middle]!.first <= position) low = middle;
      else high = middle - 1;
    }
    const batch = batches[low];
    if (!batch || position < batch.first || position >= batch.first + batch.count) return undefined;
    return batch.at(position - batch.first);
  }
}
