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

/** Term strings and their numbers; grows as terms are added, never forgets one. */
export class TermDictionary {
  private readonly numbers = new Map<string, number>();
  /** Numbers of the parts pairs are made of (syllables, folded syllables, digits). */
  private readonly parts = new Map<string, number>();
  /** Pairs by their parts' numbers. */
  private readonly pairs = new PairTable();
  /** Term numbers by {@link syllableKey}. */
  private syllableTerms = new Int32Array(1 << 12).fill(UNKNOWN);
  /** Pairs of syllables by their {@link syllableKey}s. */
  private readonly syllablePairs = new PairTable();

  /** A dictionary holding `terms`, numbered in this order. */
  constructor(readonly terms: string[] = []) {
    terms.forEach((term, i) => this.numbers.set(term, i));
  }

  /** Number of terms. */
  get size(): number {
    return this.terms.length;
  }

  /** The number of a term, or undefined when no passage holds it. */
  find(term: string): number | undefined {
    return this.numbers.get(term);
  }

  /** The number of a term, added when new. */
  add(term: string): number {
    let number = this.numbers.get(term);
    if (number === undefined) {
      number = this.terms.length;
      this.terms.push(term);
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
