/**
 * Changing an event from the chat as a secretary writes (issue 19 points 1 and 2): an edit changes
 * only what its text says and shows what changes as "cũ → mới"; an event keeps its code for life;
 * /sua and /huy without a code act on the cell's one coming event, and ask which among several.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCellCommands, createConversation, RateLimiter, type Conversation, type IncomingMessage } from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import { createBroadcastService, createReminderService, DEFAULT_REMINDER_QUEUE, type BroadcastService, type ReminderService } from '../jobs/index.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';
import { readReminderJob, type ReminderJobData } from '../jobs/reminders/reminder-jobs.js';

/** Saturday 21/11/2026 10:00 in Hà Nội, running at real speed. */
const NOW = Date.parse('2026-11-21T10:00:00+07:00');
const ADMIN = '1';
const SECRETARY = '2';
const GROUP = '-100700';
const CHAT = `telegram:${GROUP}`;

let redis: Redis;
let prefix: string;
let reminders: ReminderService;
let broadcasts: BroadcastService;
let queue: Queue;
let conversation: Conversation;

beforeEach(() => {
  prefix = `test-edits-${randomUUID().slice(0, 8)}`;
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const skew = NOW - Date.now();
  const now = () => new Date(Date.now() + skew);
  reminders = createReminderService({ connection: redis, prefix, now });
  broadcasts = createBroadcastService({ connection: redis, prefix });
  queue = new Queue(DEFAULT_REMINDER_QUEUE, { connection: redis, prefix });
  const commands = createCellCommands({
    redis,
    prefix,
    reminders,
    broadcasts,
    admins: [`telegram:${ADMIN}`],
    logger: silentLogger(),
    hasButtons: () => false,
    now,
  });
  // A secretary at work sends more commands in a minute than the flood limit lets through.
  const commandLimiter = new RateLimiter({ limit: 1000 });
  conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger(), commands, commandLimiter });
});

afterEach(async () => {
  await reminders.close();
  await broadcasts.close();
  await queue.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

/** What the bot answers a message, as one text. */
async function say(userId: string, text: string, extra: Partial<IncomingMessage> = {}): Promise<string> {
  const message: IncomingMessage = {
    channel: 'telegram',
    chatId: GROUP,
    chatType: 'group',
    userId,
    userName: 'Nguyễn Văn Hai',
    text,
    addressedToBot: false,
    ...extra,
  };
  const replies = await conversation.handleMessage(message);
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  if (reply?.kind !== 'text') throw new Error(`expected a text reply, got ${reply?.kind}`);
  return reply.text;
}

/** The secretary's cell, bound to the group. */
async function registerCell(): Promise<void> {
  const created = await say(ADMIN, '/taochibo Chi bộ khu phố 5', { chatType: 'private', chatId: ADMIN });
  const code = /Mã đăng ký: ([A-Z2-9]{8})/u.exec(created)?.[1];
  expect(code).toBeDefined();
  expect(await say(SECRETARY, `/dangky ${code}`)).toContain('Chi bộ khu phố 5');
}

/** A command whose preview the secretary confirms with /dongy; returns what was saved and the event's code. */
async function confirmed(command: string): Promise<{ preview: string; saved: string; code: string }> {
  const preview = await say(SECRETARY, command);
  const saved = await say(SECRETARY, '/dongy');
  return { preview, saved, code: /mã ([a-f0-9]{6})/u.exec(saved)?.[1] ?? '' };
}

/** The lines of the preview between its head and the first reminder. */
function fieldLines(preview: string): string[] {
  const lines = preview.split('\n');
  return lines.slice(
    1,
    lines.findIndex((line) => line.startsWith('Lần nhắc đầu tiên') || line.startsWith('Lưu ý')),
  );
}

describe('an edit changes only what its text says', () => {
  it('a time keeps the date, a date keeps the time, a place or agenda alone keeps both, each change shown old → new', async () => {
    await registerCell();
    const { code } = await confirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(code).toMatch(/^[a-f0-9]{6}$/u);

    const later = await say(SECRETARY, `/sua ${code} 20h`);
    expect(later).not.toContain('Không ghi ngày');
    expect(fieldLines(later)).toEqual([
      'Loại: Cuộc họp, sinh hoạt',
      'Tên: Họp chi bộ',
      'Thời gian: 19:30 thứ Năm 26/11/2026 → 20:00 thứ Năm 26/11/2026',
      'Lặp lại: không (một lần)',
      'Nhắc: trước 3 ngày, 1 ngày, 2 giờ và lúc bắt đầu',
    ]);
    expect(await say(SECRETARY, '/dongy')).toContain(`✅ Đã sửa lịch: Họp chi bộ — 20:00 thứ Năm 26/11/2026 (mã ${code}).`);

    const friday = await say(SECRETARY, `/sua ${code} thứ sáu tuần sau`);
    expect(friday).toContain('Thời gian: 20:00 thứ Năm 26/11/2026 → 20:00 thứ Sáu 27/11/2026');
    expect(friday).not.toContain('cả ngày');
    expect(await say(SECRETARY, '/dongy')).toContain(`✅ Đã sửa lịch: Họp chi bộ — 20:00 thứ Sáu 27/11/2026 (mã ${code}).`);

    const place = await say(SECRETARY, `/sua ${code} tại phòng họp UBND phường`);
    expect(place).not.toContain('Chưa thấy ngày giờ');
    expect(fieldLines(place)).toEqual([
      'Loại: Cuộc họp, sinh hoạt',
      'Tên: Họp chi bộ',
      'Thời gian: 20:00 thứ Sáu 27/11/2026',
      'Địa điểm: (chưa có) → phòng họp UBND phường',
      'Lặp lại: không (một lần)',
      'Nhắc: trước 3 ngày, 1 ngày, 2 giờ và lúc bắt đầu',
    ]);
    await say(SECRETARY, '/dongy');

    const agenda = await say(SECRETARY, `/sua ${code} nội dung: kết nạp đảng viên mới`);
    expect(agenda).toContain('Thời gian: 20:00 thứ Sáu 27/11/2026\n');
    expect(agenda).toContain('Địa điểm: phòng họp UBND phường\n');
    expect(agenda).toContain('Nội dung: (chưa có) → kết nạp đảng viên mới');
    expect(await say(SECRETARY, '/dongy')).toContain(`(mã ${code})`);

    const events = await reminders.list(CHAT);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      start: '2026-11-27T20:00:00+07:00',
      allDay: false,
      place: 'phòng họp UBND phường',
      agenda: 'kết nạp đảng viên mới',
      code,
    });
    const jobs = await queue.getDelayed();
    expect(jobs.map((job) => readReminderJob(job.data as ReminderJobData).eventId)).toEqual(Array(4).fill(events[0]!.id));
  });

  it('keeps a recurrence when only the time changes, and an all-day deadline all day when only the day does', async () => {
    await registerCell();
    const monthly = await confirmed('/hop sinh hoạt chi bộ ngày 4 hằng tháng lúc 19h');
    const moved = await say(SECRETARY, `/sua ${monthly.code} 19h30`);
    expect(moved).toContain('Thời gian: 19:00 thứ Sáu 04/12/2026 → 19:30 thứ Sáu 04/12/2026');
    expect(moved).toContain('Lặp lại: hằng tháng ngày 4\n');
    expect(moved).not.toContain('Cần xem lại');
    await say(SECRETARY, '/dongy');
    expect((await reminders.list(CHAT))[0]).toMatchObject({ start: '2026-12-04T19:30:00+07:00', rrule: 'FREQ=MONTHLY;BYMONTHDAY=4', code: monthly.code });

    const report = await confirmed('/baocao báo cáo quý trước 15/12');
    const later = await say(SECRETARY, `/sua ${report.code} trước 20/12`);
    expect(later).toContain('Hạn: thứ Ba 15/12/2026 (cả ngày) → Chủ nhật 20/12/2026 (cả ngày)');
    expect(later).toContain('Nhắc: trước 7 ngày, 3 ngày, 1 ngày (lúc 8:00 sáng)\n');
  });

  it('still refuses an edit that names a day without saying which one', async () => {
    await registerCell();
    const { code } = await confirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(await say(SECRETARY, `/sua ${code} tuần sau`)).toContain('Chưa rõ ngày nào trong tuần');
    expect(await say(SECRETARY, `/sua ${code} 8h sáng hôm nay`)).toContain('đã qua');
  });
});

describe('an event keeps its code', () => {
  it('through every edit, and the same phrase scheduled again after an edit gets a code of its own', async () => {
    await registerCell();
    const first = await confirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    await confirmed(`/sua ${first.code} 20h`);
    await confirmed(`/sua ${first.code} thứ sáu tuần sau`);
    expect((await say(SECRETARY, '/lich')).split('\n')).toContain(`1. Họp chi bộ — 20:00 thứ Sáu 27/11/2026 · mã ${first.code}`);

    const again = await confirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(again.saved).toContain('✅ Đã lưu lịch: Họp chi bộ — 19:30 thứ Năm 26/11/2026');
    expect(again.code).toMatch(/^[a-f0-9]{6}$/u);
    expect(again.code).not.toBe(first.code);
    expect(await say(SECRETARY, `/huy ${first.code}`)).toContain('🗑 Đã hủy lịch "Họp chi bộ" (20:00 thứ Sáu 27/11/2026)');
    expect(await say(SECRETARY, `/huy ${again.code}`)).toContain('🗑 Đã hủy lịch "Họp chi bộ" (19:30 thứ Năm 26/11/2026)');
  });

  it('for an event stored before codes were kept: the code its id gave stays', async () => {
    await registerCell();
    const { code } = await confirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    const [stored] = await reminders.list(CHAT);
    const { code: _kept, next: _next, ...old } = stored!;
    await redis.set(`${prefix}:event:${stored!.id}`, JSON.stringify(old));
    expect(code).toBe(stored!.id.slice(2, 8));
    expect(await say(SECRETARY, `/sua ${code} 20h`)).toContain('→ 20:00 thứ Năm 26/11/2026');
    expect(await say(SECRETARY, '/dongy')).toContain(`(mã ${code})`);
    expect((await reminders.list(CHAT))[0]).toMatchObject({ code, start: '2026-11-26T20:00:00+07:00' });
  });
});

describe('/sua and /huy without a code', () => {
  it('act on the cell’s one coming event, and among several list them and take a number', async () => {
    await registerCell();
    expect(await say(SECRETARY, '/huy')).toBe('Chi bộ chưa có lịch nào sắp tới để hủy. Gõ /lich để xem lịch.');
    const meeting = await confirmed('/hop họp chi bộ 19h30 thứ năm tuần sau');
    expect(await say(SECRETARY, '/sua')).toContain('Đồng chí muốn sửa lịch "Họp chi bộ" (19:30 thứ Năm 26/11/2026) thế nào?');
    expect(await say(SECRETARY, '/sua 20h')).toContain('Thời gian: 19:30 thứ Năm 26/11/2026 → 20:00 thứ Năm 26/11/2026');
    expect(await say(SECRETARY, '/dongy')).toContain(`(mã ${meeting.code})`);

    const inspection = await confirmed('/kiemtra kiểm tra chuyên đề 8h sáng 25/12');
    const which = await say(SECRETARY, '/sua 7 giờ tối');
    expect(which.split('\n')).toEqual([
      'Chi bộ có 2 lịch sắp tới. Đồng chí muốn sửa lịch nào?',
      `1. Họp chi bộ — 20:00 thứ Năm 26/11 (mã ${meeting.code})`,
      `2. Kiểm tra chuyên đề — 08:00 thứ Sáu 25/12 (mã ${inspection.code})`,
      'Xin gõ /sua và số thứ tự (hoặc mã lịch), ví dụ: /sua 1. Tôi sẽ sửa theo thông tin đồng chí vừa ghi: "7 giờ tối".',
    ]);
    expect(await say(SECRETARY, '/sua 2')).toContain('Thời gian: 08:00 thứ Sáu 25/12/2026 → 19:00 thứ Sáu 25/12/2026');
    expect(await say(SECRETARY, '/dongy')).toContain(`✅ Đã sửa lịch: Kiểm tra chuyên đề — 19:00 thứ Sáu 25/12/2026 (mã ${inspection.code}).`);
    expect(await say(SECRETARY, '/sua 3 20h')).toContain('Không có lịch số 3');
    expect(await say(SECRETARY, '/sua 1 tại hội trường')).toContain('Địa điểm: (chưa có) → hội trường');

    expect(await say(SECRETARY, '/huy')).toContain('Xin gõ /huy và số thứ tự (hoặc mã lịch), ví dụ: /huy 1.');
    // Something sooner is scheduled meanwhile: "1" is still the first of the list shown.
    await confirmed('/hop họp chi ủy 19h thứ hai tuần sau');
    expect(await say(SECRETARY, '/huy 1')).toBe('🗑 Đã hủy lịch "Họp chi bộ" (20:00 thứ Năm 26/11/2026) và mọi lời nhắc của nó.');
    expect(await say(SECRETARY, '/huy 1')).toContain('Lịch số 1 trong danh sách đồng chí vừa xem đã bị hủy hoặc đã qua.');
    expect(await say(SECRETARY, `/huy ${inspection.code}`)).toContain('Đã hủy lịch "Kiểm tra chuyên đề"');
    expect(await say(SECRETARY, '/huy')).toBe('🗑 Đã hủy lịch "Họp chi ủy" (19:00 thứ Hai 23/11/2026) và mọi lời nhắc của nó.');
    expect(await reminders.list(CHAT)).toEqual([]);
    expect(await queue.getDelayedCount()).toBe(0);
  });
});
