/** Typed errors that say who failed and whether trying again can help. */

/** Base class of the project's errors. `retryable` tells callers whether trying again can help. */
export class AppError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
  }
}

/** A configuration value is missing or malformed; names the variable and the expected form. */
export class ConfigError extends AppError {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string | undefined,
  ) {
    super(`Invalid ${variable}: expected ${expected}, got ${received === undefined ? 'nothing' : JSON.stringify(received)}`);
  }
}

/** The knowledge index could not be built or loaded. */
export class IndexError extends AppError {}

/** A corpus file could not be read or parsed; the rest of the corpus is still indexed. */
export class DocumentReadError extends AppError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`Cannot read corpus file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** What a saved index records about how it was built. */
export type IndexBuildField = 'formatVersion' | 'provider' | 'model' | 'dimensions' | 'space';

/**
 * A saved index was built with another format, embedding provider, model, dimension or space
 * than the one asked for: it cannot be used, and the caller should rebuild it.
 */
export class IndexMismatchError extends IndexError {
  constructor(
    readonly directory: string,
    readonly field: IndexBuildField,
    readonly expected: string | number,
    readonly found: unknown,
  ) {
    super(`Index in ${directory} was built with ${field} ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}: rebuild it`);
  }
}
