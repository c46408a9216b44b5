import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCellCommands,
  createConversation,
  createTelegramChannel,
  HELP_TEXT,
  REPLIES,
  type Conversation,
  type IncomingMessage,
  type Reply,
} from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import { createBroadcastService, createReminderService, DEFAULT_REMINDER_QUEUE, type BroadcastService, type ReminderService } from '../jobs/index.js';
import { FAKE_BOT, startFakeTelegram } from './fakes/fake-telegram-server.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';

/** Saturday 21/11/2026 10:00 in Hà Nội, running at real speed. */
const NOW = Date.parse('2026-11-21T10:00:00+07:00');
const ADMIN = '1';
const SECRETARY = '2';
const MEMBER = '3';
const GROUP = '-100500';

let redis: Redis;
let prefix: string;
let reminders: ReminderService;
let conversation: Conversation;
let queue: Queue;
let broadcasts: BroadcastService;

beforeEach(() => {
  prefix = `test-cells-${randomUUID().slice(0, 8)}`;
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const skew = NOW - Date.now();
  const now = () => new Date(Date.now() + skew);
  reminders = createReminderService({ connection: redis, prefix, now });
  queue = new Queue(DEFAULT_REMINDER_QUEUE, { connection: redis, prefix });
  broadcasts = createBroadcastService({ connection: redis, prefix });
  const commands = createCellCommands({
    redis,
    prefix,
    reminders,
    broadcasts,
    admins: [`telegram:${ADMIN}`],
    logger: silentLogger(),

    hasButtons: (channel) => channel === 'telegram',
    now,
  });
  conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger(), commands });
});

afterEach(async () => {
  await reminders.close();
  await broadcasts.close();
  await queue.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

const NAMES: Record<string, string> = { [ADMIN]: 'Quản trị', [SECRETARY]: 'Nguyễn Văn Hai', [MEMBER]: 'Trần Thị Ba', '4': 'Lê Văn Bốn' };

function message(userId: string, text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { channel: 'telegram', chatId: GROUP, chatType: 'group', userId, userName: NAMES[userId], text, addressedToBot: false, ...extra };
}

async function say(userId: string, text: string, extra: Partial<IncomingMessage> = {}): Promise<Reply> {
  const replies = await conversation.handleMessage(message(userId, text, extra));
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

async function sayText(userId: string, text: string, extra: Partial<IncomingMessage> = {}): Promise<string> {
  const reply = await say(userId, text, extra);
  if (reply.kind !== 'text') throw new Error(`expected a text reply, got ${reply.kind}`);
  return reply.text;
}

function press(userId: string, data: string) {
  return conversation.handleButton({ channel: 'telegram', chatId: GROUP, userId, userName: NAMES[userId], data });
}

/** An admin creates a cell; the secretary registers the group with the code. */
async function registerCell(): Promise<void> {
  const created = await sayText(ADMIN, '/taochibo Chi bộ khu phố 3', { chatType: 'private', chatId: ADMIN });
  const code = /Mã đăng ký: ([A-Z2-9]{8})/u.exec(created)?.[1];
  expect(code).toBeDefined();
  const bound = await sayText(SECRETARY, `/dangky ${code!.toLowerCase()}`);
  expect(bound).toContain('Nhóm chat này đã được gắn với Chi bộ khu phố 3.');
  expect(bound).toContain('Nguyễn Văn Hai được ghi là bí thư chi bộ.');
  expect(await sayText(MEMBER, `/dangky ${code}`, { chatId: '-100999' })).toContain('không đúng, đã dùng rồi hoặc đã hết hạn');
}

/** The secretary proposes an event and presses "Lưu lịch"; returns the confirmation and the event's short code. */
async function scheduleConfirmed(text: string): Promise<{ saved: string; code: string }> {
  const preview = await say(SECRETARY, text);
  if (preview.kind !== 'text' || !preview.buttons) throw new Error('expected a preview with buttons');
  const result = await press(SECRETARY, preview.buttons[0]![0]!.data);
  const saved = result.replies?.[0]?.kind === 'text' ? result.replies[0].text : '';
  return { saved, code: /mã ([a-f0-9]{6})/u.exec(saved)?.[1] ?? '' };
}

describe('cells and roles', () => {
  it('lets an admin create a cell whose one-time code binds a group and makes its sender the secretary', async () => {
    await registerCell();
    const info = await sayText(MEMBER, '/chibo');
    expect(info).toContain('Nhóm chat này thuộc Chi bộ khu phố 3.');
    expect(info).toContain('Bí thư: Nguyễn Văn Hai');
    expect(info).toContain('Vai trò của đồng chí: đảng viên.');
    expect(await sayText(MEMBER, '/taochibo Chi bộ 9')).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
  });

  it('lets an admin name a deputy by replying to their message, and refuses others', async () => {
    await registerCell();
    expect(await sayText(ADMIN, '/phobithu')).toBe(
      'Hãy trả lời một tin nhắn của người đó bằng lệnh /phobithu, hoặc gõ /phobithu rồi nhắc tên người đó (gõ @ rồi chọn tên).',
    );
    expect(await sayText(SECRETARY, '/phobithu', { replyTo: { userId: '4', userName: 'Lê Văn Bốn' } })).toContain('chỉ quản trị viên');
    expect(await sayText(ADMIN, '/phobithu', { replyTo: { userId: '4', userName: 'Lê Văn Bốn' } })).toBe(
      '✅ Đã ghi Lê Văn Bốn là phó bí thư của Chi bộ khu phố 3.',
    );
    expect(await sayText('4', '/hop họp chi ủy 19h thứ hai tuần sau')).toContain('📋 Xin kiểm tra lại trước khi lưu:');
  });

  it('refuses scheduling politely, naming who can, in a bound group and in an unbound one', async () => {
    expect(await sayText(MEMBER, '/hop họp chi bộ 19h thứ năm tuần sau')).toContain('Nhóm này chưa được gắn với chi bộ nào');
    await registerCell();
    expect(await sayText(MEMBER, '/hop họp chi bộ 19h thứ năm tuần sau')).toBe(
      'Xin lỗi, chỉ bí thư, phó bí thư của Chi bộ khu phố 3 (Nguyễn Văn Hai) hoặc quản trị viên đảng ủy mới đặt lịch được. Đồng chí vẫn xem được lịch bằng /lich.',
    );
    expect(await sayText(MEMBER, '/huy abcdef')).toContain('mới hủy lịch được');
  });
});

describe('officers named by a mention (issue 19)', () => {
  it('takes a member picked by name, or an @username the bot has seen, for /bithu and /phobithu', async () => {
    await registerCell();
    const picked = { mentions: [{ userId: '4', userName: 'Lê Văn Bốn' }] };
    expect(await sayText(SECRETARY, '/bithu Lê Văn Bốn', picked)).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    expect(await sayText(ADMIN, '/bithu Lê Văn Bốn', picked)).toBe('✅ Đã ghi Lê Văn Bốn là bí thư của Chi bộ khu phố 3.');
    expect(await sayText('4', '/hop họp chi ủy 19h thứ hai tuần sau')).toContain('📋 Xin kiểm tra lại trước khi lưu:');

    expect(await sayText(ADMIN, '/phobithu @TranThiBa')).toBe(
      'Tôi chưa biết @TranThiBa là ai. Đồng chí hãy trả lời một tin nhắn của người đó bằng lệnh /phobithu; hoặc nhờ người đó gõ /chibo trong nhóm một lần, rồi gõ lại /phobithu @TranThiBa.',
    );
    // Any cell command tells the bot who goes by a username.
    await sayText(MEMBER, '/chibo', { userHandle: 'tranthiba' });
    expect(await sayText(ADMIN, '/phobithu @TranThiBa')).toBe('✅ Đã ghi Trần Thị Ba là phó bí thư của Chi bộ khu phố 3.');
    expect(await sayText(MEMBER, '/chibo')).toContain('Vai trò của đồng chí: phó bí thư.');
    expect(await sayText(ADMIN, '/bithu Nguyễn Văn A')).toBe(
      'Hãy trả lời một tin nhắn của người đó bằng lệnh /bithu, hoặc gõ /bithu rồi nhắc tên người đó (gõ @ rồi chọn tên).',
    );
  });
});

describe('help by role and the greeting of a new group (issue 19)', () => {
  it('shows a member what a member can do, a secretary also the secretary’s commands, an admin the rest', async () => {
    await registerCell();
    await sayText(ADMIN, '/phobithu', { replyTo: { userId: '4', userName: 'Lê Văn Bốn' } });
    const member = await sayText(MEMBER, '/trogiup');
    expect(member).toBe(HELP_TEXT);
    expect(member.split('\n').length).toBeLessThanOrEqual(15);
    for (const command of ['/hoi', '/nguon', '/lich', '/thamdu', '/vang', '/chibo']) expect(member).toContain(command);
    const officers = ['/hop', '/baocao', '/kiemtra', '/sua', '/huy', '/diemdanh'];
    const admins = ['/taochibo', '/taoma', '/bithu', '/huyma', '/huylienket', '/xoacanbo', '/thongbao', '/xacnhan', '/nhatky', '/tailieu'];
    for (const command of [...officers, ...admins, '/doimathanhvien']) expect(member, command).not.toContain(command);

    const secretary = await sayText(SECRETARY, '/trogiup');
    expect(secretary.startsWith(`${member}\n`)).toBe(true);
    for (const command of [...officers, '/doimathanhvien']) expect(secretary, command).toContain(command);
    for (const command of admins) expect(secretary, command).not.toContain(command);
    expect(await sayText(SECRETARY, '/start', { chatType: 'private', chatId: SECRETARY })).toBe(secretary);

    const deputy = await sayText('4', '/trogiup');
    for (const command of officers) expect(deputy, command).toContain(command);
    expect(deputy).not.toContain('/doimathanhvien');

    const admin = await sayText(ADMIN, '/trogiup');
    expect(admin.startsWith(`${secretary}\n`)).toBe(true);
    for (const command of admins) expect(admin, command).toContain(command);
  });

  it('greets a group it is added to, saying who registers it and with which command', async () => {
    const added = { text: '/start', addressedToBot: true, botAdded: true };
    expect((await sayText(MEMBER, '/start', added)).split('\n')).toEqual([
      'Xin chào các đồng chí! Tôi là trợ lý chi bộ: tôi trả lời câu hỏi về công tác Đảng, nhắc lịch họp và chuyển thông báo của đảng ủy.',
      'Để bắt đầu, bí thư chi bộ gõ trong nhóm này: /dangky <mã đăng ký> (mã do quản trị viên đảng ủy nhắn riêng cho bí thư).',
      'Hỏi đáp: gõ /hoi rồi câu hỏi. Hướng dẫn: /trogiup',
    ]);
    expect((await sayText(ADMIN, '/start', added)).split('\n')[1]).toBe(
      'Để bắt đầu: đồng chí nhắn riêng cho tôi /taochibo <tên chi bộ> (chi bộ đã có thì /taoma <tên chi bộ>) để lấy mã đăng ký, rồi gửi riêng mã cho bí thư; bí thư gõ /dangky <mã> trong nhóm này.',
    );
    await registerCell();
    expect((await sayText(MEMBER, '/start', added)).split('\n')[0]).toBe(
      'Xin chào các đồng chí! Nhóm này đã gắn với Chi bộ khu phố 3: tôi sẽ nhắc lịch họp và chuyển thông báo của đảng ủy tại đây.',
    );
    // Typed by a member, /start is the help as before.
    expect(await sayText(MEMBER, '/start')).toBe(HELP_TEXT);
  });
});

describe('scheduling from the chat', () => {
  it('shows what it understood, and schedules only when its author confirms', async () => {
    await registerCell();
    const preview = await say(
      SECRETARY,
      '/hop họp chi bộ 19h30 thứ năm tuần sau tại hội trường UBND phường, nhắc trước 1 ngày và 2 giờ, nội dung: kết nạp đảng viên mới',
    );
    expect(preview.kind).toBe('text');
    if (preview.kind !== 'text') return;
    expect(preview.text.split('\n')).toEqual([
      '📋 Xin kiểm tra lại trước khi lưu:',
      'Loại: Cuộc họp, sinh hoạt',
      'Tên: Họp chi bộ',
      'Thời gian: 19:30 thứ Năm 26/11/2026',
      'Địa điểm: hội trường UBND phường',
      'Nội dung: kết nạp đảng viên mới',
      'Lặp lại: không (một lần)',
      'Nhắc: trước 1 ngày, 2 giờ',
      'Lần nhắc đầu tiên: 19:30 thứ Tư 25/11/2026',
      'Đúng thì bấm "✅ Lưu lịch" (hoặc gõ /dongy). Chưa đúng thì gõ lại lệnh với thông tin đúng.',
    ]);
    expect(await queue.getDelayedCount()).toBe(0);
    const ok = preview.buttons![0]![0]!.data;
    expect(await press(MEMBER, ok)).toEqual({ notice: 'Chỉ người đặt lịch mới xác nhận được.' });
    const confirmed = await press(SECRETARY, ok);
    expect(confirmed.closeButtons).toBe(true);
    expect(confirmed.replies?.[0]).toMatchObject({ kind: 'text', text: expect.stringContaining('✅ Đã lưu lịch: Họp chi bộ — 19:30 thứ Năm 26/11/2026') });
    expect(await queue.getDelayedCount()).toBe(2);
    expect((await press(SECRETARY, ok)).notice).toBe('Yêu cầu này đã được xử lý hoặc đã hết hạn. Hãy gõ lại lệnh nếu cần.');
    expect(await queue.getDelayedCount()).toBe(2);
    const [event] = await reminders.list(`telegram:${GROUP}`);
    expect(event).toMatchObject({
      place: 'hội trường UBND phường',
      agenda: 'kết nạp đảng viên mới',
      reminders: ['1d', '2h'],
      createdBy: `telegram:${SECRETARY}`,
    });
  });

  it('reads recurrences and deadlines with the command’s kind, and asks about what it guessed', async () => {
    await registerCell();
    const monthly = await sayText(SECRETARY, '/hop sinh hoat chi bo ngay 4 hang thang luc 19h');
    expect(monthly).toContain('Thời gian: 19:00 thứ Sáu 04/12/2026');
    expect(monthly).toContain('Lặp lại: hằng tháng ngày 4');
    expect(monthly).toContain('Nhắc: trước 3 ngày, 1 ngày, 2 giờ và lúc bắt đầu');
    const report = await sayText(SECRETARY, '/baocao báo cáo 6 tháng trước 15/6');
    expect(report).toContain('Loại: Hạn báo cáo');
    expect(report).toContain('Hạn: thứ Ba 15/06/2027 (cả ngày)');
    expect(report).toContain('Nhắc: trước 7 ngày, 3 ngày, 1 ngày (lúc 8:00 sáng)');
    expect(await sayText(SECRETARY, '/hop 7 giờ thứ hai tuần sau')).toMatch(/Tên: Sinh hoạt chi bộ[\s\S]*⚠️ Cần xem lại: /u);
    expect(await sayText(SECRETARY, '/kiemtra kiểm tra chuyên đề 8h sáng hôm qua')).toContain('đã qua');
    expect(await sayText(SECRETARY, '/hop')).toContain('Hãy ghi nội dung và thời gian sau lệnh');
  });

  it('lists the cell’s events for everyone, changes one by its code and cancels it with its reminders', async () => {
    await registerCell();
    const { code } = await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau tại hội trường');
    const listed = await sayText(MEMBER, '/lich');
    expect(listed).toContain('🗓 Lịch sắp tới của Chi bộ khu phố 3:');
    expect(listed).toContain(`1. Họp chi bộ — 19:30 thứ Năm 26/11/2026 (tại hội trường) · mã ${code}`);
    // How to change or cancel is shown only to who may.
    expect(listed).not.toContain('/huy');
    expect(await sayText(SECRETARY, '/lich')).toContain('Đổi: /sua <mã> <thời gian mới> · Hủy: /huy <mã>');
  });

  it('asks for /dongy where the channel has no buttons', async () => {
    const admin = { channel: 'zalo', chatType: 'private', chatId: 'zalo-admin', userId: 'zalo-admin' } as const;
    const commands = createCellCommands({ redis, prefix, reminders, broadcasts, admins: ['zalo:zalo-admin'], logger: silentLogger(), hasButtons: () => false });
    const zalo = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger(), commands });
    const [preview] = await zalo.handleMessage({ ...admin, text: '/kiemtra kiểm tra chuyên đề 8h sáng 25/12', addressedToBot: false });
    expect(preview).toMatchObject({ kind: 'text', text: expect.stringContaining('Đúng thì gõ /dongy để lưu.') });
    expect(preview!.kind === 'text' && preview!.buttons).toBeFalsy();
    const [saved] = await zalo.handleMessage({ ...admin, text: '/dongy', addressedToBot: false });
    expect(saved).toMatchObject({ kind: 'text', text: expect.stringContaining('✅ Đã lưu lịch: Kiểm tra chuyên đề — 08:00 thứ Sáu 25/12/2026') });
  });

  it('edits through /dongy where there are no buttons, and cancels', async () => {
    await registerCell();
    const { code } = await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau tại hội trường');
    const edit = await say(SECRETARY, `/sua ${code} 20h thứ sáu tuần sau`);
    expect(edit.kind === 'text' && edit.text).toContain('Thời gian: 19:30 thứ Năm 26/11/2026 → 20:00 thứ Sáu 27/11/2026');
    const saved = await sayText(SECRETARY, '/dongy');
    expect(saved).toContain('✅ Đã sửa lịch: Họp chi bộ — 20:00 thứ Sáu 27/11/2026');
    const events = await reminders.list(`telegram:${GROUP}`);
    expect(events).toHaveLength(1);
    expect(events[0]!.place).toBe('hội trường');
    expect(saved).toContain(`(mã ${code})`);
    expect(await sayText(SECRETARY, `/huy ${code}`)).toBe('🗑 Đã hủy lịch "Họp chi bộ" (20:00 thứ Sáu 27/11/2026) và mọi lời nhắc của nó.');
    expect(await sayText(SECRETARY, `/huy ${code}`)).toContain('Không tìm thấy lịch có mã');
    expect(await queue.getDelayedCount()).toBe(0);
    expect(await sayText(MEMBER, '/lich')).toContain('chưa có lịch nào sắp tới');
    expect(await sayText(SECRETARY, '/dongy')).toContain('Yêu cầu này đã được xử lý hoặc đã hết hạn');
  });

  it('changes only the place when that is all the new text says, and warns when a recurrence would be dropped', async () => {
    await registerCell();
    const { code } = await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau tại hội trường');
    await sayText(SECRETARY, `/sua ${code} 19h30 thứ năm tuần sau tại phòng 2`);
    expect(await sayText(SECRETARY, '/dongy')).toContain('✅ Đã sửa lịch: Họp chi bộ — 19:30 thứ Năm 26/11/2026');
    const events = await reminders.list(`telegram:${GROUP}`);
    expect(events.map((event) => event.place)).toEqual(['phòng 2']);
    expect(await queue.getDelayedCount()).toBe(4);

    const monthly = await scheduleConfirmed('/hop sinh hoạt chi bộ ngày 4 hằng tháng lúc 19h');
    expect(await sayText(SECRETARY, `/sua ${monthly.code} 20h thứ sáu tuần sau`)).toContain(
      '⚠️ Cần xem lại: Lịch cũ lặp lại (hằng tháng ngày 4), lịch mới chỉ diễn ra một lần.',
    );
  });

  it('keeps a bound group in its cell unless an admin moves it', async () => {
    await registerCell();
    const created = await sayText(ADMIN, '/taochibo Chi bộ 9', { chatType: 'private', chatId: ADMIN });
    const code = /Mã đăng ký: ([A-Z2-9]{8})/u.exec(created)![1]!;
    expect(await sayText(SECRETARY, `/dangky ${code}`)).toBe(
      'Nhóm chat này đã thuộc Chi bộ khu phố 3. Muốn chuyển sang chi bộ khác, xin quản trị viên đảng ủy gõ /dangky với mã của chi bộ mới.',
    );
    expect(await sayText(ADMIN, `/dangky ${code}`)).toContain('✅ Nhóm chat này đã được gắn với Chi bộ 9.');
  });

  it('keeps an audit log of who did what, readable by admins only', async () => {
    await registerCell();
    const { code } = await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    await sayText(SECRETARY, `/huy ${code}`);
    expect(await sayText(SECRETARY, '/nhatky')).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    const log = (await sayText(ADMIN, '/nhatky', { chatType: 'private', chatId: ADMIN })).split('\n');
    expect(log[0]).toBe('📒 4 việc gần nhất:');
    expect(log.slice(1).map((line) => line.replace(/^\d\d\/\d\d \d\d:\d\d — /u, ''))).toEqual([
      'Nguyễn Văn Hai: hủy lịch Họp chi bộ',
      'Nguyễn Văn Hai: đặt lịch Họp chi bộ',
      'Nguyễn Văn Hai: gắn nhóm chat với Chi bộ khu phố 3',
      'Quản trị: tạo chi bộ Chi bộ khu phố 3',
    ]);
  });

  it('makes a double confirmation of the same event one event', async () => {
    await registerCell();
    const first = await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    const second = await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(first.saved).toContain('✅ Đã lưu lịch');
    expect(second.saved).toBe(`Lịch "Họp chi bộ" (19:30 thứ Năm 26/11/2026) đã có từ trước, mã ${first.code}. Tôi không tạo thêm.`);
    expect(await queue.getDelayedCount()).toBe(4);
  });

  it('lets a secretary schedule from a private chat for the cell’s group', async () => {
    await registerCell();
    const preview = await sayText(SECRETARY, '/hop họp chi bộ 19h30 thứ năm tuần sau', { chatType: 'private', chatId: SECRETARY });
    expect(preview).toContain('📋 Xin kiểm tra lại trước khi lưu:');
    expect(await sayText(SECRETARY, '/dongy', { chatType: 'private', chatId: SECRETARY })).toContain('✅ Đã lưu lịch');
    expect(await reminders.list(`telegram:${GROUP}`)).toHaveLength(1);
  });
});

describe('attendance', () => {
  it('records answers from buttons and commands, and shows the tally to the secretary only', async () => {
    await registerCell();
    await scheduleConfirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    const [event] = await reminders.list(`telegram:${GROUP}`);
    expect(await sayText(MEMBER, '/thamdu')).toBe('Đã ghi nhận đồng chí tham dự: Họp chi bộ — 19:30 thứ Năm 26/11/2026.');
    expect(await press('4', `at:${event!.id}:20261126T1930:n`)).toEqual({
      notice: 'Đã ghi nhận đồng chí vắng: Họp chi bộ — 19:30 thứ Năm 26/11/2026. Gõ /vang <lý do> để ghi thêm lý do.',
    });
    expect(await sayText('4', '/vang đi công tác')).toContain('Lý do: đi công tác.');
    expect(await sayText(MEMBER, '/diemdanh')).toContain('mới xem điểm danh được');
    expect((await sayText(SECRETARY, '/diemdanh')).split('\n')).toEqual([
      '📝 Điểm danh: Họp chi bộ — 19:30 thứ Năm 26/11/2026',
      '✅ Tham dự (1): Trần Thị Ba',
      '❌ Vắng (1): Lê Văn Bốn (đi công tác)',
    ]);
    expect(await press(MEMBER, 'at:ev00000000000000000000:20261126T1930:y')).toEqual({ notice: 'Cuộc họp này đã bị hủy hoặc không còn.' });
  });

  it('says when there is no meeting to answer for', async () => {
    await registerCell();
    expect(await sayText(MEMBER, '/thamdu')).toContain('Chưa có cuộc họp nào sắp tới để báo tham dự.');
  });
});

describe('notices', () => {
  it('lets an admin preview a notice to every cell, send it once confirmed, and see who acknowledged, per cell', async () => {
    expect(await sayText(ADMIN, '/thongbao Hội nghị đảng bộ 8h thứ hai.', { chatType: 'private', chatId: ADMIN })).toContain(
      'Chưa có nhóm chat nào được gắn với chi bộ',
    );
    await registerCell();
    expect(await sayText(SECRETARY, '/thongbao Gì đó')).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    expect(await sayText(ADMIN, '/thongbao [Chi bộ 99] Gì đó', { chatType: 'private', chatId: ADMIN })).toBe(
      'Không tìm thấy chi bộ: Chi bộ 99. Gõ /chibo để xem tên các chi bộ.',
    );

    // A member without a group links a private chat with the cell's member code.
    const memberCode = /\/lienket ([A-Z2-9]{8})/u.exec(await sayText(SECRETARY, '/chibo', { chatType: 'private', chatId: SECRETARY }))![1]!;
    const zaloMember = { channel: 'zalo', chatType: 'private', chatId: 'z-44', userId: 'z-44' } as const;
    expect(await sayText('z-44', `/lienket ${memberCode}`, zaloMember)).toBe(
      '✅ Đã liên kết với Chi bộ khu phố 3. Đồng chí sẽ nhận thông báo của đảng ủy gửi tới chi bộ tại đây.',
    );

    const preview = await say(ADMIN, '/thongbao [chi bo khu pho 3] Hội nghị đảng bộ 8h thứ hai.', { chatType: 'private', chatId: ADMIN });
    if (preview.kind !== 'text') throw new Error('expected a preview');
    expect(preview.text).toContain('Hội nghị đảng bộ 8h thứ hai.');
    expect(preview.text).toContain('Sẽ gửi tới 2 nơi nhận (nhóm chat, tin nhắn riêng) của 1 chi bộ: Chi bộ khu phố 3.');
    const sent = await press(ADMIN, preview.buttons![0]![0]!.data);
    const queued = sent.replies?.[0]?.kind === 'text' ? sent.replies[0].text : '';
    const id = /#([A-HJKMNP-Z2-9]{6})/u.exec(queued)![1]!;
    expect(queued).toContain(`Đang gửi thông báo #${id} tới 2 nơi nhận.`);
    expect(await broadcasts.status(id)).toEqual({ id, targets: 2, sent: 0, failed: 0, pending: 2 });
    expect((await broadcasts.notices.get(id))!.targets.sort()).toEqual([`telegram:${GROUP}`, 'zalo:z-44']);

    expect(await press(MEMBER, `ack:${id}`)).toEqual({ notice: 'Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.' });
    expect(await sayText('z-44', `/danhan #${id}`, { ...zaloMember, userName: 'Phạm Văn Năm' })).toBe('Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.');
    expect(await sayText(MEMBER, `/xacnhan ${id}`)).toContain('chỉ quản trị viên');
    expect((await sayText(ADMIN, `/xacnhan ${id}`, { chatType: 'private', chatId: ADMIN })).split('\n')).toEqual([
      `📣 Thông báo #${id}: đã gửi 0/2 nơi nhận, lỗi 0, đang chờ 2.`,
      'Đã xác nhận (2):',
      '• Chi bộ khu phố 3 (2): Phạm Văn Năm, Trần Thị Ba',
    ]);
  });
});

describe('through Telegram', () => {
  it('confirms with the button: the notice is answered, the buttons are taken off and the saved event is posted', async () => {
    const telegram = await startFakeTelegram();
    const channel = createTelegramChannel({ token: telegram.token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
    await channel.start();
    try {
      const adminChat = { id: Number(ADMIN), type: 'private', first_name: 'Quản' } as const;
      const admin = { id: Number(ADMIN), is_bot: false, first_name: 'Quản', last_name: 'Trị' };
      telegram.pushUpdate({ message: { message_id: 1, date: 0, chat: adminChat, from: admin, text: '/hop họp chi bộ 19h30 thứ năm tuần sau' } });
      const [preview] = await telegram.waitForCalls('sendMessage', 1);
      const keyboard = (preview!.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
      expect(keyboard[0]!.map((button) => button.text)).toEqual(['✅ Lưu lịch', '✖ Bỏ qua']);
      telegram.pushUpdate({
        callback_query: {
          id: 'press-1',
          from: admin,
          chat_instance: 'ci',
          data: keyboard[0]![0]!.callback_data,
          message: { message_id: 2, date: 0, chat: adminChat, from: FAKE_BOT, text: 'x' },
        },
      });
      const [, saved] = await telegram.waitForCalls('sendMessage', 2);
      expect(String(saved!.params.text)).toContain('✅ Đã lưu lịch: Họp chi bộ — 19:30 thứ Năm 26/11/2026');
      expect(telegram.calls.some((call) => call.method === 'answerCallbackQuery')).toBe(true);
      expect(telegram.calls.find((call) => call.method === 'editMessageReplyMarkup')?.params).toMatchObject({ chat_id: Number(ADMIN), message_id: 2 });
    } finally {
      await channel.stop();
      await telegram.close();
    }
  });
});

describe('when Redis fails', () => {
  it('answers the cell commands with one polite line and keeps running', async () => {
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    broken.on('error', () => undefined);
    const brokenReminders = createReminderService({ connection: broken, prefix });
    const commands = createCellCommands({
      redis: broken,
      prefix,
      reminders: brokenReminders,
      broadcasts: createBroadcastService({ connection: broken, prefix }),
      admins: [],
      logger: silentLogger(),
      hasButtons: () => true,
    });
    const offline = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger(), commands });
    expect(await offline.handleMessage(message(SECRETARY, '/lich'))).toEqual([{ kind: 'text', text: REPLIES.commandFailure }]);
    expect(await offline.handleButton({ channel: 'telegram', chatId: GROUP, userId: SECRETARY, data: 'sc:0123456789ab:ok' })).toEqual({
      notice: REPLIES.commandFailure,
    });
    await brokenReminders.close().catch(() => undefined);
    broken.disconnect();
  });
});
