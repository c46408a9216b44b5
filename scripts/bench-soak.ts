/**
 * `npm run bench:soak -- [--minutes 8] [--cluster]`: the whole bot under a steady load, against the fake
 * Telegram Bot API of the tests enforcing 30 messages a second (and 1 a second per chat, 20 a
 * minute per group), in a worker thread. The bot is `npm start`'s application in this process
 * (channel by long polling, reminder and broadcast workers, HTTP with `/metrics`), on Redis
 * database 9 of REDIS_URL's server (its own: the tests use 10 and 12-15, the broadcast bench 11,
 * the reminders bench empties 12), emptied before and after and held by a claim key so that a second soak refuses to start
 * instead of wiping this one's jobs; with `--cluster`, on a three-master Redis Cluster started on
 * loopback ports for the run instead (test/helpers/redis-cluster.ts). The load: 100 members asking 10 questions a second in all, a
 * reminder every 20 s, a notice to 150 groups every 2 minutes. Printed: 429 answers by kind (from
 * `/metrics`) and at the fake; each notice's time against the ideal for the capacity the other
 * messages left over; answer latency (question pushed → answer accepted by the fake) p50/p99
 * overall and during notice bursts; lost and duplicated messages, a lost reminder with its job's state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { createApp } from '../bot/index.js';
import { createConfig, silentLogger } from '../common/index.js';
import { Queue } from 'bullmq';
import {
  connectRedis,
  createBroadcastService,
  createReminderService,
  DEFAULT_KEY_PREFIX,
  DEFAULT_REMINDER_QUEUE,
  keyPrefixFor,
  reminderJobId,
  scanKeys,
  type RedisConnection,
} from '../jobs/index.js';
import { startFakeTelegramThread } from '../test/fakes/fake-telegram-thread.js';
import { freePort } from '../test/fakes/test-helpers.js';
import { startRedisCluster } from '../test/helpers/redis-cluster.js';
import { percentile } from './bench-stats.js';
import { runScript } from './run-script.js';

const TOKEN = '123456789:AAsoakTokenForTheFakeTelegramApi';
const PER_SECOND = 30;
const DATABASE = 9;
/** The key that says a soak runs on the database (outside the app's prefix, so emptying leaves it). */
const CLAIM_KEY = 'bench-soak:running';
const MEMBERS = 100;
const QUESTIONS_PER_SECOND = 10;
const REMINDER_EVERY_MS = 20_000;
const NOTICE_EVERY_MS = 120_000;
const NOTICE_GROUPS = 150;
const ZONE = 'Asia/Ho_Chi_Minh';
const QUESTIONS = [
  'Đảng viên phải đóng đảng phí như thế nào?',
  'Chi bộ sinh hoạt định kỳ mấy lần một tháng?',
  'Thời hạn dự bị của đảng viên là bao lâu?',
  'Đảng viên có những nhiệm vụ gì?',
  'Ai được giới thiệu người vào Đảng?',
];

/** The Redis URL of the benchmark's own database on REDIS_URL's server. */
function benchUrl(): string {
  const url = new URL(createConfig(process.env).redisUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/** Deletes every key under the default prefix. */
async function empty(redis: RedisConnection): Promise<void> {
  for await (const keys of scanKeys(redis, `${keyPrefixFor(redis, DEFAULT_KEY_PREFIX)}:*`, 1000)) await redis.unlink(...keys);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${Math.round(value)} ms`;

await runScript(async () => {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '8' }, cluster: { type: 'boolean', default: false } } });
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got ${values.minutes}`);
  const durationMs = minutes * 60_000;
  // A cluster of its own is this soak's alone; a database of the shared server is claimed first.
  const cluster = values.cluster ? await startRedisCluster() : undefined;
  const url = cluster?.url ?? benchUrl();
  const redis = await connectRedis(url, { forWorker: true });
  // Another soak on the same database would empty it under this one and take its jobs.
  if ((await redis.set(CLAIM_KEY, String(process.pid), 'PX', durationMs + 300_000, 'NX')) !== 'OK') {
    const holder = await redis.get(CLAIM_KEY);
    redis.disconnect();
    await cluster?.stop();
    throw new Error(`another soak (process ${holder}) runs on database ${DATABASE}: wait for it to end, or delete the key ${CLAIM_KEY} there if it died`);
  }
  await empty(redis);
  const fake = await startFakeTelegramThread({ token: TOKEN, limits: { perSecond: PER_SECOND } });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pca-soak-'));
  const port = await freePort();
  const config = createConfig({
    ...process.env,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    REDIS_URL: url,
    DATA_DIR: dataDir,
    PORT: String(port),
  });
  const app = await createApp({ config, logger: silentLogger() });
  const reminders = createReminderService({ connection: redis });
  const broadcasts = createBroadcastService({ connection: redis });
  try {
    await app.start();
    console.log(
      `${cluster ? '[cluster of 3]' : '[one server]'} Soak of ${minutes} min against a fake Telegram enforcing ${PER_SECOND} messages a second: ${QUESTIONS_PER_SECOND} questions a second from ${MEMBERS} members, a reminder every ${REMINDER_EVERY_MS / 1000} s, a notice to ${NOTICE_GROUPS} groups every ${NOTICE_EVERY_MS / 60_000} min`,
    );
    const started = Date.now();
    const asked = new Map<number, number[]>();
    const scheduled: { chat: number; dueAt: number; jobId: string }[] = [];
    const notices: { text: string; queuedAt: number }[] = [];
    let nextMessageId = 1;

    async function ask(): Promise<void> {
      for (let n = 0; Date.now() - started < durationMs; n += 1) {
        const member = 1 + (n % MEMBERS);
        const text = QUESTIONS[n % QUESTIONS.length]!;
        const chat = { id: member, type: 'private', first_name: `Member ${member}` };
        const update = {
          message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: { id: member, is_bot: false, first_name: 'Member' }, text },
        };
        asked.set(member, [...(asked.get(member) ?? []), Date.now()]);
        fake.worker.postMessage({ push: update });
        await sleep(started + ((n + 1) * 1000) / QUESTIONS_PER_SECOND - Date.now());
      }
    }

    async function remind(): Promise<void> {
      for (let n = 0; ; n += 1) {
        const due = DateTime.fromMillis(started + (n + 1) * REMINDER_EVERY_MS, { zone: ZONE });
        if (+due - started >= durationMs) return;
        // A meeting at the minute after the reminder is due, reminded the right number of seconds before
        // ("sáng" before noon: a meeting at 01h00 without it is read as 13:00).
        const start = due.startOf('minute').plus({ minutes: 1 });
        const chat = -900_000 - n;
        const seconds = Math.round((+start - +due) / 1000);
        const offset = seconds === 0 ? '0' : `${seconds}s`;
        const when = start.toFormat(start.hour < 12 ? "HH'h'mm 'sáng' dd/MM/yyyy" : "HH'h'mm dd/MM/yyyy");
        const event = await reminders.schedule(`telegram:${chat}`, `họp chi bộ soak ${n} ${when}`, { reminders: offset });
        if (+DateTime.fromISO(event.start) !== +start || event.reminders.length !== 1)
          throw new Error(`the soak's meeting ${n} was read as ${event.start} with ${event.reminders.length} reminders, not ${start.toISO()} with one`);
        scheduled.push({ chat, dueAt: Date.parse(event.reminders[0]!), jobId: reminderJobId(event.id, start, offset) });
      }
    }

    async function notify(): Promise<void> {
      for (let n = 0; n * NOTICE_EVERY_MS + 30_000 < durationMs; n += 1) {
        await sleep(started + n * NOTICE_EVERY_MS + 30_000 - Date.now());
        const text = `Thông báo soak số ${n + 1}: họp toàn đảng bộ.`;
        const targets = Array.from({ length: NOTICE_GROUPS }, (_, i) => `telegram:-${100_000 + i}`);
        notices.push({ text, queuedAt: Date.now() });
        await broadcasts.send({ text, targets, cellOf: {} });
      }
    }

    await Promise.all([ask(), remind(), notify()]);
    // What is still queued goes out: answers, notices, and every reminder due (a minute past the last at most).
    const questions = [...asked.values()].reduce((sum, times) => sum + times.length, 0);
    const deadline = Math.max(Date.now(), ...scheduled.map(({ dueAt }) => dueAt)) + 60_000;
    const answersIn = () => fake.sends.filter((send) => send.chatId > 0).length;
    const noticesIn = () => fake.sends.filter((send) => send.text.includes('Thông báo soak')).length;
    const remindersIn = () => new Set(fake.sends.filter((send) => scheduled.some(({ chat }) => chat === send.chatId)).map((send) => send.chatId)).size;
    while (Date.now() < deadline && (answersIn() < questions || noticesIn() < notices.length * NOTICE_GROUPS || remindersIn() < scheduled.length))
      await sleep(200);
    // Late duplicates, if any, have time to show.
    await sleep(2_000);

    // 429s: by kind as /metrics shows them, and as the fake counted them.
    const exposed = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const byKind = [...exposed.matchAll(/^pca_rate_limited_total\{platform="telegram",kind="(\w+)"\} (\d+)/gmu)].map(([, kind, count]) => `${kind} ${count}`);
    const { throttled } = await fake.stats();
    console.log(`429 answers: ${throttled} at the fake; by kind in /metrics: ${byKind.length > 0 ? byKind.join(', ') : 'none'}`);

    // Notices: time to the last group against the ideal for what the other messages left over.
    const bursts: [number, number][] = [];
    for (const notice of notices) {
      const copies = fake.sends.filter((send) => send.text.includes(notice.text.slice(0, 40)));
      const groups = new Set(copies.map((send) => send.chatId)).size;
      const done = Math.max(...copies.map((send) => send.at));
      bursts.push([notice.queuedAt, done]);
      const seconds = (done - notice.queuedAt) / 1000;
      const others = fake.sends.filter((send) => send.at >= notice.queuedAt && send.at <= done && !send.text.includes('Thông báo soak')).length;
      const leftOver = PER_SECOND - others / seconds;
      const ideal = NOTICE_GROUPS / leftOver;
      console.log(
        `notice "${notice.text.slice(0, 20)}…": ${groups}/${NOTICE_GROUPS} groups, ${copies.length - groups} twice, ${seconds.toFixed(1)} s; other messages ${(others / seconds).toFixed(1)}/s left ${leftOver.toFixed(1)}/s: ideal ${ideal.toFixed(1)} s (${(seconds / ideal).toFixed(2)}×)`,
      );
    }

    // Answers: the k-th answer to a member is the answer to its k-th question.
    const latencies: { ms: number; during: boolean }[] = [];
    let lost = 0;
    let twice = 0;
    for (const [member, times] of asked) {
      const answers = fake.sends.filter((send) => send.chatId === member).map((send) => send.at);
      lost += Math.max(0, times.length - answers.length);
      twice += Math.max(0, answers.length - times.length);
      times.forEach((at, k) => {
        if (answers[k] !== undefined) latencies.push({ ms: answers[k] - at, during: bursts.some(([from, to]) => at >= from && at <= to) });
      });
    }
    const sorted = (list: { ms: number }[]) => list.map((each) => each.ms).sort((a, b) => a - b);
    const all = sorted(latencies);
    const during = sorted(latencies.filter((each) => each.during));
    console.log(
      `answers: ${latencies.length}/${questions}, lost ${lost}, twice ${twice}; latency p50 ${ms(percentile(all, 0.5))}, p99 ${ms(percentile(all, 0.99))}, max ${ms(all.at(-1) ?? NaN)}; during notice bursts (${during.length}) p50 ${ms(percentile(during, 0.5))}, p99 ${ms(percentile(during, 0.99))}, max ${ms(during.at(-1) ?? NaN)}`,
    );
    // Reminders: each chat had one, due at its time; a lost one is shown with what became of its job.
    const reminded = scheduled.map(({ chat, dueAt, jobId }) => ({
      chat,
      jobId,
      lateness: fake.sends.filter((send) => send.chatId === chat).map((send) => send.at - dueAt),
    }));
    const lateness = reminded.flatMap((each) => each.lateness.slice(0, 1)).sort((a, b) => a - b);
    const lostReminders = reminded.filter((each) => each.lateness.length === 0);
    console.log(
      `reminders: ${reminded.length - lostReminders.length}/${reminded.length} sent, lost ${lostReminders.length}, twice ${reminded.filter((each) => each.lateness.length > 1).length}; lateness p50 ${ms(percentile(lateness, 0.5))}, max ${ms(lateness.at(-1) ?? NaN)}`,
    );
    if (lostReminders.length > 0) {
      const queue = new Queue(DEFAULT_REMINDER_QUEUE, { connection: redis, prefix: keyPrefixFor(redis, DEFAULT_KEY_PREFIX) });
      for (const { chat, jobId } of lostReminders) console.log(`  lost reminder to ${chat}: job ${jobId} ${await queue.getJobState(jobId)}`);
      await queue.close();
    }
  } finally {
    await app.stop();
    await Promise.all([reminders.close(), broadcasts.close()]);
    await fake.close();
    await empty(redis);
    await redis.del(CLAIM_KEY);
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
    await cluster?.stop();
  }
});
