/**
 * The terms of a lexical index, numbered in the order they were first met. Two-syllable terms
 * arrive in parts (`pair(first, second)` stands for `${first} ${second}`): a pair met before is
 * found by the numbers of its parts, without building its string again. Terms made of shared
 * syllable records are found by the records' numbers, without looking up a string at all: most
 * of the cost of indexing a large corpus is finding the number of a term met before.
 */
import { PairTable } from './pair-table.js';
import type { Syllable } from './syllable-scan.js';

const UNKNOWN = -1;

/** The key of a syllable's accented (`folded` false) or folded term in the syllable caches. */
function syllableKey(syllable: Syllable, folded: boolean): number {
  return syllable.id * 2 + (folded ? 1 : 0);
}

/**
 * The terms of a saved dictionary, one a line in one string, found through a hash table of their
 * numbers: opening a large index makes no string and no map entry per term.
 */
class SavedTerms {
  /** starts[n] is where term n begins in `text`; starts[size] is past the end. */
  private readonly starts: Uint32Array;
  /** Term numbers by hash, open addressing (-1: empty). */
  private readonly table: Int32Array;
  readonly size: number;

  constructor(readonly text: string) {
    let size = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) size += 1;
    this.size = size;
    this.starts = new Uint32Array(size + 1);
    this.table = new Int32Array(2 ** Math.ceil(Math.log2(size * 2 + 1))).fill(UNKNOWN);
    const mask = this.table.length - 1;
    let term = 0;
    let hash = HASH_SEED;
    for (let i = 0; i <= text.length; i += 1) {
      const code = i < text.length ? text.charCodeAt(i) : NEWLINE;
      if (code !== NEWLINE) {
        hash = Math.imul(hash ^ code, HASH_PRIME);
        continue;
      }
      let slot = hash & mask;
      while (this.table[slot] !== UNKNOWN) slot = (slot + 1) & mask;
      this.table[slot] = term;
      term += 1;
      this.starts[term] = i + 1;
      hash = HASH_SEED;
    }
  }

  /** The number of a term, or -1. */
  find(term: string): number {
    let hash = HASH_SEED;
    for (let i = 0; i < term.length; i += 1) hash = Math.imul(hash ^ term.charCodeAt(i), HASH_PRIME);
    const { table, starts, text } = this;
    const mask = table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const number = table[slot]!;
      if (number === UNKNOWN) return UNKNOWN;
      const start = starts[number]!;
      if (starts[number + 1]! - 1 - start !== term.length) continue;
      let i = 0;
      while (i < term.length && text.charCodeAt(start + i) === term.charCodeAt(i)) i += 1;
      if (i === term.length) return number;
    }
  }
}

/** FNV-1a over UTF-16 code units. */
const HASH_SEED = 0x811c9dc5;
const HASH_PRIME = 0x01000193;
const NEWLINE = 10;

/**
 * Term strings and their numbers; grows as terms are added, never forgets one. A dictionary read
 * from disk ({@link TermDictionary.fromLines}) keeps its terms as they were saved and only the
 * terms added since as strings.
 */
export class TermDictionary {
  /** Terms added to the saved ones, by number. */
  private readonly numbers = new Map<string, number>();
  private readonly added: string[] = [];
  private saved: SavedTerms | undefined;
  /** Numbers of the parts pairs are made of (syllables, folded syllables, digits). */
  private readonly parts = new Map<string, number>();
  /** Pairs by their parts' numbers. */
  private readonly pairs = new PairTable();
  /** Term numbers by {@link syllableKey}. */
  private syllableTerms = new Int32Array(1 << 12).fill(UNKNOWN);
  /** Pairs of syllables by their {@link syllableKey}s. */
  private readonly syllablePairs = new PairTable();

  /** A dictionary holding `terms`, numbered in this order. */
  constructor(terms: readonly string[] = []) {
    for (const term of terms) this.add(term);
  }

  /** A dictionary of the terms of `text`, one a line (as {@link TermDictionary.lines} writes them), numbered in this order. */
  static fromLines(text: string): TermDictionary {
    const dictionary = new TermDictionary();
    if (text !== '') dictionary.saved = new SavedTerms(text);
    return dictionary;
  }

  /** Number of terms. */
  get size(): number {
    return (this.saved?.size ?? 0) + this.added.length;
  }

  /** Every term, by number (made on each call). */
  get terms(): string[] {
    return this.saved ? [...this.saved.text.split('\n'), ...this.added] : [...this.added];
  }

  /** The terms one a line, as {@link TermDictionary.fromLines} reads them. */
  lines(): string {
    const added = this.added.join('\n');
    if (!this.saved) return added;
    return this.added.length > 0 ? `${this.saved.text}\n${added}` : this.saved.text;
  }

  /** The number of a term, or undefined when no passage holds it. */
  find(term: string): number | undefined {
    const number = this.saved?.find(term) ?? UNKNOWN;
    return number === UNKNOWN ? this.numbers.get(term) : number;
  }

  /** The number of a term, added when new. */
  add(term: string): number {
    let number = this.find(term);
    if (number === undefined) {
      number = this.size;
      this.added.push(term);
      this.numbers.set(term, number);
    }
    return number;
  }

  /** The number of the term `${first} ${second}`, added when new. */
  addPair(first: string, second: string): number {
    const a = this.part(first);
    const b = this.part(second);
    let number = this.pairs.get(a, b);
    if (number === UNKNOWN) {
      number = this.add(`${first} ${second}`);
      this.pairs.set(a, b, number);
    }
    return number;
  }

  /** The number of a syllable's term, added when new: `syllable.text`, or `syllable.foldedKey` when `folded`. */
  addSyllable(syllable: Syllable, folded: boolean): number {
    const key = syllableKey(syllable, folded);
    if (key >= this.syllableTerms.length) this.growSyllables(key);
    let number = this.syllableTerms[key]!;
    if (number === UNKNOWN) {
      number = this.add(folded ? syllable.foldedKey : syllable.text);
      this.syllableTerms[key] = number;
    }
    return number;
  }

  /**
   * The number of two syllables' pair, added when new: `${first.text} ${second.text}`, or when
   * `folded` `${first.foldedKey} ${second.folded}`.
   */
  addSyllablePair(first: Syllable, second: Syllable, folded: boolean): number {
    const a = syllableKey(first, folded);
    const b = syllableKey(second, folded);
    let number = this.syllablePairs.get(a, b);
    if (number === UNKNOWN) {
      number = this.add(folded ? `${first.foldedKey} ${second.folded}` : `${first.text} ${second.text}`);
      this.syllablePairs.set(a, b, number);
    }
    return number;
  }

  private part(text: string): number {
    let number = this.parts.get(text);
    if (number === undefined) {
      number = this.parts.size;
      this.parts.set(text, number);
    }
    return number;
  }

  private growSyllables(key: number): void {
    const grown = new Int32Array(Math.max(key + 1, this.syllableTerms.length * 2)).fill(UNKNOWN);
    grown.set(this.syllableTerms);
    this.syllableTerms = grown;
  }
}
