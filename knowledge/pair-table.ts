/**
 * Numbers kept under pairs of numbers, in flat typed arrays (open addressing). A small
 * direct-mapped copy of the pairs last found sits in front: a large corpus repeats its common
 * pairs, and the copy stays in the processor's cache where the whole table cannot.
 */

const EMPTY = -1;
const MIN_SLOTS = 1 << 12;
/** Pairs the front copy holds (a power of two): 12 bytes each. */
const RECENT_SLOTS = 1 << 14;

/** Murmur3's finaliser over two numbers: a well-spread slot for a pair. */
function pairHash(first: number, second: number): number {
  let h = Math.imul(first, 0x9e3779b1) ^ second;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A map from pairs of non-negative numbers to non-negative numbers; grows, never forgets. */
export class PairTable {
  private slotFirst = new Int32Array(MIN_SLOTS);
  private slotSecond = new Int32Array(MIN_SLOTS);
  private slotValue = new Int32Array(MIN_SLOTS).fill(EMPTY);
  private count = 0;
  private readonly recentFirst = new Int32Array(RECENT_SLOTS);
  private readonly recentSecond = new Int32Array(RECENT_SLOTS);
  private readonly recentValue = new Int32Array(RECENT_SLOTS).fill(EMPTY);

  /** The number kept under (`first`, `second`), or -1. */
  get(first: number, second: number): number {
    const hash = pairHash(first, second);
    const recent = hash & (RECENT_SLOTS - 1);
    if (this.recentValue[recent] !== EMPTY && this.recentFirst[recent] === first && this.recentSecond[recent] === second) return this.recentValue[recent]!;
    const mask = this.slotValue.length - 1;
    for (let slot = hash & mask; this.slotValue[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.slotFirst[slot] === first && this.slotSecond[slot] === second) {
        this.recentFirst[recent] = first;
        this.recentSecond[recent] = second;
        return (this.recentValue[recent] = this.slotValue[slot]!);
      }
    }
    return EMPTY;
  }

  /** Keeps `value` under (`first`, `second`), a pair not held yet. */
  set(first: number, second: number, value: number): void {
    this.place(first, second, value);
    this.count += 1;
    if (this.count * 2 > this.slotValue.length) this.grow();
  }

  private place(first: number, second: number, value: number): void {
    const mask = this.slotValue.length - 1;
    let slot = pairHash(first, second) & mask;
    while (this.slotValue[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slotFirst[slot] = first;
    this.slotSecond[slot] = second;
    this.slotValue[slot] = value;
  }

  private grow(): void {
    const [first, second, value] = [this.slotFirst, this.slotSecond, this.slotValue];
    const size = value.length * 2;
    this.slotFirst = new Int32Array(size);
    this.slotSecond = new Int32Array(size);
    this.slotValue = new Int32Array(size).fill(EMPTY);
    for (let i = 0; i < value.length; i += 1) if (value[i] !== EMPTY) this.place(first[i]!, second[i]!, value[i]!);
  }
}
