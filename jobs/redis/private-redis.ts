/**
 * A Redis for a fresh machine: when nothing answers at a local REDIS_URL and a `redis-server`
 * binary is on PATH, one is started for this process, its data under DATA_DIR (append-only file
 * on), and stopped on exit. A cluster URL (`redis+cluster://`) is only checked, never started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { readRedisUrl, type Logger } from '../../common/index.js';
import { connectRedis } from './redis-connection.js';

/** What {@link ensureRedis} found or started. */
export interface RedisAvailability {
  /** 'external': something answered at the URL; 'private': started here; 'none': no Redis. */
  kind: 'external' | 'private' | 'none';
  /** Stops the private server (nothing otherwise). */
  stop(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The first executable `name` on PATH. */
function onPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const redis = await connectRedis(url, { connectTimeoutMs: timeoutMs });
    redis.disconnect();
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks REDIS_URL; starts a private `redis-server` when nothing answers there, the URL is local
 * and the binary exists. Logs one line saying which.
 */
export async function ensureRedis(url: string, dataDir: string, logger: Logger): Promise<RedisAvailability> {
  const none: RedisAvailability = { kind: 'none', stop: async () => undefined };
  if (await answers(url, 1_000)) return { kind: 'external', stop: async () => undefined };
  const target = readRedisUrl(url);
  // A cluster is never started here: its nodes are the operator's.
  const parsed = target.kind === 'server' ? new URL(url) : undefined;
  const binary = onPath('redis-server');
  if (!parsed || !LOCAL_HOSTS.has(parsed.hostname) || !binary || parsed.password) {
    logger.warn(
      { redis: parsed ? `${parsed.hostname}:${parsed.port || 6379}` : url.replace(/\/\/[^@/]*@/u, '//') },
      'No Redis answers at REDIS_URL and none can be started here: questions work; scheduling, reminders and notices need Redis',
    );
    return none;
  }
  const directory = path.resolve(dataDir, 'redis');
  mkdirSync(directory, { recursive: true });
  const port = parsed.port || '6379';
  const child: ChildProcess = spawn(
    binary,
    ['--port', port, '--bind', '127.0.0.1', '--dir', directory, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = once(child, 'exit');
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && child.exitCode === null && !(await answers(url, 500))) await new Promise((resolve) => setTimeout(resolve, 100));
  if (child.exitCode !== null || !(await answers(url, 500))) {
    child.kill('SIGKILL');
    logger.warn({ port }, 'A private redis-server could not be started: questions work; scheduling, reminders and notices need Redis');
    return none;
  }
  logger.info({ port, dir: directory }, 'Started a private redis-server (append-only file on); it stops with this process');
  return {
    kind: 'private',
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
