/** The stored shape of a BM25 index: segments of postings over numbered passages, in blocks. */

/** A scored document: its position and its BM25 score. */
export interface Bm25Hit {
  doc: number;
  score: number;
}

/** Postings in a block: the unit whose highest possible score a search reads before its postings. */
export const BLOCK_POSTINGS = 128;
/** Passages a segment may hold: its positions are stored as 16-bit offsets from `first`. */
export const MAX_SEGMENT_PASSAGES = 65_536;
/** The highest count a posting stores (16 bits). */
export const MAX_FREQUENCY = 65_535;

/** Postings of the positions `first` .. `first + lengths.length - 1`. */
export interface Bm25Segment {
  first: number;
  /** Length (term count) of each passage. */
  lengths: Float32Array;
  /** Numbers of the terms the segment holds, ascending. */
  terms: Uint32Array;
  /** offsets[i]..offsets[i+1] are the postings of terms[i]. */
  offsets: Uint32Array;
  /** Positions minus `first`, ascending within a term. */
  docs: Uint16Array;
  /** How many times the term counts in the passage (whole counts, at most {@link MAX_FREQUENCY}). */
  freqs: Uint16Array;
  /** blockStarts[i] is the first block of terms[i]: its postings cut in runs of {@link BLOCK_POSTINGS}. */
  blockStarts: Uint32Array;
  /** The highest term frequency in each block. */
  blockMaxFreq: Uint16Array;
  /** The shortest passage in each block. */
  blockMinLength: Float32Array;
}

/** A segment's postings, without the block summaries {@link withBlocks} adds. */
export type SegmentPostings = Omit<Bm25Segment, 'blockStarts' | 'blockMaxFreq' | 'blockMinLength'>;

/**
 * Adds to a segment what bounds a block's scores: its highest term frequency and its shortest
 * passage. They hold whatever the average length is, so a segment's blocks never go stale.
 */
export function withBlocks(segment: SegmentPostings): Bm25Segment {
  const { offsets, docs, freqs, lengths } = segment;
  const distinct = offsets.length - 1;
  const blockStarts = new Uint32Array(distinct + 1);
  let blocks = 0;
  for (let slot = 0; slot < distinct; slot += 1) {
    blockStarts[slot] = blocks;
    blocks += Math.ceil((offsets[slot + 1]! - offsets[slot]!) / BLOCK_POSTINGS);
  }
  blockStarts[distinct] = blocks;
  const blockMaxFreq = new Uint16Array(blocks);
  const blockMinLength = new Float32Array(blocks);
  let block = 0;
  for (let slot = 0; slot < distinct; slot += 1) {
    for (let start = offsets[slot]!, end = offsets[slot + 1]!; start < end; start += BLOCK_POSTINGS, block += 1) {
      let maxFreq = 0;
      let minLength = Infinity;
      for (let p = start, stop = Math.min(end, start + BLOCK_POSTINGS); p < stop; p += 1) {
        if (freqs[p]! > maxFreq) maxFreq = freqs[p]!;
        const length = lengths[docs[p]!]!;
        if (length < minLength) minLength = length;
      }
      blockMaxFreq[block] = maxFreq;
      blockMinLength[block] = minLength;
    }
  }
  return { ...segment, blockStarts, blockMaxFreq, blockMinLength };
}

/** Where term `term` sits in a segment's `terms`, or -1. */
export function termSlot(segment: Pick<Bm25Segment, 'terms'>, term: number): number {
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

/** The first and the last position (minus `first`) of each block of a segment. */
export interface BlockEdges {
  first: Uint16Array;
  last: Uint16Array;
}

const edges = new WeakMap<Bm25Segment, BlockEdges>();

/**
 * The first and last positions of each block of a segment, side by side (a search reads them
 * instead of the postings), computed when first asked for and kept.
 */
export function blockEdges(segment: Bm25Segment): BlockEdges {
  let found = edges.get(segment);
  if (found === undefined) {
    const { offsets, blockStarts, docs } = segment;
    found = { first: new Uint16Array(segment.blockMaxFreq.length), last: new Uint16Array(segment.blockMaxFreq.length) };
    for (let slot = 0; slot < offsets.length - 1; slot += 1) {
      const end = offsets[slot + 1]!;
      for (let block = blockStarts[slot]!, start = offsets[slot]!; start < end; block += 1, start += BLOCK_POSTINGS) {
        found.first[block] = docs[start]!;
        found.last[block] = docs[Math.min(end, start + BLOCK_POSTINGS) - 1]!;
      }
    }
    edges.set(segment, found);
  }
  return found;
}
