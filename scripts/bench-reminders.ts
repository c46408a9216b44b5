/**
 * `npm run bench:reminders -- [--held 100000] [--due 10000] [--chats 1000] [--concurrency 50] [--cluster]`:
 * the reminder engine's targets, against the local Redis (REDIS_URL) under a key prefix of its
 * own, deleted afterwards; with `--cluster`, then again on a three-master Redis Cluster started on
 * loopback ports for the run (test/helpers/redis-cluster.ts), each figure labelled with its Redis:
 * - scheduling throughput: events a second through the reminder service (plan, store, enqueue),
 *   one at a time and 32 at once;
 * - memory: Redis `used_memory` growth per reminder with `--held` future reminders held;
 * - delivery: `--due` reminders due within the same minute over `--chats` chats, sent by one
 *   worker through the Telegram channel to the fake Bot API (in a worker thread, no limits):
 *   p50/p99 lateness (send acknowledged − due time), none lost, none twice.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { createConversation, createTelegramChannel } from '../bot/index.js';
import { createMessenger } from '../common/index.js';
import { createConfig, silentLogger } from '../common/index.js';
import {
  connectRedis,
  createReminderService,
  createReminderWorker,
  keyPrefixFor,
  scanKeys,
  type RedisConnection,
  type ReminderService,
} from '../jobs/index.js';
import { startFakeTelegramThread } from '../test/fakes/fake-telegram-thread.js';
import { startRedisCluster, type RedisCluster } from '../test/helpers/redis-cluster.js';
import { percentile } from './bench-stats.js';
import { runScript } from './run-script.js';

const TOKEN = '123456789:AAbenchmarkTokenForTheFakeTelegramApi';
const ZONE = 'Asia/Ho_Chi_Minh';

/** "họp chi bộ nhóm xbc 19h30 25/12/2027": a distinct title per `n`, in letters (digits would read as dates). */
function phrase(n: number, start: DateTime): string {
  let letters = '';
  for (let rest = n; letters === '' || rest > 0; rest = Math.floor(rest / 26)) letters = String.fromCharCode(97 + (rest % 26)) + letters;
  return `họp chi bộ nhóm x${letters} ${start.toFormat("HH'h'mm dd/MM/yyyy")}`;
}

/** Redis `used_memory`, summed over a cluster's masters. */
async function usedMemory(redis: RedisConnection): Promise<number> {
  const nodes = redis.isCluster ? (redis as Exclude<RedisConnection, Redis>).nodes('master') : [redis as Redis];
  const infos = await Promise.all(nodes.map((node) => node.info('memory')));
  return infos.reduce((sum, info) => sum + Number(/used_memory:(\d+)/u.exec(info)?.[1] ?? NaN), 0);
}

async function deletePrefix(redis: RedisConnection, prefix: string): Promise<void> {
  for await (const keys of scanKeys(redis, `${keyPrefixFor(redis, prefix)}:*`, 1000)) await redis.unlink(...keys);
}

/** Schedules `count` events, `parallel` at a time; returns events a second. */
async function scheduleMany(service: ReminderService, count: number, parallel: number, make: (i: number) => [string, string, string]): Promise<number> {
  const started = performance.now();
  let next = 0;
  async function lane(): Promise<void> {
    for (let i = next++; i < count; i = next++) {
      const [chat, text, reminders] = make(i);
      await service.schedule(chat, text, { reminders });
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return count / ((performance.now() - started) / 1000);
}

async function benchHeld(label: string, redis: RedisConnection, held: number, chats: number): Promise<void> {
  const prefix = `bench-held-${randomUUID().slice(0, 8)}`;
  const service = createReminderService({ connection: redis, prefix });
  try {
    const start = DateTime.now().setZone(ZONE).plus({ months: 6 }).set({ hour: 19, minute: 30, second: 0, millisecond: 0 });
    const perEvent = 4;
    const events = Math.ceil(held / perEvent);
    const before = await usedMemory(redis);
    const chatOf = (i: number) => `telegram:-100${i % chats}`;
    const sequential = await scheduleMany(service, Math.min(2_000, events), 1, (i) => [chatOf(i), phrase(i, start), '3d,1d,2h,0']);
    const parallel = await scheduleMany(service, events - Math.min(2_000, events), 32, (i) => [chatOf(i), phrase(i + 2_000, start), '3d,1d,2h,0']);
    const after = await usedMemory(redis);
    console.log(
      `${label} scheduling: ${sequential.toFixed(0)} events/s one at a time, ${parallel.toFixed(0)} events/s with 32 at once (each event: parse, store, 4 delayed jobs)`,
    );
    console.log(
      `${label} memory: ${events * perEvent} future reminders (${events} events) hold ${((after - before) / 2 ** 20).toFixed(1)} MiB of Redis → ${((after - before) / (events * perEvent)).toFixed(0)} bytes a reminder, event record included`,
    );
  } finally {
    await service.close();
    await deletePrefix(redis, prefix);
  }
}

async function benchDue(label: string, redis: RedisConnection, worker: RedisConnection, due: number, chats: number, concurrency: number): Promise<void> {
  const prefix = `bench-due-${randomUUID().slice(0, 8)}`;
  const fake = await startFakeTelegramThread({ token: TOKEN });
  const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
  const conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger() });
  const channel = createTelegramChannel({ token: config.telegram!.token, apiRoot: config.telegram!.apiRoot, conversation, logger: silentLogger() });
  const service = createReminderService({ connection: redis, prefix });
  try {
    // Every reminder is due within one minute that starts well after scheduling has finished.
    const windowStart = DateTime.now().setZone(ZONE).startOf('minute').plus({ minutes: 2 });
    const start = windowStart.plus({ minutes: 1 });
    const lead = (i: number) => `${60 - Math.floor((i * 60) / due)}s`;
    const rate = await scheduleMany(service, due, 32, (i) => [`telegram:-100${i % chats}`, phrase(i, start), lead(i)]);
    console.log(
      `${label} delivery: ${due} reminders over ${chats} chats scheduled (${rate.toFixed(0)} events/s), due ${windowStart.toFormat('HH:mm:ss')}–${start.toFormat('HH:mm:ss')}`,
    );

    const lateness: number[] = [];
    const started = createReminderWorker({ connection: worker, prefix, messenger: createMessenger([channel]), logger: silentLogger(), concurrency });
    started.worker.on('completed', (job) => lateness.push(Date.now() - Date.parse(job.data.dueAt)));
    const deadline = +start + 60_000;
    while (lateness.length < due && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await started.close();

    const distinct = new Set(fake.sends.map((send) => `${send.chatId}\n${send.text}`)).size;
    lateness.sort((a, b) => a - b);
    console.log(
      `  lateness p50 ${percentile(lateness, 0.5)} ms, p99 ${percentile(lateness, 0.99)} ms, max ${lateness.at(-1)} ms (goal p99 < 1000 ms), worker concurrency ${concurrency}`,
    );
    console.log(`  sent ${fake.sends.length}, distinct ${distinct}, lost ${due - distinct}, twice ${fake.sends.length - distinct}`);
  } finally {
    await service.close();
    await fake.close();
    await deletePrefix(redis, prefix);
  }
}

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      held: { type: 'string', default: '100000' },
      due: { type: 'string', default: '10000' },
      chats: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '50' },
      only: { type: 'string' },
      cluster: { type: 'boolean', default: false },
    },
  });
  const deployments = [{ label: '[one server]', url: createConfig(process.env).redisUrl }];
  let cluster: RedisCluster | undefined;
  try {
    if (values.cluster) {
      cluster = await startRedisCluster();
      deployments.push({ label: '[cluster of 3]', url: cluster.url });
    }
    for (const { label, url } of deployments) {
      const redis = await connectRedis(url);
      const worker = await connectRedis(url, { forWorker: true });
      try {
        if (values.only !== 'due') await benchHeld(label, redis, Number(values.held), Number(values.chats));
        if (values.only !== 'held') await benchDue(label, redis, worker, Number(values.due), Number(values.chats), Number(values.concurrency));
      } finally {
        redis.disconnect();
        worker.disconnect();
      }
    }
  } finally {
    await cluster?.stop();
  }
});
