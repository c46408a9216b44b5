import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AbbreviationTable, Analyzer, QueryTerms } from './analyze-vietnamese.js';
import { Bm25Builder, Bm25Index, type Bm25Options } from './bm25-index.js';

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

const FILES = { header: 'lexical.json', offsets: 'lexical-offsets.bin', docs: 'lexical-docs.bin', freqs: 'lexical-freqs.bin', lengths: 'lexical-lengths.bin' };

/** BM25 over syllables and syllable bigrams, accented and folded, of every passage. */
export class LexicalIndex {
  private constructor(
    private readonly analyzer: Analyzer,
    private readonly index: Bm25Index,
  ) {}

  /** Indexes passages in order; hits refer to them by position. */
  static build(passages: Iterable<LexicalPassage>, analyzer: Analyzer, options: LexicalOptions = {}): LexicalIndex {
    const boost = options.contextBoost ?? LEXICAL_DEFAULTS.contextBoost;
    const builder = new Bm25Builder();
    for (const passage of passages) {
      const terms = analyzer.documentTerms(passage.text, passage.abbreviations);
      const context = passage.context ? analyzer.documentTerms(passage.context, passage.abbreviations) : [];
      for (let i = 0; i < boost; i += 1) terms.push(...context);
      builder.add(terms);
    }
    return new LexicalIndex(analyzer, builder.build({ k1: options.k1 ?? LEXICAL_DEFAULTS.k1, b: options.b ?? LEXICAL_DEFAULTS.b }));
  }

  /** Number of passages. */
  get size(): number {
    return this.index.size;
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

  /** Writes the index to `directory` as a small JSON header and flat binary arrays. */
  async save(directory: string): Promise<void> {
    const { terms, k1, b, offsets, postingDocs, postingFreqs, docLengths } = this.index.snapshot;
    const bytes = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    await Promise.all([
      writeFile(path.join(directory, FILES.header), JSON.stringify({ k1, b, terms })),
      writeFile(path.join(directory, FILES.offsets), bytes(offsets)),
      writeFile(path.join(directory, FILES.docs), bytes(postingDocs)),
      writeFile(path.join(directory, FILES.freqs), bytes(postingFreqs)),
      writeFile(path.join(directory, FILES.lengths), bytes(docLengths)),
    ]);
  }

  /** Reads an index written by {@link LexicalIndex.save}. */
  static async load(directory: string, analyzer: Analyzer): Promise<LexicalIndex> {
    const read = (name: string) => readFile(path.join(directory, name));
    const [header, offsets, docs, freqs, lengths] = await Promise.all([
      read(FILES.header),
      read(FILES.offsets),
      read(FILES.docs),
      read(FILES.freqs),
      read(FILES.lengths),
    ]);
    const { k1, b, terms } = JSON.parse(header.toString('utf8')) as { k1: number; b: number; terms: string[] };
    const view = <T>(buffer: Buffer, Type: new (b: ArrayBuffer, o: number, l: number) => T, size: number): T =>
      new Type(toArrayBuffer(buffer), 0, buffer.byteLength / size);
    return new LexicalIndex(
      analyzer,
      new Bm25Index({
        k1,
        b,
        terms,
        offsets: view(offsets, Uint32Array, 4),
        postingDocs: view(docs, Uint32Array, 4),
        postingFreqs: view(freqs, Float32Array, 4),
        docLengths: view(lengths, Float32Array, 4),
      }),
    );
  }
}

/** A standalone, aligned copy of a buffer's bytes (Node may pool small buffers at odd offsets). */
function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(buffer.byteLength);
  new Uint8Array(copy).set(buffer);
  return copy;
}
