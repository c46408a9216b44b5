/**
 * An Okapi BM25 inverted index over terms made by our own analyzer, kept in flat typed arrays so
 * that 100,000 passages stay compact and load from disk in one read per file. Passages are
 * numbered (positions) in the order they were added and stored in segments, each a run of
 * positions with postings of its own: a new document is a new small segment, a removed one is
 * marked deleted, so a change re-indexes only the documents it touches. Scores are exactly those
 * of one index built over the live passages (same N, document frequencies and average length).
 */
import { MAX_FREQUENCY, MAX_SEGMENT_PASSAGES, termSlot, withBlocks, type Bm25Hit, type Bm25Segment } from './bm25-segment.js';
import { searchScratch, topScores, type PostingSource, type SearchScratch } from './bm25-search.js';
import { TermDictionary } from './term-dictionary.js';

export type { Bm25Hit, Bm25Segment } from './bm25-segment.js';

/** Options of {@link Bm25Index}. */
export interface Bm25Options {
  /** Term-frequency saturation. @defaultValue 1.2 */
  k1?: number;
  /** Length normalisation. @defaultValue 0.75 */
  b?: number;
}

/** Grows a typed array to hold at least `size` elements. */
function grown<T extends Uint32Array | Float32Array | Float64Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (length: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/**
 * Builds segments: count a passage's terms with {@link Bm25Builder.count}, close it with
 * {@link Bm25Builder.endPassage}, and take the postings so far with {@link Bm25Builder.segment}.
 */
export class Bm25Builder {
  private counts = new Float64Array(1024);
  private seen: number[] = [];
  private forwardTerms = new Uint32Array(1 << 16);
  private forwardDocs = new Uint32Array(1 << 16);
  private forwardFreqs = new Float32Array(1 << 16);
  private postings = 0;
  private lengths: number[] = [];
  private first: number;

  /** Passages get positions from `first` on; terms are numbered in `dictionary`. */
  constructor(
    readonly dictionary: TermDictionary = new TermDictionary(),
    first = 0,
  ) {
    this.first = first;
  }

  /** Position the next passage gets. */
  get next(): number {
    return this.first + this.lengths.length;
  }

  /** Counts `weight` occurrences (a whole number) of term `term` (a dictionary number) in the open passage. */
  count(term: number, weight: number): void {
    if (!Number.isInteger(weight) || weight < 0) throw new RangeError(`A term counts a whole number of times, got ${weight}`);
    if (term >= this.counts.length) this.counts = grown(this.counts, term + 1);
    if (this.counts[term] === 0) this.seen.push(term);
    this.counts[term]! += weight;
  }

  /** Closes the open passage, `length` terms long; returns its position. */
  endPassage(length: number): number {
    const doc = this.next;
    const size = this.postings + this.seen.length;
    this.forwardTerms = grown(this.forwardTerms, size);
    this.forwardDocs = grown(this.forwardDocs, size);
    this.forwardFreqs = grown(this.forwardFreqs, size);
    for (const term of this.seen) {
      this.forwardTerms[this.postings] = term;
      this.forwardDocs[this.postings] = doc;
      this.forwardFreqs[this.postings] = Math.min(this.counts[term]!, MAX_FREQUENCY);
      this.counts[term] = 0;
      this.postings += 1;
    }
    this.seen = [];
    this.lengths.push(length);
    return doc;
  }

  /** Adds a passage given as its terms (repeats count); `boost` (a whole number) scales each count. Returns its position. */
  add(terms: readonly string[], boost = 1): number {
    for (const term of terms) this.count(this.dictionary.add(term), boost);
    return this.endPassage(terms.length);
  }

  /** The passages added since the last call, as a segment (undefined when there are none). */
  segment(): Bm25Segment | undefined {
    if (this.lengths.length === 0) return undefined;
    if (this.lengths.length > MAX_SEGMENT_PASSAGES) throw new RangeError(`A segment holds at most ${MAX_SEGMENT_PASSAGES} passages`);
    const n = this.postings;
    const perTerm = new Uint32Array(this.dictionary.size);
    for (let p = 0; p < n; p += 1) perTerm[this.forwardTerms[p]!]! += 1;
    let distinct = 0;
    for (const df of perTerm) if (df > 0) distinct += 1;
    const terms = new Uint32Array(distinct);
    const offsets = new Uint32Array(distinct + 1);
    const slot = new Uint32Array(this.dictionary.size);
    let i = 0;
    let total = 0;
    for (let term = 0; term < perTerm.length; term += 1) {
      if (perTerm[term] === 0) continue;
      terms[i] = term;
      offsets[i] = total;
      slot[term] = total;
      total += perTerm[term]!;
      i += 1;
    }
    offsets[distinct] = total;
    const docs = new Uint16Array(n);
    const freqs = new Uint16Array(n);
    // The forward postings are in position order, so each term's postings come out ascending.
    for (let p = 0; p < n; p += 1) {
      const at = slot[this.forwardTerms[p]!]!++;
      docs[at] = this.forwardDocs[p]! - this.first;
      freqs[at] = this.forwardFreqs[p]!;
    }
    const segment = withBlocks({ first: this.first, lengths: Float32Array.from(this.lengths), terms, offsets, docs, freqs });
    this.first = this.next;
    this.lengths = [];
    this.postings = 0;
    return segment;
  }

  /** An index of everything added (one segment). */
  build(options: Bm25Options = {}): Bm25Index {
    const segment = this.segment();
    return new Bm25Index(this.dictionary, segment ? [segment] : [], options);
  }
}

/** A searchable index over segments, some positions deleted. Scores are raw BM25 (higher is better). */
export class Bm25Index implements PostingSource {
  readonly k1: number;
  readonly b: number;
  /** Live passages. */
  readonly size: number;
  /** k1 × (1 − b + b × length / average length), by position. */
  readonly lengthNorm: Float32Array;
  /** Average length of the live passages. */
  readonly averageLength: number;
  private readonly frequencies = new Map<number, number>();
  private readonly scratch: SearchScratch;

  constructor(
    readonly dictionary: TermDictionary,
    readonly segments: readonly Bm25Segment[],
    options: Bm25Options = {},
    /** Positions no longer searched (their document changed or was removed). */
    readonly deleted: ReadonlySet<number> = new Set(),
  ) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    const last = segments.at(-1);
    const positions = last ? last.first + last.lengths.length : 0;
    let sum = 0;
    let live = 0;
    for (const segment of segments) {
      segment.lengths.forEach((length, i) => {
        if (deleted.has(segment.first + i)) return;
        sum += length;
        live += 1;
      });
    }
    this.size = live;
    this.averageLength = live > 0 ? sum / live || 1 : 1;
    this.lengthNorm = new Float32Array(positions);
    for (const segment of segments) {
      segment.lengths.forEach((length, i) => {
        this.lengthNorm[segment.first + i] = this.normOf(length);
      });
    }
    this.scratch = searchScratch(positions);
  }

  /** k1 × (1 − b + b × length / average length). */
  normOf(length: number): number {
    return this.k1 * (1 - this.b + (this.b * length) / this.averageLength);
  }

  /** Number of positions, deleted ones included. */
  get positions(): number {
    return this.lengthNorm.length;
  }

  /** Document frequency of a term among live passages (0 when unknown). */
  documentFrequency(term: string): number {
    const number = this.dictionary.find(term);
    return number === undefined ? 0 : this.frequencyOf(number);
  }

  /** Inverse document frequency of a term number. */
  idfOf(term: number): number {
    const df = this.frequencyOf(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Postings a term has, deleted positions included. */
  postingCount(term: number): number {
    let count = 0;
    for (const segment of this.segments) {
      const slot = termSlot(segment, term);
      if (slot >= 0) count += segment.offsets[slot + 1]! - segment.offsets[slot]!;
    }
    return count;
  }

  /** Calls `visit` with each posting of a term, deleted positions included. */
  forPostings(term: number, visit: (doc: number, tf: number) => void): void {
    for (const segment of this.segments) {
      const slot = termSlot(segment, term);
      if (slot < 0) continue;
      for (let p = segment.offsets[slot]!, end = segment.offsets[slot + 1]!; p < end; p += 1) visit(segment.first + segment.docs[p]!, segment.freqs[p]!);
    }
  }

  /**
   * A reference score for a query: every term once in a passage of average length. A term the
   * index has never seen counts at the highest IDF times `unseenShare(term)` (0 by default), so
   * that a question about something absent from the corpus scores low against its reference.
   */
  referenceScore(query: ReadonlyMap<string, number>, unseenShare: (term: string) => number = () => 0): number {
    const unseenIdf = Math.log(1 + (this.size + 0.5) / 0.5);
    let total = 0;
    for (const [term, weight] of query) {
      const number = this.dictionary.find(term);
      if (number !== undefined && this.frequencyOf(number) > 0) total += weight * this.idfOf(number);
      else total += unseenShare(term) * weight * unseenIdf;
    }
    return total;
  }

  /** The `k` best live passages for weighted query terms, best first; `accept` filters them. */
  search(query: ReadonlyMap<string, number>, k: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const terms: { term: number; factor: number }[] = [];
    for (const [term, weight] of query) {
      const number = this.dictionary.find(term);
      if (number === undefined || this.frequencyOf(number) === 0) continue;
      terms.push({ term: number, factor: weight * this.idfOf(number) * (this.k1 + 1) });
    }
    const deleted = this.deleted;
    const keep = deleted.size === 0 ? accept : (doc: number) => !deleted.has(doc) && (!accept || accept(doc));
    return topScores(this, terms, this.scratch, k, keep);
  }

  private frequencyOf(term: number): number {
    let df = this.frequencies.get(term);
    if (df === undefined) {
      df = 0;
      if (this.deleted.size === 0) {
        df = this.postingCount(term);
      } else {
        this.forPostings(term, (doc) => {
          if (!this.deleted.has(doc)) df! += 1;
        });
      }
      this.frequencies.set(term, df);
    }
    return df;
  }
}
