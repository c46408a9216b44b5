/**
 * Keys on one server and on a cluster. On a Redis Cluster a MULTI, a Lua script and a BullMQ flow
 * may only touch keys of one hash slot, so there every key of a deployment (its records and its
 * BullMQ queues) carries the prefix as a hash tag: `{pca}:event:…`, `{pca}:reminders:…`. One
 * server keeps the plain prefix (`pca:event:…`), so that data written before stays where it is.
 */
import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX, type RedisConnection } from './redis-connection.js';

/** True when `prefix` already holds a hash tag (a non-empty `{…}`), which decides the slot. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  return open >= 0 && prefix.indexOf('}', open + 1) > open + 1;
}

/**
 * The key prefix to use on `connection`: `prefix` itself on one server; on a cluster, `{prefix}`
 * (unless it has a hash tag already), so that all of the deployment's keys share one slot.
 */
export function keyPrefixFor(connection: RedisConnection, prefix: string = DEFAULT_KEY_PREFIX): string {
  return connection.isCluster && !hasHashTag(prefix) ? `{${prefix}}` : prefix;
}

/** The servers to scan: the server itself, or every master of a cluster (SCAN sees one node's keys). */
function scannedNodes(connection: RedisConnection): Redis[] {
  return connection.isCluster ? (connection as Exclude<RedisConnection, Redis>).nodes('master') : [connection as Redis];
}

/** Every key matching `pattern`, in batches, on one server or on every master of a cluster. */
export async function* scanKeys(connection: RedisConnection, pattern: string, count = 500): AsyncGenerator<string[]> {
  for (const node of scannedNodes(connection)) {
    for await (const batch of node.scanStream({ match: pattern, count }) as AsyncIterable<string[]>) if (batch.length > 0) yield batch;
  }
}
