/**
 * `npm run bench:broadcast -- [--chats 1000] [--only steady|crash|two] [--cluster]`: the broadcast targets
 * against the fake Telegram Bot API of the tests enforcing 30 messages a second (in a worker
 * thread), with the real worker processes (`scripts/start-worker.ts`):
 * - steady: one worker process sends to N chats: total time against the ideal N/30 s, 429 share;
 * - crash: the worker process is killed half-way and another takes over: none lost, duplicates;
 * - two: two worker processes share the one limit: total time, 429 share.
 * Each notice's fan-out time (stored and every chat queued), the send rate from the first chat
 * reached to the last against the limit, and the worker processes' resident memory every 10 s are
 * printed too.
 * The processes use the default key prefix, so the benchmark runs in Redis database 11 of
 * REDIS_URL's server, emptied before and after. With `--cluster`, every scenario runs again on a
 * three-master Redis Cluster started on loopback ports for the run (test/helpers/redis-cluster.ts),
 * each figure labelled with its Redis.
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createConfig } from '../common/index.js';
import { connectRedis, createBroadcastService, DEFAULT_KEY_PREFIX, keyPrefixFor, scanKeys, type RedisConnection } from '../jobs/index.js';
import { startFakeTelegramThread, type FakeTelegramThread } from '../test/fakes/fake-telegram-thread.js';
import { startRedisCluster, type RedisCluster } from '../test/helpers/redis-cluster.js';
import { runScript } from './run-script.js';
import { BENCH_TOKEN, residentMiB, startWorkerProcess as startWorker, stopProcess as stop } from './worker-process.js';

const PER_SECOND = 30;
const DATABASE = 11;

/** The Redis URL of the benchmark's own database on REDIS_URL's server. */
function benchUrl(): string {
  const url = new URL(createConfig(process.env).redisUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/** A worker process as this benchmark runs it: locks of 2 s, so that a killed one's jobs are taken over soon. */
function startWorkerProcess(apiRoot: string, redisUrl: string): Promise<ChildProcess> {
  return startWorker(apiRoot, redisUrl, { WORKER_LOCK_MS: '2000' });
}

/** Resident memory of the worker processes every 10 s while `run` runs, one line per process. */
async function sampled<T>(children: readonly ChildProcess[], run: () => Promise<T>): Promise<{ result: T; memory: string }> {
  const samples: number[][] = children.map(() => []);
  const take = () => children.forEach((child, index) => samples[index]!.push(residentMiB(child.pid)));
  take();
  const timer = setInterval(take, 10_000);
  try {
    const result = await run();
    take();
    return {
      result,
      memory: samples.map((series, index) => `worker ${index + 1} RSS MiB every 10 s: ${series.map((mib) => mib.toFixed(0)).join(' ')}`).join('; '),
    };
  } finally {
    clearInterval(timer);
  }
}

/** Queues one notice to `chats` group chats; returns when it was queued (epoch ms) and how long queueing took (s). */
async function sendNotice(redis: RedisConnection, chats: number): Promise<{ queuedAt: number; queueSeconds: number }> {
  const service = createBroadcastService({ connection: redis });
  try {
    const queuedAt = performance.timeOrigin + performance.now();
    const targets = Array.from({ length: chats }, (_, i) => `telegram:-${100_000 + i}`);
    await service.send({ text: `Thông báo thử ${queuedAt}`, targets, cellOf: {} });
    return { queuedAt, queueSeconds: (performance.timeOrigin + performance.now() - queuedAt) / 1000 };
  } finally {
    await service.close();
  }
}

/** Waits until the fake has accepted messages for `count` distinct chats; returns seconds since `since`. */
async function reached(fake: FakeTelegramThread, count: number, since: number): Promise<number> {
  while (new Set(fake.sends.map((send) => send.chatId)).size < count) await new Promise((resolve) => setTimeout(resolve, 100));
  return (fake.sends.at(-1)!.at - since) / 1000;
}

/** The send rate from the first message accepted to the last, against the limit. */
function sendRate(fake: FakeTelegramThread): string {
  const seconds = (fake.sends.at(-1)!.at - fake.sends[0]!.at) / 1000;
  const perSecond = (fake.sends.length - 1) / seconds;
  return `sending ${perSecond.toFixed(1)} messages/s (${((100 * perSecond) / PER_SECOND).toFixed(1)} % of the limit)`;
}

/** One notice to every chat through `children`: fan-out time, total time against the ideal, send rate, memory. */
async function broadcastThrough(fake: FakeTelegramThread, redis: RedisConnection, chats: number, children: readonly ChildProcess[]): Promise<string> {
  const { result, memory } = await sampled(children, async () => {
    const { queuedAt, queueSeconds } = await sendNotice(redis, chats);
    return { queueSeconds, seconds: await reached(fake, chats, queuedAt) };
  });
  const ideal = chats / PER_SECOND;
  return `fan-out queued in ${result.queueSeconds.toFixed(2)} s; ${result.seconds.toFixed(1)} s (${(result.seconds / ideal).toFixed(2)}× ideal), ${sendRate(fake)}; ${memory}`;
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
  const fake = await startFakeTelegramThread({ token: BENCH_TOKEN, limits: { perSecond: PER_SECOND } });
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
            return await broadcastThrough(fake, redis, chats, [worker]);
          } finally {
            await stop(worker, 'SIGTERM');
          }
        });
      }
      if (wanted('crash')) {
        await scenario(deployment, 'Worker process killed half-way, a new one takes over', async (fake, redis, url) => {
          const first = await startWorkerProcess(fake.apiRoot, url);
          try {
            await reached(fake, Math.floor(chats / 2), (await sendNotice(redis, chats)).queuedAt);
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
            return await broadcastThrough(fake, redis, chats, workers);
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
