/**
 * When a cell's chat cannot receive reminders any more (the bot was removed, the chat is gone),
 * the cell's secretaries are told in their private chats (the committee admins when no secretary
 * can be reached), at most once a day per chat.
 */
import type { Redis } from 'ioredis';
import type { Messenger } from '../../common/index.js';
import type { Logger } from '../../common/index.js';
import type { ReminderEvent } from '../reminders/event-store.js';
import type { OrgRegistry } from './org-registry.js';

/** What a report needs. */
export interface UndeliverableReportDeps {
  /** Where "already told today" is remembered. */
  redis: Redis;
  /** Key prefix. */
  prefix: string;
  /** The chat's cell and its officers. */
  registry: OrgRegistry;
  /** Sends to the officers' private chats. */
  messenger: Messenger;
  logger: Logger;
}

/** The platform's reason in plain Vietnamese. */
export function describeSendFailure(reason: string): string {
  if (/kicked|not a member|removed|bot is not/iu.test(reason)) return 'bot đã bị xóa khỏi nhóm';
  if (/blocked/iu.test(reason)) return 'bot đã bị chặn';
  if (/not found|deleted|deactivated|upgraded/iu.test(reason)) return 'nhóm chat không còn tồn tại';
  if (/rights|permission|not enough/iu.test(reason)) return 'bot không có quyền gửi tin trong nhóm';
  if (/no running channel/iu.test(reason)) return 'hệ thống chưa kết nối với nền tảng chat này';
  if (/^internal error/iu.test(reason)) return 'lỗi hệ thống khi gửi';
  return 'nền tảng từ chối tin nhắn';
}

/** The message a secretary receives. */
function reportText(cellName: string, event: ReminderEvent, why: string): string {
  return [
    `⚠️ Không gửi được lời nhắc "${event.title}" tới nhóm chat của ${cellName}: ${why}.`,
    'Các lời nhắc sau cho nhóm này cũng sẽ không tới được. Hãy thêm lại bot vào nhóm (nhóm vẫn gắn với chi bộ, không cần đăng ký lại). Nếu chi bộ đã chuyển sang nhóm mới, xin quản trị viên đảng ủy mã đăng ký mới rồi gõ /dangky <mã> trong nhóm mới.',
  ].join('\n');
}

/** Tells the officers of the chat's cell that the chat is unreachable; returns how many were told. */
export async function reportUndeliverable(deps: UndeliverableReportDeps, event: ReminderEvent, reason: string): Promise<number> {
  const cell = await deps.registry.cellOfChat(event.chat);
  if (!cell) {
    deps.logger.warn({ chat: event.chat, eventId: event.id }, 'unreachable chat is bound to no cell: nobody to tell');
    return 0;
  }
  const toldKey = `${deps.prefix}:gone-reported:${event.chat}`;
  if ((await deps.redis.exists(toldKey)) === 1) return 0;
  const text = reportText(cell.name, event, describeSendFailure(reason));
  /** Sends to each person; a person who never opened a private chat with the bot cannot be reached. */
  async function tell(people: readonly string[]): Promise<number> {
    let reached = 0;
    for (const person of people) {
      try {
        await deps.messenger.send(person, { text });
        reached += 1;
      } catch (error) {
        deps.logger.warn({ err: error, person, cellId: cell!.id }, 'cannot tell a person that the cell chat is unreachable');
      }
    }
    return reached;
  }
  let told = await tell((await deps.registry.officersOf(cell.id)).map((officer) => officer.person));
  if (told === 0) told = await tell(deps.registry.admins());
  // Remembered only once somebody knows: otherwise the next failed reminder tries again.
  if (told > 0) await deps.redis.set(toldKey, '1', 'EX', 24 * 3600);
  deps.logger.info({ chat: event.chat, cellId: cell.id, told }, 'told that the cell chat is unreachable');
  return told;
}
