/**
 * The syllable records of a text's syllables, found from where they stand in the text: a hash of
 * their code units, computed while scanning, leads to the record without cutting the syllable
 * out of the text or hashing a new string. Used by the scan of every passage at indexing.
 */

/** What the table holds: records known by their text. */
export interface Spelled {
  readonly text: string;
}

const MIN_SLOTS = 1 << 12;

/** One step of the hash of a syllable's code units (FNV-1a). */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** The hash of no code unit, where {@link hashStep} starts. */
export const HASH_START = 0x811c9dc5 | 0;

/** True when `text` from `start` to `end` reads exactly `spelling`. */
function spells(text: string, start: number, end: number, spelling: string): boolean {
  if (spelling.length !== end - start) return false;
  for (let i = 0; i < spelling.length; i += 1) if (text.charCodeAt(start + i) !== spelling.charCodeAt(i)) return false;
  return true;
}

/** Records by the text they spell, looked up by a span of a text and its hash. */
export class SyllableTable<T extends Spelled> {
  private slots: (T | undefined)[] = new Array<T | undefined>(MIN_SLOTS);
  private hashes = new Int32Array(MIN_SLOTS);
  private count = 0;

  /** Records held. */
  get size(): number {
    return this.count;
  }

  /** The record spelled by `text` from `start` to `end` (whose hash is `hash`), or undefined. */
  find(text: string, start: number, end: number, hash: number): T | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const record = this.slots[slot];
      if (record === undefined) return undefined;
      if (this.hashes[slot] === hash && spells(text, start, end, record.text)) return record;
    }
  }

  /** Adds a record not held yet, whose text hashes to `hash`. */
  add(record: T, hash: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    this.place(record, hash);
    this.count += 1;
  }

  /** Forgets every record. */
  clear(): void {
    this.slots = new Array<T | undefined>(MIN_SLOTS);
    this.hashes = new Int32Array(MIN_SLOTS);
    this.count = 0;
  }

  private place(record: T, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
    this.slots[slot] = record;
    this.hashes[slot] = hash;
  }

  private grow(): void {
    const [slots, hashes] = [this.slots, this.hashes];
    this.slots = new Array<T | undefined>(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    for (let i = 0; i < slots.length; i += 1) if (slots[i] !== undefined) this.place(slots[i]!, hashes[i]!);
  }
}
