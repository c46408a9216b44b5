/**
 * Button data comes from the member's app and can be forged (issue 14, point 8): an attendance
 * press counts only from the meeting's cell and for an occurrence the meeting has; an
 * acknowledgement only from a chat the notice went to (or a member linked to its cell).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCellCommands, createConversation, RateLimiter, type Conversation } from '../bot/index.js';
import { attendanceButton, acknowledgeButton, silentLogger } from '../common/index.js';
import {
  createAttendanceStore,
  createBroadcastService,
  createOrgRegistry,
  createReminderService,
  type BroadcastService,
  type ReminderService,
} from '../jobs/index.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';

/** Saturday 21/11/2026 10:00 in Hà Nội, running at real speed. */
const NOW = Date.parse('2026-11-21T10:00:00+07:00');
const GROUP = 'telegram:-100500';
const OTHER_GROUP = 'telegram:-100600';

let redis: Redis;
let prefix: string;
let reminders: ReminderService;
let broadcasts: BroadcastService;
let conversation: Conversation;

beforeEach(() => {
  prefix = `test-buttons-${randomUUID().slice(0, 8)}`;
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const skew = NOW - Date.now();
  const now = () => new Date(Date.now() + skew);
  reminders = createReminderService({ connection: redis, prefix, now });
  broadcasts = createBroadcastService({ connection: redis, prefix });
  const commands = createCellCommands({ redis, prefix, reminders, broadcasts, admins: ['telegram:1'], logger: silentLogger(), hasButtons: () => true, now });
  conversation = createConversation({
    knowledge: { ask: () => Promise.reject(new Error('not used')) },
    logger: silentLogger(),
    commands,
    buttonLimiter: new RateLimiter({ limit: 1000 }),
  });
});

afterEach(async () => {
  await reminders.close();
  await broadcasts.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

/** Two cells, each with its group; a Zalo member linked to the first. */
async function twoCells(): Promise<void> {
  const registry = createOrgRegistry(redis, { prefix });
  const first = await registry.createCell('Chi bộ 1', 'telegram:1');
  await registry.redeemCode(first.code, GROUP);
  await registry.redeemMemberCode(await registry.memberCode(first.cell.id), 'zalo:z-44');
  const second = await registry.createCell('Chi bộ 2', 'telegram:1');
  await registry.redeemCode(second.code, OTHER_GROUP);
}

const press = (chat: string, userId: string, data: string) => {
  const [channel, chatId] = chat.split(':') as ['telegram' | 'zalo', string];
  return conversation.handleButton({ channel, chatId, userId, data });
};

describe('attendance buttons', () => {
  it('count only from the meeting’s own cell, for an occurrence the meeting has', async () => {
    await twoCells();
    const meeting = await reminders.schedule(GROUP, 'họp chi bộ 19h30 thứ năm tuần sau');
    const attendance = createAttendanceStore(redis, { prefix });
    const forged = await press(OTHER_GROUP, '77', attendanceButton.encode(meeting.id, '20261126T1930', false));
    expect(forged).toEqual({ notice: 'Cuộc họp này là của chi bộ khác, nên không ghi điểm danh của đồng chí ở đây.' });
    // An occurrence the meeting does not have (a day later) is no meeting at all.
    expect(await press(GROUP, '77', attendanceButton.encode(meeting.id, '20261127T1930', true))).toEqual({ notice: 'Cuộc họp này đã bị hủy hoặc không còn.' });
    expect(await attendance.answers(meeting.id, '20261126T1930')).toEqual([]);
    expect((await press(GROUP, '77', attendanceButton.encode(meeting.id, '20261126T1930', true))).notice).toContain('Đã ghi nhận đồng chí tham dự');
    expect(await attendance.answers(meeting.id, '20261126T1930')).toEqual([expect.objectContaining({ person: 'telegram:77', status: 'present' })]);
  });
});

describe('acknowledgements', () => {
  it('count only from a chat the notice went to, or a member linked to its cell', async () => {
    await twoCells();
    const { notice } = await broadcasts.send({ text: 'Hội nghị chi bộ 1', targets: [GROUP], cellOf: { [GROUP]: 'Chi bộ 1' } });
    expect(await press(OTHER_GROUP, '88', acknowledgeButton.encode(notice.id))).toEqual({
      notice: 'Thông báo này không gửi tới chi bộ của đồng chí, nên không cần xác nhận đã nhận.',
    });
    const outsider = await conversation.handleMessage({
      channel: 'telegram',
      chatId: '99',
      chatType: 'private',
      userId: '99',
      text: `/danhan #${notice.id}`,
      addressedToBot: true,
    });
    expect(outsider).toEqual([{ kind: 'text', text: 'Thông báo này không gửi tới chi bộ của đồng chí, nên không cần xác nhận đã nhận.' }]);
    expect(await broadcasts.notices.acknowledgements(notice.id)).toEqual([]);
    expect(await press(GROUP, '77', acknowledgeButton.encode(notice.id))).toEqual({ notice: 'Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.' });
    const linked = await conversation.handleMessage({
      channel: 'zalo',
      chatId: 'z-44',
      chatType: 'private',
      userId: 'z-44',
      text: `/danhan #${notice.id}`,
      addressedToBot: true,
    });
    expect(linked).toEqual([{ kind: 'text', text: 'Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.' }]);
    expect((await broadcasts.notices.acknowledgements(notice.id)).map((ack) => ack.person).sort()).toEqual(['telegram:77', 'zalo:z-44']);
  });
});
