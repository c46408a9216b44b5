/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Questions allowed per window. @defaultValue 10 */
  limit?: number;
  /** Window length in milliseconds. @defaultValue 60000 */
  windowMs?: number;
  /** Clock, for tests. @defaultValue Date.now */
  now?: () => number;
}

/**
 * A sliding-window limit per key (per user) kept in this process. It protects the answer
 * engine from one member flooding it; it is not shared across processes.
 */
export class RateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly hits = new Map<string, number[]>();

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError(`RateLimiter: limit must be a whole number >= 1, got ${this.limit}`);
    if (!(this.windowMs > 0)) throw new RangeError(`RateLimiter: windowMs must be > 0, got ${this.windowMs}`);
  }

  /** Counts one use by `key`; returns 0 when allowed, else the milliseconds until it will be. */
  take(key: string): number {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return this.windowMs - (now - recent[0]!);
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.forgetIdle(now);
    return 0;
  }

  private forgetIdle(now: number): void {
    for (const [key, times] of this.hits) if (times.every((at) => now - at >= this.windowMs)) this.hits.delete(key);
  }
}
