/**
 * What a `REDIS_URL` names: one Redis server (`redis://…`, `rediss://…`, read by ioredis as
 * always), or a Redis Cluster through some of its nodes: `redis+cluster://[user:password@]host:port,host:port,…`
 * (`rediss+cluster://` for TLS). Any reachable node is enough to find the others; naming a few
 * keeps the start working while one is down.
 */

/** One node of a cluster. */
export interface RedisNode {
  host: string;
  port: number;
}

/** A `REDIS_URL`, read. */
export type RedisTarget =
  | {
      kind: 'server';
      /** The URL as given, for ioredis. */
      url: string;
      /** The password in the URL, if any (decoded). */
      password?: string;
    }
  | {
      kind: 'cluster';
      /** The nodes named, in order. */
      nodes: RedisNode[];
      username?: string;
      password?: string;
      /** `rediss+cluster://`: every node over TLS. */
      tls: boolean;
    };

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#@]+)\/?$/u;
const NODE = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/iu;

/**
 * Reads a `REDIS_URL`; throws a `TypeError` saying what is wrong with it. A cluster's nodes take
 * port 6379 when none is given; a cluster has no database number.
 */
export function readRedisUrl(url: string): RedisTarget {
  const cluster = CLUSTER_URL.exec(url);
  if (!cluster) {
    if (!/^rediss?:\/\/\S+$/u.test(url))
      throw new TypeError(`"${url.replace(/\/\/([^:/@]*):[^@/]*@/u, '//$1:***@')}" is not a redis:// or redis+cluster:// URL`);
    let password: string | undefined;
    try {
      password = decodeURIComponent(new URL(url).password) || undefined;
    } catch {
      // ioredis reads more forms than the URL parser accepts; then there is no password to find.
    }
    return { kind: 'server', url, ...(password ? { password } : {}) };
  }
  const [, scheme, username, password, hosts] = cluster;
  const nodes = hosts!.split(',').map((node): RedisNode => {
    const parts = NODE.exec(node.trim());
    const port = Number(parts?.[2] ?? 6379);
    if (!parts || port < 1 || port > 65535) throw new TypeError(`"${node}" is not a cluster node such as 127.0.0.1:7000`);
    return { host: parts[1]!.replace(/^\[|\]$/gu, ''), port };
  });
  return {
    kind: 'cluster',
    nodes,
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    tls: scheme === 'rediss',
  };
}
