/**
 * What operators see of a running app: /healthz with Redis up and down, /metrics, the queue
 * dashboard behind basic auth. The app runs in this process against the fake Telegram API; its
 * Redis records go to a database of their own, emptied afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../bot/index.js';
import { createConfig, silentLogger } from '../common/index.js';
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

async function start(env: Record<string, string>): Promise<string> {
  telegram = await startFakeTelegram({ token: TOKEN });
  const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, PORT: '0', DATA_DIR: dataDir, ...env });
  app = await createApp({ config, logger: silentLogger() });
  await app.start();
  return `http://127.0.0.1:${app.port}`;
}

describe('operations', () => {
  it('reports Redis and the channels in /healthz, exposes /metrics and guards /admin/queues', async () => {
    const base = await start({ REDIS_URL, ...AUTH });
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', redis: 'up', channelStates: { telegram: 'running' }, documents: 5 });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE pca_questions_total counter');
    expect(metrics).toMatch(/pca_queue_jobs\{queue="reminders",state="delayed"\} \d+/u);
    expect(metrics).toContain('process_resident_memory_bytes');

    const refused = await fetch(`${base}/admin/queues`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Basic');
    const wrong = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from('operator:wrong').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`${AUTH.ADMIN_USER}:${AUTH.ADMIN_PASSWORD}`).toString('base64')}` } });
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

  it('has no dashboard without ADMIN_USER and ADMIN_PASSWORD', async () => {
    const base = await start({ REDIS_URL });
    expect((await fetch(`${base}/admin/queues`)).status).toBe(404);
  });
});
