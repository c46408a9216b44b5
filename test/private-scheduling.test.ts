/**
 * Issue 19: a secretary scheduling, changing or cancelling from a private chat. The preview names
 * the group the event goes to, and the group is told in one line once it is saved or cancelled,
 * through a messenger over the fake Telegram server. A failed group message never fails the save.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCellCommands, createConversation, createTelegramSender, type Conversation, type IncomingMessage, type Reply } from '../bot/index.js';
import { createLogger, createMessenger } from '../common/index.js';
import { createBroadcastService, createReminderService, DEFAULT_REMINDER_QUEUE, type BroadcastService, type ReminderService } from '../jobs/index.js';
import { FAKE_TELEGRAM_FAILURES, startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';

/** Saturday 21/11/2026 10:00 in Hà Nội, running at real speed. */
const NOW = Date.parse('2026-11-21T10:00:00+07:00');
const ADMIN = '1';
const SECRETARY = '2';
const GROUP = '-100500';
const NAMES: Record<string, string> = { [ADMIN]: 'Quản trị', [SECRETARY]: 'Nguyễn Văn Hai' };

let redis: Redis;
let prefix: string;
let reminders: ReminderService;
let broadcasts: BroadcastService;
let queue: Queue;
let telegram: FakeTelegram;
let conversation: Conversation;
let warnings: string[];

beforeEach(async () => {
  prefix = `test-private-${randomUUID().slice(0, 8)}`;
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const skew = NOW - Date.now();
  const now = () => new Date(Date.now() + skew);
  reminders = createReminderService({ connection: redis, prefix, now });
  broadcasts = createBroadcastService({ connection: redis, prefix });
  queue = new Queue(DEFAULT_REMINDER_QUEUE, { connection: redis, prefix });
  telegram = await startFakeTelegram();
  warnings = [];
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => warnings.push(line) } as unknown as NodeJS.WritableStream,
  });
  const commands = createCellCommands({
    redis,
    prefix,
    reminders,
    broadcasts,
    admins: [`telegram:${ADMIN}`],
    logger,
    hasButtons: () => false,
    now,
    messenger: createMessenger([createTelegramSender({ token: telegram.token, apiRoot: telegram.apiRoot })]),
  });
  conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger, commands });
});

afterEach(async () => {
  await reminders.close();
  await broadcasts.close();
  await queue.close();
  await telegram.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

/** A private chat of the person, or the group with `inGroup`. */
async function say(userId: string, text: string, inGroup = false): Promise<string> {
  const message: IncomingMessage = {
    channel: 'telegram',
    chatId: inGroup ? GROUP : userId,
    chatType: inGroup ? 'group' : 'private',
    userId,
    userName: NAMES[userId],
    text,
    addressedToBot: false,
  };
  const replies: Reply[] = await conversation.handleMessage(message);
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  if (reply?.kind !== 'text') throw new Error('expected a text reply');
  return reply.text;
}

/** What the bot posted in the group, in order. */
function groupMessages(): string[] {
  return telegram.calls.filter((call) => call.method === 'sendMessage' && String(call.params.chat_id) === GROUP).map((call) => String(call.params.text));
}

/** An admin creates the cell; the secretary binds the group with its code. */
async function registerCell(): Promise<void> {
  const code = /Mã đăng ký: ([A-Z2-9]{8})/u.exec(await say(ADMIN, '/taochibo Chi bộ khu phố 3'))?.[1] ?? '';
  expect(await say(SECRETARY, `/dangky ${code}`, true)).toContain('Nhóm chat này đã được gắn với Chi bộ khu phố 3.');
}

describe('scheduling from a private chat (issue 19)', () => {
  it('names the group in the preview and tells the group once, when saved', async () => {
    await registerCell();
    const preview = await say(SECRETARY, '/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(preview).toContain('Lịch sẽ gửi tới nhóm của Chi bộ khu phố 3.');
    expect(groupMessages()).toEqual([]);
    expect(await say(SECRETARY, '/dongy')).toContain('✅ Đã lưu lịch: Họp chi bộ — 19:30 thứ Năm 26/11/2026');
    expect(groupMessages()).toEqual(['📅 Đồng chí Nguyễn Văn Hai vừa đặt lịch: Họp chi bộ — 19:30 thứ Năm 26/11/2026. Tôi sẽ nhắc trước.']);
    expect(await reminders.list(`telegram:${GROUP}`)).toHaveLength(1);
  });

  it('tells the group in one line of an edit and of a cancellation made privately', async () => {
    await registerCell();
    await say(SECRETARY, '/hop họp chi bộ 19h30 thứ năm tuần sau');
    await say(SECRETARY, '/dongy');
    expect(await say(SECRETARY, '/sua 20h')).toContain('Nhóm của Chi bộ khu phố 3 sẽ được báo việc sửa lịch này.');
    expect(await say(SECRETARY, '/dongy')).toContain('✅ Đã sửa lịch');
    expect(await say(SECRETARY, '/huy')).toContain('🗑 Đã hủy lịch "Họp chi bộ"');
    expect(groupMessages().slice(1)).toEqual([
      '✏️ Đồng chí Nguyễn Văn Hai vừa sửa lịch: Họp chi bộ — 20:00 thứ Năm 26/11/2026. Tôi sẽ nhắc trước.',
      '🗑 Đồng chí Nguyễn Văn Hai vừa hủy lịch: Họp chi bộ — 20:00 thứ Năm 26/11/2026. Tôi sẽ không nhắc lịch này nữa.',
    ]);
  });

  it('says nothing more when the secretary schedules in the group itself', async () => {
    await registerCell();
    const preview = await say(SECRETARY, '/hop họp chi bộ 19h30 thứ năm tuần sau', true);
    expect(preview).not.toContain('Lịch sẽ gửi tới nhóm');
    expect(await say(SECRETARY, '/dongy', true)).toContain('✅ Đã lưu lịch');
    expect(groupMessages()).toEqual([]);
  });

  it('saves even when the group cannot be told, and logs a warning', async () => {
    await registerCell();
    telegram.failChat(GROUP, FAKE_TELEGRAM_FAILURES.kicked);
    await say(SECRETARY, '/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(await say(SECRETARY, '/dongy')).toContain('✅ Đã lưu lịch: Họp chi bộ');
    expect(await reminders.list(`telegram:${GROUP}`)).toHaveLength(1);
    expect(warnings.join('\n')).toContain('Cannot tell the cell group of an event changed from another chat');
  });
});
