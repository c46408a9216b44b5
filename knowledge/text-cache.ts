/**
 * What reading a PDF or Word file gave (its text, or why it was refused), kept in memory by the
 * SHA-256 of its bytes, so that a reload of the corpus does not read an unchanged file again, and
 * a refused file (a bomb in the corpus folder) is not tried again at every reload. Bounded by the
 * characters held; the least recently used readings go first.
 */
import { createHash } from 'node:crypto';
import type { ReadReply } from './extract-text-worker.js';

/** A bounded, least-recently-used cache of readings. */
export class TextCache {
  private readonly readings = new Map<string, ReadReply>();
  private chars = 0;
  /** Readings found, and not found, since the cache was made. */
  readonly stats = { hits: 0, misses: 0 };

  /** @param maxChars characters of text and reasons held at most. */
  constructor(private readonly maxChars = 20_000_000) {}

  /** The key of a file's bytes read in a given way (`variant`: the kind and the limits it was read with). */
  static keyOf(bytes: Uint8Array, variant: string): string {
    return `${createHash('sha256').update(bytes).digest('hex')}:${variant}`;
  }

  /** The reading kept for `key`, now the most recently used. */
  get(key: string): ReadReply | undefined {
    const reading = this.readings.get(key);
    if (!reading) {
      this.stats.misses += 1;
      return undefined;
    }
    this.stats.hits += 1;
    this.readings.delete(key);
    this.readings.set(key, reading);
    return reading;
  }

  /** Keeps a reading, dropping the least recently used ones beyond the bound; a reading over the bound alone is not kept. */
  set(key: string, reading: ReadReply): void {
    const size = sizeOf(reading);
    if (size > this.maxChars) return;
    const previous = this.readings.get(key);
    if (previous) {
      this.chars -= sizeOf(previous);
      this.readings.delete(key);
    }
    this.readings.set(key, reading);
    this.chars += size;
    for (const [oldKey, old] of this.readings) {
      if (this.chars <= this.maxChars) break;
      this.readings.delete(oldKey);
      this.chars -= sizeOf(old);
    }
  }
}

const sizeOf = (reading: ReadReply) => ('raw' in reading ? reading.raw.length : reading.refused.length);
