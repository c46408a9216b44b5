/**
 * `npm run bench:reminders -- [--held 100000] [--due 100000] [--chats 10000] [--workers 2] [--lead S] [--only held|due] [--cluster]`:
 * the reminder engine's targets, against the local Redis (REDIS_URL); with `--cluster`, then again
 * on a three-master Redis Cluster started on loopback ports for the run (test/helpers/redis-cluster.ts),
 * each figure labelled with its Redis:
 * - scheduling throughput: events a second through the reminder service (plan, store, enqueue),
 *   one at a time and 32 at once (under a key prefix of its own, deleted afterwards);
 * - memory: Redis `used_memory` growth per reminder with `--held` future reminders held;
 * - delivery: `--due` reminders due within one minute (spread evenly over it) over `--chats`
 *   chats, sent by `--workers` real worker processes (`scripts/start-worker.ts`) through the
 *   Telegram channel to the fake Bot API (in a worker thread, no limits): p50/p99 lateness (send
 *   accepted by the fake − due time), none lost, none twice. The processes use the default key
 *   prefix, so on one server this part runs in Redis database 12 of REDIS_URL's server, emptied
 *   before and after. The minute starts `--lead` seconds after scheduling begins (default: enough
 *   for scheduling at 700 events a second, as on two cores shared with other work, and 20 s). The workers' send budget
 *   (`TELEGRAM_SENDS_PER_SECOND`) is set to the fake's pace: twice the rate the minute needs (at
 *   most 10,000 a second), so that every reminder still draws from it but it is not what limits them.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { createConfig } from '../common/index.js';
import {
  connectRedis,
  createReminderService,
  DEFAULT_KEY_PREFIX,
  keyPrefixFor,
  scanKeys,
  type EventPlan,
  type RedisConnection,
  type ReminderService,
} from '../jobs/index.js';
import { startFakeTelegramThread } from '../test/fakes/fake-telegram-thread.js';
import { startRedisCluster, type RedisCluster } from '../test/helpers/redis-cluster.js';
import { percentile } from './bench-stats.js';
import { runScript } from './run-script.js';
import { BENCH_TOKEN, cpuSeconds, residentMiB, startWorkerProcess, stopProcess } from './worker-process.js';

const ZONE = 'Asia/Ho_Chi_Minh';
const DATABASE = 12;

/** The Redis URL of the delivery part's own database on REDIS_URL's server. */
function benchUrl(): string {
  const url = new URL(createConfig(process.env).redisUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

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

/** Commits `count` plans, `parallel` at a time; returns events a second. */
async function commitMany(service: ReminderService, count: number, parallel: number, make: (i: number) => EventPlan): Promise<number> {
  const started = performance.now();
  let next = 0;
  async function lane(): Promise<void> {
    for (let i = next++; i < count; i = next++) await service.commit(make(i));
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return count / ((performance.now() - started) / 1000);
}

interface DueOptions {
  due: number;
  chats: number;
  workers: number;
  /** Seconds from the start of scheduling to the start of the minute the reminders are due in. */
  leadSeconds: number;
}

async function benchDue(label: string, url: string, options: DueOptions): Promise<void> {
  const { due, chats, workers } = options;
  const redis = await connectRedis(url);
  await deletePrefix(redis, DEFAULT_KEY_PREFIX);
  const fake = await startFakeTelegramThread({ token: BENCH_TOKEN });
  const service = createReminderService({ connection: redis });
  // The fake has no limits: the budget is twice the minute's rate, so that it is drawn from but does not hold the reminders back.
  const sendsPerSecond = Math.min(10_000, Math.ceil(due / 60) * 2);
  // Started first, so that their check at start has nothing to reconcile.
  const children = await Promise.all(
    Array.from({ length: workers }, () => startWorkerProcess(fake.apiRoot, url, { TELEGRAM_SENDS_PER_SECOND: String(sendsPerSecond) })),
  );
  try {
    const windowStart = Math.ceil((Date.now() + options.leadSeconds * 1000) / 1000) * 1000;
    const dueAt = (i: number) => windowStart + Math.floor((i * 60_000) / due);
    // Plans made here, not read from phrases: what is measured is delivery. Each meeting is reminded an hour before.
    const plan = (i: number): EventPlan => ({
      chat: `telegram:-100${i % chats}`,
      kind: 'meeting',
      title: `Họp chi bộ nhóm ${i}`,
      start: DateTime.fromMillis(dueAt(i) + 3_600_000, { zone: ZONE }).toISO()!,
      allDay: false,
      rrule: null,
      timeZone: ZONE,
      reminders: ['1h'],
      ambiguous: [],
      reminderTimes: [],
    });
    const rate = await commitMany(service, due, 64, plan);
    const spare = (windowStart - Date.now()) / 1000;
    console.log(
      `${label} delivery: ${due} reminders over ${chats} chats scheduled (${rate.toFixed(0)} events/s), due evenly over the minute from ${DateTime.fromMillis(windowStart, { zone: ZONE }).toFormat('HH:mm:ss')}, ${spare.toFixed(0)} s after scheduling ended; ${workers} worker processes, send budget ${sendsPerSecond} a second`,
    );
    if (spare < 0) console.log(`  scheduling ran into the minute: the figures below are not valid, run again with a larger --lead`);

    const cpuBefore = children.map((child) => cpuSeconds(child.pid));
    const rss: number[][] = children.map(() => []);
    const sampler = setInterval(() => children.forEach((child, index) => rss[index]!.push(residentMiB(child.pid))), 5_000);
    const deadline = windowStart + 120_000;
    const texts = new Set<string>();
    let counted = 0;
    const reached = () => {
      for (; counted < fake.sends.length; counted += 1) texts.add(fake.sends[counted]!.text);
      return texts.size;
    };
    while (reached() < due && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    clearInterval(sampler);
    const cpuUsed = children.map((child, index) => cpuSeconds(child.pid) - cpuBefore[index]!);

    const lateness: number[] = [];
    const bySlice: number[][] = Array.from({ length: 6 }, () => []);
    for (const send of fake.sends) {
      const index = /nhóm (\d+)/u.exec(send.text)?.[1];
      if (index === undefined) continue;
      const late = Math.round(send.at - dueAt(Number(index)));
      lateness.push(late);
      bySlice[Math.min(5, Math.floor((dueAt(Number(index)) - windowStart) / 10_000))]!.push(late);
    }
    lateness.sort((a, b) => a - b);
    for (const slice of bySlice) slice.sort((a, b) => a - b);
    const distinct = new Set(fake.sends.map((send) => send.text)).size;
    const last = fake.sends.reduce((latest, send) => Math.max(latest, send.at), 0);
    console.log(
      `  lateness p50 ${percentile(lateness, 0.5)} ms, p99 ${percentile(lateness, 0.99)} ms, max ${lateness.at(-1)} ms (goal p99 ≤ 1000 ms); last sent ${((last - windowStart) / 1000).toFixed(1)} s into the minute`,
    );
    console.log(`  p99 by 10 s of the minute: ${bySlice.map((slice) => `${percentile(slice, 0.99)} ms`).join(', ')}`);
    console.log(`  sent ${fake.sends.length}, distinct ${distinct}, lost ${due - distinct}, twice ${fake.sends.length - distinct}`);
    const cpuTotal = cpuUsed.reduce((sum, seconds) => sum + seconds, 0);
    console.log(
      `  worker CPU (user + system): ${cpuUsed.map((seconds) => `${seconds.toFixed(1)} s`).join(' | ')} → ${((cpuTotal * 1000) / due).toFixed(2)} ms a reminder`,
    );
    console.log(`  worker resident memory (MiB, every 5 s): ${rss.map((samples) => samples.map((mib) => mib.toFixed(0)).join(' ')).join(' | ')}`);
  } finally {
    await Promise.all(children.map((child) => stopProcess(child, 'SIGTERM')));
    await service.close();
    await fake.close();
    await deletePrefix(redis, DEFAULT_KEY_PREFIX);
    redis.disconnect();
  }
}

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      held: { type: 'string', default: '100000' },
      due: { type: 'string', default: '100000' },
      chats: { type: 'string', default: '10000' },
      workers: { type: 'string', default: '2' },
      lead: { type: 'string' },
      only: { type: 'string' },
      cluster: { type: 'boolean', default: false },
    },
  });
  const due = Number(values.due);
  const dueOptions: DueOptions = {
    due,
    chats: Number(values.chats),
    workers: Number(values.workers),
    leadSeconds: values.lead === undefined ? Math.ceil(due / 700) + 20 : Number(values.lead),
  };
  const deployments = [{ label: '[one server]', url: createConfig(process.env).redisUrl, dueUrl: benchUrl() }];
  let cluster: RedisCluster | undefined;
  try {
    if (values.cluster) {
      cluster = await startRedisCluster();
      deployments.push({ label: '[cluster of 3]', url: cluster.url, dueUrl: cluster.url });
    }
    for (const { label, url, dueUrl } of deployments) {
      if (values.only !== 'due') {
        const redis = await connectRedis(url);
        try {
          await benchHeld(label, redis, Number(values.held), Number(values.chats));
        } finally {
          redis.disconnect();
        }
      }
      if (values.only !== 'held') await benchDue(label, dueUrl, dueOptions);
    }
  } finally {
    await cluster?.stop();
  }
});
