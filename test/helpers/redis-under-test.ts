/** The two Redis deployments the Redis-backed tests run on: the local server, and a cluster of their own. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { RedisConnection } from '../../jobs/index.js';
import { startRedisCluster, type RedisCluster } from './redis-cluster.js';

/** Where the Redis-backed tests run: the local server or a cluster. */
export type RedisKind = 'server' | 'cluster';

/** One Redis deployment under test. */
export interface TestRedis {
  kind: RedisKind;
  /** Its `REDIS_URL`, for scripts and child processes (valid once the tests run). */
  url(): string;
  /** A new client (`maxRetriesPerRequest: null`); the caller closes it. */
  client(): RedisConnection;
}

/**
 * The local Redis at 127.0.0.1:6379, or a cluster started before the tests of the calling
 * `describe` and stopped after them.
 */
export function redisUnderTest(kind: RedisKind): TestRedis {
  if (kind === 'server') {
    return {
      kind,
      url: () => 'redis://127.0.0.1:6379',
      client: () => new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null }),
    };
  }
  let cluster: RedisCluster | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => cluster?.stop());
  const started = () => {
    if (!cluster) throw new Error('the Redis Cluster has not started');
    return cluster;
  };
  return {
    kind,
    url: () => started().url,
    client: () => started().client(),
  };
}
