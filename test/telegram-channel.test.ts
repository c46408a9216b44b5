import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Chat, Message, Update, User } from 'grammy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../bot/channel.js';
import type { ChatCommands } from '../bot/chat-commands.js';
import { SendError } from '../common/index.js';
import { createConversation, type Conversation } from '../bot/conversation.js';
import { createFileFeedbackStore } from '../bot/feedback-store.js';
import { COMMAND_MENU, HELP_TEXT, REPLIES } from '../bot/help-texts.js';
import { escapeHtml, renderTelegram, TELEGRAM_MAX_LENGTH } from '../bot/telegram/render-telegram.js';
import { formatSourcesText } from '../bot/render-plain.js';
import { createTelegramChannel, type TelegramChannelDeps } from '../bot/telegram/telegram-channel.js';
import { createLogger, silentLogger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings, type Answer, type Citation, type KnowledgeBase } from '../knowledge/index.js';
import { regulation } from './fakes/test-helpers.js';
import {
  FAKE_BOT,
  FAKE_TELEGRAM_FAILURES,
  parseTelegramHtml,
  startFakeTelegram,
  type FakeTelegram,
  type FakeTelegramCall,
  type FakeTelegramOptions,
} from './fakes/fake-telegram-server.js';

const meetings = regulation('hop.txt', 'Chế độ họp chi bộ', [
  '1. Chế độ họp của chi bộ',
  'Chi bộ họp thường lệ mỗi tháng một lần vào đầu tháng. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.',
  'Khi cần thiết, chi bộ có thể họp bất thường theo đề nghị của chi ủy.',
]);
const fees = regulation('dang-phi.txt', 'Đảng phí', [
  '1. Đảng phí',
  'Đảng viên đóng đảng phí hằng tháng theo tỷ lệ phần trăm của thu nhập. Chi bộ thu đảng phí và nộp lên cấp ủy cấp trên.',
]);
/** A long list with characters to escape: its /nguon excerpt is longer than one Telegram message. */
const duties = regulation('nhiem-vu.txt', 'Quy định về nhiệm vụ của chi ủy', [
  'Điều 3. Nhiệm vụ của chi ủy',
  'Chi ủy có các nhiệm vụ sau đây:',
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `- Nhiệm vụ thứ ${i + 1}: chi ủy kiểm tra, giám sát việc thực hiện nghị quyết của chi bộ về công tác số ${i + 1} & báo cáo <định kỳ> hằng quý với cấp ủy cấp trên.`,
  ),
]);

const QUESTION = 'Chi bộ họp mấy lần một tháng?';
const member: User = { id: 501, is_bot: false, first_name: 'Lan', username: 'lan' };
const otherMember: User = { id: 502, is_bot: false, first_name: 'Hùng' };
const privateChat: Chat.PrivateChat = { id: 501, type: 'private', first_name: 'Lan' };
const otherPrivateChat: Chat.PrivateChat = { id: 502, type: 'private', first_name: 'Hùng' };
const groupChat: Chat.SupergroupChat = { id: -100_200, type: 'supergroup', title: 'Chi bộ 1' };

let nextMessageId = 1_000;
/** A message update; `extra` replaces the text with a sticker, adds a reply... */
function messageUpdate(chat: Chat, text: string | undefined, extra: Partial<Message> = {}, from: User = member): Omit<Update, 'update_id'> {
  const message = { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...(text === undefined ? {} : { text }), ...extra };
  return { message: message as Update['message'] };
}

let knowledge: KnowledgeBase;
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'telegram-channel-'));
  knowledge = await createKnowledgeBase([meetings, fees, duties], {
    embeddings: new HashingEmbeddings(),
    logger: silentLogger(),
    options: { chunking: { maxWords: 3000 }, answerer: { excerptChars: 20_000 } },
  });
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Log lines written during a test, parsed. */
function captureLogs() {
  const stream = new PassThrough();
  const lines: { level: number; msg: string }[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
  });
  return { logger: createLogger({ level: 'debug', destination: stream }), lines };
}

let telegram: FakeTelegram | undefined;
let channel: Channel | undefined;
let webhookServer: Server | undefined;
afterEach(async () => {
  await channel?.stop();
  if (webhookServer) await new Promise((resolve) => webhookServer!.close(resolve));
  await telegram?.close();
  channel = undefined;
  webhookServer = undefined;
  telegram = undefined;
});

/** A channel over the fake with a real conversation, long polling unless `webhook` is given. */
async function startChannel(overrides: Partial<TelegramChannelDeps> = {}, start = true, fakeOptions: FakeTelegramOptions = {}): Promise<Channel> {
  const fake = await startFakeTelegram(fakeOptions);
  telegram = fake;
  channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    conversation: createConversation({ knowledge, logger: silentLogger() }),
    logger: silentLogger(),
    botInfo: FAKE_BOT,
    // "typing…" at once, so that tests see it for every answer.
    typingDelayMs: 0,
    ...overrides,
  });
  if (start) await channel.start();
  return channel;
}

/** The fake of the running test. */
function fake(): FakeTelegram {
  if (!telegram) throw new Error('No fake Telegram running: call startChannel first');
  return telegram;
}

const sent = (method = 'sendMessage') => fake().calls.filter((call) => call.method === method);
const textOf = (call: FakeTelegramCall | undefined) => String(call?.params.text);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails unless the text is HTML Telegram accepts, within its length. */
function expectValidHtml(call: FakeTelegramCall | undefined): void {
  expect(call?.params.parse_mode).toBe('HTML');
  const text = textOf(call);
  expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
  expect(parseTelegramHtml(text)).not.toHaveProperty('error');
}

function keyboardOf(call: FakeTelegramCall | undefined): { text: string; callback_data: string }[][] | undefined {
  return (call?.params.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard;
}

describe('renderTelegram', () => {
  it('escapes member and corpus text and splits a long text between whole paragraphs', () => {
    const paragraph = 'Chi bộ <họp> & bàn việc. '.repeat(60).trim();
    const { html, keyboard } = renderTelegram({ kind: 'text', text: Array(8).fill(paragraph).join('\n\n'), buttons: [[{ label: 'Có', data: 'yes' }]] });
    expect(html.length).toBeGreaterThan(1);
    for (const part of html) {
      expect(part.length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
      expect(parseTelegramHtml(part)).toEqual({ text: expect.stringContaining('Chi bộ <họp> & bàn việc.') });
      // Every part is made of whole paragraphs.
      for (const piece of part.split('\n\n')) expect(piece).toBe(escapeHtml(paragraph));
    }
    expect(keyboard).toEqual({ inline_keyboard: [[{ text: 'Có', callback_data: 'yes' }]] });
  });

  it('numbers the documents in /nguon as the answer does, each passage under its document', () => {
    const citation = (title: string, section: string): Citation => ({ source: `${title}.txt`, title, section, excerpt: `Đoạn ${section}`, score: 1 });
    const answer: Answer = {
      question: 'Đảng viên dự bị có những quyền gì?',
      grounded: true,
      answer: 'Trích dẫn.',
      citations: [citation('Điều lệ', 'Điều 3'), citation('Hướng dẫn 06', 'Mục 4.6'), citation('Điều lệ', 'Điều 35')],
      confidence: 1,
    };
    const listed = renderTelegram({ kind: 'answer', answer, feedbackId: 'f' }).html.join('\n');
    expect(listed).toContain('[1] <b>Điều lệ</b>');
    expect(listed).toContain('[2] <b>Hướng dẫn 06</b>');
    for (const sources of [renderTelegram({ kind: 'sources', answer }).html.join('\n'), formatSourcesText(answer)]) {
      const plain = sources.replace(/<[^>]+>/gu, '');
      // The answer's [2] is the guidance, here too; both passages of the charter are under its [1].
      expect(plain.indexOf('[1] Điều lệ')).toBeLessThan(plain.indexOf('Mục: Điều 3'));
      expect(plain.indexOf('Mục: Điều 35')).toBeLessThan(plain.indexOf('[2] Hướng dẫn 06'));
      expect(plain).not.toContain('[3]');
    }
  });

  it('splits a single paragraph longer than a message before escaping it', () => {
    const { html } = renderTelegram({ kind: 'text', text: '&'.repeat(5000) });
    expect(html.join('')).toBe('&amp;'.repeat(5000));
    for (const part of html) expect(part.length).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
  });
});

describe('createTelegramChannel over long polling', () => {
  it('answers a private question with its sources in valid HTML, typing first, 👍/👎 under it', async () => {
    await startChannel();
    fake().pushUpdate(messageUpdate(privateChat, QUESTION));
    const [answer] = await fake().waitForCalls('sendMessage', 1);
    expectValidHtml(answer);
    expect(answer!.params).toMatchObject({ chat_id: 501, link_preview_options: { is_disabled: true } });
    expect(textOf(answer)).toContain('mỗi tháng một lần');
    expect(textOf(answer)).toContain('<b>Nguồn:</b>\n[1] <b>Chế độ họp chi bộ</b>');
    // The section and the excerpt are for /nguon: the answer stays one phone screen.
    expect(textOf(answer)).not.toContain('Mục: 1. Chế độ họp của chi bộ');
    expect(textOf(answer)).toContain('Gõ /nguon để xem đầy đủ nguồn.');
    expect(keyboardOf(answer)).toEqual([
      [
        { text: '👍', callback_data: expect.stringMatching(/^fb:[a-f0-9]{12}:up$/) },
        { text: '👎', callback_data: expect.stringMatching(/^fb:[a-f0-9]{12}:down$/) },
      ],
    ]);
    const methods = fake().calls.map((call) => call.method);
    expect(methods.indexOf('sendChatAction')).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('sendChatAction')).toBeLessThan(methods.indexOf('sendMessage'));
    expect(sent('sendChatAction')[0]!.params).toMatchObject({ chat_id: 501, action: 'typing' });
    // Started by removing any webhook and registering the command menu, then polling.
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
    expect(sent('setMyCommands')[0]!.params.commands).toEqual(COMMAND_MENU);
    expect(sent('getUpdates')[0]!.params.allowed_updates).toEqual(['message', 'callback_query']);
  });

  it('ignores group chatter and answers /hoi, a mention and a reply to the bot, as replies', async () => {
    await startChannel();
    fake().pushUpdate(messageUpdate(groupChat, 'Hôm nay mấy giờ họp nhỉ mọi người?'));
    fake().pushUpdate(messageUpdate(groupChat, `/hoi@other_bot ${QUESTION}`));
    const ask = messageUpdate(groupChat, `/hoi ${QUESTION}`);
    fake().pushUpdate(ask);
    fake().pushUpdate(messageUpdate(groupChat, 'Nhờ @chibo_bot cho hỏi đảng viên đóng đảng phí thế nào?'));
    const botMessage = {
      message_id: 7,
      date: 0,
      chat: groupChat,
      from: FAKE_BOT,
      text: 'Chi bộ họp thường lệ mỗi tháng một lần.',
      reply_to_message: undefined,
    };
    fake().pushUpdate(messageUpdate(groupChat, 'Vậy bí thư chi bộ chủ trì cuộc họp phải không?', { reply_to_message: botMessage }));
    const replies = await fake().waitForCalls('sendMessage', 3);
    await pause(200);
    expect(sent()).toHaveLength(3);
    for (const reply of replies) expectValidHtml(reply);
    expect(textOf(replies[0])).toContain('mỗi tháng một lần');
    expect(replies[0]!.params.reply_parameters).toMatchObject({ message_id: ask.message!.message_id });
    expect(textOf(replies[1])).toContain('<b>Đảng phí</b>');
    expect(textOf(replies[2])).toContain('chủ trì cuộc họp');
    // "typing…" only for the messages it answered.
    expect(sent('sendChatAction')).toHaveLength(3);
  });

  it('shows "typing…" only when an answer takes a while, and always before it', async () => {
    const slow = { ask: async (question: string) => (await pause(500), knowledge.ask(question)) };
    await startChannel({ typingDelayMs: 300, conversation: createConversation({ knowledge: slow, logger: silentLogger() }) });
    fake().pushUpdate(messageUpdate(privateChat, QUESTION));
    await fake().waitForCalls('sendMessage', 1);
    const methods = fake()
      .calls.map((call) => call.method)
      .filter((method) => method === 'sendChatAction' || method === 'sendMessage');
    expect(methods).toEqual(['sendChatAction', 'sendMessage']);
    await channel!.stop();
    await telegram!.close();

    await startChannel({ typingDelayMs: 300 });
    fake().pushUpdate(messageUpdate(privateChat, QUESTION));
    await fake().waitForCalls('sendMessage', 1);
    expect(sent('sendChatAction')).toEqual([]);
  });

  it('shows the help on /start and /trogiup, and the full sources on /nguon', async () => {
    await startChannel();
    fake().pushUpdate(messageUpdate(privateChat, '/start'));
    fake().pushUpdate(messageUpdate(groupChat, '/trogiup@chibo_bot'));
    fake().pushUpdate(messageUpdate(otherPrivateChat, 'Chi bộ họp <b>mấy</b> lần một tháng?', {}, otherMember));
    fake().pushUpdate(messageUpdate(otherPrivateChat, '/nguon', {}, otherMember));
    await fake().waitForCalls('sendMessage', 4);
    for (const call of sent()) expectValidHtml(call);
    const to = (chatId: number) => sent().filter((call) => call.params.chat_id === chatId);
    expect(to(501).map(textOf)).toEqual([escapeHtml(HELP_TEXT)]);
    expect(to(groupChat.id).map(textOf)).toEqual([escapeHtml(HELP_TEXT)]);
    const [, sources] = to(502);
    expect(textOf(sources)).toContain('Nguồn của câu trả lời cho "Chi bộ họp &lt;b&gt;mấy&lt;/b&gt; lần một tháng?":');
    expect(textOf(sources)).toContain('[1] <b>Chế độ họp chi bộ</b>\nMục: 1. Chế độ họp của chi bộ\n<blockquote>');
    expect(textOf(sources)).toContain('Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.');
  });

  it('splits /nguon longer than a message into several valid messages', async () => {
    await startChannel();
    fake().pushUpdate(messageUpdate(privateChat, 'Chi ủy có những nhiệm vụ gì?'));
    fake().pushUpdate(messageUpdate(privateChat, '/nguon'));
    const calls = await fake().waitForCalls('sendMessage', 3);
    await pause(200);
    // The answer to a long list fits one phone screen and says where the rest is.
    const answer = (parseTelegramHtml(textOf(sent()[0])) as { text: string }).text;
    expect(answer.length).toBeLessThanOrEqual(700);
    expect(answer).toContain('Nhiệm vụ thứ 1: chi ủy kiểm tra');
    expect(answer).toContain('… (xem đầy đủ: /nguon)');
    expect(answer).not.toContain('Nhiệm vụ thứ 40:');
    const parts = sent().slice(1);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map(textOf).join('')).toContain('<b>Câu trả lời đầy đủ:</b>');
    for (const part of parts) expectValidHtml(part);
    const shown = parts.map((part) => (parseTelegramHtml(textOf(part)) as { text: string }).text).join('\n');
    for (let i = 1; i <= 40; i++) expect(shown).toContain(`Nhiệm vụ thứ ${i}: chi ủy kiểm tra`);
    expect(shown).toContain('công tác số 40 & báo cáo <định kỳ> hằng quý');
    expect(textOf(calls[1])).toMatch(/^Nguồn của câu trả lời/);
  });

  it('records a 👍 and thanks the member', async () => {
    const file = path.join(directory, 'votes', 'feedback.jsonl');
    const conversation = createConversation({ knowledge, logger: silentLogger(), feedback: createFileFeedbackStore(file) });
    await startChannel({ conversation });
    const asked = messageUpdate(privateChat, QUESTION);
    fake().pushUpdate(asked);
    const [answer] = await fake().waitForCalls('sendMessage', 1);
    const up = keyboardOf(answer)![0]![0]!.callback_data;
    fake().pushUpdate({
      callback_query: {
        id: 'press-1',
        from: member,
        chat_instance: 'ci-1',
        data: up,
        message: { message_id: 1, date: 0, chat: privateChat, from: FAKE_BOT, text: 'x' } as Message.TextMessage,
      },
    });
    const [notice] = await fake().waitForCalls('answerCallbackQuery', 1);
    expect(notice!.params).toEqual({ callback_query_id: 'press-1', text: REPLIES.thanks });
    const [vote] = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(vote).toMatchObject({ chat: 'telegram:501', user: 'telegram:501', vote: 'up', question: QUESTION, grounded: true, sources: ['hop.txt'] });
  });

  it('answers a slow button press at once ("working"), then posts what the work says', async () => {
    // Telegram refuses a press answered too late; the work behind this button takes longer than that.
    const slow: ChatCommands = {
      commands: [],
      buttonPrefixes: ['slow:'],
      handle: () => Promise.resolve([]),
      async handleButton(press) {
        await pause(900);
        return press.data === 'slow:replies' ? { notice: 'Xong.', replies: [{ kind: 'text', text: '✅ Đã thêm tài liệu vào kho.' }] } : { notice: 'Đã lưu.' };
      },
    };
    const conversation = createConversation({ knowledge, logger: silentLogger(), commands: [slow] });
    await startChannel({ conversation, callbackAnswerMs: 200 }, true, { callbackQueryTimeoutMs: 600 });
    const pressUpdate = (id: string, data: string) => ({
      callback_query: {
        id,
        from: member,
        chat_instance: 'ci-1',
        data,
        message: { message_id: 1, date: 0, chat: privateChat, from: FAKE_BOT, text: 'x' } as Message.TextMessage,
      },
    });
    fake().pushUpdate(pressUpdate('press-slow-1', 'slow:replies'));
    const [posted] = await fake().waitForCalls('sendMessage', 1);
    expect(sent('answerCallbackQuery').map((call) => call.params)).toEqual([{ callback_query_id: 'press-slow-1', text: REPLIES.working }]);
    expect(textOf(posted)).toBe('✅ Đã thêm tài liệu vào kho.');
    // With nothing else to post, what the work says goes to the chat.
    fake().pushUpdate(pressUpdate('press-slow-2', 'slow:notice'));
    const [, notice] = await fake().waitForCalls('sendMessage', 2);
    expect(textOf(notice)).toBe('Đã lưu.');
    expect(fake().delivered).toHaveLength(2);
  });

  it('ignores edits, channel posts, joins, group stickers and bots, and tells a private sticker it reads only text', async () => {
    const { logger, lines } = captureLogs();
    await startChannel({ logger });
    const bot: User = { id: 900, is_bot: true, first_name: 'Other', username: 'other_bot' };
    fake().pushUpdate({ edited_message: messageUpdate(privateChat, QUESTION).message as Update['edited_message'] });
    fake().pushUpdate({
      channel_post: { message_id: 5, date: 0, chat: { id: -100_300, type: 'channel', title: 'Tin' }, text: QUESTION },
    });
    fake().pushUpdate(messageUpdate(groupChat, undefined, { new_chat_members: [otherMember] }));
    fake().pushUpdate(messageUpdate(groupChat, undefined, { left_chat_member: otherMember }));
    fake().pushUpdate(
      messageUpdate(groupChat, undefined, {
        sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      }),
    );
    fake().pushUpdate(messageUpdate(groupChat, `@chibo_bot ${QUESTION}`, {}, bot));
    fake().pushUpdate({ poll_answer: { poll_id: 'p', option_ids: [0], option_persistent_ids: ['0'], user: member } });
    fake().pushUpdate(
      messageUpdate(privateChat, undefined, {
        sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      }),
    );
    const [reply] = await fake().waitForCalls('sendMessage', 1);
    await pause(300);
    expect(sent()).toHaveLength(1);
    expect(reply!.params.chat_id).toBe(501);
    expect(textOf(reply)).toBe(REPLIES.onlyText);
    expect(textOf(reply)).toContain('chỉ đọc được tin nhắn chữ');
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
  });

  it('answers a fast question while a slow one is still being answered', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowKnowledge = {
      ask: async (question: string) => (question.includes('đảng phí') ? gate.then(() => knowledge.ask(question)) : knowledge.ask(question)),
    };
    await startChannel({ conversation: createConversation({ knowledge: slowKnowledge, logger: silentLogger() }) });
    fake().pushUpdate(messageUpdate(privateChat, 'Đảng viên đóng đảng phí thế nào?'));
    fake().pushUpdate(messageUpdate(otherPrivateChat, QUESTION, {}, otherMember));
    const [first] = await fake().waitForCalls('sendMessage', 1);
    expect(first!.params.chat_id).toBe(502);
    release();
    const [, second] = await fake().waitForCalls('sendMessage', 2);
    expect(second!.params.chat_id).toBe(501);
    expect(textOf(second)).toContain('đảng phí hằng tháng');
  });

  it('logs a failing handler in English, tells the member, and keeps running', async () => {
    const { logger, lines } = captureLogs();
    let calls = 0;
    const failing: Conversation = {
      handleMessage: async () => {
        calls += 1;
        if (calls === 1) throw new Error('knowledge base exploded');
        return [{ kind: 'text', text: 'Vẫn chạy' }];
      },
      handleButton: async () => ({}),
    };
    await startChannel({ conversation: failing, logger });
    fake().pushUpdate(messageUpdate(privateChat, QUESTION));
    fake().pushUpdate(messageUpdate(privateChat, QUESTION));
    const [failure, next] = await fake().waitForCalls('sendMessage', 2);
    expect(textOf(failure)).toBe(REPLIES.failure);
    expect(textOf(next)).toBe('Vẫn chạy');
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'Handling a Telegram update failed' }));
  });

  it('stops polling on stop()', async () => {
    const polling = await startChannel();
    await fake().waitForCalls('getUpdates', 1);
    await polling.stop();
    const polls = sent('getUpdates').length;
    await pause(400);
    expect(sent('getUpdates')).toHaveLength(polls);
  });

  it('refuses webhook requests when it is polling', async () => {
    const polling = await startChannel({}, false);
    const url = await serveWebhook(polling);
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

/** Serves `channel.handleWebhook` on a real HTTP server; returns its URL. */
async function serveWebhook(target: Channel): Promise<string> {
  webhookServer = createServer((request, response) => void target.handleWebhook(request, response));
  await new Promise<void>((resolve) => webhookServer!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/webhooks/telegram`;
}

describe('createTelegramChannel over a webhook', () => {
  it('checks the secret, rejects malformed JSON, answers updates and registers the webhook', async () => {
    const webhook = { url: 'https://bot.example.org/webhooks/telegram', secret: 'webhook-secret-123' };
    // No botInfo: the channel must ask getMe before it handles the first update.
    const target = await startChannel({ webhook, botInfo: undefined }, false);
    const url = await serveWebhook(target);
    const post = (body: string, secret?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body });
    const update = (text: string) => JSON.stringify({ update_id: 1, ...messageUpdate(privateChat, text) });

    expect((await post(update(QUESTION), 'wrong-secret')).status).toBe(401);
    expect((await post(update(QUESTION))).status).toBe(401);
    expect((await post('{"update_id": 3, "message": ', webhook.secret)).status).toBe(400);
    await pause(200);
    expect(sent()).toEqual([]);
    expect(sent('sendChatAction')).toEqual([]);

    expect((await post(update(QUESTION), webhook.secret)).status).toBe(200);
    expect(sent()).toHaveLength(1);
    expectValidHtml(sent()[0]);
    expect(textOf(sent()[0])).toContain('mỗi tháng một lần');
    expect(
      fake()
        .calls.map((call) => call.method)
        .indexOf('getMe'),
    ).toBe(0);

    await target.start();
    expect(sent('setWebhook')[0]!.params).toMatchObject({ url: webhook.url, secret_token: webhook.secret, allowed_updates: ['message', 'callback_query'] });
    expect(sent('deleteWebhook')).toEqual([]);
    expect(sent('getUpdates')).toEqual([]);
  });

  it('answers 200 to an update whose handler fails, logs it and tells the member', async () => {
    const { logger, lines } = captureLogs();
    const failing: Conversation = {
      handleMessage: async () => {
        throw new Error('knowledge base exploded');
      },
      handleButton: async () => ({}),
    };
    const target = await startChannel({ webhook: { url: 'https://bot.example.org/webhooks/telegram' }, conversation: failing, logger }, false);
    const url = await serveWebhook(target);
    const response = await fetch(url, { method: 'POST', body: JSON.stringify({ update_id: 9, ...messageUpdate(privateChat, QUESTION) }) });
    expect(response.status).toBe(200);
    expect(sent().map(textOf)).toEqual([REPLIES.failure]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'Handling a Telegram update failed' }));
  });
});

describe('TelegramChannel.send', () => {
  it('sends escaped HTML split under 4096 characters, buttons under the last part', async () => {
    const target = await startChannel({}, false);
    const text = `Nhắc lịch <họp> chi bộ & sinh hoạt chuyên đề.\n\n${'Nội dung chuẩn bị cho buổi họp. '.repeat(200)}`;
    await target.send('501', { text, buttons: [[{ label: 'Đã nhận', data: 'ack:1' }]] });
    const parts = sent();
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) expectValidHtml(part);
    expect(textOf(parts[0])).toContain('Nhắc lịch &lt;họp&gt; chi bộ &amp; sinh hoạt');
    expect(parts.slice(0, -1).map(keyboardOf)).toEqual(parts.slice(0, -1).map(() => undefined));
    expect(keyboardOf(parts.at(-1))).toEqual([[{ text: 'Đã nhận', callback_data: 'ack:1' }]]);
  });

  it('maps Telegram failures to SendError, and does not retry 429 behind the workers’ back', async () => {
    const target = await startChannel({}, false);
    fake().failChat(601, FAKE_TELEGRAM_FAILURES.blocked);
    fake().failChat(602, FAKE_TELEGRAM_FAILURES.tooManyRequests);
    fake().failChat(603, FAKE_TELEGRAM_FAILURES.chatNotFound);
    fake().failChat(604, { error_code: 502, description: 'Bad Gateway' });
    const failure = (chatId: string) =>
      target.send(chatId, { text: 'Thông báo' }).then(
        () => undefined,
        (error: unknown) => error,
      );

    const blocked = await failure('601');
    expect(blocked).toBeInstanceOf(SendError);
    expect(blocked).toMatchObject({ kind: 'permanent', reason: 'Forbidden: bot was blocked by the user', retryable: false });
    expect(await failure('602')).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000, retryable: true });
    expect(sent().filter((call) => call.params.chat_id === '602')).toHaveLength(1);
    expect(await failure('603')).toMatchObject({ kind: 'permanent', reason: 'Bad Request: chat not found' });
    expect(await failure('604')).toMatchObject({ kind: 'retryable', reason: 'Bad Gateway' });
  });

  it('maps a network failure to a retryable SendError', async () => {
    const closed = await startFakeTelegram();
    const apiRoot = closed.apiRoot;
    await closed.close();
    const target = await startChannel({ apiRoot }, false);
    await expect(target.send('501', { text: 'Thông báo' })).rejects.toMatchObject({ kind: 'retryable', name: 'SendError' });
  });
});
