/** Opening an ioredis client that fails fast with one clear error when Redis cannot be reached; the keys' default prefix. */
import { Redis } from 'ioredis';
import { AppError } from '../../common/index.js';

/** The prefix of every key when none is given. */
export const DEFAULT_KEY_PREFIX = 'pca';

/** Redis could not be reached; `url` is shown without its password. */
export class RedisUnavailableError extends AppError {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Cannot reach Redis at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause, retryable: true });
  }
}

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** For a BullMQ Worker: commands wait for reconnection (`maxRetriesPerRequest: null`). @defaultValue false (a command fails after one retry) */
  forWorker?: boolean;
  /** Longest wait for the first connection. @defaultValue 3000 */
  connectTimeoutMs?: number;
}

/** The URL without its password, for messages. */
function displayUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/u, (_match, credentials: string) => `//${credentials.split(':')[0] ?? ''}:***@`);
}

/**
 * Connects to Redis and waits until it is ready. The first connection is tried once (throws
 * {@link RedisUnavailableError}); once connected, the client reconnects on its own.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<Redis> {
  let connected = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 3_000,
    maxRetriesPerRequest: options.forWorker ? null : 1,
    retryStrategy: (times) => (connected ? Math.min(times * 200, 5_000) : null),
  });
  // Without a listener ioredis prints errors to the console; the first one says why connecting failed.
  let firstError: unknown;
  redis.on('error', (error: unknown) => {
    firstError ??= error;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailableError(displayUrl(url), firstError ?? error);
  }
  connected = true;
  return redis;
}
