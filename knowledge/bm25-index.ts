/**
 * An Okapi BM25 inverted index over terms made by our own analyzer, kept in flat typed arrays so
 * that 100,000 passages stay compact and load from disk in one read.
 */

/** Options of {@link Bm25Index}. */
export interface Bm25Options {
  /** Term-frequency saturation. @defaultValue 1.2 */
  k1?: number;
  /** Length normalisation. @defaultValue 0.75 */
  b?: number;
}

/** A scored document: its position in insertion order and its BM25 score. */
export interface Bm25Hit {
  doc: number;
  score: number;
}

/** The index as plain arrays, for saving and loading. */
export interface Bm25Snapshot {
  k1: number;
  b: number;
  terms: string[];
  /** offsets[t]..offsets[t+1] are term t's postings. */
  offsets: Uint32Array;
  postingDocs: Uint32Array;
  postingFreqs: Float32Array;
  docLengths: Float32Array;
}

/** Builds the index: add documents in order, then {@link Bm25Builder.build}. */
export class Bm25Builder {
  private readonly postings = new Map<string, { docs: number[]; freqs: number[] }>();
  private readonly lengths: number[] = [];

  /** Adds the next document (numbered from 0 in call order); `boost` scales its term counts. */
  add(terms: readonly string[], boost = 1): number {
    const doc = this.lengths.length;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + boost);
    for (const [term, count] of counts) {
      let list = this.postings.get(term);
      if (!list) {
        list = { docs: [], freqs: [] };
        this.postings.set(term, list);
      }
      list.docs.push(doc);
      list.freqs.push(count);
    }
    this.lengths.push(terms.length);
    return doc;
  }

  /** Freezes the postings into a searchable index. */
  build(options: Bm25Options = {}): Bm25Index {
    const terms = [...this.postings.keys()];
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, i) => {
      offsets[i] = total;
      total += this.postings.get(term)!.docs.length;
    });
    offsets[terms.length] = total;
    const postingDocs = new Uint32Array(total);
    const postingFreqs = new Float32Array(total);
    terms.forEach((term, i) => {
      const list = this.postings.get(term)!;
      postingDocs.set(list.docs, offsets[i]);
      postingFreqs.set(list.freqs, offsets[i]);
    });
    return new Bm25Index({
      k1: options.k1 ?? 1.2,
      b: options.b ?? 0.75,
      terms,
      offsets,
      postingDocs,
      postingFreqs,
      docLengths: Float32Array.from(this.lengths),
    });
  }
}

/** A frozen BM25 index. Scores are raw BM25 (unbounded, higher is better). */
export class Bm25Index {
  private readonly termIds: Map<string, number>;
  private readonly idf: Float32Array;
  private readonly lengthNorm: Float32Array;
  private readonly scores: Float32Array;

  constructor(readonly snapshot: Bm25Snapshot) {
    const { terms, offsets, docLengths, k1, b } = snapshot;
    this.termIds = new Map(terms.map((term, i) => [term, i]));
    const n = docLengths.length;
    this.idf = new Float32Array(terms.length);
    for (let t = 0; t < terms.length; t += 1) {
      const df = offsets[t + 1]! - offsets[t]!;
      this.idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    let sum = 0;
    for (const length of docLengths) sum += length;
    const average = n > 0 ? sum / n || 1 : 1;
    this.lengthNorm = new Float32Array(n);
    for (let d = 0; d < n; d += 1) this.lengthNorm[d] = k1 * (1 - b + (b * docLengths[d]!) / average);
    this.scores = new Float32Array(n);
  }

  /** Number of documents. */
  get size(): number {
    return this.snapshot.docLengths.length;
  }

  /** Document frequency of a term (0 when unknown). */
  documentFrequency(term: string): number {
    const t = this.termIds.get(term);
    return t === undefined ? 0 : this.snapshot.offsets[t + 1]! - this.snapshot.offsets[t]!;
  }

  /**
   * A reference score for a query: every term once in a passage of average length. A term the
   * index has never seen counts at the highest IDF times `unseenShare(term)` (0 by default), so
   * that a question about something absent from the corpus scores low against its reference.
   */
  referenceScore(query: ReadonlyMap<string, number>, unseenShare: (term: string) => number = () => 0): number {
    const n = this.size;
    const unseenIdf = Math.log(1 + (n + 0.5) / 0.5);
    let total = 0;
    for (const [term, weight] of query) {
      const t = this.termIds.get(term);
      if (t !== undefined) total += weight * this.idf[t]!;
      else total += unseenShare(term) * weight * unseenIdf;
    }
    return total;
  }

  /** The `k` best documents for weighted query terms, best first; `accept` filters documents. */
  search(query: ReadonlyMap<string, number>, k: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const { offsets, postingDocs, postingFreqs, k1 } = this.snapshot;
    const scores = this.scores;
    const touched: number[] = [];
    for (const [term, weight] of query) {
      const t = this.termIds.get(term);
      if (t === undefined) continue;
      const factor = weight * this.idf[t]! * (k1 + 1);
      for (let p = offsets[t]!, end = offsets[t + 1]!; p < end; p += 1) {
        const doc = postingDocs[p]!;
        const tf = postingFreqs[p]!;
        const previous = scores[doc]!;
        if (previous === 0) touched.push(doc);
        scores[doc] = previous + (factor * tf) / (tf + this.lengthNorm[doc]!);
      }
    }
    const hits: Bm25Hit[] = [];
    for (const doc of touched) {
      const score = scores[doc]!;
      scores[doc] = 0;
      if (score > 0 && (!accept || accept(doc))) hits.push({ doc, score });
    }
    return topK(hits, k);
  }
}

/** The k highest-scoring hits, best first. */
function topK(hits: Bm25Hit[], k: number): Bm25Hit[] {
  if (hits.length <= k * 4) return hits.sort((x, y) => y.score - x.score).slice(0, k);
  // Keep a running threshold so only candidates that can enter the top k are sorted.
  const best: Bm25Hit[] = [];
  let floor = -Infinity;
  for (const hit of hits) {
    if (hit.score <= floor && best.length >= k) continue;
    best.push(hit);
    if (best.length >= k * 4) {
      best.sort((x, y) => y.score - x.score);
      best.length = k;
      floor = best[k - 1]!.score;
    }
  }
  return best.sort((x, y) => y.score - x.score).slice(0, k);
}
