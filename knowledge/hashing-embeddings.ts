import { Embeddings } from '@langchain/core/embeddings';
import { foldVietnamese } from '../common/index.js';

/** Options of {@link HashingEmbeddings}. */
export interface HashingEmbeddingsOptions {
  /**
   * Length of the vectors. On ALQAC 2024 (2,249 articles, 530 questions) MRR@10 was 0.673 at 256,
   * 0.709 at 512, 0.727 at 768 and 0.735 at 1024.
   * @defaultValue 768
   */
  dimensions?: number;
  /** Shortest character n-gram, counting the word-boundary marks. @defaultValue 3 */
  minGram?: number;
  /** Longest character n-gram, counting the word-boundary marks. @defaultValue 5 */
  maxGram?: number;
  /** Weight of one character n-gram relative to a whole syllable (weight 1). @defaultValue 0.4 */
  ngramWeight?: number;
  /** Weight of one syllable bigram relative to a whole syllable (weight 1). @defaultValue 2 */
  bigramWeight?: number;
}

const DEFAULTS = { dimensions: 768, minGram: 3, maxGram: 5, ngramWeight: 0.4, bigramWeight: 2 } as const;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Starting points that keep a syllable's hash apart from the same letters as an n-gram. */
const SYLLABLE_SEED = FNV_OFFSET ^ 0x9e3779b9;
const BIGRAM_SEED = 0x5bd1e995;
/** Padding around a syllable: n-grams that touch it mark the start or the end of the syllable. */
const BOUNDARY = 0x20;
const TWO_POW_32 = 4294967296;
/** `embedDocuments` lets other work run after this many texts. */
const YIELD_EVERY = 256;
const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Murmur3's 32-bit finaliser: spreads every input bit over the whole hash (unsigned result). */
function mix32(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Letters and digits of the folded text; folded Vietnamese is plain ASCII. */
function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  return NON_ASCII_WORD_CHAR.test(String.fromCharCode(code));
}

/** Spaces, tabs and carriage returns join syllables; a line break or punctuation ends a phrase. */
function joinsSyllables(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0xa0;
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`HashingEmbeddings: ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

function checkWeight(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`HashingEmbeddings: ${name} must be a finite number >= 0, got ${value}`);
  }
}

/**
 * Counts of the distinct features of one text: an open-addressing table on typed arrays, reused
 * from text to text (a generation stamp marks the live slots, so nothing is cleared).
 */
class FeatureCounts {
  private keys = new Uint32Array(0);
  private counts = new Float32Array(0);
  private weights = new Float32Array(0);
  private stamps = new Uint32Array(0);
  private slots = new Int32Array(0);
  private mask = 0;
  private generation = 0;
  /** Number of distinct features since the last `reset`. */
  size = 0;

  /** Empties the table, making room for at least `maxFeatures` distinct features. */
  reset(maxFeatures: number): void {
    let capacity = Math.max(this.keys.length, 1024);
    while (capacity < maxFeatures * 2) capacity *= 2;
    if (capacity !== this.keys.length) {
      this.keys = new Uint32Array(capacity);
      this.counts = new Float32Array(capacity);
      this.weights = new Float32Array(capacity);
      this.stamps = new Uint32Array(capacity);
      this.slots = new Int32Array(capacity);
      this.mask = capacity - 1;
      this.generation = 0;
    }
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    this.size = 0;
  }

  /** Counts one occurrence of the feature with this (mixed) hash and weight. */
  add(hash: number, weight: number): void {
    let slot = hash & this.mask;
    for (;;) {
      if (this.stamps[slot] !== this.generation) {
        this.stamps[slot] = this.generation;
        this.keys[slot] = hash;
        this.counts[slot] = 1;
        this.weights[slot] = weight;
        this.slots[this.size++] = slot;
        return;
      }
      if (this.keys[slot] === hash) {
        this.counts[slot] = (this.counts[slot] ?? 0) + 1;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Adds every feature into `out` at the bucket given by the hash's high bits, with the sign
   * given by its low bit and the value weight × (1 + ln tf).
   */
  project(out: Float32Array): void {
    const dimensions = out.length;
    for (let i = 0; i < this.size; i++) {
      const slot = this.slots[i] ?? 0;
      const hash = this.keys[slot] ?? 0;
      const value = (this.weights[slot] ?? 0) * (1 + Math.log(this.counts[slot] ?? 1));
      const bucket = Math.floor((hash * dimensions) / TWO_POW_32);
      out[bucket] = (out[bucket] ?? 0) + (hash & 1 ? value : -value);
    }
  }
}

/**
 * The built-in embedding, which needs no model and no download: feature hashing of the
 * accent-folded text. Features are each syllable's character n-grams (the syllable padded with
 * boundary marks), the syllable itself, and syllable bigrams within a phrase (never across
 * punctuation or a line break). Each feature is hashed (FNV-1a, then Murmur3's finaliser) into
 * one of `dimensions` buckets with a ± sign, weighted by 1 + ln(term frequency), and the vector
 * is L2-normalised.
 *
 * Accents and `đ` are folded away first, so "dang doan hop" and "Đảng đoàn họp" get the same
 * vector; n-grams keep a typo ("dang doam") close to the right word. The same text always gives
 * the same vector. A text without any letter or digit gives the zero vector. Speed on one core:
 * 100,000 passages of ~170 words in about 7 s with `embed`, 11 s with `embedDocuments`.
 */
export class HashingEmbeddings extends Embeddings {
  /** Provider name an index records, with {@link HashingEmbeddings.dimensions} and {@link HashingEmbeddings.model}. */
  readonly provider = 'hashing';
  /** Length of the vectors. */
  readonly dimensions: number;
  /** The feature settings: vectors made with a different `model` cannot be compared. */
  readonly model: string;
  private readonly minGram: number;
  private readonly maxGram: number;
  private readonly ngramWeight: number;
  private readonly bigramWeight: number;
  private readonly features = new FeatureCounts();

  /** Throws a `RangeError` naming the first option out of range. */
  constructor(options: HashingEmbeddingsOptions = {}) {
    super({});
    const settings = {
      dimensions: options.dimensions ?? DEFAULTS.dimensions,
      minGram: options.minGram ?? DEFAULTS.minGram,
      maxGram: options.maxGram ?? DEFAULTS.maxGram,
      ngramWeight: options.ngramWeight ?? DEFAULTS.ngramWeight,
      bigramWeight: options.bigramWeight ?? DEFAULTS.bigramWeight,
    };
    checkInteger('dimensions', settings.dimensions, 16, 16384);
    checkInteger('minGram', settings.minGram, 1, 8);
    checkInteger('maxGram', settings.maxGram, settings.minGram, 8);
    checkWeight('ngramWeight', settings.ngramWeight);
    checkWeight('bigramWeight', settings.bigramWeight);
    this.dimensions = settings.dimensions;
    this.minGram = settings.minGram;
    this.maxGram = settings.maxGram;
    this.ngramWeight = settings.ngramWeight;
    this.bigramWeight = settings.bigramWeight;
    this.model = `fnv1a-v1 grams=${this.minGram}-${this.maxGram} ngram=${this.ngramWeight} bigram=${this.bigramWeight}`;
  }

  /** Vectors of many texts, in order. Lets other work run every few hundred texts. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < documents.length; i++) {
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      vectors.push(Array.from(this.embed(documents[i] ?? '')));
    }
    return vectors;
  }

  /** Vector of a query: queries and passages are embedded the same way. */
  async embedQuery(document: string): Promise<number[]> {
    return Array.from(this.embed(document));
  }

  /** The vector as a `Float32Array`, synchronously: the fast path under both LangChain methods. */
  embed(text: string): Float32Array {
    const folded = foldVietnamese(text);
    const features = this.features;
    features.reset(folded.length * (this.maxGram - this.minGram + 3) + 8);
    const length = folded.length;
    let previous = 0;
    let inPhrase = false;
    let start = 0;
    while (start < length) {
      const code = folded.charCodeAt(start);
      if (!isWordChar(code)) {
        if (!joinsSyllables(code)) inPhrase = false;
        start++;
        continue;
      }
      let end = start;
      let syllableHash = SYLLABLE_SEED;
      while (end < length && isWordChar(folded.charCodeAt(end))) {
        syllableHash = Math.imul(syllableHash ^ folded.charCodeAt(end), FNV_PRIME);
        end++;
      }
      const syllable = mix32(syllableHash);
      features.add(syllable, 1);
      if (inPhrase) features.add(mix32(Math.imul(previous, 0x27d4eb2d) ^ syllable ^ BIGRAM_SEED), this.bigramWeight);
      previous = syllable;
      inPhrase = true;
      this.addNgrams(folded, start, end);
      start = end;
    }
    const out = new Float32Array(this.dimensions);
    features.project(out);
    let norm = 0;
    for (let i = 0; i < out.length; i++) norm += (out[i] ?? 0) ** 2;
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * scale;
    }
    return out;
  }

  /** Character n-grams of `text[start, end)` padded with a boundary mark on each side. */
  private addNgrams(text: string, start: number, end: number): void {
    const padded = end - start + 2;
    for (let from = 0; from < padded; from++) {
      let hash = FNV_OFFSET;
      const last = Math.min(padded, from + this.maxGram);
      for (let at = from; at < last; at++) {
        const code = at === 0 || at === padded - 1 ? BOUNDARY : text.charCodeAt(start + at - 1);
        hash = Math.imul(hash ^ code, FNV_PRIME);
        if (at - from + 1 >= this.minGram) this.features.add(mix32(hash), this.ngramWeight);
      }
    }
  }
}
