/**
 * `npm run bench:broadcast -- [--chats 1000] [--only steady|crash|two] [--cluster]`: the broadcast targets
 * against the fake Telegram Bot API of the tests enforcing 30 messages a second (in a worker
 * thread), with the real worker processes (`scripts/start-worker.ts`):
 * - steady: one worker process sends to N chats: total time against the ideal N/30 s, 429 share;
 * - crash: the worker process is killed half-way and another takes over: none lost, duplicates;
 * - two: two worker processes share the one limit: total time, 429 share.
 * The processes use the default key prefix, so the benchmark runs in Redis database 11 of
 * REDIS_URL's server, emptied before and after. With `--cluster`, every scenario runs again on a
 * three-master Redis Cluster started on loopback ports for the run (test/helpers/redis-cluster.ts),
 * each figure labelled with its Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createConfig } from '../common/index.js';
import { connectRedis, createBroadcastService, DEFAULT_KEY_PREFIX, keyPrefixFor, scanKeys, type RedisConnection } from '../jobs/index.js';
import { startFakeTelegramThread, type FakeTelegramThread } from '../test/fakes/fake-telegram-thread.js';
import { startRedisCluster, type RedisCluster } from '../test/helpers/redis-cluster.js';
import { runScript } from './run-script.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const TOKEN = '123456789:AAbenchmarkTokenForTheFakeTelegramApi';
const PER_SECOND = 30;
const DATABASE = 11;

/** The Redis URL of the benchmark's own database on REDIS_URL's server. */
function benchUrl(): string {
  const url = new URL(createConfig(process.env).redisUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/** Starts `npm run start:worker` (node with tsx's loader, so that a kill reaches it); resolves once its workers run. */
async function startWorkerProcess(apiRoot: string, redisUrl: string): Promise<ChildProcess> {
  const env = { ...process.env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, REDIS_URL: redisUrl, WORKER_LOCK_MS: '2000', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-worker.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker process did not start:\n${logs}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      logs += chunk.toString('utf8');
      if (logs.includes('"msg":"Workers started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`The worker process exited (${code}):\n${logs}`)));
  });
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}

/** Queues one notice to `chats` group chats; returns when it was queued (epoch ms). */
async function sendNotice(redis: RedisConnection, chats: number): Promise<number> {
  const service = createBroadcastService({ connection: redis });
  try {
    const queuedAt = performance.timeOrigin + performance.now();
    const targets = Array.from({ length: chats }, (_, i) => `telegram:-${100_000 + i}`);
    await service.send({ text: `Thông báo thử ${queuedAt}`, targets, cellOf: {} });
    return queuedAt;
  } finally {
    await service.close();
  }
}

/** Waits until the fake has accepted messages for `count` distinct chats; returns seconds since `since`. */
async function reached(fake: FakeTelegramThread, count: number, since: number): Promise<number> {
  while (new Set(fake.sends.map((send) => send.chatId)).size < count) await new Promise((resolve) => setTimeout(resolve, 100));
  return (fake.sends.at(-1)!.at - since) / 1000;
}

/** Distinct chats reached, duplicates, and the 429 share. */
async function tally(fake: FakeTelegramThread): Promise<string> {
  const distinct = new Set(fake.sends.map((send) => send.chatId)).size;
  const { throttled } = await fake.stats();
  const attempts = fake.sends.length + throttled;
  return `reached ${distinct}, twice ${fake.sends.length - distinct}, 429 answers ${throttled} (${((100 * throttled) / attempts).toFixed(2)} % of sends)`;
}

/** Deletes every key under the default prefix (hash-tagged on a cluster). */
async function empty(redis: RedisConnection): Promise<void> {
  for await (const keys of scanKeys(redis, `${keyPrefixFor(redis, DEFAULT_KEY_PREFIX)}:*`, 1000)) await redis.unlink(...keys);
}

/** The Redis a scenario runs on: a label for its figures and its URL. */
interface Deployment {
  label: string;
  url: string;
}

async function scenario(
  deployment: Deployment,
  name: string,
  run: (fake: FakeTelegramThread, redis: RedisConnection, url: string) => Promise<string>,
): Promise<void> {
  const { label, url } = deployment;
  const redis = await connectRedis(url, { forWorker: true });
  await empty(redis);
  const fake = await startFakeTelegramThread({ token: TOKEN, limits: { perSecond: PER_SECOND } });
  try {
    console.log(`${label} ${name}: ${await run(fake, redis, url)}; ${await tally(fake)}`);
  } finally {
    await fake.close();
    await empty(redis);
    redis.disconnect();
  }
}

await runScript(async () => {
  const { values } = parseArgs({
    options: { chats: { type: 'string', default: '1000' }, only: { type: 'string' }, cluster: { type: 'boolean', default: false } },
  });
  const chats = Number(values.chats);
  const ideal = chats / PER_SECOND;
  const wanted = (part: string) => values.only === undefined || values.only === part;
  console.log(`Broadcast to ${chats} chats, fake Telegram enforcing ${PER_SECOND} messages a second: ideal ${ideal.toFixed(1)} s (target within 1.2×)`);

  const deployments: Deployment[] = [{ label: '[one server]', url: benchUrl() }];
  let cluster: RedisCluster | undefined;
  try {
    if (values.cluster) {
      cluster = await startRedisCluster();
      deployments.push({ label: '[cluster of 3]', url: cluster.url });
    }
    for (const deployment of deployments) {
      if (wanted('steady')) {
        await scenario(deployment, 'One worker process', async (fake, redis, url) => {
          const worker = await startWorkerProcess(fake.apiRoot, url);
          try {
            const seconds = await reached(fake, chats, await sendNotice(redis, chats));
            return `${seconds.toFixed(1)} s (${(seconds / ideal).toFixed(2)}× ideal)`;
          } finally {
            await stop(worker, 'SIGTERM');
          }
        });
      }
      if (wanted('crash')) {
        await scenario(deployment, 'Worker process killed half-way, a new one takes over', async (fake, redis, url) => {
          const first = await startWorkerProcess(fake.apiRoot, url);
          try {
            await reached(fake, Math.floor(chats / 2), await sendNotice(redis, chats));
          } finally {
            await stop(first, 'SIGKILL');
          }
          const second = await startWorkerProcess(fake.apiRoot, url);
          try {
            await reached(fake, chats, 0);
            return `killed after ${Math.floor(chats / 2)} chats, finished by a new process`;
          } finally {
            await stop(second, 'SIGTERM');
          }
        });
      }
      if (wanted('two')) {
        await scenario(deployment, 'Two worker processes sharing the limit', async (fake, redis, url) => {
          const workers = await Promise.all([startWorkerProcess(fake.apiRoot, url), startWorkerProcess(fake.apiRoot, url)]);
          try {
            const seconds = await reached(fake, chats, await sendNotice(redis, chats));
            return `${seconds.toFixed(1)} s (${(seconds / ideal).toFixed(2)}× ideal)`;
          } finally {
            await Promise.all(workers.map((worker) => stop(worker, 'SIGTERM')));
          }
        });
      }
    }
  } finally {
    await cluster?.stop();
  }
});
