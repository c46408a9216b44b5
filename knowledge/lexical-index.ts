import { link, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AbbreviationTable, Analyzer, QueryTerms, TermVisitor } from './analyze-vietnamese.js';
import { Bm25Builder, Bm25Index, type Bm25Options, type Bm25Segment } from './bm25-index.js';
import { TermDictionary } from './term-dictionary.js';

/** What the lexical index reads of one passage. */
export interface LexicalPassage {
  /** The passage's own text. */
  text: string;
  /** Its document title and headings: matched too, with {@link LexicalOptions.contextBoost}. */
  context: string;
  /** Abbreviations its document defines for itself. */
  abbreviations?: AbbreviationTable;
}

/** Options of the lexical index. */
export interface LexicalOptions extends Bm25Options {
  /** How many times the title and headings count, relative to the passage text. @defaultValue 2 */
  contextBoost?: number;
}

/** A passage found by words: its position, raw BM25 score and the share of the query it covers. */
export interface LexicalHit {
  passage: number;
  score: number;
  /**
   * score / the score of a passage of average length holding each question term once (unknown
   * single syllables included), capped at 1: how much of the question the passage covers.
   */
  coverage: number;
}

/** Defaults chosen on ../shared/eval (ALQAC 2024 and the development questions). */
export const LEXICAL_DEFAULTS = { k1: 0.9, b: 0.6, contextBoost: 2 } as const;

/**
 * How much a question's word pair that no passage contains counts against coverage. Pairs that
 * straddle two words are often unseen in relevant passages too, so they count half; an unseen
 * single syllable counts fully. Chosen on the development questions.
 */
const UNSEEN_BIGRAM_SHARE = 0.5;
/** Passages per segment of a full build: bounds the memory the build needs beside the index. */
const SEGMENT_PASSAGES = 16_384;
const HEADER_FILE = 'lexical.json';
const TERMS_FILE = 'lexical-terms.txt';
/** Bumped when the files' layout changes. */
const LAYOUT = 3;

/** What `lexical.json` records. */
interface LexicalHeader {
  layout: number;
  k1: number;
  b: number;
  contextBoost: number;
  segments: string[];
  deleted: number[];
}

/** A segment with the file it was saved in, once saved. */
type SavedSegment = Bm25Segment & { file?: string };

/**
 * BM25 over syllables and syllable bigrams, accented and folded, of every passage. Passages are
 * known by position; {@link LexicalIndex.update} adds and removes some without touching the rest.
 */
export class LexicalIndex {
  private constructor(
    private readonly analyzer: Analyzer,
    private readonly index: Bm25Index,
    private readonly contextBoost: number,
  ) {}

  /** Indexes passages in order (positions from 0); `onPassage` is called after each one. */
  static build(passages: Iterable<LexicalPassage>, analyzer: Analyzer, options: LexicalOptions = {}, onPassage?: () => void): LexicalIndex {
    const settings = { ...LEXICAL_DEFAULTS, ...options };
    const builder = new Bm25Builder();
    const segments: Bm25Segment[] = [];
    for (const passage of passages) {
      addPassage(builder, analyzer, passage, settings.contextBoost);
      if (builder.next % SEGMENT_PASSAGES === 0) segments.push(builder.segment()!);
      onPassage?.();
    }
    const last = builder.segment();
    if (last) segments.push(last);
    return new LexicalIndex(analyzer, new Bm25Index(builder.dictionary, segments, settings), settings.contextBoost);
  }

  /** Number of live passages. */
  get size(): number {
    return this.index.size;
  }

  /** Positions used so far, removed passages included: the next passage added gets this one. */
  get positions(): number {
    return this.index.positions;
  }

  /** Positions of removed passages, still held until the index is rebuilt. */
  get deleted(): number {
    return this.index.deleted.size;
  }

  /** Settings the index was built with, to tell whether it can be reused. */
  get settings(): Required<LexicalOptions> {
    return { k1: this.index.k1, b: this.index.b, contextBoost: this.contextBoost };
  }

  /**
   * A new index: the passages at `removed` positions no longer found, `added` passages indexed at
   * positions from {@link LexicalIndex.positions} on. Only the added passages are analysed; this
   * index stays usable.
   */
  update(removed: Iterable<number>, added: readonly LexicalPassage[]): LexicalIndex {
    const deleted = new Set(this.index.deleted);
    for (const position of removed) deleted.add(position);
    const builder = new Bm25Builder(this.index.dictionary, this.positions);
    const segments = [...this.index.segments];
    for (const passage of added) {
      addPassage(builder, this.analyzer, passage, this.contextBoost);
      if ((builder.next - this.positions) % SEGMENT_PASSAGES === 0) segments.push(builder.segment()!);
    }
    const last = builder.segment();
    if (last) segments.push(last);
    return new LexicalIndex(this.analyzer, new Bm25Index(this.index.dictionary, segments, this.settings, deleted), this.contextBoost);
  }

  /** The weighted terms a question is searched with. */
  queryTerms(question: string): QueryTerms {
    return this.analyzer.queryTerms(question);
  }

  /** Inverse document frequency of a term (the highest value for a term no passage holds). */
  idf(term: string): number {
    const df = this.index.documentFrequency(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** In how many passages a term occurs. */
  documentFrequency(term: string): number {
    return this.index.documentFrequency(term);
  }

  /** The `k` best passages for a question (or prepared terms), best first. */
  search(query: string | QueryTerms, k: number, accept?: (passage: number) => boolean): LexicalHit[] {
    const terms = typeof query === 'string' ? this.analyzer.queryTerms(query) : query;
    const core = new Map([...terms].filter(([term]) => !terms.optional.has(term)));
    const ceiling = this.index.referenceScore(core, (term) => (term.includes(' ') ? UNSEEN_BIGRAM_SHARE : 1));
    return this.index.search(terms, k, accept).map((hit) => ({
      passage: hit.doc,
      score: hit.score,
      coverage: ceiling > 0 ? Math.min(1, hit.score / ceiling) : 0,
    }));
  }

  /**
   * Writes the index to `directory`: a small JSON header, the terms one a line, and one binary
   * file per segment. A segment already saved in `previous` (the index folder being replaced) is
   * linked from there, not written again.
   */
  async save(directory: string, previous?: string): Promise<void> {
    const segments = this.index.segments as SavedSegment[];
    for (const segment of segments) {
      const file = segment.file ?? `lexical-${segment.first}-${segment.lengths.length}.bin`;
      const linked =
        previous && segment.file
          ? await link(path.join(previous, file), path.join(directory, file)).then(
              () => true,
              () => false,
            )
          : false;
      if (!linked) await writeFile(path.join(directory, file), encodeSegment(segment));
      segment.file = file;
    }
    const header: LexicalHeader = {
      layout: LAYOUT,
      ...this.settings,
      segments: segments.map((segment) => segment.file!),
      deleted: [...this.index.deleted],
    };
    await writeFile(path.join(directory, TERMS_FILE), this.index.dictionary.lines());
    await writeFile(path.join(directory, HEADER_FILE), JSON.stringify(header));
  }

  /** Reads an index written by {@link LexicalIndex.save}; throws when it is missing, damaged or of another layout. */
  static async load(directory: string, analyzer: Analyzer): Promise<LexicalIndex> {
    const header = JSON.parse(await readFile(path.join(directory, HEADER_FILE), 'utf8')) as LexicalHeader;
    if (header.layout !== LAYOUT) throw new TypeError(`Lexical index of layout ${header.layout}, expected ${LAYOUT}`);
    const text = await readFile(path.join(directory, TERMS_FILE), 'utf8');
    const segments = await Promise.all(header.segments.map(async (file) => ({ ...decodeSegment(await readFile(path.join(directory, file))), file })));
    const dictionary = TermDictionary.fromLines(text);
    return new LexicalIndex(analyzer, new Bm25Index(dictionary, segments, header, new Set(header.deleted)), header.contextBoost);
  }
}

/** Counts a passage's terms, its title and headings `contextBoost` times over. */
function addPassage(builder: Bm25Builder, analyzer: Analyzer, passage: LexicalPassage, contextBoost: number): void {
  const { dictionary } = builder;
  let weight = 1;
  let length = 0;
  const visitor: TermVisitor = {
    term(term) {
      builder.count(dictionary.add(term), weight);
      length += weight;
    },
    pair(first, second) {
      builder.count(dictionary.addPair(first, second), weight);
      length += weight;
    },
    syllable(syllable, folded) {
      builder.count(dictionary.addSyllable(syllable, folded), weight);
      length += weight;
    },
    syllablePair(first, second, folded) {
      builder.count(dictionary.addSyllablePair(first, second, folded), weight);
      length += weight;
    },
  };
  analyzer.visitDocumentTerms(passage.text, passage.abbreviations, visitor);
  // As many times as a loop `for (i = 0; i < contextBoost; i++)` would add them.
  weight = Math.max(0, Math.ceil(contextBoost));
  if (passage.context && weight > 0) analyzer.visitDocumentTerms(passage.context, passage.abbreviations, visitor);
  builder.endPassage(length);
}

/**
 * Header: first position, passages, distinct terms, postings, blocks (five 32-bit words), then the
 * arrays: the 32-bit ones, then the 16-bit ones (positions, counts, blocks' highest counts).
 */
function encodeSegment(segment: Bm25Segment): Buffer {
  const { first, lengths, terms, offsets, blockStarts, blockMinLength, docs, freqs, blockMaxFreq } = segment;
  const header = Uint32Array.of(first, lengths.length, terms.length, docs.length, blockMaxFreq.length);
  return Buffer.concat(
    [header, lengths, terms, offsets, blockStarts, blockMinLength, docs, freqs, blockMaxFreq].map((array) =>
      Buffer.from(array.buffer, array.byteOffset, array.byteLength),
    ),
  );
}

function decodeSegment(bytes: Buffer): Bm25Segment {
  // Typed arrays need an aligned start; a pooled buffer may not have one.
  const buffer = bytes.byteOffset % 4 === 0 ? bytes.buffer : new Uint8Array(bytes).buffer;
  let at = bytes.byteOffset % 4 === 0 ? bytes.byteOffset : 0;
  const take = <T extends { byteLength: number }>(Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number): T => {
    const array = new Type(buffer, at, length);
    at += array.byteLength;
    return array;
  };
  const [first, passages, distinct, postings, blocks] = take(Uint32Array, 5);
  if (bytes.byteLength !== (5 + passages! + distinct! * 3 + 2 + blocks!) * 4 + (postings! * 2 + blocks!) * 2) throw new TypeError('Damaged lexical segment');
  return {
    first: first!,
    lengths: take(Float32Array, passages!),
    terms: take(Uint32Array, distinct!),
    offsets: take(Uint32Array, distinct! + 1),
    blockStarts: take(Uint32Array, distinct! + 1),
    blockMinLength: take(Float32Array, blocks!),
    docs: take(Uint16Array, postings!),
    freqs: take(Uint16Array, postings!),
    blockMaxFreq: take(Uint16Array, blocks!),
  };
}
