/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Uses allowed per window. @defaultValue 10 */
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
  /** Keys refused since they were last allowed: they have had their one warning. */
  private readonly warned = new Set<string>();

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError(`RateLimiter: limit must be a whole number >= 1, got ${this.limit}`);
    if (!(this.windowMs > 0)) throw new RangeError(`RateLimiter: windowMs must be > 0, got ${this.windowMs}`);
  }

  /**
   * Counts one use by `key`: `wait` is 0 when allowed, else the milliseconds until it will be;
   * `warn` says whether a refusal is the first since `key` was last allowed (a flood is warned
   * once, then refused in silence until the window frees).
   */
  attempt(key: string): { wait: number; warn: boolean } {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const warn = !this.warned.has(key);
      this.warned.add(key);
      return { wait: this.windowMs - (now - recent[0]!), warn };
    }
    recent.push(now);
    this.hits.set(key, recent);
    this.warned.delete(key);
    if (this.hits.size > 10_000) this.forgetIdle(now);
    return { wait: 0, warn: false };
  }

  private forgetIdle(now: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((at) => now - at >= this.windowMs)) {
        this.hits.delete(key);
        this.warned.delete(key);
      }
    }
  }
}
