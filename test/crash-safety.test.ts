/**
 * Scheduling and notices survive a crash at any point: commit, replace and send are cut after
 * every few bytes they write to Redis (a proxy drops the connection there), and what is left is
 * always the old state or the new one, or is completed at worker start (missing reminders queued
 * again, notices stored but not queued queued).
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessenger, silentLogger } from '../common/index.js';
import { createEventStore, ENDED_EVENT_KEPT_MS, reminderJobId, type EventPlan } from '../jobs/index.js';
import { readReminderJob, type LegacyReminderJobData, type ReminderJobData } from '../jobs/reminders/reminder-jobs.js';
import { createReminderService } from '../jobs/reminders/reminder-service.js';
import { createReminderWorker } from '../jobs/reminders/reminder-worker.js';
import { DateTime } from 'luxon';
import { createBroadcastService, NOTICE_QUEUE } from '../jobs/notices/broadcast-service.js';
import { startCuttingRedisProxy, type CuttingRedisProxy } from './fakes/cutting-redis-proxy.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';

const NOW = new Date('2026-11-21T10:00:00+07:00');
const CHAT = 'telegram:501';
const QUEUE = 'reminders';
/** Cut points tried across the bytes a change writes. */
const STEPS = 100;

let redis: Redis;
let proxy: CuttingRedisProxy;
const prefixes: string[] = [];

beforeAll(async () => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  proxy = await startCuttingRedisProxy();
});

afterAll(async () => {
  for (const prefix of prefixes) {
    await deleteKeysUnder(redis, prefix);
  }
  await redis.quit();
  await proxy.close();
});

function newPrefix(): string {
  const prefix = `test-crash-${randomUUID().slice(0, 8)}`;
  prefixes.push(prefix);
  return prefix;
}

/** What a chat's schedule looks like in Redis: each listed event with the reminders queued for it. */
async function stateOf(prefix: string): Promise<{ listed: string[]; active: string[]; queuedFor: Record<string, string[]> }> {
  const listed = await redis.zrange(`${prefix}:chat-events:${CHAT}`, '0', '-1');
  const records = await redis.keys(`${prefix}:event:*`);
  const active: string[] = [];
  const store = createEventStore(redis, { prefix });
  for (const key of records.filter((key) => !key.endsWith(':jobs'))) {
    const event = await store.get(key.slice(`${prefix}:event:`.length));
    if (event?.status === 'active') active.push(event.id);
  }
  const queue = new Queue(QUEUE, { connection: redis, prefix });
  const jobs = await queue.getDelayed();
  await queue.close();
  const queuedFor: Record<string, string[]> = {};
  for (const job of jobs) {
    const { eventId, offset } = readReminderJob(job.data as ReminderJobData | LegacyReminderJobData);
    (queuedFor[eventId] ??= []).push(offset);
  }
  for (const offsets of Object.values(queuedFor)) offsets.sort();
  return { listed: listed.sort(), active: active.sort(), queuedFor };
}

/** A service whose every write goes through the cutting proxy; nothing retried after the cut. */
async function serviceThroughProxy(prefix: string) {
  const connection = await throughProxy();
  const service = createReminderService({ connection, prefix, now: () => NOW });
  return {
    service,
    close: async () => {
      await service.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

/**
 * Runs `change` once uncut to measure the bytes it writes, then again (each time on a fresh prefix
 * prepared by `prepare`) cut at evenly spread points of that span, and checks every outcome.
 */
async function cutEverywhere(
  prepare: (prefix: string) => Promise<void>,
  change: (service: ReturnType<typeof createReminderService>) => Promise<unknown>,
  check: (state: Awaited<ReturnType<typeof stateOf>>, cutAt: number) => void,
): Promise<number> {
  const measure = newPrefix();
  await prepare(measure);
  proxy.cutAfter(Infinity);
  const uncut = await serviceThroughProxy(measure);
  await uncut.service.list(CHAT); // the queue's scripts are loaded before the span measured
  const start = proxy.written;
  await change(uncut.service);
  const span = proxy.written - start;
  await uncut.close();
  check(await stateOf(measure), Infinity);
  let tried = 0;
  for (let step = 0; step <= STEPS; step += 1) {
    const prefix = newPrefix();
    await prepare(prefix);
    proxy.cutAfter(Infinity);
    const cutting = await serviceThroughProxy(prefix);
    await cutting.service.list(CHAT);
    proxy.cutAfter(proxy.written + Math.round((span * step) / STEPS));
    await change(cutting.service).catch(() => undefined);
    await cutting.close();
    proxy.cutAfter(Infinity);
    check(await stateOf(prefix), step);
    tried += 1;
  }
  return tried;
}

/** A connection through the proxy that gives up at the cut. */
async function throughProxy(): Promise<Redis> {
  const connection = new Redis({ host: '127.0.0.1', port: proxy.port, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  connection.on('error', () => undefined);
  await connection.connect();
  return connection;
}

async function planFor(prefix: string, text: string, options = {}): Promise<EventPlan> {
  const service = createReminderService({ connection: redis, prefix, now: () => NOW });
  try {
    return await service.plan(CHAT, text, options);
  } finally {
    await service.close();
  }
}

describe('crash-safe scheduling', () => {
  it('a commit cut anywhere leaves no event, or the event with all its reminders queued', async () => {
    const plan = await planFor(newPrefix(), 'họp chi bộ 19h30 thứ năm tuần sau');
    let newStates = 0;
    const tried = await cutEverywhere(
      async () => undefined,
      (service) => service.commit(plan),
      (state) => {
        if (state.listed.length === 0) {
          expect(state.active).toEqual([]);
          return;
        }
        newStates += 1;
        expect(state.active).toEqual(state.listed);
        expect(state.queuedFor[state.listed[0]!]).toEqual(['0', '1d', '2h', '3d']);
      },
    );
    expect(tried).toBe(STEPS + 1);
    expect(newStates).toBeGreaterThan(1);
  }, 60_000);

  it('a replace cut anywhere leaves the old event with its reminders, or the new one with its own', async () => {
    const oldText = 'họp chi bộ 19h30 thứ năm tuần sau';
    const newText = 'họp chi bộ 19h30 thứ sáu tuần sau tại hội trường';
    const plans = new Map<string, string>();
    const prepare = async (prefix: string) => {
      const service = createReminderService({ connection: redis, prefix, now: () => NOW });
      plans.set(prefix, (await service.commit(await service.plan(CHAT, oldText))).id);
      await service.close();
    };
    const newPlan = await planFor(newPrefix(), newText);
    let oldStates = 0;
    let newStates = 0;
    await cutEverywhere(
      prepare,
      async (service) => {
        const [oldId] = (await service.list(CHAT)).map((event) => event.id);
        return service.replace(oldId!, newPlan);
      },
      (state) => {
        expect(state.listed).toHaveLength(1);
        expect(state.active).toEqual(state.listed);
        const id = state.listed[0]!;
        expect(state.queuedFor[id]).toEqual(['0', '1d', '2h', '3d']);
        if ([...plans.values()].includes(id)) oldStates += 1;
        else newStates += 1;
      },
    );
    expect(oldStates).toBeGreaterThan(1);
    expect(newStates).toBeGreaterThan(1);
  }, 60_000);

  it('a change of reminders alone (the same event) removes the reminders no longer asked for', async () => {
    const prefix = newPrefix();
    const service = createReminderService({ connection: redis, prefix, now: () => NOW });
    const first = await service.commit(await service.plan(CHAT, 'họp chi bộ 19h30 thứ năm tuần sau', { reminders: '1d,2h' }));
    const changed = await service.replace(first.id, await service.plan(CHAT, 'họp chi bộ 19h30 thứ năm tuần sau', { reminders: '1d', base: first.event }));
    await service.close();
    expect(changed.id).toBe(first.id);
    expect((await stateOf(prefix)).queuedFor).toEqual({ [first.id]: ['1d'] });
    expect(await redis.smembers(`${prefix}:event:${first.id}:jobs`)).toEqual([reminderJobId(first.id, DateTime.fromISO('2026-11-26T19:30:00+07:00'), '1d')]);
  });
});

describe('reconciling at worker start', () => {
  it('queues again the lost reminders of active events, once, and lets ended one-off events expire', async () => {
    const prefix = newPrefix();
    const service = createReminderService({ connection: redis, prefix, now: () => NOW });
    const monthly = await service.schedule(CHAT, 'sinh hoạt chi bộ ngày 4 hằng tháng lúc 19h');
    const oneOff = await service.schedule(CHAT, 'kiểm tra 8h ngày 23/11', { reminders: '1d' });
    await service.close();
    const queue = new Queue(QUEUE, { connection: redis, prefix });
    // A Redis restored from an older snapshot: the monthly meeting's reminders are gone.
    const lost = (await queue.getDelayed()).filter((job) => readReminderJob(job.data as ReminderJobData).eventId === monthly.id);
    expect(lost.length).toBeGreaterThan(0);
    for (const job of lost) await job.remove();
    const worker = (at: Date) =>
      createReminderWorker({ connection: redis, prefix, messenger: createMessenger([]), logger: silentLogger(), now: () => at, concurrency: 1 });
    const first = worker(NOW);
    await first.worker.pause();
    expect(await first.reconcile()).toEqual({ events: 2, requeued: lost.length, retired: 0 });
    expect((await stateOf(prefix)).queuedFor[monthly.id]).toHaveLength(lost.length);
    expect(await first.reconcile()).toEqual({ events: 2, requeued: 0, retired: 0 });
    await first.close();
    // After the inspection, with its reminder gone: the one-off event is kept 30 days, then expires.
    await queue.remove(reminderJobId(oneOff.id, DateTime.fromISO(oneOff.start, { setZone: true }), '1d'));
    const later = worker(new Date('2026-11-24T09:00:00+07:00'));
    await later.worker.pause();
    expect(await later.reconcile()).toMatchObject({ events: 2, retired: 1 });
    // 30 days from its end, counted by the worker's clock (a day and an hour after the end): whatever today's date.
    const ttl = await redis.pttl(`${prefix}:event:${oneOff.id}`);
    const expected = ENDED_EVENT_KEPT_MS - 25 * 3600 * 1000;
    expect(ttl).toBeGreaterThan(expected - 60_000);
    expect(ttl).toBeLessThanOrEqual(expected);
    await later.close();
    await queue.close();
  });
});

describe('crash-safe notices', () => {
  it('a notice stored when its sender crashed is queued at worker start, once, with every target', async () => {
    const draft = { text: 'Thông báo họp toàn đảng bộ', targets: ['telegram:-1001', 'telegram:-1002', 'zalo:abc'], cellOf: {} };
    const noticeId = 'abcd1234';
    const measured = newPrefix();
    proxy.cutAfter(Infinity);
    const measuring = await throughProxy();
    const uncut = createBroadcastService({ connection: measuring, prefix: measured, newNoticeId: () => noticeId });
    const start = proxy.written;
    await uncut.send(draft);
    const span = proxy.written - start;
    await uncut.close();
    measuring.disconnect();
    let queuedAtStart = 0;
    for (let step = 0; step <= STEPS; step += 5) {
      const prefix = newPrefix();
      const connection = await throughProxy();
      const cutting = createBroadcastService({ connection, prefix, newNoticeId: () => noticeId });
      proxy.cutAfter(proxy.written + Math.round((span * step) / STEPS));
      await cutting.send(draft).catch(() => undefined);
      await cutting.close().catch(() => undefined);
      connection.disconnect();
      proxy.cutAfter(Infinity);
      // The worker's start, over a sound connection.
      const restarted = createBroadcastService({ connection: redis, prefix });
      queuedAtStart += await restarted.queueUnqueued();
      expect(await restarted.queueUnqueued()).toBe(0);
      await restarted.close();
      if ((await redis.exists(`${prefix}:notice:${noticeId}`)) === 0) continue;
      const reports = new Queue(NOTICE_QUEUE, { connection: redis, prefix });
      const report = await reports.getJob(`notice-${noticeId}`);
      expect(report, `cut at step ${step}`).toBeDefined();
      expect((await report!.getDependencies()).unprocessed).toHaveLength(draft.targets.length);
      await reports.close();
    }
    expect(queuedAtStart).toBeGreaterThan(0);
  }, 60_000);
});
