/**
 * The k best passages of a BM25 query, exactly, reading few of the common terms' postings
 * (block-max MaxScore). Positions are walked in windows. In each window a term can add at most
 * the highest score of its blocks there (known from the blocks' highest frequency and shortest
 * passage, without reading a posting): the terms whose bounds together cannot lift a passage into
 * the k best found so far are left out of the window's walk, and are looked up only for passages
 * the other terms have brought close enough: term by term, the strongest first, each time
 * dropping the passages that can no longer get in. A term with few postings in the window for
 * the passages still in the running is read whole; otherwise each passage seeks its posting
 * (skipping whole blocks). A window all of whose terms together cannot reach the k-th score is
 * skipped. Query terms with the same postings (a word and its folded form often have) are walked
 * as one.
 */
import { BLOCK_POSTINGS, blockEdges, termSlot, type Bm25Hit, type Bm25Segment } from './bm25-segment.js';
import { TopHits } from './bm25-top-hits.js';

/** What the search reads of an index. */
export interface PostingSource {
  readonly segments: readonly Bm25Segment[];
  /** k1 × (1 − b + b × length / average length), by position. */
  readonly lengthNorm: Float32Array;
  /** k1 × (1 − b + b × length / average length) for a passage of `length` terms. */
  normOf(length: number): number;
}

/** One query term: its dictionary number and weight × IDF × (k1 + 1). */
export interface ScoredTerm {
  term: number;
  factor: number;
}

/**
 * Work space of a search, reused from one query to the next: one window's scores and which of
 * its slots have one (a bit each), the window's passages still in the running (their slots and
 * scores), one term's counts by slot, one score a position, and by segment the highest impact
 * tf / (tf + norm) of each block, computed when a query first reads the block (-1 until then).
 */
export interface SearchScratch {
  scores: Float64Array;
  touched: Int32Array;
  found: Uint16Array;
  foundScores: Float64Array;
  counts: Uint16Array;
  partial: Float64Array;
  impacts: Float64Array[];
  /** Whether two terms have the same postings, by `${term} ${other term}` (the lower number first). */
  same: Map<string, boolean>;
}

/** Positions walked at a time. */
export const WINDOW = 4096;
/**
 * A term left out of the walk is read whole in a window when it has at most this many postings
 * there per passage that looks it up; otherwise each passage seeks its posting.
 */
const DENSE_SHARE = 4;
/** Bounds are compared with this much room, so that rounding never drops a passage that ties. */
const SLACK = 1 + 1e-9;
/** Pairs of terms whose postings were compared that a search remembers, at most (then it starts again). */
const KNOWN_PAIRS = 65_536;

/**
 * Postings read, at most, to guess a score k passages reach before the walk: the rarest strong
 * terms' passages, the best of them then scored in full.
 */
const GUESS_POSTINGS = 5_000;
/** Passages scored in full for the guess, per passage wanted. */
const GUESS_SHARE = 2;

/** Work space for {@link topScores} over `positions` positions. */
export function searchScratch(positions: number): SearchScratch {
  return {
    scores: new Float64Array(WINDOW),
    touched: new Int32Array(WINDOW / 32),
    found: new Uint16Array(WINDOW),
    foundScores: new Float64Array(WINDOW),
    counts: new Uint16Array(WINDOW),
    partial: new Float64Array(positions),
    impacts: [],
    same: new Map(),
  };
}

/** The block impacts of segment `s`, where {@link SearchScratch.impacts} keeps them. */
function impactsOf(scratch: SearchScratch, segment: Bm25Segment, s: number): Float64Array {
  let impacts = scratch.impacts[s];
  if (impacts === undefined) {
    impacts = new Float64Array(segment.blockMaxFreq.length).fill(-1);
    scratch.impacts[s] = impacts;
  }
  return impacts;
}

/**
 * The first posting at or after `p` whose position is at least `target`, in the postings
 * `start`..`end` whose blocks are `firstBlock`..`lastBlock`: whole blocks skipped by their last
 * position (read from `blockLast`, side by side, not from the postings), then a search in the block.
 */
function seek(docs: Uint16Array, blockLast: Uint16Array, firstBlock: number, lastBlock: number, p: number, start: number, end: number, target: number): number {
  if (p >= end || docs[p]! >= target) return p;
  let block = firstBlock + Math.floor((p - start) / BLOCK_POSTINGS);
  while (blockLast[block]! < target) {
    if (block === lastBlock) return end;
    block += 1;
  }
  const blockStart = start + (block - firstBlock) * BLOCK_POSTINGS;
  if (blockStart > p) p = blockStart;
  const blockEnd = Math.min(end, blockStart + BLOCK_POSTINGS);
  if (docs[p]! >= target) return p;
  // docs[p] < target <= docs[blockEnd - 1]: gallop from p (the target is often a few postings on), then halve.
  let high = p + 1;
  for (let step = 2; high < blockEnd - 1 && docs[high]! < target; step *= 2) {
    p = high;
    high = Math.min(blockEnd - 1, p + step);
  }
  while (p + 1 < high) {
    const middle = (p + high) >>> 1;
    if (docs[middle]! < target) p = middle;
    else high = middle;
  }
  return high;
}

/**
 * The query's terms as found in one segment: posting ranges, the first posting in the window
 * being walked and the first past it, and block numbers.
 */
interface SegmentTerms {
  count: number;
  /** Which query term each is. */
  query: Uint32Array;
  factor: Float64Array;
  start: Uint32Array;
  end: Uint32Array;
  windowStart: Uint32Array;
  windowEnd: Uint32Array;
  firstBlock: Uint32Array;
  lastBlock: Uint32Array;
}

function segmentTerms(segment: Bm25Segment, query: readonly ScoredTerm[]): SegmentTerms {
  const n = query.length;
  const found: SegmentTerms = {
    count: 0,
    query: new Uint32Array(n),
    factor: new Float64Array(n),
    start: new Uint32Array(n),
    end: new Uint32Array(n),
    windowStart: new Uint32Array(n),
    windowEnd: new Uint32Array(n),
    firstBlock: new Uint32Array(n),
    lastBlock: new Uint32Array(n),
  };
  query.forEach(({ term, factor }, q) => {
    const slot = termSlot(segment, term);
    if (slot < 0) return;
    const i = found.count++;
    found.query[i] = q;
    found.factor[i] = factor;
    found.start[i] = found.windowStart[i] = found.windowEnd[i] = segment.offsets[slot]!;
    found.end[i] = segment.offsets[slot + 1]!;
    found.firstBlock[i] = segment.blockStarts[slot]!;
    found.lastBlock[i] = segment.blockStarts[slot + 1]! - 1;
  });
  return found;
}

/** Scores one segment's passages into `top`. */
function searchSegment(
  index: PostingSource,
  segment: Bm25Segment,
  terms: SegmentTerms,
  top: TopHits,
  scratch: SearchScratch,
  impacts: Float64Array,
  keep: ((doc: number) => boolean) | undefined,
): void {
  const { count, factor, start, end, windowStart, windowEnd, firstBlock, lastBlock } = terms;
  if (count === 0) return;
  const { docs, freqs, blockMaxFreq, blockMinLength, lengths, first } = segment;
  const { lengthNorm } = index;
  const { scores, touched, found, foundScores, counts } = scratch;
  const { first: blockFirst, last: blockLast } = blockEdges(segment);
  const bound = new Float64Array(count);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  // below[j]: the bounds of order[0..j) summed.
  const below = new Float64Array(count + 1);

  for (let low = 0; low < lengths.length; low += WINDOW) {
    const high = Math.min(lengths.length, low + WINDOW);
    let total = 0;
    for (let i = 0; i < count; i += 1) {
      // Where the previous window ended: the first posting in this one.
      const p = (windowStart[i] = windowEnd[i]!);
      let best = 0;
      if (p < end[i]! && docs[p]! < high) {
        // The blocks that hold postings in the window: from its first posting's on, while they start before its end.
        let block = firstBlock[i]! + Math.floor((p - start[i]!) / BLOCK_POSTINGS);
        for (; ; block += 1) {
          let impact = impacts[block]!;
          if (impact < 0) {
            const tf = blockMaxFreq[block]!;
            // Rounded as the passages' own norms are (they are kept in 32 bits).
            impact = impacts[block] = tf / (tf + Math.fround(index.normOf(blockMinLength[block]!)));
          }
          if (impact > best) best = impact;
          if (block === lastBlock[i] || blockFirst[block + 1]! >= high) break;
        }
        // The window's last block holds its last posting: the next one is its end or inside it.
        const blockStart = start[i]! + (block - firstBlock[i]!) * BLOCK_POSTINGS;
        let past = Math.min(end[i]!, blockStart + BLOCK_POSTINGS);
        if (blockLast[block]! >= high) {
          // docs[before] < high <= docs[past] (the block was entered as it starts before the window's end), halved.
          let before = Math.max(p, blockStart);
          past -= 1;
          while (before + 1 < past) {
            const middle = (before + past) >>> 1;
            if (docs[middle]! < high) before = middle;
            else past = middle;
          }
        }
        windowEnd[i] = past;
      }
      bound[i] = best * factor[i]!;
      total += bound[i]!;
    }
    const threshold = top.threshold;
    if (total * SLACK < threshold) continue;

    // Terms left out of the walk: the weakest, while together they cannot reach the threshold.
    // Insertion sort: the order changes little from one window to the next.
    for (let j = 1; j < count; j += 1) {
      const moving = order[j]!;
      let at = j;
      for (; at > 0 && bound[order[at - 1]!]! > bound[moving]!; at -= 1) order[at] = order[at - 1]!;
      order[at] = moving;
    }
    let optional = 0;
    while (optional < count && (below[optional]! + bound[order[optional]!]!) * SLACK < threshold) {
      below[optional + 1] = below[optional]! + bound[order[optional]!]!;
      optional += 1;
    }
    for (let j = optional; j < count; j += 1) {
      const i = order[j]!;
      if (bound[i] === 0) continue;
      const weight = factor[i]!;
      for (let p = windowStart[i]!, stop = windowEnd[i]!; p < stop; p += 1) {
        const doc = docs[p]!;
        const tf = freqs[p]!;
        const slot = doc - low;
        scores[slot] = scores[slot]! + (weight * tf) / (tf + lengthNorm[first + doc]!);
        touched[slot >>> 5] = touched[slot >>> 5]! | (1 << (slot & 31));
      }
    }
    // The passages found, filtered term by term, strongest optional term first.
    let n = 0;
    for (let word = 0; word < touched.length; word += 1) {
      let bits = touched[word]!;
      if (bits === 0) continue;
      touched[word] = 0;
      // Its slots in order: the lowest bit first.
      for (; bits !== 0; bits &= bits - 1) {
        const slot = (word << 5) | (31 - Math.clz32(bits & -bits));
        const score = scores[slot]!;
        if (score === 0) continue;
        scores[slot] = 0;
        if ((score + below[optional]!) * SLACK < threshold || (keep && !keep(first + low + slot))) continue;
        found[n] = slot;
        foundScores[n] = score;
        n += 1;
      }
    }
    // Each term's scores added, the passages that can no longer reach the threshold are dropped.
    for (let j = optional - 1; j >= 0 && n > 0; j -= 1) {
      const i = order[j]!;
      const weight = factor[i]!;
      const rest = below[j]!;
      const from = windowStart[i]!;
      const to = windowEnd[i]!;
      let kept = 0;
      if (to - from <= DENSE_SHARE * n) {
        // Few postings for the passages that look them up: read them all into the window's slots.
        for (let p = from; p < to; p += 1) counts[docs[p]! - low] = freqs[p]!;
        for (let c = 0; c < n; c += 1) {
          const slot = found[c]!;
          const tf = counts[slot]!;
          let score = foundScores[c]!;
          if (tf > 0) score += (weight * tf) / (tf + lengthNorm[first + low + slot]!);
          if ((score + rest) * SLACK < threshold) continue;
          found[kept] = slot;
          foundScores[kept] = score;
          kept += 1;
        }
        for (let p = from; p < to; p += 1) counts[docs[p]! - low] = 0;
      } else {
        // Passages in order: the lookups only move forwards.
        let p = from;
        for (let c = 0; c < n; c += 1) {
          const slot = found[c]!;
          const doc = low + slot;
          let score = foundScores[c]!;
          p = seek(docs, blockLast, firstBlock[i]!, lastBlock[i]!, p, start[i]!, end[i]!, doc);
          if (p < end[i]! && docs[p] === doc) {
            const tf = freqs[p]!;
            score += (weight * tf) / (tf + lengthNorm[first + doc]!);
          }
          if ((score + rest) * SLACK < threshold) continue;
          found[kept] = slot;
          foundScores[kept] = score;
          kept += 1;
        }
      }
      n = kept;
    }
    for (let c = 0; c < n; c += 1) top.offer(first + low + found[c]!, foundScores[c]!);
  }
}

/** The number of the segment holding position `doc`. */
function segmentOf(segments: readonly Bm25Segment[], doc: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (segments[middle]!.first <= doc) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The full score of position `doc` of a segment, looked up in each query term's postings. */
function fullScore(index: PostingSource, segment: Bm25Segment, terms: SegmentTerms, doc: number): number {
  const { docs, freqs, first } = segment;
  const blockLast = blockEdges(segment).last;
  const local = doc - first;
  let score = 0;
  for (let i = 0; i < terms.count; i += 1) {
    // The block that would hold the position, found among the blocks' last positions; then the posting in it.
    const start = terms.start[i]!;
    const end = terms.end[i]!;
    const firstBlock = terms.firstBlock[i]!;
    let low = firstBlock;
    let top = terms.lastBlock[i]!;
    if (blockLast[top]! < local) continue;
    while (low < top) {
      const middle = (low + top) >>> 1;
      if (blockLast[middle]! < local) low = middle + 1;
      else top = middle;
    }
    let from = start + (low - firstBlock) * BLOCK_POSTINGS;
    let to = Math.min(end, from + BLOCK_POSTINGS) - 1;
    while (from <= to) {
      const middle = (from + to) >>> 1;
      const value = docs[middle]!;
      if (value < local) from = middle + 1;
      else if (value > local) to = middle - 1;
      else {
        const tf = freqs[middle]!;
        score += (terms.factor[i]! * tf) / (tf + index.lengthNorm[doc]!);
        break;
      }
    }
  }
  return score;
}

/**
 * A score that k accepted passages are known to reach (0 when unknown): the passages of the
 * rarest strong terms, scored on those terms, and the best of them scored in full. The walk
 * starts from it instead of from nothing.
 */
function guessThreshold(
  index: PostingSource,
  query: readonly ScoredTerm[],
  bySegment: readonly SegmentTerms[],
  k: number,
  partial: Float64Array,
  keep: ((doc: number) => boolean) | undefined,
): number {
  const postings = new Float64Array(query.length);
  for (const terms of bySegment) for (let i = 0; i < terms.count; i += 1) postings[terms.query[i]!]! += terms.end[i]! - terms.start[i]!;
  const chosen = new Uint8Array(query.length);
  let budget = GUESS_POSTINGS;
  for (const q of query.map((_, q) => q).sort((x, y) => query[y]!.factor - query[x]!.factor)) {
    if (postings[q]! > budget) break;
    budget -= postings[q]!;
    chosen[q] = 1;
  }
  const seen: number[] = [];
  index.segments.forEach((segment, s) => {
    const terms = bySegment[s]!;
    const { docs, freqs, first } = segment;
    for (let i = 0; i < terms.count; i += 1) {
      if (chosen[terms.query[i]!] === 0) continue;
      const factor = terms.factor[i]!;
      for (let p = terms.start[i]!, end = terms.end[i]!; p < end; p += 1) {
        const doc = first + docs[p]!;
        const tf = freqs[p]!;
        if (partial[doc] === 0) seen.push(doc);
        partial[doc] = partial[doc]! + (factor * tf) / (tf + index.lengthNorm[doc]!);
      }
    }
  });
  const likely = new TopHits(k * GUESS_SHARE);
  for (const doc of seen) {
    likely.offer(doc, partial[doc]!);
    partial[doc] = 0;
  }
  const full: number[] = [];
  for (const { doc } of likely.hits()) {
    if (keep && !keep(doc)) continue;
    const s = segmentOf(index.segments, doc);
    full.push(fullScore(index, index.segments[s]!, bySegment[s]!, doc));
  }
  return full.length >= k ? full.sort((x, y) => y - x)[k - 1]! : 0;
}

/** Whether query terms `q` and `r` have the same postings (positions and counts) in every segment. */
function samePostings(
  index: PostingSource,
  query: readonly ScoredTerm[],
  bySegment: readonly SegmentTerms[],
  q: number,
  r: number,
  known: Map<string, boolean>,
): boolean {
  const a = query[q]!.term;
  const b = query[r]!.term;
  const key = a < b ? `${a} ${b}` : `${b} ${a}`;
  let same = known.get(key);
  if (same === undefined) {
    same = index.segments.every((segment, s) => {
      const terms = bySegment[s]!;
      const i = terms.query.subarray(0, terms.count).indexOf(q);
      const j = terms.query.subarray(0, terms.count).indexOf(r);
      if (i < 0 || j < 0) return i === j;
      const length = terms.end[i]! - terms.start[i]!;
      if (terms.end[j]! - terms.start[j]! !== length) return false;
      const { docs, freqs } = segment;
      for (let x = terms.start[i]!, y = terms.start[j]!, stop = x + length; x < stop; x += 1, y += 1) {
        if (docs[x] !== docs[y] || freqs[x] !== freqs[y]) return false;
      }
      return true;
    });
    if (known.size >= KNOWN_PAIRS) known.clear();
    known.set(key, same);
  }
  return same;
}

/**
 * The query with the terms whose postings are the same made one, their factors summed (an accented
 * word and its folded form often are): each passage then scores the same, walked once.
 */
function mergeSamePostings(
  index: PostingSource,
  query: readonly ScoredTerm[],
  bySegment: readonly SegmentTerms[],
  known: Map<string, boolean>,
): readonly ScoredTerm[] {
  const postings = new Float64Array(query.length);
  for (const terms of bySegment) for (let i = 0; i < terms.count; i += 1) postings[terms.query[i]!]! += terms.end[i]! - terms.start[i]!;
  const into = new Int32Array(query.length).fill(-1);
  const merged: ScoredTerm[] = [];
  query.forEach(({ term, factor }, q) => {
    if (into[q]! >= 0) return;
    const one = { term, factor };
    into[q] = merged.push(one) - 1;
    for (let r = q + 1; r < query.length; r += 1) {
      if (into[r]! >= 0 || postings[r] !== postings[q] || !samePostings(index, query, bySegment, q, r, known)) continue;
      into[r] = into[q]!;
      one.factor += query[r]!.factor;
    }
  });
  return merged.length === query.length ? query : merged;
}

/**
 * The `k` highest-scoring positions that `keep` accepts, best first (ties by position).
 * `scratch` is zeroed work space, left zeroed.
 */
export function topScores(index: PostingSource, query: readonly ScoredTerm[], scratch: SearchScratch, k: number, keep?: (doc: number) => boolean): Bm25Hit[] {
  if (k <= 0 || query.length === 0) return [];
  const bySegment = index.segments.map((segment) => segmentTerms(segment, query));
  const top = new TopHits(k, guessThreshold(index, query, bySegment, k, scratch.partial, keep));
  const merged = mergeSamePostings(index, query, bySegment, scratch.same);
  const walked = merged === query ? bySegment : index.segments.map((segment) => segmentTerms(segment, merged));
  index.segments.forEach((segment, s) => searchSegment(index, segment, walked[s]!, top, scratch, impactsOf(scratch, segment, s), keep));
  // Scores summed in one order of the terms for every passage: equal passages tie exactly, and
  // ties go by position.
  return top
    .hits()
    .map(({ doc }) => {
      const s = segmentOf(index.segments, doc);
      return { doc, score: fullScore(index, index.segments[s]!, bySegment[s]!, doc) };
    })
    .sort((x, y) => y.score - x.score || x.doc - y.doc);
}
