/**
 * Members answer the bot's own messages as people do (issue 19, points 3, 6 and 7): a reply to a
 * meeting reminder is an attendance answer in ordinary words, for that very meeting; a reply to a
 * notice acknowledges it; a reply to an answer stays a follow-up question. /thamdu and /vang ask
 * which meeting when several are coming. The sender of a notice reads "Đang gửi…" before the
 * delivery report.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message, Update } from 'grammy/types';
import { createCellCommands, createConversation, createTelegramChannel, type Conversation, type IncomingMessage } from '../bot/index.js';
import { createMessenger, silentLogger, type Messenger } from '../common/index.js';
import {
  createAttendanceStore,
  createBroadcastService,
  createBroadcastWorkers,
  createOrgRegistry,
  createReminderService,
  createReminderWorker,
  rememberAttendanceCalls,
  type AttendanceStore,
  type BroadcastService,
  type ReminderService,
} from '../jobs/index.js';
import type { Answer } from '../knowledge/index.js';
import { FAKE_BOT, startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { until } from './fakes/test-helpers.js';

const ADMIN = 1;
const GROUP = -100500;
const GROUP_CHAT = `telegram:${GROUP}`;
const groupChat = { id: GROUP, type: 'supergroup', title: 'Chi bộ khu phố 3' } as const;
const adminChat = { id: ADMIN, type: 'private', first_name: 'Quản' } as const;
const admin = { id: ADMIN, is_bot: false, first_name: 'Quản', last_name: 'Trị' };
const ba = { id: 3, is_bot: false, first_name: 'Trần Thị', last_name: 'Ba' };
const bon = { id: 4, is_bot: false, first_name: 'Lê Văn', last_name: 'Bốn' };

/** Everything a test opened, closed and deleted afterwards. */
interface Harness {
  redis: Redis;
  prefix: string;
  reminders: ReminderService;
  broadcasts: BroadcastService;
  attendance: AttendanceStore;
  conversation: Conversation;
  /** The questions the documents were asked. */
  asked: string[];
  closers: (() => Promise<void>)[];
}

let harness: Harness | undefined;

afterEach(async () => {
  if (!harness) return;
  for (const close of harness.closers.reverse()) await close();
  const keys: string[] = [];
  for await (const batch of harness.redis.scanStream({ match: `${harness.prefix}:*`, count: 500 })) keys.push(...(batch as string[]));
  if (keys.length > 0) await harness.redis.del(...keys);
  await harness.redis.quit();
  harness = undefined;
});

/** The cell's group bound to "Chi bộ khu phố 3", the commands and the conversation, at `nowIso` running at real speed. */
async function setUp(nowIso: string): Promise<Harness> {
  const id = randomUUID().slice(0, 8);
  const prefix = `test-replies-${id}`;
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const skew = Date.parse(nowIso) - Date.now();
  const now = () => new Date(Date.now() + skew);
  const reminders = createReminderService({ connection: redis, prefix, queueName: `reminders-${id}`, now });
  const broadcasts = createBroadcastService({ connection: redis, prefix });
  const asked: string[] = [];
  const knowledge = {
    async ask(question: string): Promise<Answer> {
      asked.push(question);
      return { question, grounded: false, answer: 'Chưa tìm thấy trong tài liệu.', citations: [], confidence: 0 };
    },
  };
  const commands = createCellCommands({
    redis,
    prefix,
    reminders,
    broadcasts,
    admins: [`telegram:${ADMIN}`],
    logger: silentLogger(),
    hasButtons: () => true,
    now,
  });
  const conversation = createConversation({ knowledge, logger: silentLogger(), commands });
  const registry = createOrgRegistry(redis, { prefix });
  const { code } = await registry.createCell('Chi bộ khu phố 3', `telegram:${ADMIN}`);
  await registry.redeemCode(code, GROUP_CHAT);
  harness = {
    redis,
    prefix,
    reminders,
    broadcasts,
    attendance: createAttendanceStore(redis, { prefix }),
    conversation,
    asked,
    closers: [() => reminders.close(), () => broadcasts.close()],
  };
  // The workers' clock is the commands' clock.
  workersClock = now;
  workersQueue = `reminders-${id}`;
  return harness;
}

let workersClock: () => Date = () => new Date();
let workersQueue = 'reminders';

/** The fake Telegram, the channel answering through it, and the workers sending through it (reminders remembered as the app's workers do). */
async function telegramWithWorkers(test: Harness): Promise<{ telegram: FakeTelegram; messenger: Messenger }> {
  const telegram = await startFakeTelegram();
  test.closers.push(() => telegram.close());
  const channel = createTelegramChannel({
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    conversation: test.conversation,
    logger: silentLogger(),
    botInfo: FAKE_BOT,
  });
  await channel.start();
  test.closers.push(() => channel.stop());
  const messenger = createMessenger([channel]);
  const common = { connection: test.redis, prefix: test.prefix, logger: silentLogger() };
  const reminderWorker = createReminderWorker({
    ...common,
    queueName: workersQueue,
    messenger: rememberAttendanceCalls(messenger, test.attendance),
    now: workersClock,
  });
  const broadcastWorkers = createBroadcastWorkers({ ...common, messenger });
  test.closers.push(
    () => reminderWorker.close(),
    () => broadcastWorkers.close(),
  );
  return { telegram, messenger };
}

/** The message id Telegram gave a message the bot sent: the fake numbers accepted messages 1, 2, 3 … in order. */
function messageIdOf(telegram: FakeTelegram, matches: (text: string) => boolean): number {
  const index = telegram.delivered.findIndex((sent) => matches(sent.text));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

let nextMessageId = 1000;

/** A member's message in a chat, replying to one of the bot's messages when `replyTo` is given. */
function memberWrites(
  from: typeof ba,
  text: string,
  replyTo?: { messageId: number; text: string },
  chat: Message['chat'] = groupChat,
): Omit<Update, 'update_id'> {
  const reply = replyTo ? { reply_to_message: { message_id: replyTo.messageId, date: 0, chat, from: FAKE_BOT, text: replyTo.text } } : {};
  return { message: { message_id: nextMessageId++, date: 0, chat, from, text, ...reply } as NonNullable<Update['message']> };
}

/** Pushes an update and waits for the bot's next message to the chat. */
async function exchange(telegram: FakeTelegram, update: Omit<Update, 'update_id'>, chatId = GROUP): Promise<string> {
  const before = telegram.delivered.filter((sent) => sent.chatId === String(chatId)).length;
  telegram.pushUpdate(update);
  await until(() => telegram.delivered.filter((sent) => sent.chatId === String(chatId)).length > before, 10_000);
  return telegram.delivered.filter((sent) => sent.chatId === String(chatId))[before]!.text;
}

describe('a reply to a meeting reminder', () => {
  it('is an attendance answer in the member’s own words, for the meeting of that reminder, confirmed in one line', async () => {
    const test = await setUp('2026-11-25T19:29:58.800+07:00');
    // A nearer meeting, and the one whose reminder goes out now (2 days before it).
    const nearer = await test.reminders.schedule(GROUP_CHAT, 'họp chi ủy 8h sáng mai', { reminders: '0' });
    const reminded = await test.reminders.schedule(GROUP_CHAT, 'họp chi bộ 19h30 ngày 27/11', { reminders: '2d' });
    const { telegram } = await telegramWithWorkers(test);
    await until(() => telegram.delivered.some((sent) => sent.text.startsWith('Nhắc lịch họp')), 10_000);
    const reminder = telegram.delivered.find((sent) => sent.text.startsWith('Nhắc lịch họp'))!.text;
    expect(reminder.split('\n')[0]).toBe('Nhắc lịch họp: Họp chi bộ — 19:30 thứ Sáu 27/11/2026 (còn 2 ngày)');
    const reminderId = messageIdOf(telegram, (text) => text === reminder);

    const absent = await exchange(telegram, memberWrites(ba, 'Em xin vắng vì con ốm ạ', { messageId: reminderId, text: reminder }));
    expect(absent).toBe('Đã ghi nhận đồng chí vắng: Họp chi bộ — 19:30 thứ Sáu 27/11/2026. Lý do: con ốm.');
    // Typed without accents, as many phones do.
    const present = await exchange(telegram, memberWrites(bon, 'co, em se tham du a', { messageId: reminderId, text: reminder }));
    expect(present).toBe('Đã ghi nhận đồng chí tham dự: Họp chi bộ — 19:30 thứ Sáu 27/11/2026.');
    const unclear = await exchange(telegram, memberWrites(bon, 'Mấy giờ họp ạ?', { messageId: reminderId, text: reminder }));
    expect(unclear).toContain('Đồng chí tham dự hay vắng buổi họp này?');

    expect(await test.attendance.answers(reminded.id, '20261127T1930')).toEqual([
      expect.objectContaining({ person: 'telegram:4', name: 'Lê Văn Bốn', status: 'present' }),
      expect.objectContaining({ person: 'telegram:3', name: 'Trần Thị Ba', status: 'absent', reason: 'con ốm' }),
    ]);
    expect(await test.attendance.answers(nearer.id, '20261126T0800')).toEqual([]);
    // No 👍/👎 under the confirmations, and the documents were never searched.
    const replies = telegram.calls.filter((call) => call.method === 'sendMessage' && call.params.chat_id === GROUP);
    expect(replies.every((call) => call.params.reply_markup === undefined)).toBe(true);
    expect(test.asked).toEqual([]);
  });

  it('a reply to one of the bot’s answers stays a follow-up question', async () => {
    const test = await setUp('2026-11-25T10:00:00+07:00');
    const { telegram } = await telegramWithWorkers(test);
    const answer = await exchange(telegram, memberWrites(ba, '/hoi Đảng viên dự bị có được biểu quyết không?'));
    const answerId = messageIdOf(telegram, (text) => text === answer);
    await exchange(telegram, memberWrites(ba, 'Còn đảng viên chính thức thì sao?', { messageId: answerId, text: 'Chưa tìm thấy trong tài liệu.' }));
    expect(test.asked).toEqual(['Đảng viên dự bị có được biểu quyết không?', 'Còn đảng viên chính thức thì sao?']);
  });
});

describe('a reply to a notice', () => {
  it('acknowledges it, and the notice says who sent it with a code a person can read and type', async () => {
    const test = await setUp('2026-11-25T10:00:00+07:00');
    const { telegram } = await telegramWithWorkers(test);
    const { notice } = await test.broadcasts.send({
      text: 'Hội nghị đảng bộ lúc 8h thứ Hai 30/11 tại hội trường.',
      targets: [GROUP_CHAT],
      cellOf: { [GROUP_CHAT]: 'Chi bộ khu phố 3' },
      sender: `telegram:${ADMIN}`,
      senderName: 'Quản Trị',
    });
    expect(notice.id).toMatch(/^[A-HJKMNP-Z2-9]{6}$/u);
    await until(() => telegram.delivered.some((sent) => sent.chatId === String(GROUP)), 10_000);
    const copy = telegram.delivered.find((sent) => sent.chatId === String(GROUP))!.text;
    expect(copy.split('\n').slice(0, 4)).toEqual([
      `📣 THÔNG BÁO CỦA ĐẢNG ỦY (mã ${notice.id})`,
      'Người gửi: Quản Trị',
      '',
      'Hội nghị đảng bộ lúc 8h thứ Hai 30/11 tại hội trường.',
    ]);
    const copyId = messageIdOf(telegram, (text) => text === copy);

    const thanked = await exchange(telegram, memberWrites(ba, 'Đã nhận', { messageId: copyId, text: copy }));
    expect(thanked).toBe('Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.');
    expect(await test.broadcasts.notices.acknowledgements(notice.id)).toEqual([
      expect.objectContaining({ person: 'telegram:3', name: 'Trần Thị Ba', chat: GROUP_CHAT }),
    ]);
    expect(test.asked).toEqual([]);
  });
});

describe('a notice confirmed from the chat', () => {
  it('is announced to its sender before the delivery report; /xacnhan alone shows the last one', async () => {
    const test = await setUp('2026-11-25T10:00:00+07:00');
    const { telegram } = await telegramWithWorkers(test);
    const preview = telegram.calls.length;
    telegram.pushUpdate(memberWrites(admin, '/thongbao Hội nghị đảng bộ 8h thứ hai.', undefined, adminChat));
    await until(() => telegram.calls.slice(preview).some((call) => call.method === 'sendMessage' && call.params.chat_id === ADMIN), 10_000);
    const previewCall = telegram.calls.slice(preview).find((call) => call.method === 'sendMessage' && call.params.chat_id === ADMIN)!;
    const keyboard = (previewCall.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard;
    // Telegram is slow to take the confirmation: the report must still come after it.
    telegram.delayChat(ADMIN, 1_500);
    telegram.pushUpdate({
      callback_query: {
        id: 'press-send',
        from: admin,
        chat_instance: 'ci',
        data: keyboard[0]![0]!.callback_data,
        message: { message_id: 1, date: 0, chat: adminChat, from: FAKE_BOT, text: 'x' } as Message,
      },
    });
    await until(() => telegram.delivered.some((sent) => sent.text.includes('đã gửi xong')), 15_000);
    const toAdmin = telegram.delivered.filter((sent) => sent.chatId === String(ADMIN));
    const confirmation = toAdmin.findIndex((sent) => sent.text.includes('Đang gửi thông báo #'));
    const report = toAdmin.findIndex((sent) => sent.text.includes('đã gửi xong'));
    expect(confirmation).toBeGreaterThanOrEqual(0);
    expect(confirmation).toBeLessThan(report);
    // Not merely delivered in order: the report was not even sent before the sender had the confirmation.
    const reportCall = telegram.calls.find((call) => call.method === 'sendMessage' && String(call.params.text).includes('đã gửi xong'))!;
    expect(reportCall.at).toBeGreaterThanOrEqual(toAdmin[confirmation]!.at);

    const id = /#([A-HJKMNP-Z2-9]{6})\b/u.exec(toAdmin[confirmation]!.text)![1]!;
    const copy = telegram.delivered.find((sent) => sent.chatId === String(GROUP))!.text;
    expect(copy.split('\n').slice(0, 2)).toEqual([`📣 THÔNG BÁO CỦA ĐẢNG ỦY (mã ${id})`, 'Người gửi: Quản Trị']);
    telegram.delayChat(ADMIN, 0);
    const progress = await exchange(telegram, memberWrites(admin, '/xacnhan', undefined, adminChat), ADMIN);
    expect(progress.split('\n')[0]).toBe(`📣 Thông báo #${id}: đã gửi 1/1 nơi nhận, lỗi 0, đang chờ 0.`);
    const typedLower = await exchange(telegram, memberWrites(admin, `/xacnhan ${id.toLowerCase()}`, undefined, adminChat), ADMIN);
    expect(typedLower.split('\n')[0]).toBe(`📣 Thông báo #${id}: đã gửi 1/1 nơi nhận, lỗi 0, đang chờ 0.`);
  });
});

describe('/thamdu and /vang with several meetings coming', () => {
  const GROUP_ID = String(GROUP);
  const say = async (conversation: Conversation, userId: string, text: string, extra: Partial<IncomingMessage> = {}) => {
    const replies = await conversation.handleMessage({
      channel: 'telegram',
      chatId: GROUP_ID,
      chatType: 'group',
      userId,
      userName: userId === '3' ? 'Trần Thị Ba' : 'Lê Văn Bốn',
      text,
      addressedToBot: extra.repliesToBot !== undefined,
      ...extra,
    });
    expect(replies).toHaveLength(1);
    return replies[0]!.kind === 'text' ? replies[0]!.text : replies[0]!.kind;
  };

  it('asks which, by number, and takes "/vang 2 ốm" or the number in reply; a reply to a reminder needs no question', async () => {
    const test = await setUp('2026-11-25T10:00:00+07:00');
    const monthly = await test.reminders.schedule(GROUP_CHAT, 'họp chi bộ 19h30 thứ năm tuần này', { reminders: '1d' });
    const committee = await test.reminders.schedule(GROUP_CHAT, 'họp chi ủy 19h ngày 6/12', { reminders: '1d' });
    const { conversation, attendance } = test;

    const question = await say(conversation, '3', '/vang ốm');
    expect(question.split('\n')).toEqual([
      'Chi bộ có 2 cuộc họp sắp tới. Đồng chí báo vắng cuộc họp nào?',
      '1. Họp chi bộ — 19:30 thứ Năm 26/11/2026',
      '2. Họp chi ủy — 19:00 Chủ nhật 06/12/2026',
      'Xin trả lời tin này bằng số thứ tự, hoặc gõ /vang 1 <lý do>.',
    ]);
    // The number, in reply to the question: the reason given first is kept.
    expect(await say(conversation, '3', '2', { repliesToBot: { messageId: '9', text: question } })).toBe(
      'Đã ghi nhận đồng chí vắng: Họp chi ủy — 19:00 Chủ nhật 06/12/2026. Lý do: ốm.',
    );
    expect(await say(conversation, '4', '/thamdu 1')).toBe('Đã ghi nhận đồng chí tham dự: Họp chi bộ — 19:30 thứ Năm 26/11/2026.');
    expect(await say(conversation, '4', '/vang 2 đi công tác')).toBe('Đã ghi nhận đồng chí vắng: Họp chi ủy — 19:00 Chủ nhật 06/12/2026. Lý do: đi công tác.');
    expect(await say(conversation, '4', '/vang 3')).toBe('Không có cuộc họp số 3: chỉ có 2 cuộc họp sắp tới. Xin chọn số từ 1 đến 2.');
    // A number that is part of the reason is no choice.
    expect(await say(conversation, '4', '/vang 2 ngày nằm viện')).toContain('Đồng chí báo vắng cuộc họp nào?');
    expect(await say(conversation, '4', '1')).toBe('Đã ghi nhận đồng chí vắng: Họp chi bộ — 19:30 thứ Năm 26/11/2026. Lý do: 2 ngày nằm viện.');

    // In reply to a reminder: that meeting, without a question; one sent before its id was kept is known by its words.
    await attendance.rememberCall(GROUP_CHAT, ['55'], { eventId: committee.id, occurrence: '20261206T1900' });
    expect(await say(conversation, '3', '/thamdu', { repliesToBot: { messageId: '55', text: 'Nhắc lịch họp: …' } })).toBe(
      'Đã ghi nhận đồng chí tham dự: Họp chi ủy — 19:00 Chủ nhật 06/12/2026.',
    );
    const older = 'Nhắc lịch họp: Họp chi bộ — 19:30 thứ Năm 26/11/2026 (còn 1 ngày)\nBáo tham dự: bấm nút bên dưới, hoặc gõ /thamdu hay /vang kèm lý do.';
    expect(await say(conversation, '3', 'Xin phép vắng, bận trực cơ quan', { repliesToBot: { messageId: '56', text: older } })).toBe(
      'Đã ghi nhận đồng chí vắng: Họp chi bộ — 19:30 thứ Năm 26/11/2026. Lý do: bận trực cơ quan.',
    );

    expect((await attendance.answers(committee.id, '20261206T1900')).map(({ person, status, reason }) => ({ person, status, reason }))).toEqual([
      { person: 'telegram:3', status: 'present', reason: undefined },
      { person: 'telegram:4', status: 'absent', reason: 'đi công tác' },
    ]);
    expect((await attendance.answers(monthly.id, '20261126T1930')).map(({ person, status, reason }) => ({ person, status, reason }))).toEqual([
      { person: 'telegram:4', status: 'absent', reason: '2 ngày nằm viện' },
      { person: 'telegram:3', status: 'absent', reason: 'bận trực cơ quan' },
    ]);
  });
});
