/**
 * The real process (`npm start`, i.e. scripts/start.ts) against the fake Telegram and Zalo APIs:
 * long polling, webhooks behind the one HTTP server, /healthz, and a clean stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createReminderService, DEFAULT_REMINDER_QUEUE } from '../jobs/index.js';
import { freePort } from './fakes/test-helpers.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { startFakeZalo, type FakeZalo } from './fakes/fake-zalo-server.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const TELEGRAM_TOKEN = '123456789:AAprocessTestTokenForTheFakeTelegram';
const ZALO_TOKEN = 'zalo-process-test-token';
const QUESTION = 'Đảng đoàn họp bao lâu một lần?';
/** The process's reminder worker uses a Redis database of its own, emptied after the tests. */
const REDIS_URL = 'redis://127.0.0.1:6379/13';

let dataDir: string;
let child: ChildProcess | undefined;
let telegram: FakeTelegram | undefined;
let zalo: FakeZalo | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'app-process-'));
  return async () => {
    await rm(dataDir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
  };
});

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await telegram?.close();
  await zalo?.close();
  child = telegram = zalo = undefined;
});

/** Starts the real process; resolves with its HTTP port once it listens (and has logged `until`, when given). */
async function startProcess(env: Record<string, string>, until?: string): Promise<number> {
  // Node itself with tsx's loader, not the tsx command: a kill then reaches the bot, not a wrapper.
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', REDIS_URL, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The process did not start:\n${logs}`)), 20_000);
    child!.stderr!.on('data', (chunk: Buffer) => {
      logs += chunk.toString('utf8');
      const listening = /"port":(\d+)[^\n]*"msg":"HTTP server listening"/.exec(logs);
      if (listening && (until === undefined || logs.includes(`"msg":"${until}"`))) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
    child!.once('exit', (code) => reject(new Error(`The process exited (${code}):\n${logs}`)));
  });
}

const telegramMessage = (chatId: number, text: string) => ({
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private' as const, first_name: 'A' },
    from: { id: chatId, is_bot: false, first_name: 'A' },
    text,
  },
});
const zaloMessage = (chatId: string, text: string, messageId: string) => ({
  event_name: 'message.text.received',
  message: {
    message_id: messageId,
    date: Date.now(),
    from: { id: chatId, display_name: 'B', is_bot: false },
    chat: { id: chatId, chat_type: 'PRIVATE' as const },
    text,
  },
});

describe('the npm start process', () => {
  it('answers on Telegram and Zalo by long polling, serves /healthz, and stops cleanly on SIGTERM', async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    zalo = await startFakeZalo({ token: ZALO_TOKEN });
    const port = await startProcess({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ZALO_BOT_TOKEN: ZALO_TOKEN,
      ZALO_API_ROOT: zalo.apiRoot,
    });

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', channels: ['telegram', 'zalo'], documents: 9 });
    expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);

    telegram.pushUpdate(telegramMessage(501, QUESTION));
    const [telegramAnswer] = await telegram.waitForCalls('sendMessage', 1, 15_000);
    expect(String(telegramAnswer!.params.text)).toContain('mỗi tháng một lần');

    zalo.pushUpdate(zaloMessage('zalo-user-1', QUESTION, 'z-1'));
    const [zaloAnswer] = await zalo.waitForCalls('sendMessage', 1, 15_000);
    expect(String(zaloAnswer!.body.text)).toContain('mỗi tháng một lần');

    child!.kill('SIGTERM');
    const [code] = (await once(child!, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 60_000);

  it('in webhook mode registers both webhooks and serves them behind the secrets', async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    zalo = await startFakeZalo({ token: ZALO_TOKEN });
    const port = await startProcess({
      PUBLIC_URL: 'https://bot.example.vn',
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: 'telegram-secret',
      ZALO_BOT_TOKEN: ZALO_TOKEN,
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_WEBHOOK_SECRET: 'zalo-secret-123',
    });
    const [setTelegram] = await telegram.waitForCalls('setWebhook', 1, 15_000);
    expect(setTelegram!.params).toMatchObject({ url: 'https://bot.example.vn/webhooks/telegram', secret_token: 'telegram-secret' });
    const [setZalo] = await zalo.waitForCalls('setWebhook', 1, 15_000);
    expect(setZalo!.body).toMatchObject({ url: 'https://bot.example.vn/webhooks/zalo', secret_token: 'zalo-secret-123' });

    const post = (channel: string, header: string, secret: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port}/webhooks/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [header]: secret },
        body: JSON.stringify(body),
      });
    expect((await post('telegram', 'x-telegram-bot-api-secret-token', 'wrong', { update_id: 1, ...telegramMessage(601, QUESTION) })).status).toBe(401);
    expect((await post('zalo', 'x-bot-api-secret-token', 'wrong-secret', zaloMessage('zalo-user-2', QUESTION, 'z-2'))).status).toBe(401);
    expect((await post('telegram', 'x-telegram-bot-api-secret-token', 'telegram-secret', { update_id: 2, ...telegramMessage(601, QUESTION) })).status).toBe(
      200,
    );
    expect((await post('zalo', 'x-bot-api-secret-token', 'zalo-secret-123', zaloMessage('zalo-user-2', QUESTION, 'z-3'))).status).toBe(200);

    const [telegramAnswer] = await telegram.waitForCalls('sendMessage', 1, 15_000);
    expect(telegramAnswer!.params.chat_id).toBe(601);
    const [zaloAnswer] = await zalo.waitForCalls('sendMessage', 1, 15_000);
    expect(zaloAnswer!.body.chat_id).toBe('zalo-user-2');
    expect(telegram.calls.filter((call) => call.method === 'getUpdates')).toEqual([]);
    expect(zalo.calls.filter((call) => call.method === 'getUpdates')).toEqual([]);
  }, 60_000);

  it('a reminder scheduled before the process is killed is sent once by the next process', async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const reminders = createReminderService({ connection: redis });
    // A meeting two minutes ahead, reminded 12 seconds from now.
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').startOf('minute').plus({ minutes: 2 });
    const leadSeconds = Math.round((+start - Date.now()) / 1000) - 12;
    const scheduled = await reminders.schedule('telegram:-100777', `họp chi bộ ${start.toFormat("HH'h'mm dd/MM/yyyy")}`, { reminders: `${leadSeconds}s` });
    await reminders.close();
    redis.disconnect();
    expect(scheduled.reminders).toHaveLength(1);

    const env = { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot };
    await startProcess(env, 'Workers started');
    child!.kill('SIGKILL');
    await once(child!, 'exit');
    await startProcess(env);
    const [sent] = await telegram.waitForCalls('sendMessage', 1, 30_000);
    expect(sent!.params).toMatchObject({ chat_id: '-100777' });
    expect(String(sent!.params.text)).toMatch(/^Nhắc lịch họp: Họp chi bộ — /u);
    expect(String(sent!.params.text)).not.toContain('nhắc muộn');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(1);
  });

  it('on SIGTERM finishes the reminder being sent before it exits', async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    telegram.delayChat(-100888, 3_000);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    await redis.flushdb();
    const reminders = createReminderService({ connection: redis });
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').startOf('minute').plus({ minutes: 2 });
    const leadSeconds = Math.round((+start - Date.now()) / 1000) - 6;
    await reminders.schedule('telegram:-100888', `họp chi ủy ${start.toFormat("HH'h'mm dd/MM/yyyy")}`, { reminders: `${leadSeconds}s` });
    await reminders.close();
    try {
      await startProcess({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot }, 'Workers started');
      await telegram.waitForCalls('sendMessage', 1, 20_000);
      const stoppedAt = performance.now();
      child!.kill('SIGTERM');
      const [code] = (await once(child!, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(performance.now() - stoppedAt).toBeGreaterThan(2_000);
      const queue = new Queue(DEFAULT_REMINDER_QUEUE, { connection: redis, prefix: 'pca' });
      expect(await queue.getJobCounts('completed', 'active')).toEqual({ completed: 1, active: 0 });
      await queue.close();
    } finally {
      redis.disconnect();
    }
  });

  it('exits 1 within seconds, with one clear line, when its port is taken', async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const started = performance.now();
      child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          PORT: String(port),
          LOG_LEVEL: 'info',
          REDIS_URL,
          TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
          TELEGRAM_API_ROOT: telegram.apiRoot,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let logs = '';
      child.stderr!.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(logs).toMatch(/^Error: .*EADDRINUSE/mu);
    } finally {
      taken.close();
    }
  }, 30_000);

  it('starts a private redis-server when none answers at a local REDIS_URL, and stops it on SIGTERM', async () => {
    telegram = await startFakeTelegram({ token: TELEGRAM_TOKEN });
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const httpPort = await startProcess({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, REDIS_URL: url }, 'Workers started');
    expect(await (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).json()).toMatchObject({ status: 'ok', redis: 'up' });
    expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
    child!.kill('SIGTERM');
    const [code] = (await once(child!, 'exit')) as [number | null];
    expect(code).toBe(0);
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });
});
