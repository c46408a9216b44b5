import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation, createTelegramChannel, createTelegramSender } from '../bot/index.js';
import { createMessenger, createMetrics, createSendGate, silentLogger, type SendGate } from '../common/index.js';
import { createBroadcastService, createBroadcastWorkers, createSendBudget, type RedisConnection } from '../jobs/index.js';
import { FAKE_BOT, startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { deleteKeysUnder, until } from './fakes/test-helpers.js';

const conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger() });
const TOKEN = '123456:fake-telegram-token';

let prefix = '';
const clients: RedisConnection[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (clients[0]) await deleteKeysUnder(clients[0], prefix);
  for (const client of clients.splice(0)) await client.quit();
});

/** A new Redis client, as a separate process would have. */
function client(): RedisConnection {
  const created = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  clients.push(created);
  return created;
}

function newPrefix(): string {
  prefix = `test-budget-${randomUUID().slice(0, 8)}`;
  return prefix;
}

/** The most of `times` (ms, ascending) within any `windowMs`. */
function peak(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (times[i]! - times[j]! >= windowMs) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

async function fakeTelegram(perSecond: number): Promise<FakeTelegram> {
  const telegram = await startFakeTelegram({ token: TOKEN, limits: { perSecond } });
  closers.push(() => telegram.close());
  return telegram;
}

/** A private message from member `id`, as Telegram sends it. */
function privateMessage(id: number, text: string) {
  return {
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id, type: 'private' as const, first_name: 'Member' },
      from: { id, is_bot: false, first_name: 'Member' },
      text,
    },
  };
}

describe('one send budget per bot', () => {
  it('keeps two processes within the limit together, and answers get their token at once during a notice flood', async () => {
    const options = { prefix: newPrefix(), token: TOKEN, perSecond: 10, windowMs: 1000 };
    // Two "processes": each its own connection and budget object over the same bot's keys.
    const noticeBudget = createSendBudget(client(), options);
    const answerBudget = createSendBudget(client(), options);
    const granted: number[] = [];
    const stopAt = Date.now() + 2_500;
    // Notices as their queue takes them: ask, and when refused wait as long as the budget says.
    const flood = async () => {
      while (Date.now() < stopAt) {
        const wait = await noticeBudget.take('notice');
        if (wait === 0) granted.push(Date.now());
        else await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    const answerWaits: number[] = [];
    const answers = async () => {
      while (Date.now() < stopAt) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const wait = await answerBudget.take('answer');
        answerWaits.push(wait);
        if (wait === 0) granted.push(Date.now());
      }
    };
    await Promise.all([flood(), flood(), answers()]);
    granted.sort((a, b) => a - b);
    // Every answer found its place free, however hard the notices pressed.
    expect(answerWaits.length).toBeGreaterThan(6);
    expect(answerWaits).toEqual(answerWaits.map(() => 0));
    // Both processes together never went over 10 in a second (a few ms of slack for the clocks of Redis and the test).
    expect(peak(granted, 990)).toBeLessThanOrEqual(10);
    // And the notices used what was left: the 8 a second the reserves leave them, less the answers.
    expect(granted.length - answerWaits.length).toBeGreaterThan(10);
  });

  it('sends a notice burst and members’ answers through one budget: no 429 at the platform, answers not held up', async () => {
    const telegram = await fakeTelegram(10);
    const options = { prefix: newPrefix(), token: TOKEN, perSecond: 10 };
    // The worker process's sender and the bot process's channel, each with its own Redis client.
    const workerGate = createSendGate({ platform: 'telegram', budget: createSendBudget(client(), options) });
    const botGate = createSendGate({ platform: 'telegram', budget: createSendBudget(client(), options) });
    const workerSender = createTelegramSender({ token: TOKEN, apiRoot: telegram.apiRoot, gate: workerGate });
    const botSender = createTelegramSender({ token: TOKEN, apiRoot: telegram.apiRoot, gate: botGate });
    const channel = createTelegramChannel({
      token: TOKEN,
      apiRoot: telegram.apiRoot,
      sender: botSender,
      conversation,
      logger: silentLogger(),
      botInfo: FAKE_BOT,
    });
    closers.push(() => channel.stop());
    await channel.start();
    const connection = client();
    const broadcast = createBroadcastService({ connection, prefix });
    closers.push(() => broadcast.close());
    const targets = Array.from({ length: 30 }, (_, i) => `telegram:-${2001 + i}`);
    await broadcast.send({ text: 'Họp toàn đảng bộ 8h thứ hai.', targets, cellOf: {} });
    const workers = createBroadcastWorkers({ connection, prefix, messenger: createMessenger([workerSender]), logger: silentLogger(), rates: { telegram: 10 } });
    closers.push(() => workers.close());
    await until(() => telegram.delivered.length >= 5, 10_000);

    const asked = new Map<string, number>();
    for (let member = 1; member <= 8; member += 1) {
      asked.set(String(member), performance.now());
      telegram.pushUpdate(privateMessage(member, '/start'));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await until(() => telegram.delivered.filter((send) => targets.includes(`telegram:${send.chatId}`)).length === targets.length, 20_000);
    await until(() => [...asked.keys()].every((member) => telegram.delivered.some((send) => send.chatId === member)), 10_000);
    expect(telegram.throttled).toBe(0);
    // Not held up behind the notices (a 429 would have cost a second of retry_after at least); the
    // bound leaves room for a loaded CI machine, the soak bench measures the real figure.
    for (const [member, at] of asked) {
      const answered = telegram.delivered.find((send) => send.chatId === member)!;
      expect(answered.at - at).toBeLessThan(2_000);
    }
  }, 40_000);

  it('counts every 429 by kind in /metrics and logs it', async () => {
    const telegram = await fakeTelegram(1_000);
    const metrics = createMetrics();
    const warnings: unknown[] = [];
    const logger = { ...silentLogger(), warn: (detail: unknown) => warnings.push(detail) } as unknown as ReturnType<typeof silentLogger>;
    const gate: SendGate = createSendGate({ platform: 'telegram', metrics, logger });
    const sender = createTelegramSender({ token: TOKEN, apiRoot: telegram.apiRoot, gate });
    const channel = createTelegramChannel({ token: TOKEN, apiRoot: telegram.apiRoot, sender, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
    closers.push(() => channel.stop());
    await channel.start();

    const tooMany = { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1, times: 1 };
    telegram.failChat(501, tooMany);
    telegram.pushUpdate(privateMessage(501, '/start'));
    // The answer waits as asked (auto-retry) and goes; its 429 is counted all the same.
    await until(() => telegram.delivered.some((send) => send.chatId === '501'), 10_000);
    telegram.failChat(-601, tooMany);
    await expect(sender.send('-601', { kind: 'reminder', text: 'Nhắc lịch họp' })).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 1000 });

    const exposed = await metrics.registry.metrics();
    expect(exposed).toContain('pca_rate_limited_total{platform="telegram",kind="answer"} 1');
    expect(exposed).toContain('pca_rate_limited_total{platform="telegram",kind="reminder"} 1');
    expect(warnings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'answer', chat: 'telegram:501', retryAfterMs: 1000 })]));
  }, 20_000);
});
