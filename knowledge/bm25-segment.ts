/** The stored shape of a BM25 index: segments of postings over numbered passages. */

/** A scored document: its position and its BM25 score. */
export interface Bm25Hit {
  doc: number;
  score: number;
}

/** Postings of the positions `first` .. `first + lengths.length - 1`. */
export interface Bm25Segment {
  first: number;
  /** Length (term count) of each passage. */
  lengths: Float32Array;
  /** Numbers of the terms the segment holds, ascending. */
  terms: Uint32Array;
  /** offsets[i]..offsets[i+1] are the postings of terms[i]. */
  offsets: Uint32Array;
  /** Positions, ascending within a term. */
  docs: Uint32Array;
  freqs: Float32Array;
}

/** Where term `term` sits in a segment's `terms`, or -1. */
export function termSlot(segment: Bm25Segment, term: number): number {
  const { terms } = segment;
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = terms[middle]!;
    if (value === term) return middle;
    if (value < term) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
