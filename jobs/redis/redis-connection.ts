/**
 * Opening an ioredis client, to one server or to a Redis Cluster, that fails fast with one clear
 * error when Redis cannot be reached; the keys' default prefix.
 */
import { Cluster, Redis } from 'ioredis';
import { AppError, readRedisUrl } from '../../common/index.js';

/** A connection to one Redis server or to a Redis Cluster: what every store, queue and worker takes. */
export type RedisConnection = Redis | Cluster;

/** The prefix of every key when none is given (on a cluster, hash-tagged: see {@link keyPrefixFor}). */
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
  /**
   * Commands issued in one turn of the event loop go to the server in one write (ioredis's
   * `enableAutoPipelining`): for many concurrent callers of simple commands, never for BullMQ's
   * connections. @defaultValue false
   */
  autoPipelining?: boolean;
}

/** The URL without its password, for messages. */
function displayUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/u, (_match, credentials: string) => `//${credentials.split(':')[0] ?? ''}:***@`);
}

/**
 * Connects to Redis and waits until it is ready: one server for `redis://` and `rediss://`, a
 * cluster for `redis+cluster://host:port,host:port` (see common/redis-url.ts). The first
 * connection is tried once (throws {@link RedisUnavailableError}); once connected, the client
 * reconnects on its own.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisConnection> {
  let connected = false;
  const retry = (times: number) => (connected ? Math.min(times * 200, 5_000) : null);
  const connectTimeout = options.connectTimeoutMs ?? 3_000;
  const maxRetriesPerRequest = options.forWorker ? null : 1;
  const enableAutoPipelining = options.autoPipelining ?? false;
  let target;
  try {
    target = readRedisUrl(url);
  } catch (error) {
    throw new RedisUnavailableError(displayUrl(url), error);
  }
  const redis: RedisConnection =
    target.kind === 'server'
      ? new Redis(url, { lazyConnect: true, connectTimeout, maxRetriesPerRequest, retryStrategy: retry, enableAutoPipelining })
      : new Cluster(target.nodes, {
          lazyConnect: true,
          enableAutoPipelining,
          clusterRetryStrategy: retry,
          slotsRefreshTimeout: connectTimeout,
          redisOptions: {
            connectTimeout,
            maxRetriesPerRequest,
            ...(target.username ? { username: target.username } : {}),
            ...(target.password ? { password: target.password } : {}),
            ...(target.tls ? { tls: {} } : {}),
          },
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
    // A cluster's refusal ("None of startup nodes is available") says more than its first error event.
    throw new RedisUnavailableError(displayUrl(url), target.kind === 'cluster' ? error : (firstError ?? error));
  }
  connected = true;
  return redis;
}
