/**
 * A real Redis Cluster for tests and benchmarks: three masters from the machine's `redis-server`
 * on free loopback ports, joined by `redis-cli --cluster create`, nothing kept on disk.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort, until } from '../fakes/test-helpers.js';

/**
 * The environment of the servers and of redis-cli: this process's, without libfaketime (CI's date
 * guard runs the tests a year ahead; a cluster's bus and redis-cli's waits need the real clock, as
 * the machine's own Redis has).
 */
function realClockEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'LD_PRELOAD' && !key.startsWith('FAKETIME')));
}

const run = (binary: string, args: readonly string[]) => promisify(execFile)(binary, args, { env: realClockEnv() });

/** A running cluster of three masters. */
export interface RedisCluster {
  /** Its `REDIS_URL`: `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`. */
  url: string;
  /** The masters' client ports. */
  ports: number[];
  /** A new cluster client (`maxRetriesPerRequest: null`, as BullMQ workers need); the caller closes it. */
  client(): Cluster;
  /** Stops the three servers and removes their folder. */
  stop(): Promise<void>;
}

/** Runs `binary --version`, failing with a message that says what to install. */
async function requireBinary(binary: string): Promise<void> {
  await run(binary, ['--version']).catch((error: unknown) => {
    throw new Error(`${binary} is needed to start a Redis Cluster for the tests (apt-get install redis-server): ${(error as Error).message}`);
  });
}

/** Starts one cluster-enabled redis-server; its bus on `busPort`. */
function startNode(directory: string, port: number, busPort: number): ChildProcess {
  const args = [
    ...['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', directory],
    ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000'],
    ...['--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', `redis-${port}.log`],
  ];
  return spawn('redis-server', args, { stdio: 'ignore', env: realClockEnv() });
}

/** Whether the server on `port` answers `check` with a reply containing `expected`. */
async function nodeSays(port: number, check: (redis: Redis) => Promise<string>, expected: string): Promise<boolean> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await check(redis)).includes(expected);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts a three-master Redis Cluster on loopback ports chosen free, and waits until every node
 * reports `cluster_state:ok`. Throws a plain error when redis-server or redis-cli is missing or a
 * node does not start; what was started is stopped then.
 */
export async function startRedisCluster(): Promise<RedisCluster> {
  await Promise.all([requireBinary('redis-server'), requireBinary('redis-cli')]);
  const directory = await mkdtemp(path.join(tmpdir(), 'pca-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const killAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  // A test process that dies leaves no servers behind.
  process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
    await rm(directory, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 3; i += 1) {
      const [port, busPort] = [await freePort(), await freePort()];
      ports.push(port);
      children.push(startNode(directory, port, busPort));
    }
    for (const [index, port] of ports.entries()) {
      await until(async () => {
        if (children[index]!.exitCode !== null) throw new Error(`redis-server could not start on port ${port} (see ${directory}/redis-${port}.log)`);
        return nodeSays(port, (redis) => redis.ping(), 'PONG');
      }, 10_000);
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']).catch(
      (error: { stdout?: string; message: string }) => {
        throw new Error(`redis-cli --cluster create failed: ${error.stdout ?? ''}${error.message}`);
      },
    );
    for (const port of ports) await until(() => nodeSays(port, async (redis) => String(await redis.cluster('INFO')), 'cluster_state:ok'), 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`,
    ports,
    client: () =>
      new Cluster(
        ports.map((port) => ({ host: '127.0.0.1', port })),
        { redisOptions: { maxRetriesPerRequest: null } },
      ),
    stop,
  };
}
