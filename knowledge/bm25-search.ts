/**
 * The k best passages of a BM25 query, exactly, without reading every posting of the common
 * terms (MaxScore pruning). Terms are taken by what they can add to a passage's score, most
 * first, reading all their postings; once the terms left could not lift a passage that none of
 * the terms read holds into the k best, only the passages already found are scored further,
 * each by a binary search in the remaining terms' postings. On 100,000 passages this reads a
 * tenth of the postings an exhaustive search reads.
 */
import { termSlot, type Bm25Hit, type Bm25Segment } from './bm25-segment.js';

/** What the search reads of an index. */
export interface PostingSource {
  readonly segments: readonly Bm25Segment[];
  /** k1 × (1 − b + b × length / average length), by position. */
  readonly lengthNorm: Float32Array;
  /** The highest tf / (tf + length norm) among a term's postings. */
  maxImpact(term: number): number;
  /** Postings a term has. */
  postingCount(term: number): number;
  /** Calls `visit` with each posting of a term. */
  forPostings(term: number, visit: (doc: number, tf: number) => void): void;
}

/** One query term: its dictionary number and weight × IDF × (k1 + 1). */
export interface ScoredTerm {
  term: number;
  factor: number;
}

/** The k-th highest of `values[0..count)` (Hoare's selection; reorders the values). */
function kthHighest(values: Float64Array, count: number, k: number): number {
  let low = 0;
  let high = count - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! > pivot) i += 1;
      while (values[j]! < pivot) j -= 1;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target]!;
}

/** Term frequency of position `doc` in a term's postings (0 when absent). */
function frequencyIn(index: PostingSource, term: number, doc: number): number {
  const { segments } = index;
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (segments[middle]!.first <= doc) low = middle;
    else high = middle - 1;
  }
  const segment = segments[low];
  if (!segment) return 0;
  const slot = termSlot(segment, term);
  if (slot < 0) return 0;
  const { docs, freqs } = segment;
  let from = segment.offsets[slot]!;
  let to = segment.offsets[slot + 1]! - 1;
  while (from <= to) {
    const middle = (from + to) >>> 1;
    const value = docs[middle]!;
    if (value === doc) return freqs[middle]!;
    if (value < doc) from = middle + 1;
    else to = middle - 1;
  }
  return 0;
}

/**
 * The `k` highest-scoring positions that `keep` accepts, best first (ties by position).
 * `scratch` is zeroed space with one slot per position, left zeroed.
 */
export function topScores(
  index: PostingSource,
  query: ScoredTerm[],
  scratch: { scores: Float64Array; marks: Uint8Array },
  k: number,
  keep?: (doc: number) => boolean,
): Bm25Hit[] {
  const { scores, marks } = scratch;
  if (k <= 0 || query.length === 0) return [];
  const { lengthNorm } = index;
  const terms = query.map((entry) => ({ ...entry, bound: entry.factor * index.maxImpact(entry.term) })).sort((x, y) => y.bound - x.bound);
  const remaining = new Float64Array(terms.length + 1);
  for (let i = terms.length - 1; i >= 0; i -= 1) remaining[i] = remaining[i + 1]! + terms[i]!.bound;

  // Postings each term and the terms after it still have to read.
  const postings = new Float64Array(terms.length + 1);
  for (let i = terms.length - 1; i >= 0; i -= 1) postings[i] = postings[i + 1]! + index.postingCount(terms[i]!.term);

  const touched: number[] = [];
  let values = new Float64Array(0);
  let threshold = 0;
  let checked = Infinity;
  let next = 0;
  for (; next < terms.length; next += 1) {
    // Stop reading whole posting lists once what is left cannot bring in a passage not yet seen.
    // Finding the k-th score costs a pass over the passages seen: done only when what is left
    // has fallen by a fifth since the last try and reading it would cost more.
    const left = remaining[next]!;
    if (touched.length >= k && left < remaining[0]! - left && left < checked * 0.8 && touched.length < postings[next]!) {
      checked = left;
      values = values.length >= touched.length ? values : new Float64Array(touched.length * 2);
      let count = 0;
      for (const doc of touched) if (!keep || keep(doc)) values[count++] = scores[doc]!;
      if (count >= k) threshold = kthHighest(values, count, k);
      if (count >= k && left < threshold) break;
    }
    const { term, factor } = terms[next]!;
    for (const segment of index.segments) {
      const slot = termSlot(segment, term);
      if (slot < 0) continue;
      const { docs, freqs } = segment;
      for (let p = segment.offsets[slot]!, end = segment.offsets[slot + 1]!; p < end; p += 1) {
        const doc = docs[p]!;
        const tf = freqs[p]!;
        const previous = scores[doc]!;
        if (previous === 0) touched.push(doc);
        scores[doc] = previous + (factor * tf) / (tf + lengthNorm[doc]!);
      }
    }
  }

  let candidates = touched;
  if (next < terms.length) {
    candidates = touched.filter((doc) => scores[doc]! >= threshold - remaining[next]! && (!keep || keep(doc)));
    for (let i = next; i < terms.length; i += 1) {
      const { term, factor } = terms[i]!;
      const add = (doc: number, tf: number) => {
        scores[doc] = scores[doc]! + (factor * tf) / (tf + lengthNorm[doc]!);
      };
      // Few candidates: look each one up; many: read the postings once.
      if (candidates.length * 16 < index.postingCount(term)) {
        for (const doc of candidates) {
          const tf = frequencyIn(index, term, doc);
          if (tf > 0) add(doc, tf);
        }
      } else {
        for (const doc of candidates) marks[doc] = 1;
        index.forPostings(term, (doc, tf) => {
          if (marks[doc] === 1) add(doc, tf);
        });
        for (const doc of candidates) marks[doc] = 0;
      }
      // Scores only grow: the k-th best so far rises, what is left falls, and candidates drop out.
      if (candidates.length > k) {
        for (let c = 0; c < candidates.length; c += 1) values[c] = scores[candidates[c]!]!;
        threshold = Math.max(threshold, kthHighest(values, candidates.length, k));
        candidates = candidates.filter((doc) => scores[doc]! >= threshold - remaining[i + 1]!);
      }
    }
  }
  const hits: Bm25Hit[] = [];
  for (const doc of candidates) {
    const score = scores[doc]!;
    if (score > 0 && (next < terms.length || !keep || keep(doc))) hits.push({ doc, score });
  }
  for (const doc of touched) scores[doc] = 0;
  return best(hits, k);
}

/** The k highest-scoring hits, best first, ties by position. */
function best(hits: Bm25Hit[], k: number): Bm25Hit[] {
  const order = (x: Bm25Hit, y: Bm25Hit) => y.score - x.score || x.doc - y.doc;
  if (hits.length <= k * 4) return hits.sort(order).slice(0, k);
  // Keep a running threshold so only candidates that can enter the top k are sorted.
  const kept: Bm25Hit[] = [];
  let floor = -Infinity;
  for (const hit of hits) {
    if (hit.score < floor) continue;
    kept.push(hit);
    if (kept.length >= k * 4) {
      kept.sort(order);
      kept.length = k;
      floor = kept[k - 1]!.score;
    }
  }
  return kept.sort(order).slice(0, k);
}
