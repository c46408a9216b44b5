import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Queue, type Job } from 'bullmq';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation, createTelegramChannel } from '../bot/index.js';
import { createMessenger, type Messenger } from '../common/index.js';
import { createLogger, silentLogger, type Logger } from '../common/index.js';
import { InvalidChatError } from '../common/index.js';
import { EventNotFoundError, InvalidRemindersError, keyPrefixFor, ScheduleRefusedError, type RedisConnection } from '../jobs/index.js';
import { DEFAULT_REMINDER_QUEUE, reminderJobId, type LegacyReminderJobData, type ReminderJobData } from '../jobs/reminders/reminder-jobs.js';
import { parseReminderOffsets } from '../jobs/reminders/reminder-offsets.js';
import { ATTENDANCE_HINT, reminderText } from '../jobs/reminders/reminder-texts.js';
import { createOrgRegistry, type OrgRegistry } from '../jobs/cells/org-registry.js';
import { createReminderService, type ReminderService } from '../jobs/reminders/reminder-service.js';
import { createReminderWorker, type ReminderOutcome, type ReminderWorker } from '../jobs/reminders/reminder-worker.js';
import { FAKE_BOT, FAKE_TELEGRAM_FAILURES, startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { deleteKeysUnder, until } from './fakes/test-helpers.js';
import { redisUnderTest, type TestRedis } from './helpers/redis-under-test.js';

const run = promisify(execFile);
const conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger() });

/** Everything a test opened, closed and deleted afterwards. */
interface TestContext {
  prefix: string;
  queueName: string;
  redis: RedisConnection;
  closers: (() => Promise<void>)[];
}

let context: TestContext | undefined;

afterEach(async () => {
  if (!context) return;
  const { redis, prefix, closers } = context;
  for (const close of closers.reverse()) await close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
  context = undefined;
});

function setUp(target: TestRedis): TestContext {
  const id = randomUUID().slice(0, 8);
  context = {
    prefix: `test-reminders-${id}`,
    queueName: `reminders-${id}`,
    redis: target.client(),
    closers: [],
  };
  return context;
}

/** A clock that reads `iso` now and runs at real speed (BullMQ delays are real time). */
function clockAt(iso: string): () => Date {
  const skew = Date.parse(iso) - Date.now();
  return () => new Date(Date.now() + skew);
}

function service(test: TestContext, now: () => Date): ReminderService {
  const created = createReminderService({ connection: test.redis, prefix: test.prefix, queueName: test.queueName, now });
  test.closers.push(() => created.close());
  return created;
}

function queue(test: TestContext, name = test.queueName): Queue<ReminderJobData | LegacyReminderJobData> {
  const opened = new Queue<ReminderJobData | LegacyReminderJobData>(name, { connection: test.redis, prefix: keyPrefixFor(test.redis, test.prefix) });
  test.closers.push(() => opened.close());
  return opened;
}

async function telegramMessenger(test: TestContext): Promise<{ telegram: FakeTelegram; messenger: Messenger }> {
  const telegram = await startFakeTelegram();
  test.closers.push(() => telegram.close());
  const channel = createTelegramChannel({ token: telegram.token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
  return { telegram, messenger: createMessenger([channel]) };
}

function worker(test: TestContext, messenger: Messenger, now: () => Date, logger: Logger = silentLogger(), registry?: OrgRegistry): ReminderWorker {
  const started = createReminderWorker({
    connection: test.redis,
    prefix: test.prefix,
    queueName: test.queueName,
    messenger,
    logger,
    now,
    ...(registry ? { registry } : {}),
  });
  test.closers.push(() => started.close());
  return started;
}

/** The next job the worker finishes: its outcome, or the error it failed with. */
function nextFinished(reminders: ReminderWorker): Promise<{ job: Job<ReminderJobData | LegacyReminderJobData>; outcome?: ReminderOutcome; error?: Error }> {
  return new Promise((resolve) => {
    reminders.worker.once('completed', (job, outcome) => resolve({ job, outcome }));
    reminders.worker.once('failed', (job, error) => {
      if (job) resolve({ job, error });
    });
  });
}

/** A logger whose lines the test reads. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every delayed reminder of the test's queue is due in real time (as after a downtime). */
async function untilOverdue(test: TestContext): Promise<void> {
  const jobs = await queue(test).getDelayed();
  expect(jobs.length).toBeGreaterThan(0);
  const dueAt = Math.max(...jobs.map((job) => job.timestamp + job.delay));
  await until(() => Date.now() > dueAt + 100, 5_000);
}

describe('reminder offsets', () => {
  it('reads lists, canonical and earliest first, and refuses bad ones in plain words', () => {
    expect(parseReminderOffsets('2h, 3d,0,1d,02h,0m')).toEqual(['3d', '1d', '2h', '0']);
    expect(parseReminderOffsets(['30m', '10s'])).toEqual(['30m', '10s']);
    expect(() => parseReminderOffsets('3x')).toThrow(InvalidRemindersError);
    expect(() => parseReminderOffsets('3x')).toThrow('Invalid reminders "3x": "3x" is not a number followed by d, h, m or s.');
    expect(() => parseReminderOffsets(' , ')).toThrow(/no offset given/);
    expect(() => parseReminderOffsets('5')).toThrow(/"5" has no unit/);
    expect(() => parseReminderOffsets('400d')).toThrow(/more than 366 days/);
  });
});

describe('reminder text', () => {
  it('names the place and agenda, and says how to answer the attendance call where there are no buttons', () => {
    const occurrence = DateTime.fromISO('2026-11-26T19:30:00+07:00', { zone: 'Asia/Ho_Chi_Minh' });
    const event = { kind: 'meeting', title: 'Họp chi bộ', allDay: false, place: 'hội trường', agenda: 'kết nạp đảng viên' } as const;
    expect(reminderText({ event, occurrence, now: occurrence.minus({ hours: 2 }), late: false, buttons: false }).split('\n')).toEqual([
      'Nhắc lịch họp: Họp chi bộ — 19:30 thứ Năm 26/11/2026 (còn 2 giờ)',
      'Địa điểm: hội trường',
      'Nội dung: kết nạp đảng viên',
      'Báo tham dự: gõ /thamdu, hoặc /vang kèm lý do.',
    ]);
  });
});

/** Runs the schedule script against `redisUrl`; its exit code and output. */
const script = (args: string[], env: Record<string, string> = {}, redisUrl = 'redis://127.0.0.1:6379') =>
  run('node_modules/.bin/tsx', ['scripts/schedule.ts', ...args], { env: { ...process.env, REDIS_URL: redisUrl, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe.each(['server', 'cluster'] as const)('on a Redis %s', (kind) => {
  const target = redisUnderTest(kind);

  describe('reminder service', () => {
    it('enqueues one small delayed job per offset: deterministic short ids, ids only as data, no options but the delay', async () => {
      const test = setUp(target);
      const now = new Date('2026-11-21T10:00:00+07:00');
      const reminders = service(test, () => now);
      const scheduled = await reminders.schedule('telegram:501', 'họp chi bộ 19h30 thứ năm tuần sau');
      expect(scheduled).toEqual({
        id: expect.stringMatching(/^ev[0-9a-f]{20}$/),
        start: '2026-11-26T19:30:00+07:00',
        rrule: null,
        reminders: ['2026-11-23T19:30:00+07:00', '2026-11-25T19:30:00+07:00', '2026-11-26T17:30:00+07:00', '2026-11-26T19:30:00+07:00'],
      });
      const jobs = await queue(test).getDelayed();
      const byId = new Map(jobs.map((job) => [job.id, job]));
      const offsets = ['3d', '1d', '2h', '0'];
      const occurrence = DateTime.fromISO('2026-11-26T19:30:00+07:00');
      const ids = offsets.map((offset) => reminderJobId(scheduled.id, occurrence, offset));
      expect([...byId.keys()].sort()).toEqual([...ids].sort());
      expect(new Set(ids).size).toBe(4);
      offsets.forEach((offset, index) => {
        const job = byId.get(ids[index])!;
        expect(job.id).toMatch(/^r[\w-]{15}$/u);
        expect(job.name).toBe('r');
        expect(job.delay).toBe(Date.parse(scheduled.reminders[index]!) - +now);
        expect(job.data).toEqual({ e: scheduled.id, t: +occurrence, o: offset });
      });
      // No stored options but the id and delay, every field of the held job's hash within 64 bytes: Redis keeps it in its compact encoding.
      const key = `${keyPrefixFor(test.redis, test.prefix)}:${test.queueName}:${ids[0]!}`;
      const stored = JSON.parse((await test.redis.hget(key, 'opts'))!) as Record<string, unknown>;
      expect(stored).toMatchObject({ jobId: ids[0], delay: byId.get(ids[0])!.delay });
      for (const option of ['backoff', 'removeOnComplete', 'removeOnFail']) expect(stored).not.toHaveProperty(option);
      expect(await test.redis.object('ENCODING', key)).toBe('listpack');
      // The event's record leaves out its id (the key names it) and the fields at their usual value.
      const record = JSON.parse((await test.redis.get(`${keyPrefixFor(test.redis, test.prefix)}:event:${scheduled.id}`))!) as Record<string, unknown>;
      expect(Object.keys(record).sort()).toEqual(['chat', 'createdAt', 'kind', 'reminders', 'start', 'title']);
      expect(await reminders.get(scheduled.id)).toMatchObject({ id: scheduled.id, allDay: false, rrule: null, timeZone: 'Asia/Ho_Chi_Minh', status: 'active' });
    });

    it('reminds of an all-day report deadline at 08:00, takes custom offsets and skips reminders already past', async () => {
      const test = setUp(target);
      const reminders = service(test, () => new Date('2026-11-21T10:00:00+07:00'));
      const report = await reminders.schedule('zalo:abc', 'nộp báo cáo quý trước ngày 20/12');
      expect(report.reminders).toEqual(['2026-12-13T08:00:00+07:00', '2026-12-17T08:00:00+07:00', '2026-12-19T08:00:00+07:00']);
      const today = await reminders.schedule('zalo:abc', 'họp chi bộ 19h30 hôm nay', { reminders: '1d,2h,30m' });
      expect(today.reminders).toEqual(['2026-11-21T17:30:00+07:00', '2026-11-21T19:00:00+07:00']);
      expect(await queue(test).getDelayedCount()).toBe(5);
      const listed = await reminders.list('zalo:abc');
      expect(listed.map((event) => [event.title, event.next, event.reminders])).toEqual([
        ['Họp chi bộ', '2026-11-21T19:30:00+07:00', ['1d', '2h', '30m']],
        ['Nộp báo cáo quý', '2026-12-20T00:00:00+07:00', ['7d', '3d', '1d']],
      ]);
    });

    it('refuses a phrase without a date or in the past with the parser’s Vietnamese message, and a bad chat', async () => {
      const test = setUp(target);
      const reminders = service(test, () => new Date('2026-11-21T10:00:00+07:00'));
      const noDate = await reminders.schedule('telegram:1', 'họp chi bộ').catch((error: unknown) => error);
      expect(noDate).toBeInstanceOf(ScheduleRefusedError);
      expect(noDate).toMatchObject({ problem: 'no-date', message: expect.stringContaining('Chưa thấy ngày giờ') });
      await expect(reminders.schedule('telegram:1', 'họp chi bộ 8h hôm nay')).rejects.toMatchObject({
        problem: 'past',
        message: expect.stringContaining('đã qua'),
      });
      await expect(reminders.schedule('whatsapp:1', 'họp chi bộ 19h mai')).rejects.toThrow(InvalidChatError);
      expect(await queue(test).getDelayedCount()).toBe(0);
    });

    it('makes the same phrase for the same chat one event whose reminders are never enqueued twice', async () => {
      const test = setUp(target);
      const reminders = service(test, () => new Date('2026-11-21T10:00:00+07:00'));
      const first = await reminders.schedule('telegram:501', 'họp chi bộ 19h30 thứ năm tuần sau');
      const again = await reminders.schedule('telegram:501', 'Họp chi bộ 19h30 thứ năm tuần sau');
      expect(again).toEqual(first);
      expect(await queue(test).getDelayedCount()).toBe(4);
      expect(await reminders.list('telegram:501')).toHaveLength(1);
      const otherChat = await reminders.schedule('telegram:502', 'họp chi bộ 19h30 thứ năm tuần sau');
      expect(otherChat.id).not.toBe(first.id);
      expect(await queue(test).getDelayedCount()).toBe(8);
    });
  });

  describe('reminder worker', () => {
    it('reads an event record and reminder jobs of the shape stored before: sends them once, queues none again, cancels them', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      const now = clockAt('2026-11-25T19:29:58.800+07:00');
      const prefix = keyPrefixFor(test.redis, test.prefix);
      const id = 'ev0123456789abcdef0123';
      const old = {
        id,
        chat: 'telegram:501',
        kind: 'meeting',
        title: 'Họp chi bộ',
        start: '2026-11-26T19:30:00+07:00',
        allDay: false,
        rrule: null,
        reminders: ['1d', '0'],
        timeZone: 'Asia/Ho_Chi_Minh',
        place: 'hội trường',
        createdAt: '2026-11-20T10:00:00+07:00',
        status: 'active',
      };
      // Written by hand as the code before the compact shapes wrote them: the full record, its job ids, its chat's list and its jobs.
      const oldIds = ['1d', '0'].map((offset) => `${id}:20261126T193000+0700:${offset}`);
      await test.redis.set(`${prefix}:event:${id}`, JSON.stringify(old));
      await test.redis.sadd(`${prefix}:event:${id}:jobs`, ...oldIds);
      await test.redis.zadd(`${prefix}:chat-events:telegram:501`, Date.parse(old.start), id);
      const oldOptions = { attempts: 5, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 604_800 } };
      await queue(test).addBulk(
        [
          ['1d', '2026-11-25T19:30:00+07:00'],
          ['0', '2026-11-26T19:30:00+07:00'],
        ].map(([offset, dueAt], index) => ({
          name: 'reminder',
          data: { eventId: id, occurrence: old.start, offset: offset!, dueAt: dueAt! },
          opts: { ...oldOptions, jobId: oldIds[index]!, delay: Date.parse(dueAt!) - +now() },
        })),
      );

      expect(await service(test, now).get(id)).toEqual({ ...old, code: '012345' });
      const started = worker(test, messenger, now);
      const finished = nextFinished(started);
      expect(await started.reconcile()).toMatchObject({ events: 1, requeued: 0 });
      const [sent] = await telegram.waitForCalls('sendMessage', 1, 10_000);
      expect(sent!.params).toMatchObject({ chat_id: '501', text: expect.stringContaining('Họp chi bộ — 19:30 thứ Năm 26/11/2026 (còn 1 ngày)') });
      expect(await finished).toMatchObject({ outcome: 'sent' });
      expect((await queue(test).getDelayed()).map((job) => job.id)).toEqual([oldIds[1]]);
      await service(test, now).cancel(id);
      expect(await queue(test).getDelayedCount()).toBe(0);
      expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(1);
    });

    it('delivers a due reminder through the messenger, in Vietnamese with the weekday and time left', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      const now = clockAt('2026-11-25T19:29:58.800+07:00');
      await service(test, now).schedule('telegram:501', 'họp chi bộ 19h30 mai', { reminders: '1d' });
      const finished = nextFinished(worker(test, messenger, now));
      const [sent] = await telegram.waitForCalls('sendMessage', 1, 10_000);
      expect(sent!.params).toMatchObject({ chat_id: '501', text: `Nhắc lịch họp: Họp chi bộ — 19:30 thứ Năm 26/11/2026 (còn 1 ngày)\n${ATTENDANCE_HINT}` });
      const keyboard = (sent!.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
      expect(keyboard[0]!.map((button) => button.text)).toEqual(['✅ Tham dự', '❌ Vắng']);
      expect(keyboard[0]![0]!.callback_data).toMatch(/^at:ev[a-f0-9]{20}:20261126T1930:y$/);
      expect((await finished).outcome).toBe('sent');
    });

    it('cancelling removes the pending reminders and nothing is sent', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      const now = clockAt('2026-11-26T19:29:59+07:00');
      const reminders = service(test, now);
      const { id, reminders: due } = await reminders.schedule('telegram:501', 'họp chi bộ 19h30 hôm nay');
      expect(due).toEqual(['2026-11-26T19:30:00+07:00']);
      expect(await reminders.cancel(id)).toMatchObject({ id, status: 'cancelled' });
      expect(await queue(test).getDelayedCount()).toBe(0);
      worker(test, messenger, now);
      await sleep(2_000); // past the moment the cancelled reminder was due: a negative check needs a wait
      expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(0);
      expect(await reminders.list('telegram:501')).toEqual([]);
      await expect(reminders.cancel(id)).resolves.toMatchObject({ status: 'cancelled' });
      await expect(reminders.cancel('ev-unknown')).rejects.toThrow(EventNotFoundError);
    });

    it('enqueues the next occurrence of a recurring event after its last reminder', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      const now = clockAt('2026-12-04T18:59:59+07:00');
      const reminders = service(test, now);
      const { id, rrule, reminders: due } = await reminders.schedule('telegram:501', 'sinh hoạt chi bộ ngày 4 hằng tháng lúc 19h');
      expect([rrule, due]).toEqual(['FREQ=MONTHLY;BYMONTHDAY=4', ['2026-12-04T19:00:00+07:00']]);
      const finished = nextFinished(worker(test, messenger, now));
      expect((await finished).outcome).toBe('sent');
      const [sent] = await telegram.waitForCalls('sendMessage', 1);
      expect(sent!.params.text).toBe(`Nhắc lịch họp: Sinh hoạt chi bộ — 19:00 thứ Sáu 04/12/2026 (đến giờ)\n${ATTENDANCE_HINT}`);
      const next = await queue(test).getDelayed();
      const nextOccurrence = DateTime.fromISO('2027-01-04T19:00:00+07:00');
      expect(next.map((job) => job.id).sort()).toEqual(['0', '1d', '2h', '3d'].map((offset) => reminderJobId(id, nextOccurrence, offset)).sort());
      expect(next.find((job) => job.id === reminderJobId(id, nextOccurrence, '3d'))!.data).toEqual({ e: id, t: +nextOccurrence, o: '3d' });
      expect((await reminders.list('telegram:501')).map((event) => event.next)).toEqual(['2027-01-04T19:00:00+07:00']);
    });

    it('retries a send that failed for a passing reason after a backoff, the count of failures carried by the job', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      telegram.failChat(501, { error_code: 500, description: 'Internal Server Error', times: 1 });
      const now = clockAt('2026-11-25T19:29:59.500+07:00');
      const { id } = await service(test, now).schedule('telegram:501', 'họp chi bộ 19h30 mai', { reminders: '1d' });
      const started = worker(test, messenger, now);
      const finished = nextFinished(started);
      const calls = await telegram.waitForCalls('sendMessage', 2, 15_000);
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1_900);
      const { job, outcome } = await finished;
      expect(outcome).toBe('sent');
      expect(job.data).toEqual({ e: id, t: Date.parse('2026-11-26T19:30:00+07:00'), o: '1d', n: 1 });
    });

    it('sends a reminder found overdue after downtime marked late while the event is still ahead', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      await service(test, clockAt('2026-11-26T17:29:59.500+07:00')).schedule('telegram:501', 'họp chi bộ 19h30 hôm nay', { reminders: '2h' });
      await untilOverdue(test);
      // The worker comes back ten minutes after the reminder was due.
      const finished = nextFinished(worker(test, messenger, clockAt('2026-11-26T17:40:00+07:00')));
      expect((await finished).outcome).toBe('sent');
      const [sent] = await telegram.waitForCalls('sendMessage', 1);
      expect(sent!.params.text).toBe(`Nhắc lịch họp: Họp chi bộ — 19:30 thứ Năm 26/11/2026 (còn 1 giờ 50 phút) (nhắc muộn)\n${ATTENDANCE_HINT}`);
    });

    it('drops an overdue reminder when the event has already started, with a log line', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      await service(test, clockAt('2026-11-26T17:29:59.500+07:00')).schedule('telegram:501', 'họp chi bộ 19h30 hôm nay', { reminders: '2h' });
      await untilOverdue(test);
      const { logger, lines } = capturingLogger();
      const finished = nextFinished(worker(test, messenger, clockAt('2026-11-26T19:45:00+07:00'), logger));
      expect((await finished).outcome).toBe('dropped');
      expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(0);
      expect(lines.join('')).toContain('late reminder dropped: the event has already started');
    });

    it('fails a reminder to a chat that is gone without retrying, logging the platform’s reason and telling the cell’s secretaries once', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      telegram.failChat(503, FAKE_TELEGRAM_FAILURES.kicked);
      const registry = createOrgRegistry(test.redis, { prefix: test.prefix });
      const { cell } = await registry.createCell('Chi bộ khu phố 3', 'telegram:1');
      await registry.bindChat('telegram:503', cell.id);
      await registry.setOfficer(cell.id, { person: 'telegram:77', role: 'secretary', name: 'Nguyễn Văn Hai' });
      const now = clockAt('2026-11-26T19:29:58.500+07:00');
      await service(test, now).schedule('telegram:503', 'họp chi bộ 19h30 hôm nay', { reminders: '1s,0' });
      const { logger, lines } = capturingLogger();
      const { job, error } = await nextFinished(worker(test, messenger, now, logger, registry));
      expect(error?.name).toBe('UnrecoverableError');
      expect(job.failedReason).toBe('permanent send failure: Forbidden: bot was kicked from the group chat');
      // The second reminder (offset 0) fails the same way; only then is the secretaries' count final.
      const reminderQueue = queue(test);
      await until(async () => (await reminderQueue.getFailedCount()) === 2);
      const sends = telegram.calls.filter((call) => call.method === 'sendMessage');
      expect(sends.filter((call) => call.params.chat_id === '503')).toHaveLength(2);
      const told = sends.filter((call) => call.params.chat_id === '77');
      expect(told).toHaveLength(1);
      expect(told[0]!.params.text).toContain('Không gửi được lời nhắc "Họp chi bộ" tới nhóm chat của Chi bộ khu phố 3: bot đã bị xóa khỏi nhóm.');
      expect(await job.getState()).toBe('failed');
      const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.level === 50);
      expect(failure).toMatchObject({
        msg: 'reminder not delivered: permanent send failure, not retried',
        reason: 'Forbidden: bot was kicked from the group chat',
        chat: 'telegram:503',
      });
    });

    it('waits as long as a rate-limited platform asks, then delivers', async () => {
      const test = setUp(target);
      const { telegram, messenger } = await telegramMessenger(test);
      telegram.failChat(504, { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1, times: 1 });
      const now = clockAt('2026-11-26T19:29:59.500+07:00');
      await service(test, now).schedule('telegram:504', 'họp chi bộ 19h30 hôm nay');
      const reminders = worker(test, messenger, now);
      const startedAt = performance.now();
      const { outcome } = await new Promise<{ outcome: ReminderOutcome }>((resolve) =>
        reminders.worker.on('completed', (_job, result) => resolve({ outcome: result })),
      );
      expect(outcome).toBe('sent');
      const sends = telegram.calls.filter((call) => call.method === 'sendMessage');
      expect(sends).toHaveLength(2);
      expect(sends[1]!.at - startedAt).toBeGreaterThanOrEqual(1000);
    });
  });

  describe('schedule script', () => {
    it('adds, lists and cancels as the contract says, with the same results whatever the host TZ', async () => {
      const test = setUp(target);
      const add = [
        'add',
        '--prefix',
        test.prefix,
        '--chat',
        'telegram:-100501',
        '--now',
        '2026-11-21T10:00:00+07:00',
        '--reminders',
        '1d,2h',
        'họp chi bộ 19h30 thứ năm tuần sau',
      ];
      const [newYork, utc] = await Promise.all([script(add, { TZ: 'America/New_York' }, target.url()), script(add, { TZ: 'UTC' }, target.url())]);
      expect(newYork.stderr).toBe('');
      expect(newYork.stdout).toBe(utc.stdout);
      const added = JSON.parse(newYork.stdout) as Record<string, unknown>;
      expect(Object.keys(added)).toEqual(['id', 'start', 'rrule', 'reminders']);
      expect(added).toMatchObject({ start: '2026-11-26T19:30:00+07:00', rrule: null, reminders: ['2026-11-25T19:30:00+07:00', '2026-11-26T17:30:00+07:00'] });
      const scriptQueue = queue(test, DEFAULT_REMINDER_QUEUE);
      expect(await scriptQueue.getDelayedCount()).toBe(2);

      const listed = await script(
        ['list', '--prefix', test.prefix, '--chat', 'telegram:-100501', '--now', '2026-11-21T10:00:00+07:00', '--json'],
        {},
        target.url(),
      );
      const lines = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({ id: added.id, chat: 'telegram:-100501', kind: 'meeting', title: 'Họp chi bộ', status: 'active', reminders: ['1d', '2h'] }),
      ]);

      const cancelled = await script(['cancel', '--prefix', test.prefix, '--now', '2026-11-21T10:00:00+07:00', String(added.id)], {}, target.url());
      expect(JSON.parse(cancelled.stdout)).toEqual({ cancelled: added.id });
      expect(await scriptQueue.getDelayedCount()).toBe(0);
    });
  });
});

describe('schedule script', () => {
  it('exits 1 with one clear line for a bad chat, a refused phrase or an unreachable Redis', async () => {
    const [badChat, refused, unreachable] = await Promise.all([
      script(['add', '--chat', 'whatsapp:1', 'họp chi bộ 19h mai']),
      script(['add', '--prefix', `test-reminders-${randomUUID().slice(0, 8)}`, '--chat', 'zalo:1', 'họp chi bộ']),
      script(['list', '--chat', 'telegram:1'], { REDIS_URL: 'redis://127.0.0.1:1' }),
    ]);
    expect(badChat).toMatchObject({ code: 1, stdout: '', stderr: 'Error: Invalid chat "whatsapp:1": expected telegram:<chat_id> or zalo:<chat_id>\n' });
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^Error: Chưa thấy ngày giờ trong câu\..*\n$/u);
    expect(unreachable).toMatchObject({ code: 1, stdout: '', stderr: 'Error: Cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n' });
  });
});
