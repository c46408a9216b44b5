import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation, createTelegramChannel, createTelegramSender } from '../bot/index.js';
import { createMessenger, createSendGate, type Messenger } from '../common/index.js';
import { silentLogger } from '../common/index.js';
import {
  createBroadcastService,
  createBroadcastWorkers,
  createSendBudget,
  DEFAULT_KEY_PREFIX,
  FANOUT_BATCH,
  keyPrefixFor,
  newNoticeId,
  NOTICE_QUEUE,
  noticeIdInText,
  noticeText,
  readNoticeId,
  type BroadcastService,
  type BroadcastWorkers,
  type RedisConnection,
} from '../jobs/index.js';
import { deleteKeysUnder, until } from './fakes/test-helpers.js';
import { redisUnderTest, type TestRedis } from './helpers/redis-under-test.js';
import { FAKE_BOT, FAKE_TELEGRAM_FAILURES, startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from './fakes/fake-telegram-server.js';

const execFileAsync = promisify(execFile);
const conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger() });

interface Context {
  prefix: string;
  redis: RedisConnection;
  closers: (() => Promise<void>)[];
}
let context: Context | undefined;

afterEach(async () => {
  if (!context) return;
  for (const close of context.closers.reverse()) await close();
  await deleteKeysUnder(context.redis, context.prefix);
  await context.redis.quit();
  context = undefined;
});

function setUp(target: TestRedis): Context {
  context = {
    prefix: `test-broadcast-${randomUUID().slice(0, 8)}`,
    redis: target.client(),
    closers: [],
  };
  return context;
}

async function fakeTelegram(test: Context, options: FakeTelegramOptions = {}): Promise<{ telegram: FakeTelegram; messenger: Messenger }> {
  const telegram = await startFakeTelegram(options);
  test.closers.push(() => telegram.close());
  const channel = createTelegramChannel({ token: telegram.token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
  return { telegram, messenger: createMessenger([channel]) };
}

function service(test: Context): BroadcastService {
  const created = createBroadcastService({ connection: test.redis, prefix: test.prefix });
  test.closers.push(() => created.close());
  return created;
}

function workers(test: Context, messenger: Messenger, connection = test.redis): BroadcastWorkers {
  const started = createBroadcastWorkers({ connection, prefix: test.prefix, messenger, logger: silentLogger() });
  test.closers.push(() => started.close());
  return started;
}

/** Group chats -1001, -1002, ... as addresses. */
const groups = (count: number) => Array.from({ length: count }, (_, i) => `telegram:-${1001 + i}`);

/** The most messages accepted within any one second. */
function peakPerSecond(times: readonly number[]): number {
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[i]! - times[j]! >= 1000) j += 1;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

describe('notice codes', () => {
  it('reads notice codes as people type them, and the hex codes of notices stored before', () => {
    for (let i = 0; i < 50; i += 1) expect(newNoticeId()).toMatch(/^[A-HJKMNP-Z2-9]{6}$/u);
    expect(['K7QM3X', 'k7qm3x', '#K7QM3X', ' k7 qm3x ', '3F9A0C1D', '#3f9a0c1d'].map(readNoticeId)).toEqual([
      'K7QM3X',
      'K7QM3X',
      'K7QM3X',
      'K7QM3X',
      '3f9a0c1d',
      '3f9a0c1d',
    ]);
    // Letters that look like digits are not in codes: a code with them is none.
    expect(['K7QM3O', 'K7QM31', 'K7QM3', '3f9a0c1g'].map(readNoticeId)).toEqual([undefined, undefined, undefined, undefined]);
    const notice = { id: 'K7QM3X', text: 'Họp khẩn.', senderName: 'Nguyễn Văn An' };
    expect(noticeText(notice, false).split('\n')).toEqual([
      '📣 THÔNG BÁO CỦA ĐẢNG ỦY (mã K7QM3X)',
      'Người gửi: Nguyễn Văn An',
      '',
      'Họp khẩn.',
      '',
      'Xin đồng chí gõ /danhan K7QM3X để xác nhận đã nhận.',
    ]);
    expect(noticeIdInText(noticeText(notice, true))).toBe('K7QM3X');
    expect(noticeIdInText('📣 THÔNG BÁO (#3f9a0c1d)\n\nHọp khẩn.')).toBe('3f9a0c1d');
    expect(noticeIdInText('Nhắc lịch họp: Họp chi bộ (mã K7QM3X)')).toBeUndefined();
  });
});

describe.each(['server', 'cluster'] as const)('broadcast on a Redis %s', (kind) => {
  const target = redisUnderTest(kind);

  it('reaches every chat once, retries a server error, reports a chat that removed the bot, and tells the sender', async () => {
    const test = setUp(target);
    const { telegram, messenger } = await fakeTelegram(test, { limits: {} });
    telegram.failChat(-1003, FAKE_TELEGRAM_FAILURES.kicked);
    telegram.failChat(-1004, { error_code: 500, description: 'Internal Server Error', times: 1 });
    const broadcast = service(test);
    const targets = groups(12);
    const { notice, created } = await broadcast.send({
      text: 'Họp toàn đảng bộ 8h thứ hai.',
      targets,
      cellOf: { 'telegram:-1003': 'Chi bộ 3' },
      reportTo: 'telegram:999',
    });
    expect(created).toBe(true);
    workers(test, messenger);
    await until(() => telegram.delivered.some((send) => send.chatId === '999'), 20_000);

    const byChat = new Map<string, number>();
    for (const send of telegram.delivered) byChat.set(send.chatId, (byChat.get(send.chatId) ?? 0) + 1);
    for (const chat of targets.filter((chat) => chat !== 'telegram:-1003')) expect(byChat.get(chat.slice('telegram:'.length))).toBe(1);
    expect(byChat.has('-1003')).toBe(false);
    const copy = telegram.calls.find((call) => call.method === 'sendMessage' && call.params.chat_id === '-1001')!;
    expect(String(copy.params.text)).toBe(
      `📣 THÔNG BÁO CỦA ĐẢNG ỦY (mã ${notice.id})\n\nHọp toàn đảng bộ 8h thứ hai.\n\nXin đồng chí bấm "✅ Đã nhận" (hoặc trả lời tin này "Đã nhận") để xác nhận.`,
    );
    expect(JSON.stringify(copy.params.reply_markup)).toContain(`ack:${notice.id}`);
    const report = telegram.delivered.find((send) => send.chatId === '999')!.text;
    expect(report).toContain(`Thông báo #${notice.id} đã gửi xong: 11/12 nơi nhận được.`);
    expect(report).toContain('• Chi bộ 3 (telegram:-1003): bot đã bị xóa khỏi nhóm');
    expect(await broadcast.status(notice.id)).toEqual({ id: notice.id, targets: 12, sent: 11, failed: 1, pending: 0 });
    expect((await broadcast.notices.results(notice.id))['telegram:-1003']).toMatchObject({
      status: 'failed',
      reason: 'Forbidden: bot was kicked from the group chat',
    });
  });

  it('fans a notice out in batches: every chat queued once under its report, which waits for the last', async () => {
    const test = setUp(target);
    const chats = [...groups(FANOUT_BATCH * 2 + 300), 'zalo:a', 'zalo:b'];
    // Watched from another connection while it is queued: it grows batch by batch, not in one transaction of every chat.
    const observer = target.client();
    test.closers.push(async () => void (await observer.quit()));
    const waitKey = `${keyPrefixFor(test.redis, test.prefix)}:broadcast-telegram:wait`;
    const seen: number[] = [];
    let queueing = true;
    const watching = (async () => {
      while (queueing) seen.push(await observer.llen(waitKey));
    })();
    const broadcasts = service(test);
    const { notice } = await broadcasts.send({ text: 'Thông báo toàn đảng bộ', targets: chats, cellOf: {} });
    queueing = false;
    await watching;
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((count) => count > 0 && count < chats.length - 2)).toBe(true);

    const prefix = keyPrefixFor(test.redis, test.prefix);
    const [reports, telegramQueue, zaloQueue] = [NOTICE_QUEUE, 'broadcast-telegram', 'broadcast-zalo'].map(
      (name) => new Queue(name, { connection: test.redis, prefix }),
    );
    test.closers.push(async () => {
      await Promise.all([reports!.close(), telegramQueue!.close(), zaloQueue!.close()]);
    });
    const report = (await reports!.getJob(`notice-${notice.id}`))!;
    expect(await report.getState()).toBe('waiting-children');
    expect(await report.getDependenciesCount()).toMatchObject({ processed: 0, unprocessed: chats.length });
    const waiting = [...(await telegramQueue!.getWaiting(0, -1)), ...(await zaloQueue!.getWaiting(0, -1))];
    expect(waiting.map((job) => (job.data as { chat: string }).chat).sort()).toEqual([...chats].sort());
    // The same notice again: every chat is queued already, and stays queued once.
    await broadcasts.send({ text: 'Thông báo toàn đảng bộ', targets: chats, cellOf: {} });
    expect((await telegramQueue!.getWaitingCount()) + (await zaloQueue!.getWaitingCount())).toBe(chats.length);
  });

  it('queues a notice whose id happens to be all digits (BullMQ refuses integer job ids)', async () => {
    const test = setUp(target);
    const { telegram, messenger } = await fakeTelegram(test);
    const broadcast = createBroadcastService({ connection: test.redis, prefix: test.prefix, newNoticeId: () => '20261121' });
    test.closers.push(() => broadcast.close());
    const { notice } = await broadcast.send({ text: 'Mã toàn chữ số.', targets: groups(2), cellOf: {}, reportTo: 'telegram:999' });
    expect(notice.id).toBe('20261121');
    workers(test, messenger);
    await until(() => telegram.delivered.some((send) => send.chatId === '999'), 10_000);
    expect(await broadcast.status('20261121')).toMatchObject({ sent: 2, pending: 0 });
  });

  it('treats the same notice sent twice as one, and each chat gets it once', async () => {
    const test = setUp(target);
    const { telegram, messenger } = await fakeTelegram(test);
    const broadcast = service(test);
    const first = await broadcast.send({ text: 'Nộp đảng phí trước 25/11.', targets: groups(5), cellOf: {} });
    const second = await broadcast.send({ text: 'Nộp đảng phí trước 25/11.', targets: [...groups(5)].reverse(), cellOf: {} });
    expect(second).toEqual({ notice: first.notice, created: false });
    workers(test, messenger);
    await until(async () => (await broadcast.status(first.notice.id))?.pending === 0, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.delivered).toHaveLength(5);
  });

  it('leaves a platform’s deliveries to the processes that can send to it', async () => {
    const test = setUp(target);
    const { telegram, messenger } = await fakeTelegram(test);
    const broadcast = service(test);
    const telegramOnly = createBroadcastWorkers({ connection: test.redis, prefix: test.prefix, messenger, logger: silentLogger(), platforms: ['telegram'] });
    test.closers.push(() => telegramOnly.close());
    const { notice } = await broadcast.send({ text: 'Chỉ Telegram.', targets: ['telegram:-1001', 'zalo:z-1'], cellOf: {} });
    await until(() => telegram.delivered.length === 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await broadcast.status(notice.id)).toEqual({ id: notice.id, targets: 2, sent: 1, failed: 0, pending: 1 });
  });

  it('pauses the whole queue on 429 for retry_after, and still reaches every chat once', async () => {
    const test = setUp(target);
    // The platform allows 5 a second; the workers have no send budget: the 429s must slow them down.
    const { telegram, messenger } = await fakeTelegram(test, { limits: { perSecond: 5 } });
    const broadcast = service(test);
    const { notice } = await broadcast.send({ text: 'Thông báo khẩn.', targets: groups(15), cellOf: {} });
    workers(test, messenger);
    await until(async () => (await broadcast.status(notice.id))?.sent === 15, 30_000);
    expect(telegram.throttled).toBeGreaterThan(0);
    expect(new Set(telegram.delivered.map((send) => send.chatId)).size).toBe(15);
    expect(telegram.delivered).toHaveLength(15);
  });

  it('keeps two worker processes together under one limit: the bot’s send budget', async () => {
    const test = setUp(target);
    const { telegram } = await fakeTelegram(test, { limits: { perSecond: 12 } });
    const broadcast = service(test);
    const second = target.client();
    test.closers.push(async () => void second.disconnect());
    // Each "process" sends through its own connection to the one budget of the bot (10 a second).
    const budgeted = (connection: RedisConnection) => {
      const budget = createSendBudget(connection, { prefix: keyPrefixFor(connection, test.prefix), token: telegram.token, perSecond: 10 });
      const gate = createSendGate({ platform: 'telegram', budget });
      return createMessenger([createTelegramSender({ token: telegram.token, apiRoot: telegram.apiRoot, gate })]);
    };
    workers(test, budgeted(test.redis));
    workers(test, budgeted(second), second);
    const { notice } = await broadcast.send({ text: 'Hai máy gửi chung.', targets: groups(30), cellOf: {} });
    await until(async () => (await broadcast.status(notice.id))?.sent === 30, 20_000);
    expect(telegram.throttled).toBe(0);
    expect(peakPerSecond(telegram.delivered.map((send) => send.at))).toBeLessThanOrEqual(11);
    expect(telegram.delivered).toHaveLength(30);
  });

  it('after a worker process is killed mid-broadcast, another finishes it: none lost, at most one twice', async () => {
    // The process uses the default key prefix: on one server a database of its own (the cluster is this file's own), emptied afterwards.
    const url = kind === 'server' ? 'redis://127.0.0.1:6379/12' : target.url();
    const redis = kind === 'server' ? new Redis(url, { maxRetriesPerRequest: null }) : target.client();
    await deleteKeysUnder(redis, DEFAULT_KEY_PREFIX);
    const token = '123456789:AAbroadcastKillTestTokenForTheFake';
    const telegram = await startFakeTelegram({ token });
    const env = {
      ...process.env,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      REDIS_URL: url,
      TELEGRAM_SENDS_PER_SECOND: '20',
      WORKER_LOCK_MS: '1000',
      LOG_LEVEL: 'info',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-worker.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const broadcast = createBroadcastService({ connection: redis });
    let survivor: BroadcastWorkers | undefined;
    try {
      let logs = '';
      child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
      await until(() => logs.includes('"msg":"Workers started"'), 20_000);
      const { notice } = await broadcast.send({ text: 'Thông báo khi máy gặp sự cố.', targets: groups(60), cellOf: {} });
      await until(() => telegram.delivered.length >= 20, 20_000);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const channel = createTelegramChannel({ token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
      survivor = createBroadcastWorkers({
        connection: redis,
        messenger: createMessenger([channel]),
        logger: silentLogger(),
        lockDurationMs: 1000,
      });
      await until(async () => (await broadcast.status(notice.id))?.sent === 60, 30_000);
      const distinct = new Set(telegram.delivered.map((send) => send.chatId)).size;
      expect(distinct).toBe(60);
      expect(telegram.delivered.length - distinct).toBeLessThanOrEqual(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await survivor?.close();
      await broadcast.close();
      await telegram.close();
      await deleteKeysUnder(redis, DEFAULT_KEY_PREFIX);
      redis.disconnect();
    }
  });

  it('the broadcast script queues a notice and reports its progress as the contract says', async () => {
    const test = setUp(target);
    const run = (args: string[]) =>
      execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/broadcast.ts', '--prefix', test.prefix, ...args], {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: { ...process.env, REDIS_URL: target.url() },
      });
    const queued = JSON.parse((await run(['--to', 'telegram:-1001,telegram:-1002', 'Họp', 'khẩn'])).stdout) as { id: string; targets: number };
    // The id is a code a person reads and types ("K7QM3X"); typed in lower case, it is the same notice.
    expect(queued).toEqual({ id: expect.stringMatching(/^[A-HJKMNP-Z2-9]{6}$/), targets: 2 });
    expect(JSON.parse((await run(['status', queued.id.toLowerCase()])).stdout)).toEqual({ id: queued.id, targets: 2, sent: 0, failed: 0, pending: 2 });
    const failure = await run(['status', 'ffffffff']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: 'Error: No notice with id "ffffffff"\n' });
  });
});
