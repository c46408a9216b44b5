/**
 * What operators see of a running app: /healthz with Redis up and down, /metrics, the queue
 * dashboard behind basic auth. The app runs in this process against the fake Telegram API; its
 * Redis records go to a database of their own, emptied afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../bot/index.js';
import { configSecrets, createConfig, createLogger, silentLogger } from '../common/index.js';
import { startRedisServer, stopRedisServer } from './fakes/redis-server.js';
import { freePort, until } from './fakes/test-helpers.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';

const TOKEN = '123456789:AAoperationsTestTokenForTheFakeApi';
const REDIS_URL = 'redis://127.0.0.1:6379/14';
const AUTH = { ADMIN_USER: 'operator', ADMIN_PASSWORD: 'a-long-enough-password' };

let dataDir: string;
let app: App | undefined;
let telegram: FakeTelegram | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'operations-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
});

afterEach(async () => {
  await app?.stop();
  await telegram?.close();
  app = telegram = undefined;
});

async function start(env: Record<string, string>, redisRetryMs?: number): Promise<string> {
  telegram = await startFakeTelegram({ token: TOKEN });
  const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, PORT: '0', DATA_DIR: dataDir, ...env });
  app = await createApp({ config, logger: silentLogger(), ...(redisRetryMs ? { redisRetryMs } : {}) });
  await app.start();
  return `http://127.0.0.1:${app.port}`;
}

describe('operations', () => {
  it('reports Redis and the channels in /healthz, exposes /metrics and guards /admin/queues', async () => {
    const base = await start({ REDIS_URL, ...AUTH });
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', redis: 'up', channelStates: { telegram: 'running' }, documents: 9 });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE pca_questions_total counter');
    expect(metrics).toMatch(/pca_queue_jobs\{queue="reminders",state="delayed"\} \d+/u);
    expect(metrics).toContain('process_resident_memory_bytes');

    const refused = await fetch(`${base}/admin/queues`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('operator:wrong').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(`${base}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from(`${AUTH.ADMIN_USER}:${AUTH.ADMIN_PASSWORD}`).toString('base64')}` },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('<html');
  });

  it('says it is degraded without Redis, keeps serving, and has no dashboard', async () => {
    const base = await start({ REDIS_URL: 'redis://127.0.0.1:1', ...AUTH });
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'degraded', redis: 'down', channelStates: { telegram: 'running' } });
    expect((await fetch(`${base}/admin/queues`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('keeps the dashboard read-only unless ADMIN_DASHBOARD_WRITE=true, and puts /metrics behind credentials with METRICS_AUTH=true', async () => {
    const authorization = `Basic ${Buffer.from(`${AUTH.ADMIN_USER}:${AUTH.ADMIN_PASSWORD}`).toString('base64')}`;
    const pauseAll = (base: string) => fetch(`${base}/admin/queues/api/queues/pause`, { method: 'PUT', headers: { authorization } });
    let base = await start({ REDIS_URL, ...AUTH, METRICS_AUTH: 'true' });
    expect((await pauseAll(base)).status).toBe(403);
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization } })).status).toBe(200);
    const closed = await fetch(`${base}/metrics`);
    expect(closed.status).toBe(401);
    expect(closed.headers.get('www-authenticate')).toContain('Basic');
    expect((await fetch(`${base}/metrics`, { headers: { authorization } })).status).toBe(200);
    await app!.stop();
    await telegram!.close();

    base = await start({ REDIS_URL, ...AUTH, ADMIN_DASHBOARD_WRITE: 'true' });
    expect((await pauseAll(base)).status).toBe(200);
    expect((await fetch(`${base}/admin/queues/api/queues/resume`, { method: 'PUT', headers: { authorization } })).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('has no dashboard without ADMIN_USER and ADMIN_PASSWORD', async () => {
    const base = await start({ REDIS_URL });
    expect((await fetch(`${base}/admin/queues`)).status).toBe(404);
  });

  it('keeps answering while Redis is down, says scheduling is interrupted, and recovers when Redis is back', async () => {
    const port = await freePort();
    let server = await startRedisServer(port);
    try {
      const base = await start({ REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(await health(base)).toMatchObject({ status: 'ok', redis: 'up' });
      await stopRedisServer(server);
      await until(async () => (await health(base)).redis === 'down');
      expect(await health(base)).toMatchObject({ status: 'degraded' });
      expect(await ask('/lich')).toContain('hệ thống đang gián đoạn');
      expect(await ask('Đảng đoàn họp bao lâu một lần?')).toContain('mỗi tháng một lần');
      server = await startRedisServer(port);
      await until(async () => (await health(base)).redis === 'up');
      expect(await ask('/lich')).toContain('chưa có lịch nào sắp tới');
    } finally {
      await app?.stop();
      app = undefined;
      await stopRedisServer(server);
    }
  });

  it('turns scheduling on when Redis answers after the start', async () => {
    const port = await freePort();
    const base = await start({ REDIS_URL: `redis://127.0.0.1:${port}` }, 200);
    expect(await ask('/lich')).toContain('chưa sẵn sàng');
    const server = await startRedisServer(port);
    try {
      await until(async () => (await health(base)).redis === 'up');
      expect(await ask('/lich')).toContain('chưa có lịch nào sắp tới');
    } finally {
      await app?.stop();
      app = undefined;
      await stopRedisServer(server);
    }
  });
});

describe('a Bot API unreachable at start', () => {
  it('is logged, shown failing in /healthz, and tried again until it answers', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, PORT: '0', DATA_DIR: dataDir, REDIS_URL });
    app = await createApp({ config, logger: createLogger({ level: 'info', destination, secrets: configSecrets(config) }), channelRetryMs: 200 });
    await app.start();
    const base = `http://127.0.0.1:${app.port}`;
    expect(await health(base)).toMatchObject({ status: 'degraded', channelStates: { telegram: 'failed' } });
    const failures = lines.filter((line) => line.includes('Channel could not start'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('"retryInSeconds":0.2');
    expect(failures[0]).not.toContain(TOKEN);
    telegram = await startFakeTelegram({ token: TOKEN, port });
    await until(async () => (await health(base)).status === 'ok');
    expect(await health(base)).toMatchObject({ channelStates: { telegram: 'running' } });
    expect(lines.some((line) => line.includes('Channel started'))).toBe(true);
  });
});

describe('shutdown in webhook mode', () => {
  it('finishes the updates it took (their replies sent, their requests answered 200) and takes no new ones', async () => {
    const secret = 'webhook-secret-for-shutdown';
    const base = await start({ REDIS_URL, PUBLIC_URL: 'https://bot.example.vn', TELEGRAM_WEBHOOK_SECRET: secret });
    const post = (id: number, text: string, chat = 777) =>
      fetch(`${base}/webhooks/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({ update_id: id, message: privateMessage(id, text, chat) }),
      }).then(
        (response) => response.status,
        () => 'connection refused or cut',
      );
    // Both replies are slow to send: the stop comes while they are on their way.
    telegram!.delayChat(777, 1_500);
    telegram!.delayChat(778, 1_500);
    const first = post(1, '/trogiup');
    const second = post(2, '/lich', 778);
    await telegram!.waitForCalls('sendMessage', 2);
    const stopping = app!.stop();
    expect(await post(3, '/trogiup')).not.toBe(200);
    await stopping;
    app = undefined;
    expect([await first, await second]).toEqual([200, 200]);
    const replies = new Map(telegram!.delivered.map((message) => [message.chatId, message.text]));
    expect(replies.size).toBe(2);
    expect(replies.get('778')).toContain('chưa có lịch nào sắp tới');
  });
});

let updateId = 0;
/** A private Telegram message from a member (777 unless told). */
function privateMessage(id: number, text: string, member = 777) {
  return {
    message_id: id,
    date: Math.floor(Date.now() / 1000),
    chat: { id: member, type: 'private' as const, first_name: 'A' },
    from: { id: member, is_bot: false, first_name: 'A' },
    text,
  };
}

/** Sends a private Telegram message to the app and returns its reply's text. */
async function ask(text: string): Promise<string> {
  const before = telegram!.delivered.length;
  updateId += 1;
  telegram!.pushUpdate({ message: privateMessage(updateId, text) });
  await until(() => telegram!.delivered.length > before);
  return telegram!.delivered[before]!.text;
}

async function health(base: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
}
