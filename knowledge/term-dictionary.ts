/**
 * The terms of a lexical index, numbered in the order they were first met. Two-syllable terms
 * arrive in parts (`pair(first, second)` stands for `${first} ${second}`): a pair met before is
 * found by the numbers of its parts, without building its string again, which is most of the
 * cost of indexing a large corpus.
 */

const EMPTY = -1;
const MIN_SLOTS = 1 << 12;

/** Murmur3's finaliser over the two parts' numbers: a well-spread slot for a pair. */
function pairHash(first: number, second: number): number {
  let h = Math.imul(first, 0x9e3779b1) ^ second;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Term strings and their numbers; grows as terms are added, never forgets one. */
export class TermDictionary {
  private readonly numbers = new Map<string, number>();
  /** Numbers of the parts pairs are made of (syllables, folded syllables, digits). */
  private readonly parts = new Map<string, number>();
  private slotFirst = new Int32Array(MIN_SLOTS);
  private slotSecond = new Int32Array(MIN_SLOTS);
  private slotTerm = new Int32Array(MIN_SLOTS).fill(EMPTY);
  private pairs = 0;

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
    const mask = this.slotTerm.length - 1;
    let slot = pairHash(a, b) & mask;
    while (this.slotTerm[slot] !== EMPTY) {
      if (this.slotFirst[slot] === a && this.slotSecond[slot] === b) return this.slotTerm[slot]!;
      slot = (slot + 1) & mask;
    }
    const number = this.add(`${first} ${second}`);
    this.slotFirst[slot] = a;
    this.slotSecond[slot] = b;
    this.slotTerm[slot] = number;
    this.pairs += 1;
    if (this.pairs * 2 > this.slotTerm.length) this.growPairs();
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

  private growPairs(): void {
    const [first, second, term] = [this.slotFirst, this.slotSecond, this.slotTerm];
    const size = term.length * 2;
    this.slotFirst = new Int32Array(size);
    this.slotSecond = new Int32Array(size);
    this.slotTerm = new Int32Array(size).fill(EMPTY);
    const mask = size - 1;
    for (let i = 0; i < term.length; i += 1) {
      if (term[i] === EMPTY) continue;
      let slot = pairHash(first[i]!, second[i]!) & mask;
      while (this.slotTerm[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slotFirst[slot] = first[i]!;
      this.slotSecond[slot] = second[i]!;
      this.slotTerm[slot] = term[i]!;
    }
  }
}
