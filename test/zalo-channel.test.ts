import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../bot/channel.js';
import { SendError } from '../common/index.js';
import type { IncomingMessage } from '../bot/chat-types.js';
import { createConversation, type Conversation } from '../bot/conversation.js';
import { REPLIES } from '../bot/help-texts.js';
import { formatSourcesText } from '../bot/render-plain.js';
import { splitMessage } from '../bot/split-message.js';
import { createZaloChannel, type ZaloChannelDeps } from '../bot/zalo/zalo-channel.js';
import { ZaloApiError, type ZaloUpdate } from '../bot/zalo/zalo-client.js';
import { createLogger, silentLogger, type Logger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings, type CleanDocument, type KnowledgeBase } from '../knowledge/index.js';
import { FAKE_ZALO_FAILURES, startFakeZalo, type FakeZalo } from './fakes/fake-zalo-server.js';
import { until } from './fakes/test-helpers.js';

function doc(file: string, title: string, text: string): CleanDocument {
  return { meta: { file, title, kind: 'article', status: { state: 'in-force' } }, text, contentHash: createHash('sha256').update(text).digest('hex') };
}

const QUESTION = 'Chi bộ họp mấy lần một tháng?';
const WEBHOOK = { url: 'https://bot.example.org/webhooks/zalo', secret: 'webhook-secret-123' };

let knowledge: KnowledgeBase;
let directory: string;
let fake: FakeZalo;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'zalo-channel-'));
  knowledge = await createKnowledgeBase(
    [
      doc(
        'hop.txt',
        'Chế độ họp chi bộ',
        '1. Chế độ họp của chi bộ\nChi bộ họp thường lệ mỗi tháng một lần vào đầu tháng. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.',
      ),
      doc(
        'dang-phi.txt',
        'Đảng phí',
        '1. Đảng phí\nĐảng viên đóng đảng phí hằng tháng theo tỷ lệ phần trăm của thu nhập. Chi bộ thu đảng phí và nộp lên cấp ủy cấp trên.',
      ),
    ],
    { indexDir: path.join(directory, 'index'), embeddings: new HashingEmbeddings(), logger: silentLogger() },
  );
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});
beforeEach(async () => {
  fake = await startFakeZalo();
  cleanups.push(() => fake.close());
});
afterEach(async () => {
  // Channels first, the fake last.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let nextId = 0;
/** An update as the platform sends it. */
function update(text: string | undefined, chat: { id?: string; type?: 'PRIVATE' | 'GROUP'; from?: string; messageId?: string } = {}): ZaloUpdate {
  const from = chat.from ?? chat.id ?? 'user-1';
  return {
    event_name: text === undefined ? 'message.sticker.received' : 'message.text.received',
    message: {
      message_id: chat.messageId ?? `msg-${++nextId}`,
      date: Date.now(),
      from: { id: from, display_name: `Đồng chí ${from}`, is_bot: false },
      chat: { id: chat.id ?? 'user-1', chat_type: chat.type ?? 'PRIVATE' },
      ...(text === undefined ? {} : { text }),
    },
  };
}

/** Texts sent to a chat, in order. */
function sentTo(chatId: string): string[] {
  return fake.calls.filter((call) => call.method === 'sendMessage' && call.body.chat_id === chatId).map((call) => String(call.body.text));
}

async function startChannel(options: { conversation?: Conversation; logger?: Logger; webhook?: ZaloChannelDeps['webhook'] } = {}): Promise<Channel> {
  const channel = createZaloChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    conversation: options.conversation ?? createConversation({ knowledge, logger: silentLogger() }),
    logger: options.logger ?? silentLogger(),
    webhook: options.webhook,
  });
  await channel.start();
  cleanups.push(() => channel.stop());
  return channel;
}

/** A conversation that holds the messages `held` picks until `release` is called. */
function gatedConversation(held: (message: IncomingMessage) => boolean): { conversation: Conversation; release: () => void } {
  const inner = createConversation({ knowledge, logger: silentLogger() });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    release: () => release(),
    conversation: {
      async handleMessage(message) {
        if (held(message)) await gate;
        return inner.handleMessage(message);
      },
      handleButton: (press) => inner.handleButton(press),
    },
  };
}

/** A logger whose JSON lines are kept. */
function capturedLogger(): { logger: Logger; lines: () => { level: number; msg: string }[]; raw: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return {
    logger: createLogger({ level: 'debug', destination: stream }),
    raw: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { level: number; msg: string }),
  };
}

describe('Zalo channel, long polling', () => {
  it('answers a private question with its sources, typing first, after removing any webhook', async () => {
    const logs = capturedLogger();
    await startChannel({ logger: logs.logger });
    // Two empty polls (the 408 timeout answer) first: they are normal.
    await fake.waitForCalls('getUpdates', 2);
    fake.pushUpdate(update(QUESTION));
    await fake.waitForCalls('sendMessage', 1);

    const [answer] = sentTo('user-1');
    expect(answer).toContain('mỗi tháng một lần');
    expect(answer).toContain('Nguồn:');
    expect(answer).toContain('Chế độ họp chi bộ');
    expect(answer).toContain('Gõ /nguon để xem đầy đủ nguồn.');
    expect(answer!.length).toBeLessThanOrEqual(2000);

    const methods = fake.calls.map((call) => call.method);
    expect(methods.slice(0, 3)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    expect(fake.calls.find((call) => call.method === 'getUpdates')?.body).toEqual({ timeout: '30' });
    expect(methods.indexOf('sendChatAction')).toBeLessThan(methods.indexOf('sendMessage'));
    expect(fake.calls.find((call) => call.method === 'sendChatAction')?.body).toEqual({ chat_id: 'user-1', action: 'typing' });
    expect(logs.lines().filter((line) => line.level >= 40)).toEqual([]);
    expect(logs.raw()).not.toContain(fake.token);
  });

  it('answers a message delivered twice only once', async () => {
    await startChannel();
    fake.pushUpdate(update(QUESTION, { messageId: 'same' }));
    fake.pushUpdate(update(QUESTION, { messageId: 'same' }));
    fake.pushUpdate(update('/trogiup', { messageId: 'other' }));
    await fake.waitForCalls('sendMessage', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const sent = sentTo('user-1');
    expect(sent).toHaveLength(2);
    expect(sent.filter((text) => text.includes('mỗi tháng một lần'))).toHaveLength(1);
    expect(sent.some((text) => text.startsWith('Xin chào đồng chí! Tôi là trợ lý chi bộ.'))).toBe(true);
  });

  it('splits a long reply into messages of at most 2000 characters, sent in order', async () => {
    await startChannel();
    const longQuestion = `${QUESTION} ${'chi bộ họp '.repeat(300)}`.trim();
    fake.pushUpdate(update(longQuestion));
    await fake.waitForCalls('sendMessage', 1);
    fake.pushUpdate(update('/nguon'));

    const expected = splitMessage(formatSourcesText(await knowledge.ask(longQuestion)), 2000);
    expect(expected.length).toBeGreaterThan(1);
    await fake.waitForCalls('sendMessage', 1 + expected.length);
    const [answer, ...sources] = sentTo('user-1');
    expect(answer).toContain('mỗi tháng một lần');
    expect(sources).toEqual(expected);
    for (const text of sentTo('user-1')) expect(text.length).toBeLessThanOrEqual(2000);
  });

  it('tells a private sender that only text is read when a sticker comes', async () => {
    await startChannel();
    fake.pushUpdate(update(undefined));
    await fake.waitForCalls('sendMessage', 1);
    expect(sentTo('user-1')).toEqual([REPLIES.onlyText]);
  });

  it('in a group ignores chatter and stickers, answers /hoi and a mention of the bot', async () => {
    await startChannel();
    const group = { id: 'group-1', type: 'GROUP' as const };
    fake.pushUpdate(update(QUESTION, { ...group, from: 'member-1' }));
    fake.pushUpdate(update(undefined, { ...group, from: 'member-1' }));
    fake.pushUpdate(update(`/hoi ${QUESTION}`, { ...group, from: 'member-2' }));
    // The bot's display name from getMe, in another case: mentions are matched without regard to case.
    fake.pushUpdate(update('@trợ lý chi bộ đảng phí đóng thế nào?', { ...group, from: 'member-3' }));
    await fake.waitForCalls('sendMessage', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const sent = sentTo('group-1');
    expect(sent).toHaveLength(2);
    expect(sent.some((text) => text.includes('mỗi tháng một lần'))).toBe(true);
    expect(sent.some((text) => text.includes('đảng phí hằng tháng'))).toBe(true);
    expect(fake.calls.filter((call) => call.method === 'sendChatAction')).toHaveLength(2);
  });

  it("never lets a slow answer hold up another member's", async () => {
    const { conversation, release } = gatedConversation((message) => message.userId === 'slow');
    await startChannel({ conversation });
    fake.pushUpdate(update(QUESTION, { id: 'slow' }));
    fake.pushUpdate(update(QUESTION, { id: 'quick' }));
    await fake.waitForCalls('sendMessage', 1);
    expect(sentTo('quick')).toHaveLength(1);
    expect(sentTo('slow')).toEqual([]);
    release();
    await fake.waitForCalls('sendMessage', 2);
    expect(sentTo('slow')).toHaveLength(1);
  });

  it('stops polling promptly, after the replies being written', async () => {
    await fake.close();
    fake = await startFakeZalo({ pollWaitMs: 60_000 });
    cleanups.push(() => fake.close());
    const { conversation, release } = gatedConversation(() => true);
    const channel = await startChannel({ conversation });
    fake.pushUpdate(update(QUESTION));
    await fake.waitForCalls('getUpdates', 2); // the second one waits for a minute

    const started = Date.now();
    let stopped = false;
    const stopping = channel.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false); // the held reply is still being written
    release();
    await stopping;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sentTo('user-1')).toHaveLength(1);

    const polls = fake.calls.filter((call) => call.method === 'getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(fake.calls.filter((call) => call.method === 'getUpdates')).toHaveLength(polls);
  });

  it('stops polling when the token is refused (401), says so once, and shows the channel failed', async () => {
    const { logger, lines } = capturedLogger();
    const channel = await startChannel({ logger });
    expect(channel.failure()).toBeUndefined();
    fake.failUpdates({ error_code: 401, description: 'Unauthorized' });
    await until(() => channel.failure() !== undefined);
    expect(channel.failure()).toMatch(/401/u);
    const polls = fake.calls.filter((call) => call.method === 'getUpdates').length;
    // A negative check: a retrying channel would have polled again within its first back-off (1 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.calls.filter((call) => call.method === 'getUpdates')).toHaveLength(polls);
    expect(lines().filter((line) => line.level >= 50 && /401/u.test(line.msg))).toHaveLength(1);
  });

  it('waits as long as a 429 on getUpdates asks before polling again', async () => {
    const channel = await startChannel();
    await fake.waitForCalls('getUpdates', 1);
    fake.failUpdates({ ...FAKE_ZALO_FAILURES.rateLimited, retryAfterSeconds: 2, times: 1 });
    const failedAt = await (async () => {
      await until(() => fake.calls.filter((call) => call.method === 'getUpdates').length >= 2);
      return Date.now();
    })();
    await fake.waitForCalls('getUpdates', 3, 5000);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(1500);
    expect(channel.failure()).toBeUndefined();
  });

  it('refuses to start with a wrong token, and the error does not show it', async () => {
    const channel = createZaloChannel({
      token: 'wrong-token-42',
      apiRoot: fake.apiRoot,
      conversation: createConversation({ knowledge, logger: silentLogger() }),
      logger: silentLogger(),
    });
    const error: unknown = await channel.start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZaloApiError);
    expect(error).toMatchObject({ method: 'getMe', error_code: 401 });
    expect(inspect(error)).not.toContain('wrong-token-42');
  });
});

describe('Zalo channel, webhook', () => {
  let url: string;

  async function startWebhook(conversation?: Conversation): Promise<Channel> {
    const channel = await startChannel({ webhook: WEBHOOK, conversation });
    const server: Server = createServer((request, response) => void channel.handleWebhook(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
    return channel;
  }

  const post = (body: string, secret?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-bot-api-secret-token': secret }) },
      body,
    });

  it('registers the webhook and does not poll', async () => {
    await startWebhook();
    expect(fake.calls.map((call) => call.method)).toEqual(['getMe', 'setWebhook']);
    expect(fake.calls[1]?.body).toEqual({ url: WEBHOOK.url, secret_token: WEBHOOK.secret });
  });

  it('answers 401 to a missing or wrong secret and handles nothing', async () => {
    await startWebhook();
    const intruder = JSON.stringify(update(QUESTION, { id: 'intruder' }));
    expect((await post(intruder)).status).toBe(401);
    expect((await post(intruder, 'webhook-secret-124')).status).toBe(401);
    expect((await post(intruder, 'short')).status).toBe(401);
    expect((await post(JSON.stringify(update(QUESTION, { id: 'member' })), WEBHOOK.secret)).status).toBe(200);
    await fake.waitForCalls('sendMessage', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls.filter((call) => call.body.chat_id === 'intruder')).toEqual([]);
    expect(sentTo('member')).toHaveLength(1);
  });

  it('answers 200 before the reply is written, then writes it', async () => {
    const { conversation, release } = gatedConversation(() => true);
    await startWebhook(conversation);
    const response = await post(JSON.stringify(update(QUESTION)), WEBHOOK.secret);
    expect(response.status).toBe(200);
    expect(sentTo('user-1')).toEqual([]);
    release();
    await fake.waitForCalls('sendMessage', 1);
    expect(sentTo('user-1')[0]).toContain('mỗi tháng một lần');
  });

  it('accepts an update wrapped like an API answer', async () => {
    await startWebhook();
    expect((await post(JSON.stringify({ ok: true, result: update('/trogiup') }), WEBHOOK.secret)).status).toBe(200);
    await fake.waitForCalls('sendMessage', 1);
    expect(sentTo('user-1')[0]).toMatch(/^Xin chào đồng chí! Tôi là trợ lý chi bộ\./);
  });

  it('answers 400 to malformed JSON and 413 to a body over 1 MB', async () => {
    await startWebhook();
    expect((await post('{"message": ', WEBHOOK.secret)).status).toBe(400);
    expect((await post(JSON.stringify({ padding: 'x'.repeat(1_100_000) }), WEBHOOK.secret)).status).toBe(413);
    // Without a Content-Length: the body is cut off once it passes the limit.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let chunks = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => (++chunks > 64 ? controller.close() : controller.enqueue(chunk)) });
    const chunked = await fetch(url, { method: 'POST', headers: { 'x-bot-api-secret-token': WEBHOOK.secret }, body: endless, duplex: 'half' });
    expect(chunked.status).toBe(413);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.calls.filter((call) => call.method === 'sendMessage')).toEqual([]);
  });
});

describe('Zalo channel, send', () => {
  const channelFor = (apiRoot: string) =>
    createZaloChannel({ token: fake.token, apiRoot, conversation: createConversation({ knowledge, logger: silentLogger() }), logger: silentLogger() });

  it('sends a long notice in parts of at most 2000 characters', async () => {
    const notice = Array.from({ length: 30 }, (_, index) => `Thông báo ${index + 1}: ${'Chi bộ họp thường lệ vào đầu tháng. '.repeat(3)}`).join('\n\n');
    await channelFor(fake.apiRoot).send('user-9', { text: notice });
    const sent = sentTo('user-9');
    expect(sent.length).toBeGreaterThan(1);
    expect(sent).toEqual(splitMessage(notice, 2000));
  });

  it('says a blocked chat is a permanent failure, with the reason', async () => {
    fake.failChat('blocked', FAKE_ZALO_FAILURES.blocked);
    const error = await channelFor(fake.apiRoot)
      .send('blocked', { text: 'Nhắc họp chi bộ' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ kind: 'permanent', reason: FAKE_ZALO_FAILURES.blocked.description, retryable: false });
  });

  it('says a 429 is rate-limited, waiting as long as asked, else a second', async () => {
    fake.failChat('busy', FAKE_ZALO_FAILURES.rateLimited);
    fake.failChat('busy-no-header', { error_code: 429, description: 'Too Many Requests' });
    const channel = channelFor(fake.apiRoot);
    await expect(channel.send('busy', { text: 'Nhắc họp' })).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 2000 });
    await expect(channel.send('busy-no-header', { text: 'Nhắc họp' })).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 1000 });
  });

  it('says an unreachable platform is retryable, without showing the token', async () => {
    const closed = await startFakeZalo();
    await closed.close();
    const error = await channelFor(closed.apiRoot)
      .send('user-1', { text: 'Nhắc họp' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ kind: 'retryable', retryable: true });
    expect((error as SendError).reason).toMatch(/ECONNREFUSED/);
    expect(inspect(error, { depth: 10 })).not.toContain(fake.token);
  });
});
