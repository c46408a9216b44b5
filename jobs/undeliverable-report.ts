/**
 * When a cell's chat cannot receive reminders any more (the bot was removed, the chat is gone),
 * the cell's secretaries are told in their private chats, at most once a day per chat.
 */
import type { Redis } from 'ioredis';
import type { Messenger } from '../bot/index.js';
import type { Logger } from '../common/index.js';
import type { ReminderEvent } from './event-store.js';
import type { OrgRegistry } from './org-registry.js';

/** What a report needs. */
export interface UndeliverableReportDeps {
  redis: Redis;
  prefix: string;
  registry: OrgRegistry;
  messenger: Messenger;
  logger: Logger;
}

/** The platform's reason in plain Vietnamese. */
export function describeSendFailure(reason: string): string {
  if (/kicked|not a member|removed|bot is not/iu.test(reason)) return 'bot đã bị xóa khỏi nhóm';
  if (/blocked/iu.test(reason)) return 'bot đã bị chặn';
  if (/not found|deleted|deactivated|upgraded/iu.test(reason)) return 'nhóm chat không còn tồn tại';
  if (/rights|permission|not enough/iu.test(reason)) return 'bot không có quyền gửi tin trong nhóm';
  return 'nền tảng từ chối tin nhắn';
}

/** The message a secretary receives. */
function reportText(cellName: string, event: ReminderEvent, why: string): string {
  return [
    `⚠️ Không gửi được lời nhắc "${event.title}" tới nhóm chat của ${cellName}: ${why}.`,
    'Các lời nhắc sau cho nhóm này cũng sẽ không tới được. Hãy thêm lại bot vào nhóm rồi gõ /dangky với mã mới (xin mã ở quản trị viên đảng ủy).',
  ].join('\n');
}

/** Tells the officers of the chat's cell that the chat is unreachable; returns how many were told. */
export async function reportUndeliverable(deps: UndeliverableReportDeps, event: ReminderEvent, reason: string): Promise<number> {
  const cell = await deps.registry.cellOfChat(event.chat);
  if (!cell) {
    deps.logger.warn({ chat: event.chat, eventId: event.id }, 'unreachable chat is bound to no cell: nobody to tell');
    return 0;
  }
  const first = await deps.redis.set(`${deps.prefix}:gone-reported:${event.chat}`, '1', 'EX', 24 * 3600, 'NX');
  if (first !== 'OK') return 0;
  const text = reportText(cell.name, event, describeSendFailure(reason));
  let told = 0;
  for (const officer of await deps.registry.officersOf(cell.id)) {
    try {
      await deps.messenger.send(officer.person, { text });
      told += 1;
    } catch (error) {
      deps.logger.warn({ err: error, person: officer.person, cellId: cell.id }, 'cannot tell an officer that the cell chat is unreachable');
    }
  }
  deps.logger.info({ chat: event.chat, cellId: cell.id, told }, 'officers told that the cell chat is unreachable');
  return told;
}
